import { PreferenceValue, SyncResult, SyncState, SyncStatus, type RecordTable } from "@mps/model";
import type { LeafPreference } from "../domain/catalogue";
import { CONTACT_MISSING, CONTACT_SUBSCRIBED, type DotdigitalContactStatus } from "../domain/dotdigital-contact";
import { syncedRecordKey } from "../domain/dynamics-record";
import { normaliseEmail } from "../domain/email";
import type { EmailAccount } from "../domain/email-account";
import { PrefValue } from "../domain/preference-value";
import { RowState } from "../domain/sync-state";
import { createInputBuilder } from "../reconcile/input-builder";
import { reconcile } from "../reconcile/reconcile";
import type { RunCounters } from "../reconcile/types";
import { recordOf, writes, type DataverseStore, type RecordEmail, type RecordKey, type RunResultLabel, type TriggerLabel } from "../connectors/dataverse/store";
import type { EmailAccountRow, SubscriptionRow, SyncScheduleRow, SyncedRecordRow } from "../connectors/dataverse/wire";
import { noMemoryPressure, noProgress, silentLog, type DotdigitalPort, type MemoryGauge, type Progress, type RunLog, type RunnerClock } from "./ports";
import { RunError } from "./errors";
import { batchWriter } from "./batch-writer";
import { readDotdigitalChanges, readDynamicsChanges, recordId } from "./changes";
import { writeAudit, writeSubscriptions, writeToDotdigital } from "./apply";
import { syncCatalogue } from "./catalogue-sync";
import { addTotals, summarise, type SliceTotals } from "./totals";
import { parseMarks } from "./watermarks";
import { ConfigError } from "../config/settings";
import { nextSync } from "../schedule/next-sync";
import { scheduleFromRow } from "../schedule/from-row";

export interface SyncRequest {
  readonly account: { readonly id: string } | { readonly name: string };
  readonly trigger: TriggerLabel;
  readonly dryRun: boolean;
  readonly correlationId: string;
}

export interface RunDeps {
  readonly store: DataverseStore;
  /** Opens the account's Dotdigital client (secret lookup and region are the entry point's business). */
  readonly dotdigital: (account: EmailAccountRow) => Promise<DotdigitalPort>;
  readonly clock: RunnerClock;
  readonly log?: RunLog;
  readonly progress?: Progress;
  /** How full the heap is; without one the runner assumes plenty of room. */
  readonly memory?: MemoryGauge;
}

export interface RunOutcome {
  readonly runId: string | null;
  readonly accountId: string | null;
  readonly result: RunResultLabel;
  readonly dryRun: boolean;
  readonly counters: RunCounters & { readonly dataverseCalls: number; readonly dotdigitalCalls: number };
  /** What the run did (or, in a dry run, would do), as written to mps_summary. */
  readonly summary: string;
  readonly problems: readonly string[];
  /** Why a Failed run failed, when it is the caller's to fix: "config" (a missing secret, say) or "not-found". */
  readonly failure?: "config" | "not-found" | "run";
}

const EPOCH = new Date(Date.UTC(2000, 0, 1));
/** Above this many records the runner reads all synced records of the account in pages instead of by id. */
const READ_ALL_ABOVE = 2000;
/** People reconciled and written per slice: bounds memory (a slice's plan is applied before the next is built). */
const SLICE_PEOPLE = 5000;

/** A heap this full before the slices start cannot hold them: the run stops with what to set, before it writes anything. */
const FULL = 0.9;

/**
 * People in the next slice, by how full the heap is: a slice's rows, plan and batch bodies are
 * most of what a run allocates, so smaller slices near the cap trade speed for room.
 */
export function slicePeople(pressure: number): number {
  if (pressure >= 0.8) return 500;
  if (pressure >= 0.65) return 1500;
  return SLICE_PEOPLE;
}

const optedInValue = PreferenceValue["Opted in"];
const optedOutValue = PreferenceValue["Opted out"];

function valueCode(option: number | null): PrefValue {
  if (option === optedInValue) return PrefValue.OptedIn;
  if (option === optedOutValue) return PrefValue.OptedOut;
  return PrefValue.Absent;
}
function stateCode(option: number | null): RowState {
  const labels = Object.keys(SyncState) as (keyof typeof SyncState)[];
  const i = labels.findIndex((l) => SyncState[l] === option);
  return i < 0 ? RowState.Pending : ((i + 1) as RowState);
}

