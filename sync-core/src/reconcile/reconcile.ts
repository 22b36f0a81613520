import { changeSourceChoice, directionChoice, syncStateChoice } from "@mps/model";
import type { ConflictPolicyName } from "../domain/email-account";
import { normaliseEmail, type NormalisedEmail } from "../domain/email";
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
  for (const person of people.values()) {
    if (person.records.length === 0) {
      if (person.ineligible) continue;
      out.skips.push({ reason: "Not in Dynamics", email: person.email, record: null, message: "No eligible Contact, Lead or Account has this address; the sync never creates records." });
    } else if (person.contact !== null && person.contact.status.exists && person.contact.status.suppressed) {
      skipSuppressed(input, person, person.contact.status.reason, out);
    } else {
      mergePerson(input, person, out);
    }
  }
  return { accountId: input.account.id, ...out };
}

function shapeProblem(p: number, arrays: Record<string, { length: number }>): string | null {
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== p) return `${name} has ${a.length} entries but the run has ${p} preferences: build one entry per preference position`;
  }
  return null;
}

/** Groups contacts and eligible records by normalised address; reports what cannot take part. */
function groupByEmail(input: ReconcileInput, out: Out): Map<string, Person> {
  const p = input.preferences.length;
  const people = new Map<string, Person>();
  const fail = (email: string | null, record: DynamicsRecordInput["record"] | null, message: string): void => {
    out.skips.push({ reason: "Failed", email, record, message });
    out.counters.failed += p;
  };
  for (const contact of input.contacts) {
    const n = normaliseEmail(contact.email);
    if (!n.ok) {
      fail(contact.email, null, `Dotdigital contact: ${n.reason}`);
      continue;
    }
    const problem = shapeProblem(p, { "contact values": contact.values, "contact changedOn": contact.changedOn });
    if (problem !== null) {
      fail(n.email, null, problem);
      continue;
    }
    const person = people.get(n.email);
    if (person === undefined) people.set(n.email, { email: n.email, contact, records: [], ineligible: false });
    else if (person.contact === null) person.contact = contact;
    else fail(n.email, null, "the Dotdigital contact appears twice in the input: pass each address once");
  }
  const seen = new Set<string>();
  for (const rec of input.records) {
    const id = `${rec.record.table}|${rec.record.id}`;
    if (seen.has(id)) {
      fail(rec.email, rec.record, `${rec.record.table} ${rec.record.id} appears twice in the input: pass each record once`);
      continue;
    }
    seen.add(id);
    if (!rec.eligible) {
      // Rows are only ever created for eligible records and eligibility is never cleared, so there is
      // nothing to mark: no writes at all.
      out.skips.push({ reason: "Skipped: not eligible", email: rec.email, record: rec.record, message: "Never in an email-activated marketing list of this Email Account." });
      out.counters.skippedIneligible += p;
      const n = normaliseEmail(rec.email);
      const person = n.ok ? people.get(n.email) : undefined;
      if (person) person.ineligible = true;
      else if (n.ok) people.set(n.email, { email: n.email, contact: null, records: [], ineligible: true });
      continue;
    }
    const n = normaliseEmail(rec.email);
    if (!n.ok) {
      fail(rec.email, rec.record, `${rec.record.table} emailaddress1: ${n.reason}`);
      continue;
    }
    const problem = shapeProblem(p, { "record values": rec.values, "record base": rec.base, "record state": rec.state, "record changedOn": rec.changedOn });
    if (problem !== null) {
      fail(n.email, rec.record, problem);
      continue;
    }
    const person = people.get(n.email);
    if (person === undefined) people.set(n.email, { email: n.email, contact: null, records: [rec], ineligible: false });
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
      if (st === RowState.NoRow || st === RowState.SkippedSuppressed) continue;
      const pref = prefs[i]!;
      (rows ??= []).push({
        key: subscriptionKey(input.account.id, pref.id, rec.record),
        preferenceId: pref.id,
        // The address stays what it was: a suppressed person's rows are not moved either.
        emailAddress: normaliseSynced(rec.syncedEmail) ?? person.email,
        base: valueLabel(rec.base[i] ?? PrefValue.Absent),
        state: SKIPPED_SUPPRESSED,
        message,
      });
    }
    if (rows !== null) out.baseUpdates.push({ record: rec.record, rows });
  }
}

function normaliseSynced(email: string | null): NormalisedEmail | null {
  const n = normaliseEmail(email);
  return n.ok ? n.email : null;
}

