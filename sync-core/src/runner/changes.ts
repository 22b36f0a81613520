import { PreferenceValue } from "@mps/model";
import type { DataverseStore, RecordEmail, RecordKey } from "../connectors/dataverse/store";
import type { SubscriptionRow } from "../connectors/dataverse/wire";
import type { LeafPreference } from "../domain/catalogue";
import { normaliseEmail } from "../domain/email";
import type { DotdigitalPort } from "./ports";
import type { DataverseMarks } from "./watermarks";

// What changed on each side since the last run: the first half of a run, before anyone is reconciled.

export const recordId = (r: RecordKey): string => `${r.table}|${r.id}`;

export interface FeedRow {
  readonly preferenceId: number;
  readonly optedIn: boolean;
  /** dateModifed, epoch ms on Dotdigital's clock. */
  readonly at: number;
}

export interface DotdigitalChanges {
  /** Normalised email → Dotdigital's reason, for contacts suppressed since the watermark. */
  readonly suppressedNow: Map<string, string>;
  /** Normalised email → its opt-in changes since the watermark. */
  readonly feed: Map<string, FeedRow[]>;
}

/** Suppressions and the per-preference opt-in feed since `since`. Bad rows become problems. */
export async function readDotdigitalChanges(dd: DotdigitalPort, leaves: readonly LeafPreference[], since: Date, problems: string[]): Promise<DotdigitalChanges> {
  const suppressions = await dd.readSuppressions(since);
  for (const p of suppressions.problems) problems.push(`Dotdigital suppression row ${p.index}: ${p.field}: ${p.message}`);
  const suppressedNow = new Map<string, string>();
  for (const s of suppressions.rows) {
    const n = normaliseEmail(s.email);
    if (n.ok) suppressedNow.set(n.email, s.reason);
  }
  const feed = new Map<string, FeedRow[]>();
  for (const leaf of leaves) {
    const page = await dd.readPreferenceChanges(leaf.id, since);
    for (const p of page.problems) problems.push(`Dotdigital feed of preference ${leaf.id}, row ${p.index}: ${p.field}: ${p.message}`);
    for (const r of page.rows) {
      // The API takes whole seconds in the path; the watermark is exact, so rows from before it
      // (our own writes of the last run, most often) are not changes.
      if (r.dateModified.getTime() < since.getTime()) continue;
      const n = normaliseEmail(r.email);
      if (!n.ok) {
        problems.push(`Dotdigital contact ${r.contactId}: ${n.reason}`);
        continue;
      }
      const list = feed.get(n.email) ?? [];
      list.push({ preferenceId: leaf.id, optedIn: r.isOptedIn, at: r.dateModified.getTime() });
      feed.set(n.email, list);
    }
  }
  return { suppressedNow, feed };
}

export interface DynamicsChanges {
  /** Records in the account's activated lists that are new since the last run (all of them on a first run). */
  readonly memberKeys: Map<string, RecordKey>;
  /** Subscription rows whose Status differs from the agreed value. */
  readonly pending: SubscriptionRow[];
  /** Contacts, Leads and Accounts changed since the last run, with their email now. */
  readonly changedRecordEmail: Map<string, RecordEmail>;
  /** The watermarks to store when the run succeeds. */
  readonly newMarks: DataverseMarks;
}

/**
 * Eligibility, pending Dynamics changes and changed record emails. Members of lists activated or
 * changed since the last run are read whole; other activated lists only for members added since.
 * Membership is never taken away (R3: "ever").
 */
export async function readDynamicsChanges(store: DataverseStore, accountId: string, marks: DataverseMarks, firstRun: boolean, now: number): Promise<DynamicsChanges> {
  const lists = await store.activatedLists(accountId);
  const { listsSeenUntil, membersSeenUntil } = marks;
  const changedLists = firstRun || listsSeenUntil === undefined || membersSeenUntil === undefined ? lists : lists.filter((l) => (l.modifiedon ?? Infinity) >= listsSeenUntil);
  const memberKeys = new Map<string, RecordKey>();
  let latestMember = membersSeenUntil ?? -Infinity;
  const addMembers = (found: readonly { record: RecordKey; createdOn: number }[]) => {
    for (const m of found) {
      memberKeys.set(recordId(m.record), m.record);
      if (m.createdOn > latestMember) latestMember = m.createdOn;
    }
  };
  if (changedLists.length > 0) addMembers(await store.listMembers(changedLists.map((l) => l.listid), null));
  const unchanged = lists.filter((l) => !changedLists.includes(l));
  if (unchanged.length > 0 && membersSeenUntil !== undefined) addMembers(await store.listMembers(unchanged.map((l) => l.listid), membersSeenUntil));
  const latestList = Math.max(listsSeenUntil ?? -Infinity, ...lists.map((l) => l.modifiedon ?? -Infinity));
  // Dataverse stamps whole seconds. A second that ended well before this run is complete, so the
  // next run can start after it; a second that may still be filling is read again next time.
  const settled = (t: number) => (now - t > 5_000 ? t + 1_000 : t);

  const pending = await store.pendingSubscriptions(accountId, PreferenceValue["Opted in"], PreferenceValue["Opted out"]);

  const changedRecordEmail = new Map<string, RecordEmail>();
  const newMarks: DataverseMarks = {
    ...(Number.isFinite(latestList) ? { listsSeenUntil: settled(latestList) } : {}),
    ...(Number.isFinite(latestMember) ? { membersSeenUntil: settled(latestMember) } : {}),
  };
  for (const table of ["contact", "lead", "account"] as const) {
    const delta = await store.recordChanges(table, marks[table] ?? null);
    newMarks[table] = delta.deltaLink;
    for (const c of delta.changed) changedRecordEmail.set(recordId(c.record), c);
  }
  return { memberKeys, pending, changedRecordEmail, newMarks };
}