/**
 * One run for one Email Account (DESIGN.md §2): catalogue → eligibility → changes on both sides →
 * reconcile → Dotdigital writes → Dynamics writes → audit → bases and watermarks. Side effects come
 * before bases and watermarks, so a run that dies half way is safe to repeat (rule 8).
 */
export async function runSync(request: SyncRequest, deps: RunDeps): Promise<RunOutcome> {
  const { store, clock } = deps;
  const log = deps.log ?? silentLog;
  const progress = deps.progress ?? noProgress;
  const started = clock.now();
  const problems: string[] = [];
  let runId: string | null = null;
  let account: EmailAccountRow | null = null;
  let schedule: SyncScheduleRow | null = null;
  let dd: DotdigitalPort | null = null;
  const dvCallsAtStart = store.calls();

  const ddCalls = () => (dd === null ? 0 : dd.calls().total);
  try {
    progress.stage("Reading the Email Account");
    await store.checkVersion();
    const found = await store.accountAndSchedule(request.account);
    if (found === null) {
      throw new RunError("not-found", "id" in request.account ? `No active Email Account has the id ${request.account.id}` : `No active Email Account is named "${request.account.name}"`);
    }
    ({ account, schedule } = found);
    runId = await store.startRun(account.mps_emailaccountid, account.mps_name, request.trigger, request.dryRun, started, request.correlationId, request.dryRun ? null : schedule.mps_syncscheduleid);
    dd = await deps.dotdigital(account);
    const outcome = await syncAccount(account, schedule, dd, request.dryRun, runId, { store, clock, log, progress, problems, memory: deps.memory ?? noMemoryPressure });
    // Rows Dataverse sent that did not fit their schema: reported per item, the run went on without them.
    for (const p of store.problems) problems.push(`${p.entitySet}${p.id !== null ? ` ${p.id}` : ""}: ${p.message}`);
    const counters = { ...outcome.counters, dataverseCalls: store.calls() - dvCallsAtStart + 1, dotdigitalCalls: ddCalls() };
    const result: RunResultLabel = counters.failed > 0 || problems.length > 0 ? "Partially succeeded" : "Succeeded";
    const summary = summarise(outcome.totals, outcome.notes, problems, request.dryRun);
    progress.stage("Writing the run log");
    await store.finishRun({
      runId,
      result,
      finishedOn: clock.now(),
      counters,
      summary,
      schedule: request.dryRun ? null : { id: schedule.mps_syncscheduleid, fields: { ...outcome.watermarks, ...scheduleDone(schedule, result, clock.now(), result === "Succeeded" ? null : problems.slice(0, 5).join("\n")) } },
    });
    log.info("run finished", { accountId: account.mps_emailaccountid, result, ...counters });
    return { runId, accountId: account.mps_emailaccountid, result, dryRun: request.dryRun, counters, summary, problems };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const counters = { pulled: 0, pushed: 0, conflicts: 0, skippedSuppressed: 0, skippedIneligible: 0, failed: 0, dataverseCalls: store.calls() - dvCallsAtStart, dotdigitalCalls: ddCalls() };
    log.warn("run failed", { accountId: account?.mps_emailaccountid, error: message });
    if (runId !== null) {
      try {
        await store.finishRun({
          runId,
          result: "Failed",
          finishedOn: clock.now(),
          counters,
          summary: `Failed: ${message}`,
          schedule: schedule === null || request.dryRun ? null : { id: schedule.mps_syncscheduleid, fields: scheduleDone(schedule, "Failed", clock.now(), message) },
        });
      } catch (finishError) {
        log.warn("could not record the failed run", { error: finishError instanceof Error ? finishError.message : String(finishError) });
      }
    }
    if (e instanceof RunError && runId === null) throw e;
    const failure = e instanceof ConfigError ? "config" : e instanceof RunError ? e.kind : "run";
    return { runId, accountId: account?.mps_emailaccountid ?? null, result: "Failed", dryRun: request.dryRun, counters, summary: `Failed: ${message}`, problems: [...problems, message], failure };
  }
}

/**
 * The schedule after a run: back to None, the result, and when it runs next by its own rule — so
 * "Next Sync: Now" is consumed by the run it started, and a Manual schedule waits for the next ask.
 */
