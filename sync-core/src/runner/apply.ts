import { ChangeReason, ChangeSource, Direction, PreferenceValue, SyncState, marketingPreference, subscription, syncRun } from "@mps/model";
import { writes, type DataverseStore } from "../connectors/dataverse/store";
import type { SubscriptionRow } from "../connectors/dataverse/wire";
import { isDotdigitalError, type PreferenceCatalogue } from "../connectors/dotdigital";
import type { DotdigitalPreferenceChange, ReconcilePlan } from "../reconcile/types";
import { batchWriter } from "./batch-writer";
import type { CatalogueIndex } from "./catalogue-sync";
import type { DotdigitalPort } from "./ports";
import type { SliceTotals } from "./totals";

// Applying one slice's plan. The order is the safety of a rerun (DESIGN.md §4 rule 8): Dotdigital
// first; then Dynamics, where each row carries its new agreed value; then the audit trail.

/** What applying a plan needs from the run. */
export interface ApplyContext {
  readonly store: DataverseStore;
  readonly accountId: string;
  readonly runId: string;
  readonly now: number;
  readonly catalogue: CatalogueIndex;
  readonly problems: string[];
  readonly totals: SliceTotals;
}

export interface DotdigitalOutcome {
  /** Emails whose contact could not be created or written, and why. */
  readonly failed: Map<string, string>;
  /** Emails Dotdigital refused because the contact is suppressed. */
  readonly suppressedOnWrite: Set<string>;
  /** What was written, per email: the next run's feed shows it, and the watermark check reads it. */
  readonly written: Map<string, readonly DotdigitalPreferenceChange[]>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Contact creations, then one PUT per contact. One contact's failure never stops the others. */
export async function writeToDotdigital(plan: ReconcilePlan, dd: DotdigitalPort, catalogue: PreferenceCatalogue, totals: SliceTotals): Promise<DotdigitalOutcome> {
  const failed = new Map<string, string>();
  const suppressedOnWrite = new Set<string>();
  const written = new Map<string, readonly DotdigitalPreferenceChange[]>();
  for (const c of plan.contactCreations) {
    try {
      await dd.createContact(c.email);
    } catch (e) {
      failed.set(c.email, `Could not create the Dotdigital contact: ${errorText(e)}`);
    }
  }
  for (const w of plan.dotdigitalWrites) {
    if (failed.has(w.email)) continue;
    const changes = new Map(w.changes.map((c) => [c.preferenceId, c.optedIn]));
    try {
      try {
        await dd.setPreferences(w.email, changes, catalogue);
      } catch (e) {
        // A person synced before with nothing agreed yet may not exist in Dotdigital: rule 9,
        // create them (opt-in type Unknown) and write again. Cheaper than reading everyone first.
        if (!isDotdigitalError(e) || e.kind !== "not-found") throw e;
        await dd.createContact(w.email);
        totals.contactCreations++;
        await dd.setPreferences(w.email, changes, catalogue);
      }
      written.set(w.email, w.changes);
    } catch (e) {
      if (isDotdigitalError(e) && e.kind === "suppressed") suppressedOnWrite.add(w.email);
      failed.set(w.email, `Dotdigital refused the preferences: ${errorText(e)}`);
    }
  }
  return { failed, suppressedOnWrite, written };
}

/**
 * Subscription rows: values with their new agreed value, and base-only updates, upserted by key in
 * batches as they are built. Rows of a person whose Dotdigital write failed only get the error.
 * Returns the row ids the audit trail will point at.
 */
export async function writeSubscriptions(
  plan: ReconcilePlan,
  ctx: ApplyContext,
  rows: readonly SubscriptionRow[],
  failedEmails: ReadonlyMap<string, string>,
  suppressedOnWrite: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const { catalogue, now, accountId } = ctx;
  const auditKeys = new Set(plan.audit.flatMap((a) => (a.subscriptionKey === null ? [] : [a.subscriptionKey])));
  const rowIdByKey = new Map<string, string>();
  for (const r of rows) if (auditKeys.has(r.mps_key)) rowIdByKey.set(r.mps_key, r.mps_marketingpreferencesubscriptionid);
  const writer = batchWriter(ctx.store, (key, r) => {
    if (r.ok) {
      if (r.id !== undefined && auditKeys.has(key)) rowIdByKey.set(key, r.id);
    } else {
      ctx.totals.counters.failed++;
      ctx.problems.push(`Subscription ${key}: ${r.error.message}`);
    }
  });
  for (const rw of plan.dynamicsWrites) {
    for (const w of rw.rows) {
      const failure = failedEmails.get(w.emailAddress);
      const rowId = catalogue.rowIdByDotdigitalId.get(w.preferenceId);
      if (rowId === undefined) continue;
      const data: Record<string, unknown> =
        failure !== undefined
          ? { mps_syncstate: suppressedOnWrite.has(w.emailAddress) ? SyncState["Skipped: suppressed"] : SyncState.Error, mps_syncmessage: failure }
          : {
              mps_optedin: w.optedIn,
              mps_syncedvalue: w.base === null ? null : PreferenceValue[w.base],
              mps_syncstate: SyncState[w.state],
              mps_lastchangesource: w.lastChangeSource === null ? null : ChangeSource[w.lastChangeSource],
              mps_dotdigitalmodifiedon: w.dotdigitalModifiedOn === null ? null : writes.iso(w.dotdigitalModifiedOn),
              mps_syncmessage: w.message,
              mps_emailaddress: w.emailAddress,
              mps_syncedon: writes.iso(now),
            };
      if (w.isNew) {
        if (failure !== undefined) continue; // nothing agreed: the row comes with the next successful run
        Object.assign(data, {
          mps_name: `${catalogue.nameByDotdigitalId.get(w.preferenceId) ?? w.preferenceId} – ${w.emailAddress}`,
          ...writes.bindAccount(accountId),
          ...writes.bindRecord(rw.record),
          ...writes.bind("mps_marketingpreferenceid", marketingPreference.entitySetName, rowId),
        });
      }
      await writer.add(writes.upsertSubscription(w.key, data), w.key);
    }
  }
  for (const rw of plan.baseUpdates) {
    for (const u of rw.rows) {
      const failure = failedEmails.get(u.emailAddress);
      await writer.add(
        writes.upsertSubscription(
          u.key,
          failure !== undefined
            ? { mps_syncstate: SyncState.Error, mps_syncmessage: failure }
            : { mps_syncedvalue: u.base === null ? null : PreferenceValue[u.base], mps_syncstate: SyncState[u.state], mps_syncmessage: u.message, mps_emailaddress: u.emailAddress, mps_syncedon: writes.iso(now) },
        ),
        u.key,
      );
    }
  }
  await writer.flush();
  return rowIdByKey;
}

/** The consent audit trail: one mps_preferencechange per value written, and only for values that were. */
export async function writeAudit(
  plan: ReconcilePlan,
  ctx: ApplyContext,
  failedEmails: ReadonlyMap<string, string>,
  writtenToDotdigital: ReadonlyMap<string, unknown>,
  rowIdByKey: ReadonlyMap<string, string>,
): Promise<void> {
  const { catalogue } = ctx;
  const writer = batchWriter(ctx.store, (key, r) => {
    if (!r.ok) ctx.problems.push(`Audit row for ${key}: ${r.error.message}`);
  });
  for (const a of plan.audit) {
    if (failedEmails.has(a.email)) continue;
    if (a.direction === "To Dotdigital" && !writtenToDotdigital.has(a.email)) continue;
    const subscriptionRowId = a.subscriptionKey === null ? undefined : rowIdByKey.get(a.subscriptionKey);
    const prefRow = catalogue.rowIdByDotdigitalId.get(a.preferenceId);
    await writer.add(
      writes.createAudit({
        mps_name: `${catalogue.nameByDotdigitalId.get(a.preferenceId) ?? a.preferenceId} – ${a.email} – ${a.direction}`,
        mps_emailaddress: a.email,
        mps_oldvalue: a.oldValue === null ? null : PreferenceValue[a.oldValue],
        mps_newvalue: a.newValue === null ? null : PreferenceValue[a.newValue],
        mps_direction: Direction[a.direction],
        mps_reason: ChangeReason[a.reason],
        mps_changedon: a.changedOn === null ? null : writes.iso(a.changedOn),
        ...(subscriptionRowId !== undefined ? writes.bind("mps_subscriptionid", subscription.entitySetName, subscriptionRowId) : {}),
        ...(prefRow !== undefined ? writes.bind("mps_marketingpreferenceid", marketingPreference.entitySetName, prefRow) : {}),
        ...writes.bind("mps_syncrunid", syncRun.entitySetName, ctx.runId),
      }),
      `${a.email} preference ${a.preferenceId}`,
    );
  }
  await writer.flush();
}
