import { changeSourceChoice, directionChoice, syncStateChoice } from "@mps/model";
import type { ConflictPolicyName } from "../domain/email-account";
import { normaliseEmail, normalisedOrNull, type NormalisedEmail } from "../domain/email";
import { subscriptionKey } from "../domain/dynamics-record";
import { PrefValue, valueLabel } from "../domain/preference-value";
import { RowState } from "../domain/sync-state";
import { decide, Reason, reasonLabel, Side, type Decision } from "./decide";
import type {
  AuditEntry,
  ContactCreation,
  DotdigitalContactInput,
  DotdigitalPreferenceChange,
  DotdigitalWrite,
  DynamicsRecordInput,
  ReconcileInput,
  ReconcilePlan,
  RecordWrites,
  RunCounters,
  Skip,
  SubscriptionBaseUpdate,
  SubscriptionRowWrite,
  SyncedRecordUpdate,
} from "./types";

const [SYNCED, , SKIPPED_SUPPRESSED] = syncStateChoice.labels;
const [FROM_DYNAMICS, FROM_DOTDIGITAL] = changeSourceChoice.labels;
const [TO_DOTDIGITAL, TO_DYNAMICS] = directionChoice.labels;

// Hot-loop aliases. tsx and ts-jest compile imports to CommonJS getters, so every `PrefValue.Absent`
// or imported call would pay a getter per (email, preference) pair; module-level copies pay it once.
const ABSENT = PrefValue.Absent;
const OPTED_IN = PrefValue.OptedIn;
const OPTED_OUT = PrefValue.OptedOut;
const NO_ROW = RowState.NoRow;
const STATE_SYNCED = RowState.Synced;
const STATE_SKIPPED_SUPPRESSED = RowState.SkippedSuppressed;
const SIDE_DOTDIGITAL = Side.Dotdigital;
const REASON_CHANGED_IN_DYNAMICS = Reason.ChangedInDynamics;
const REASON_EMAIL_CHANGE = Reason.EmailChange;
const decideFn = decide;
const valueLabelFn = valueLabel;
const subscriptionKeyFn = subscriptionKey;
const reasonLabelFn = reasonLabel;
const normalisedOrNullFn = normalisedOrNull;

/** The Dotdigital contact and the Dynamics records that share one normalised address: one person. */
interface Person {
  readonly email: NormalisedEmail;
  contact: DotdigitalContactInput | null;
  readonly records: DynamicsRecordInput[];
  /** Some record with this address was skipped as not eligible (so it is known to Dynamics). */
  ineligible: boolean;
}

/** Mutable collections the plan is built in; frozen into a ReconcilePlan at the end. */
interface Out {
  readonly contactCreations: ContactCreation[];
  readonly dotdigitalWrites: DotdigitalWrite[];
  readonly dynamicsWrites: RecordWrites<SubscriptionRowWrite>[];
  readonly baseUpdates: RecordWrites<SubscriptionBaseUpdate>[];
  readonly syncedRecordUpdates: SyncedRecordUpdate[];
  readonly audit: AuditEntry[];
  readonly skips: Skip[];
  readonly counters: RunCounters;
}

const timeOf = (t: number | undefined): number => (t === undefined || Number.isNaN(t) ? -Infinity : t);
const knownTime = (t: number): number | null => (Number.isFinite(t) ? t : null);

/**
 * Reconciles one Email Account's marketing preferences (DESIGN.md §4, rules 1–9) and returns what to
 * write, as data. Pure: no IO, no clock. Bad data (an invalid address, arrays of the wrong length, a
 * duplicate) becomes a "Failed" skip in the plan; it never throws.
 *
 * @example
 * const plan = reconcile(builder.build());
 * for (const c of plan.contactCreations) await dotdigital.createContact(c.email);
 * for (const w of plan.dotdigitalWrites) await dotdigital.putPreferences(w.email, w.changes);
 */