function scheduleDone(schedule: SyncScheduleRow, result: RunResultLabel, now: number, error: string | null): Record<string, unknown> {
  const settings = scheduleFromRow(schedule);
  const next = settings.ok ? nextSync(settings.schedule, new Date(now), new Date(now)) : null;
  return {
    mps_lastsync: writes.iso(now),
    mps_lastresult: SyncResult[result === "Succeeded" ? "Succeeded" : result === "Failed" ? "Failed" : "Partially succeeded"],
    mps_lasterror: error === null ? null : error.slice(0, 4000),
    mps_status: SyncStatus.None,
    mps_nextsync: next !== null && next.kind === "at" ? next.at.toISOString() : null,
  };
}

interface Context {
  readonly store: DataverseStore;
  readonly clock: RunnerClock;
  readonly log: RunLog;
  readonly progress: Progress;
  readonly problems: string[];
  readonly memory: MemoryGauge;
}

interface AccountOutcome {
  readonly totals: SliceTotals;
  readonly counters: RunCounters;
  readonly watermarks: Record<string, unknown>;
  readonly notes: readonly string[];
}

async function syncAccount(row: EmailAccountRow, schedule: SyncScheduleRow, dd: DotdigitalPort, dryRun: boolean, runId: string, ctx: Context): Promise<AccountOutcome> {
  const { store, clock, progress, problems } = ctx;
  const accountId = row.mps_emailaccountid;
  const account: EmailAccount = { id: accountId, conflictPolicy: row.mps_conflictpolicy, emailChangePolicy: row.mps_emailchangepolicy };
  const notes: string[] = [];
  const now = clock.now();

  // Clocks: reconcile compares change times from two servers; Dotdigital tells us its offset.
  const serverTime = await dd.serverTime();
  const offsets = { dotdigitalMs: -serverTime.offsetMs, dynamicsMs: 0 };

  progress.stage("Syncing the preference catalogue");
  const ddCatalogue = await dd.getCatalogue();
  const catalogue = await syncCatalogue(accountId, ddCatalogue, dryRun, store, problems, notes);
  const leaves: LeafPreference[] = ddCatalogue.preferences.map((p) => ({ id: p.id, categoryId: p.categoryId ?? 0 }));
  const leafIds = new Set(leaves.map((l) => l.id));

  const ddSince = schedule.mps_dotdigitalwatermark ? new Date(schedule.mps_dotdigitalwatermark) : null;
  const firstRun = ddSince === null || Number.isNaN(ddSince.getTime());
  const marks = parseMarks(schedule.mps_dataversewatermark);

  progress.stage("Reading Dotdigital changes");
  const since = firstRun ? EPOCH : ddSince;
  const { suppressedNow, feed } = await readDotdigitalChanges(dd, leaves, since, problems);

  progress.stage("Reading Dynamics changes");
  const { memberKeys, pending, changedRecordEmail, newMarks } = await readDynamicsChanges(store, accountId, marks, firstRun, now);

  // --- Who is affected: every record and email touched on either side, then everyone sharing those emails.
  // Who is affected is indexed whole before the first slice (every record on a first run). A heap
  // that cannot hold it fails the run with the setting to raise, before anything is written,
  // instead of dying half way with the schedule left In Progress.
  const ensureRoom = (what: string) => {
    const pressure = ctx.memory.pressure();
    if (pressure < FULL) return;
    throw new ConfigError(
      "MPS_MAX_MEMORY_MB",
      `Not enough memory for this run: the heap was ${Math.round(pressure * 100)}% full ${what}. Raise MPS_MAX_MEMORY_MB (a first run needs about 1.5 GB per million records) and run again; no preference was changed on either side.`,
    );
  };
  ensureRoom("after reading what changed");
  progress.stage("Working out who changed");
  const synced = new Map<string, SyncedRecordRow>();
  const addSynced = (rows: readonly SyncedRecordRow[]) => {
    for (const r of rows) {
      const rec = recordOf(r);
      if (rec !== null) synced.set(recordId(rec), r);
    }
  };
  const pendingRecords = pending.flatMap((p) => {
    const rec = recordOf(p);
    return rec === null ? [] : [rec];
  });
  const members = new Map<string, RecordEmail>();
  const interesting = new Map<string, RecordKey>();
  for (const [k, m] of memberKeys) interesting.set(k, m);
  for (const r of pendingRecords) interesting.set(recordId(r), r);
  if (firstRun || interesting.size + changedRecordEmail.size > READ_ALL_ABOVE) addSynced(await store.allSyncedRecords(accountId));
  else {
    const byId = new Map(interesting);
    for (const [k, c] of changedRecordEmail) byId.set(k, c.record);
    addSynced(await store.syncedRecordsByRecord(accountId, [...byId.values()]));
  }

  ensureRoom("after reading the synced records");
  // Records first seen in an activated list become eligible, for good (R3: "ever").
  const newlyEligible: RecordEmail[] = [];
  const newKeys = [...memberKeys].filter(([k]) => (synced.get(k)?.mps_firsteligibleon ?? null) === null);
  // Their emails: the record deltas already carry them for records that changed (all of them on a first run).
  const fromDelta = newKeys.flatMap(([k]) => {
    const c = changedRecordEmail.get(k);
    return c === undefined ? [] : [c];
  });
  const toRead = newKeys.filter(([k]) => !changedRecordEmail.has(k)).map(([, r]) => r);
  for (const m of [...fromDelta, ...(await store.recordEmails(toRead))]) {
    members.set(recordId(m.record), m);
    newlyEligible.push(m);
  }
  if (!dryRun && newlyEligible.length > 0) {
    const eligibleWriter = batchWriter(store, (key, r) => {
      if (!r.ok) problems.push(`Could not mark ${key} eligible: ${r.error.message}`);
    });
    for (const m of newlyEligible) {
      const s = synced.get(recordId(m.record));
      await eligibleWriter.add(
        writes.upsertSyncedRecord(syncedRecordKey(accountId, m.record), {
          mps_firsteligibleon: writes.iso(now),
          ...(s === undefined ? { mps_name: `${m.email ?? m.record.id} – ${row.mps_name}`, ...writes.bindAccount(accountId), ...writes.bindRecord(m.record) } : {}),
        }),
        `${m.record.table} ${m.record.id}`,
      );
    }
    await eligibleWriter.flush();
  }

  // The current email of each record we know: a delta or list read is fresher than the synced copy.
  const currentEmail = new Map<string, string | null>();
  for (const [k, s] of synced) currentEmail.set(k, s.mps_emailaddress);
  for (const [k, m] of members) currentEmail.set(k, m.email);
  for (const [k, c] of changedRecordEmail) if (synced.has(k) || members.has(k)) currentEmail.set(k, c.email);
  const unknownPending = pendingRecords.filter((r) => !currentEmail.has(recordId(r)));
  for (const e of await store.recordEmails(unknownPending)) currentEmail.set(recordId(e.record), e.email);

  const emailsOfInterest = new Set<string>([...feed.keys(), ...suppressedNow.keys()]);
  const addEmail = (email: string | null | undefined) => {
    const n = normaliseEmail(email);
    if (n.ok) emailsOfInterest.add(n.email);
  };
  for (const r of pendingRecords) addEmail(currentEmail.get(recordId(r)));
  for (const m of newlyEligible) addEmail(m.email);
  for (const [k, c] of changedRecordEmail) {
    const s = synced.get(k);
    if (s === undefined) continue;
    const before = normaliseEmail(s.mps_emailaddress);
    const after = normaliseEmail(c.email);
    if ((before.ok ? before.email : null) !== (after.ok ? after.email : null)) {
      addEmail(s.mps_emailaddress);
      addEmail(c.email);
    }
  }

  // Everyone else under those emails (fan-out, rule 5).
  if (!firstRun && emailsOfInterest.size > 0) {
    if (emailsOfInterest.size > READ_ALL_ABOVE) addSynced(await store.allSyncedRecords(accountId));
    else addSynced(await store.syncedRecordsByEmail(accountId, [...emailsOfInterest]));
    for (const [k, s] of synced) if (!currentEmail.has(k)) currentEmail.set(k, changedRecordEmail.get(k)?.email ?? s.mps_emailaddress);
  }
  const personOf = (k: string): string | null => {
    const n = normaliseEmail(currentEmail.get(k));
    return n.ok ? n.email : null;
  };
  const syncedEmailOf = (k: string): string | null => {
    const n = normaliseEmail(synced.get(k)?.mps_emailaddress);
    return n.ok ? n.email : null;
  };
  const records = new Map<string, RecordKey>();
  for (const k of new Set([...synced.keys(), ...members.keys(), ...pendingRecords.map(recordId)])) {
    const email = personOf(k);
    const old = syncedEmailOf(k);
    if ((email !== null && emailsOfInterest.has(email)) || (old !== null && emailsOfInterest.has(old)) || interesting.has(k)) {
      const [table, id] = k.split("|") as [RecordTable, string];
      records.set(k, { table, id });
    }
  }

  ensureRoom("after finding who is affected");
  ctx.log.info("changes read", {
    feedEmails: feed.size,
    suppressions: suppressedNow.size,
    pendingRows: pending.length,
    newMembers: newlyEligible.length,
    changedRecords: changedRecordEmail.size,
    emailsOfInterest: emailsOfInterest.size,
    records: records.size,
  });
  const dvIdOfRow = new Map<string, number>();
  for (const [ddId, rowId] of catalogue.rowIdByDotdigitalId) dvIdOfRow.set(rowId, ddId);
  const eligibleNow = new Set(newlyEligible.map((m) => recordId(m.record)));
  // A first run has no rows yet (or a few from a run that died): one paged read. Later runs read
  // the rows of each slice's records.
  const firstRows = firstRun ? await store.allSubscriptions(accountId) : [];

  // People: one normalised address and every record under it. Records without a usable address
  // still go through reconcile, which names them as failed.
  const people = new Map<string, { records: string[] }>();
  const orphans: string[] = [];
  let withoutEmail = 0;
  for (const k of records.keys()) {
    const email = personOf(k);
    if (email === null) {
      // No address at all: nothing to sync and nothing wrong with the sync. An address that is
      // there but invalid is a data problem, and reconcile names it as failed.
      const raw = currentEmail.get(k);
      if ((raw === null || raw === undefined || raw.trim() === "") && syncedEmailOf(k) === null) withoutEmail++;
      else orphans.push(k);
      continue;
    }
    const p = people.get(email) ?? { records: [] };
    p.records.push(k);
    people.set(email, p);
  }

  // What only served to find who is affected goes before the slices start: on a first run each of
  // these holds every record of the account, and the slices need none of them.
  memberKeys.clear();
  changedRecordEmail.clear();
  members.clear();
  interesting.clear();
  emailsOfInterest.clear();
  newlyEligible.length = 0;
  pending.length = 0;

  if (withoutEmail > 0) notes.push(`${withoutEmail} record(s) in email-activated lists have no email address: nothing to sync for them.`);

  // Reconcile and apply in slices of people, so memory stays bounded however many people a run
  // has: each slice's plan is written before the next one is built.
  const totals: SliceTotals = { counters: { pulled: 0, pushed: 0, conflicts: 0, skippedSuppressed: 0, skippedIneligible: 0, failed: 0 }, dotdigitalWrites: 0, contactCreations: 0, plannedLines: [] };
  const writtenToDotdigital = new Map<string, readonly { preferenceId: number; optedIn: boolean }[]>();
  const failedEmails = new Map<string, string>();
  const everyone = [...people];
  let narrowed = false;
  for (let from = 0, size = SLICE_PEOPLE; from === 0 || from < everyone.length; from += size) {
    size = slicePeople(ctx.memory.pressure());
    if (size < SLICE_PEOPLE && !narrowed) {
      narrowed = true;
      ctx.log.warn("memory is near the heap cap: working in smaller slices", { slicePeople: size });
    }
    const slice = everyone.slice(from, from + size);
    const sliceKeys = [...slice.flatMap(([, p]) => p.records), ...(from === 0 ? orphans : [])];
    progress.stage("Reading current values", `${Math.min(from + size, everyone.length)} of ${everyone.length} people`);
    const inSlice = new Set(sliceKeys);
    const rows = firstRun
      ? firstRows.filter((r) => {
          const rec = recordOf(r);
          return rec !== null && inSlice.has(recordId(rec));
        })
      : await store.subscriptionsOf(accountId, sliceKeys.map((k) => records.get(k)!));
    // --- Build the reconcile input.
    const builder = createInputBuilder(account, leaves, offsets);
    const rowsByRecord = new Map<string, SubscriptionRow[]>();
    for (const r of rows) {
      const rec = recordOf(r);
      if (rec === null) continue;
      const list = rowsByRecord.get(recordId(rec)) ?? [];
      list.push(r);
      rowsByRecord.set(recordId(rec), list);
    }
    const baseByEmail = new Map<string, Map<number, PrefValue>>();
    for (const k of sliceKeys) {
      const rec = records.get(k)!;
      const s = synced.get(k);
      builder.record(rec, {
        email: currentEmail.get(k) ?? null,
        syncedEmail: s?.mps_emailaddress ?? null,
        eligible: eligibleNow.has(k) || (s?.mps_firsteligibleon ?? null) !== null,
      });
      for (const r of rowsByRecord.get(k) ?? []) {
        const rowPref = r._mps_marketingpreferenceid_value;
        const ddId = rowPref === null ? undefined : dvIdOfRow.get(rowPref);
        if (ddId === undefined || !leafIds.has(ddId)) continue; // a deactivated preference: history only
        const base = valueCode(r.mps_syncedvalue);
        builder.subscriptionRow(rec, ddId, { optedIn: r.mps_optedin, syncedValue: base, state: stateCode(r.mps_syncstate), modifiedOn: r.modifiedon ?? NaN });
        const person = personOf(k);
        if (person !== null && base !== PrefValue.Absent) {
          const m = baseByEmail.get(person) ?? new Map<number, PrefValue>();
          m.set(ddId, base);
          baseByEmail.set(person, m);
        }
      }
    }

    // Dotdigital's side of each person: the feed says what changed; what did not change still holds
    // the agreed value. A person we have never synced, or who may have re-subscribed, is read whole.
    progress.stage("Reading Dotdigital contacts");
    const statusByEmail = new Map<string, DotdigitalContactStatus>();
    for (const [email, person] of slice) {
      const feedRows = feed.get(email) ?? [];
      const syncedBefore = person.records.some((k) => (synced.get(k)?.mps_lastsyncedon ?? null) !== null && syncedEmailOf(k) === email);
      const wasSuppressed = person.records.some((k) => synced.get(k)?.mps_suppressed === true);
      const hasDynamicsValues = person.records.some((k) => (rowsByRecord.get(k) ?? []).some((r) => r.mps_optedin));
      let status: DotdigitalContactStatus = CONTACT_SUBSCRIBED;
      const reason = suppressedNow.get(email);
      if (reason !== undefined) status = { exists: true, suppressed: true, reason };
      // One read of the contact tells its status and every value. It is needed when the person may
      // have re-subscribed, or is new to the sync after its first run (older opt-ins are not in the feed).
      else if (wasSuppressed || (!syncedBefore && !firstRun) || (firstRun && feedRows.length === 0 && hasDynamicsValues)) {
        const subscriptions = await dd.getSubscriptions(email);
        if (subscriptions === undefined) status = CONTACT_MISSING;
        else {
          status = subscriptions.contact.suppressed ? { exists: true, suppressed: true, reason: subscriptions.contact.status } : CONTACT_SUBSCRIBED;
          for (const o of subscriptions.optIns) if (leafIds.has(o.preferenceId)) builder.dotdigitalValue(email, o.preferenceId, o.isOptedIn, o.dateModified.getTime());
        }
      } else if (!firstRun) {
        const bases = baseByEmail.get(email);
        if (bases !== undefined) for (const [prefId, v] of bases) if (!feedRows.some((f) => f.preferenceId === prefId)) builder.dotdigitalValue(email, prefId, v === PrefValue.OptedIn, NaN);
      }
      builder.contact(email, status);
      statusByEmail.set(email, status);
      for (const f of feedRows) builder.dotdigitalValue(email, f.preferenceId, f.optedIn, f.at);
    }

    progress.stage("Reconciling");
    const plan = reconcile(builder.build());
    // Bad data is the admin's to fix: say which record or address, and why.
    for (const skip of plan.skips) {
      if (skip.reason !== "Failed") continue;
      const who = skip.record !== null ? `${skip.record.table} ${skip.record.id}` : (skip.email ?? "unknown");
      problems.push(`${who}: ${skip.message}`);
    }
    addTotals(totals, plan, dryRun);
    if (dryRun) continue;

    // --- Apply: Dotdigital first, then Dynamics (each row carries its new agreed value), then the
    // synced records and the audit trail.
    progress.stage("Writing to Dotdigital", `${plan.dotdigitalWrites.length} contacts`);
    const pushed = await writeToDotdigital(plan, dd, ddCatalogue, totals);
    for (const [email, why] of pushed.failed) failedEmails.set(email, why);
    for (const [email, changes] of pushed.written) writtenToDotdigital.set(email, changes);
    const { suppressedOnWrite } = pushed;

    progress.stage("Writing to Dynamics");
    const apply = { store, accountId, runId, now, catalogue, problems, totals };
    const rowIdByKey = await writeSubscriptions(plan, apply, rows, failedEmails, suppressedOnWrite);

    // Synced records: the address each record now syncs under, suppression, last sync. Written only
    // when something about the record changed, so a run with nothing to do writes nothing.
    const recordWriter = batchWriter(store, (key, r) => {
      if (!r.ok) problems.push(`Synced record ${key}: ${r.error.message}`);
    });
    const syncedEmailUpdate = new Map(plan.syncedRecordUpdates.map((u) => [recordId(u.record), u.syncedEmail as string]));
    const touched = new Set<string>([...plan.dynamicsWrites, ...plan.baseUpdates].map((w) => recordId(w.record)));
    for (const k of sliceKeys) {
      const rec = records.get(k)!;
      const email = personOf(k);
      if (email === null) continue;
      let reasonNow = suppressedNow.get(email) ?? (suppressedOnWrite.has(email) ? "Suppressed" : undefined);
      const s = synced.get(k);
      const eligible = eligibleNow.has(k) || (s?.mps_firsteligibleon ?? null) !== null;
      if (!eligible) continue;
      const syncedEmail = syncedEmailUpdate.get(k) ?? email;
      const status = statusByEmail.get(email);
      const suppressed = reasonNow !== undefined || (status !== undefined ? status.exists && status.suppressed : s?.mps_suppressed === true);
      if (reasonNow === undefined && status !== undefined && status.exists && status.suppressed) reasonNow = status.reason;
      const changed =
        s === undefined || touched.has(k) || s.mps_lastsyncedon === null || normaliseEmail(s.mps_emailaddress).ok !== true || syncedEmailOf(k) !== syncedEmail || s.mps_suppressed !== suppressed;
      if (!changed) continue;
      const key = syncedRecordKey(accountId, rec);
      await recordWriter.add(
        writes.upsertSyncedRecord(key, {
          mps_emailaddress: syncedEmail,
          mps_suppressed: suppressed,
          mps_suppressionreason: suppressed ? (reasonNow ?? s?.mps_suppressionreason ?? null) : null,
          mps_lastsyncedon: writes.iso(now),
          ...(s === undefined ? { mps_name: `${email} – ${row.mps_name}`, ...writes.bindAccount(accountId), ...writes.bindRecord(rec) } : {}),
        }),
        key,
      );
    }
    await recordWriter.flush();

    progress.stage("Writing the audit trail", `${plan.audit.length} changes`);
    await writeAudit(plan, apply, failedEmails, writtenToDotdigital, rowIdByKey);
  }
  const counters: RunCounters = totals.counters;
  if (dryRun) return { totals, counters, watermarks: {}, notes };

  // Our own Dotdigital writes show up in the next run's feed. When nobody else changed anything
  // while we ran, move the watermark past them; otherwise keep it at the start so the next run
  // sees the other change too (reading it twice is harmless: rule 1 writes nothing for it).
  let watermark = serverTime.serverTime;
  if (writtenToDotdigital.size > 0) {
    const after = await dd.serverTime();
    let foreign = false;
    for (const leaf of leaves) {
      const page = await dd.readPreferenceChanges(leaf.id, serverTime.serverTime);
      for (const r of page.rows) {
        // The API reads whole seconds: rows from before this run started were in this run's input.
        if (r.dateModified.getTime() < serverTime.serverTime.getTime()) continue;
        const n = normaliseEmail(r.email);
        const ours = n.ok && writtenToDotdigital.get(n.email)?.some((c) => c.preferenceId === leaf.id && c.optedIn === r.isOptedIn);
        if (!ours) {
          foreign = true;
          ctx.log.info("a change by someone else arrived during the run", { preferenceId: leaf.id, at: r.dateModified.toISOString() });
        }
      }
    }
    if (!foreign) watermark = after.serverTime;
  }

  counters.failed += failedEmails.size;
  counters.pushed = Math.min(counters.pushed, [...writtenToDotdigital.values()].reduce((n, c) => n + c.length, 0));
  return {
    totals,
    counters,
    watermarks: { mps_dotdigitalwatermark: watermark.toISOString(), mps_dataversewatermark: JSON.stringify(newMarks) },
    notes: [...notes, ...[...failedEmails].slice(0, 20).map(([email, why]) => `${email}: ${why}`)],
  };
}