/** Rules 1–5, 7 and 9 for one person: every preference, fanned out to every record. */
function mergePerson(input: ReconcileInput, person: Person, out: Out): void {
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
  const moved: boolean[] = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const synced = recs[i]!.syncedEmail;
    moved[i] = synced !== null && synced !== person.email && normaliseSynced(synced) !== person.email;
  }

  let ddChanges: DotdigitalPreferenceChange[] | null = null;
  const rowWrites: (SubscriptionRowWrite[] | null)[] = new Array<SubscriptionRowWrite[] | null>(n).fill(null);
  const baseWrites: (SubscriptionBaseUpdate[] | null)[] = new Array<SubscriptionBaseUpdate[] | null>(n).fill(null);

  for (let p = 0; p < prefs.length; p++) {
    // Rule 5: the Dynamics value of the email is the most recent change among its records. A record
    // that differs from its own base has changed; one that still holds the base only speaks when none
    // changed (the sync's own writes bump modifiedon, and must not outvote a person's change).
    let c: PrefValue = PrefValue.Absent;
    let cT = -Infinity;
    let cIdx = -1;
    let cChanged = false;
    let b: PrefValue = PrefValue.Absent;
    let bSplit = false;
    for (let i = 0; i < n; i++) {
      const r = recs[i]!;
      let ci = r.values[p] as PrefValue;
      let bi = r.base[p] as PrefValue;
      if (moved[i]) {
        // A moved record has no agreement at its new address; Drop also forgets its values.
        bi = PrefValue.Absent;
        if (!keep) ci = PrefValue.Absent;
      }
      if (bi !== PrefValue.Absent) {
        if (b === PrefValue.Absent) b = bi;
        else if (bi !== b) bSplit = true;
      }
      if (ci === PrefValue.Absent) continue;
      const changed = ci !== bi;
      const t = timeOf(r.changedOn[p]);
      if (
        cIdx < 0 ||
        (changed && !cChanged) ||
        (changed === cChanged && (t > cT || (t === cT && ci === PrefValue.OptedOut)))
      ) {
        c = ci;
        cT = t;
        cIdx = i;
        cChanged = changed;
      }
    }
    // Records that disagree on the base have no common agreement: treat as no base (rule 4).
    if (bSplit) b = PrefValue.Absent;

    const d = dVals === null ? PrefValue.Absent : (dVals[p] as PrefValue);
    const dRaw = dTimes === null ? NaN : (dTimes[p] ?? NaN);
    const cTime = cT + dynOffset;
    const dTime = timeOf(dRaw) + ddOffset;

    let decision: Decision | null = null;
    let v: PrefValue = c;
    if (c !== d) {
      decision = decide(c, d, b, cTime, dTime, policy);
      v = decision.value;
    }
    const fromDotdigital = decision !== null && decision.from === Side.Dotdigital;
    let reason: Reason = decision === null ? Reason.ChangedInDynamics : decision.reason;
    if (decision !== null && !decision.conflict && !fromDotdigital && cIdx >= 0 && moved[cIdx] === true) reason = Reason.EmailChange;
    const winTime = knownTime(fromDotdigital ? dTime : cTime);
    if (decision !== null && decision.conflict) out.counters.conflicts++;

    const pref = prefs[p]!;
    const vLabel = valueLabel(v);

    // Rules 2, 4, 9: Dotdigital gets the agreed value when it differs (never "absent").
    if (v !== d && v !== PrefValue.Absent) {
      (ddChanges ??= []).push({ preferenceId: pref.id, categoryId: pref.categoryId, optedIn: v === PrefValue.OptedIn });
      out.counters.pushed++;
      const src = cIdx >= 0 ? recs[cIdx]!.record : null;
      out.audit.push({
        email: person.email,
        preferenceId: pref.id,
        record: src,
        subscriptionKey: src === null ? null : subscriptionKey(accountId, pref.id, src),
        oldValue: valueLabel(d),
        newValue: vLabel,
        direction: TO_DOTDIGITAL,
        reason: reasonLabel(reason),
        changedOn: winTime,
      });
    }

    // Rules 3, 5: every eligible record ends holding the agreed value, with the base recorded last.
    for (let i = 0; i < n; i++) {
      const r = recs[i]!;
      const ci = r.values[p];
      const st = r.state[p];
      if (ci !== v || st === RowState.NoRow) {
        const key = subscriptionKey(accountId, pref.id, r.record);
        (rowWrites[i] ??= []).push({
          key,
          preferenceId: pref.id,
          isNew: st === RowState.NoRow,
          emailAddress: person.email,
          optedIn: v === PrefValue.OptedIn,
          base: vLabel,
          state: SYNCED,
          lastChangeSource: v === PrefValue.Absent ? null : fromDotdigital ? FROM_DOTDIGITAL : FROM_DYNAMICS,
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
            oldValue: valueLabel(ci ?? PrefValue.Absent),
            newValue: vLabel,
            direction: TO_DYNAMICS,
            reason: reasonLabel(moved[i] === true ? Reason.EmailChange : reason),
            changedOn: winTime,
          });
        }
      } else if (r.base[p] !== v || st !== RowState.Synced || moved[i] === true) {
        (baseWrites[i] ??= []).push({
          key: subscriptionKey(accountId, pref.id, r.record),
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