export function reconcile(input: ReconcileInput): ReconcilePlan {
  const out: Out = {
    contactCreations: [],
    dotdigitalWrites: [],
    dynamicsWrites: [],
    baseUpdates: [],
    syncedRecordUpdates: [],
    audit: [],
    skips: [],
    counters: { pulled: 0, pushed: 0, conflicts: 0, skippedSuppressed: 0, skippedIneligible: 0, failed: 0 },
  };
  for (const problem of input.problems ?? []) {
    out.skips.push(problem);
    out.counters.failed++;
  }
  const people = groupByEmail(input, out);
  const scratch: Scratch = { moved: [], rowWrites: [], baseWrites: [] };
  for (const person of people.values()) {
    if (person.records.length === 0) {
      if (person.ineligible) continue;
      out.skips.push({ reason: "Not in Dynamics", email: person.email, record: null, message: "No eligible Contact, Lead or Account has this address; the sync never creates records." });
    } else if (person.contact !== null && person.contact.status.exists && person.contact.status.suppressed) {
      skipSuppressed(input, person, person.contact.status.reason, out);
    } else {
      mergePerson(input, person, out, scratch);
    }
  }
  return { accountId: input.account.id, ...out };
}

function lengthProblem(name: string, length: number, p: number): string {
  return `${name} has ${length} entries but the run has ${p} preferences: build one entry per preference position`;
}
function contactShapeProblem(c: DotdigitalContactInput, p: number): string | null {
  if (c.values.length !== p) return lengthProblem("contact values", c.values.length, p);
  if (c.changedOn.length !== p) return lengthProblem("contact changedOn", c.changedOn.length, p);
  return null;
}
function recordShapeProblem(r: DynamicsRecordInput, p: number): string | null {
  if (r.values.length !== p) return lengthProblem("record values", r.values.length, p);
  if (r.base.length !== p) return lengthProblem("record base", r.base.length, p);
  if (r.state.length !== p) return lengthProblem("record state", r.state.length, p);
  if (r.changedOn.length !== p) return lengthProblem("record changedOn", r.changedOn.length, p);
  return null;
}

const invalidReason = (raw: string | null): string => {
  const n = normaliseEmail(raw);
  return n.ok ? "valid" : n.reason;
};

/** Groups contacts and eligible records by normalised address; reports what cannot take part. */
function groupByEmail(input: ReconcileInput, out: Out): Map<string, Person> {
  const p = input.preferences.length;
  const people = new Map<string, Person>();
  const fail = (email: string | null, record: DynamicsRecordInput["record"] | null, message: string): void => {
    out.skips.push({ reason: "Failed", email, record, message });
    out.counters.failed += p;
  };
  for (const contact of input.contacts) {
    const email = normalisedOrNullFn(contact.email);
    if (email === null) {
      fail(contact.email, null, `Dotdigital contact: ${invalidReason(contact.email)}`);
      continue;
    }
    const problem = contactShapeProblem(contact, p);
    if (problem !== null) {
      fail(email, null, problem);
      continue;
    }
    const person = people.get(email);
    if (person === undefined) people.set(email, { email, contact, records: [], ineligible: false });
    else if (person.contact === null) person.contact = contact;
    else fail(email, null, "the Dotdigital contact appears twice in the input: pass each address once");
  }
  // One set per table: no key string to build per record.
  const seen = { contact: new Set<string>(), lead: new Set<string>(), account: new Set<string>() };
  for (const rec of input.records) {
    const seenInTable = seen[rec.record.table];
    if (seenInTable.has(rec.record.id)) {
      fail(rec.email, rec.record, `${rec.record.table} ${rec.record.id} appears twice in the input: pass each record once`);
      continue;
    }
    seenInTable.add(rec.record.id);
    if (!rec.eligible) {
      // Rows are only ever created for eligible records and eligibility is never cleared, so there is
      // nothing to mark: no writes at all.
      out.skips.push({ reason: "Skipped: not eligible", email: rec.email, record: rec.record, message: "Never in an email-activated marketing list of this Email Account." });
      out.counters.skippedIneligible += p;
      const email = normalisedOrNullFn(rec.email);
      const person = email === null ? undefined : people.get(email);
      if (person) person.ineligible = true;
      else if (email !== null) people.set(email, { email, contact: null, records: [], ineligible: true });
      continue;
    }
    const email = normalisedOrNullFn(rec.email);
    if (email === null) {
      fail(rec.email, rec.record, `${rec.record.table} emailaddress1: ${invalidReason(rec.email)}`);
      continue;
    }
    const problem = recordShapeProblem(rec, p);
    if (problem !== null) {
      fail(email, rec.record, problem);
      continue;
    }
    const person = people.get(email);
    if (person === undefined) people.set(email, { email, contact: null, records: [rec], ineligible: false });
    else person.records.push(rec);
  }
  return people;
}

/** Rule 6: no writes either way; existing rows only show why (state "Skipped: suppressed"). */
function skipSuppressed(input: ReconcileInput, person: Person, reason: string, out: Out): void {
  const prefs = input.preferences;
  const message = `Suppressed in Dotdigital (${reason}): preferences sync again after the contact confirms a re-subscription.`;
  out.counters.skippedSuppressed += prefs.length;
  for (const rec of person.records) {
    out.skips.push({ reason: "Skipped: suppressed", email: person.email, record: rec.record, message });
    let rows: SubscriptionBaseUpdate[] | null = null;
    for (let i = 0; i < prefs.length; i++) {
      const st = rec.state[i];
      if (st === NO_ROW || st === STATE_SKIPPED_SUPPRESSED) continue;
      const pref = prefs[i]!;
      (rows ??= []).push({
        key: subscriptionKeyFn(input.account.id, pref.id, rec.record),
        preferenceId: pref.id,
        // The address stays what it was: a suppressed person's rows are not moved either.
        emailAddress: normaliseSynced(rec.syncedEmail) ?? person.email,
        base: valueLabelFn(rec.base[i] ?? ABSENT),
        state: SKIPPED_SUPPRESSED,
        message,
      });
    }
    if (rows !== null) out.baseUpdates.push({ record: rec.record, rows });
  }
}

const normaliseSynced = normalisedOrNull;

/** Rules 1–5, 7 and 9 for one person: every preference, fanned out to every record. */
interface Scratch {
  readonly moved: boolean[];
  readonly rowWrites: (SubscriptionRowWrite[] | null)[];
  readonly baseWrites: (SubscriptionBaseUpdate[] | null)[];
}

function mergePerson(input: ReconcileInput, person: Person, out: Out, scratch: Scratch): void {
  const prefs = input.preferences;
  const accountId = input.account.id;
  const policy: ConflictPolicyName = input.account.conflictPolicy;
  const keep = input.account.emailChangePolicy === "Keep with record";
  const recs = person.records;
  const n = recs.length;
  const contact = person.contact;
  const exists = contact !== null && contact.status.exists;
  const dVals = exists ? contact.values : null;
  const dTimes = exists ? contact.changedOn : null;
  const dynOffset = input.clock.dynamicsMs;
  const ddOffset = input.clock.dotdigitalMs;

  // Rule 7: a record whose address differs from the one it last synced under has moved here.
  // Per-record scratch, reused across people: most people have one record and no writes.
  const { moved, rowWrites, baseWrites } = scratch;
  for (let i = 0; i < n; i++) {
    const synced = recs[i]!.syncedEmail;
    moved[i] = synced !== null && synced !== person.email && normaliseSynced(synced) !== person.email;
    rowWrites[i] = null;
    baseWrites[i] = null;
  }

  let ddChanges: DotdigitalPreferenceChange[] | null = null;

  for (let p = 0; p < prefs.length; p++) {
    // Rule 5: the Dynamics value of the email is the most recent change among its records. A record
    // that differs from its own base has changed; one that still holds the base only speaks when none
    // changed (the sync's own writes bump modifiedon, and must not outvote a person's change).
    let c: PrefValue = ABSENT;
    let cT = -Infinity;
    let cIdx = -1;
    let cChanged = false;
    let b: PrefValue = ABSENT;
    let bSplit = false;
    for (let i = 0; i < n; i++) {
      const r = recs[i]!;
      let ci = r.values[p] as PrefValue;
      let bi = r.base[p] as PrefValue;
      if (moved[i]) {
        // A moved record has no agreement at its new address; Drop also forgets its values.
        bi = ABSENT;
        if (!keep) ci = ABSENT;
      }
      if (bi !== ABSENT) {
        if (b === ABSENT) b = bi;
        else if (bi !== b) bSplit = true;
      }
      if (ci === ABSENT) continue;
      const changed = ci !== bi;
      const t = timeOf(r.changedOn[p]);
      if (
        cIdx < 0 ||
        (changed && !cChanged) ||
        (changed === cChanged && (t > cT || (t === cT && ci === OPTED_OUT)))
      ) {
        c = ci;
        cT = t;
        cIdx = i;
        cChanged = changed;
      }
    }
    // Records that disagree on the base have no common agreement: treat as no base (rule 4).
    if (bSplit) b = ABSENT;

    const d = dVals === null ? ABSENT : (dVals[p] as PrefValue);
    const dRaw = dTimes === null ? NaN : (dTimes[p] ?? NaN);
    const cTime = cT + dynOffset;
    const dTime = timeOf(dRaw) + ddOffset;

    let decision: Decision | null = null;
    let v: PrefValue = c;
    if (c !== d) {
      decision = decideFn(c, d, b, cTime, dTime, policy);
      v = decision.value;
    }
    const fromDotdigital = decision !== null && decision.from === SIDE_DOTDIGITAL;
    let reason: Reason = decision === null ? REASON_CHANGED_IN_DYNAMICS : decision.reason;
    if (decision !== null && !decision.conflict && !fromDotdigital && cIdx >= 0 && moved[cIdx] === true) reason = REASON_EMAIL_CHANGE;
    const winTime = knownTime(fromDotdigital ? dTime : cTime);
    if (decision !== null && decision.conflict) out.counters.conflicts++;

    const pref = prefs[p]!;
    const vLabel = valueLabelFn(v);

    // Rules 2, 4, 9: Dotdigital gets the agreed value when it differs (never "absent").
    if (v !== d && v !== ABSENT) {
      (ddChanges ??= []).push({ preferenceId: pref.id, categoryId: pref.categoryId, optedIn: v === OPTED_IN });
      out.counters.pushed++;
      const src = cIdx >= 0 ? recs[cIdx]!.record : null;
      out.audit.push({
        email: person.email,
        preferenceId: pref.id,
        record: src,
        subscriptionKey: src === null ? null : subscriptionKeyFn(accountId, pref.id, src),
        oldValue: valueLabelFn(d),
        newValue: vLabel,
        direction: TO_DOTDIGITAL,
        reason: reasonLabelFn(reason),
        changedOn: winTime,
      });
    }

    // Rules 3, 5: every eligible record ends holding the agreed value, with the base recorded last.
    for (let i = 0; i < n; i++) {
      const r = recs[i]!;
      const ci = r.values[p];
      const st = r.state[p];
      if (ci !== v || st === NO_ROW) {
        const key = subscriptionKeyFn(accountId, pref.id, r.record);
        (rowWrites[i] ??= []).push({
          key,
          preferenceId: pref.id,
          isNew: st === NO_ROW,
          emailAddress: person.email,
          optedIn: v === OPTED_IN,
          base: vLabel,
          state: SYNCED,
          lastChangeSource: v === ABSENT ? null : fromDotdigital ? FROM_DOTDIGITAL : FROM_DYNAMICS,
          dotdigitalModifiedOn: v === d ? knownTime(dRaw) : null,
          message: null,
        });
        if (ci !== v) {
          out.counters.pulled++;
          out.audit.push({
            email: person.email,
            preferenceId: pref.id,
            record: r.record,
            subscriptionKey: key,
            oldValue: valueLabelFn(ci ?? ABSENT),
            newValue: vLabel,
            direction: TO_DYNAMICS,
            reason: reasonLabelFn(moved[i] === true ? REASON_EMAIL_CHANGE : reason),
            changedOn: winTime,
          });
        }
      } else if (r.base[p] !== v || st !== STATE_SYNCED || moved[i] === true) {
        (baseWrites[i] ??= []).push({
          key: subscriptionKeyFn(accountId, pref.id, r.record),
          preferenceId: pref.id,
          emailAddress: person.email,
          base: vLabel,
          state: SYNCED,
          message: null,
        });
      }
    }
  }

  if (ddChanges !== null) {
    // Rule 9: a contact Dotdigital does not know yet is created first, opt-in type Unknown.
    if (!exists) out.contactCreations.push({ email: person.email, optInType: "Unknown" });
    out.dotdigitalWrites.push({ email: person.email, changes: ddChanges });
  }
  for (let i = 0; i < n; i++) {
    const r = recs[i]!;
    const rows = rowWrites[i];
    if (rows) out.dynamicsWrites.push({ record: r.record, rows });
    const bases = baseWrites[i];
    if (bases) out.baseUpdates.push({ record: r.record, rows: bases });
    if (r.syncedEmail !== person.email) out.syncedRecordUpdates.push({ record: r.record, syncedEmail: person.email });
  }
}
