// Test helpers: both systems simulated as plain data, so properties can apply a plan and look again.
import { CONTACT_SUBSCRIBED } from "../../domain/dotdigital-contact";
import { normaliseEmail } from "../../domain/email";
import { dynamicsValue, PrefValue, valueFromLabel } from "../../domain/preference-value";
import { RowState, stateFromLabel } from "../../domain/sync-state";
import type { DotdigitalContactInput, DynamicsRecordInput, ReconcileInput, ReconcilePlan } from "../types";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The two sides' clocks at the moment the plan is applied (each on its own clock). */
export interface ApplyAt {
  readonly dotdigitalNow: number;
  readonly dynamicsNow: number;
}

const keyOf = (email: string): string => {
  const n = normaliseEmail(email);
  return n.ok ? n.email : email;
};

function cloneContact(c: DotdigitalContactInput): Mutable<DotdigitalContactInput> {
  return { email: c.email, status: c.status, values: c.values.slice(), changedOn: c.changedOn.slice() };
}
function cloneRecord(r: DynamicsRecordInput): Mutable<DynamicsRecordInput> {
  return { ...r, values: r.values.slice(), base: r.base.slice(), state: r.state.slice(), changedOn: r.changedOn.slice() };
}

/**
 * Applies a plan to both simulated sides the way the runner does, and returns the state after it as
 * the next run's input. Throws when the plan asks for something the real systems would refuse
 * (a preference write to a contact that does not exist, a write to a suppressed contact).
 */
export function applyPlan(input: ReconcileInput, plan: ReconcilePlan, at: ApplyAt): ReconcileInput {
  const p = input.preferences.length;
  const position = new Map(input.preferences.map((pref, i) => [pref.id, i]));
  const contacts = new Map<string, Mutable<DotdigitalContactInput>>();
  for (const c of input.contacts) contacts.set(keyOf(c.email), cloneContact(c));
  const records = new Map<string, Mutable<DynamicsRecordInput>>();
  for (const r of input.records) records.set(`${r.record.table}|${r.record.id}`, cloneRecord(r));
  const recordOf = (table: string, id: string): Mutable<DynamicsRecordInput> => {
    const r = records.get(`${table}|${id}`);
    if (r === undefined) throw new Error(`plan writes ${table} ${id}, which the input does not have`);
    return r;
  };
  const pos = (preferenceId: number): number => {
    const i = position.get(preferenceId);
    if (i === undefined) throw new Error(`plan writes preference ${preferenceId}, which the run does not sync`);
    return i;
  };

  for (const creation of plan.contactCreations) {
    const existing = contacts.get(creation.email);
    if (existing?.status.exists === true) throw new Error(`plan creates ${creation.email}, which already exists`);
    if (existing) existing.status = CONTACT_SUBSCRIBED;
    else contacts.set(creation.email, { email: creation.email, status: CONTACT_SUBSCRIBED, values: new Uint8Array(p), changedOn: new Float64Array(p).fill(NaN) });
  }
  for (const write of plan.dotdigitalWrites) {
    const c = contacts.get(write.email);
    if (c === undefined || !c.status.exists) throw new Error(`plan writes preferences of ${write.email}, which Dotdigital does not know`);
    if (c.status.suppressed) throw new Error(`plan writes preferences of suppressed ${write.email}`);
    for (const change of write.changes) {
      const i = pos(change.preferenceId);
      c.values[i] = change.optedIn ? PrefValue.OptedIn : PrefValue.OptedOut;
      c.changedOn[i] = at.dotdigitalNow;
    }
  }
  for (const w of plan.dynamicsWrites) {
    const r = recordOf(w.record.table, w.record.id);
    for (const row of w.rows) {
      const i = pos(row.preferenceId);
      const base = valueFromLabel(row.base);
      r.values[i] = dynamicsValue(row.optedIn, base);
      r.base[i] = base;
      r.state[i] = stateFromLabel(row.state);
      r.changedOn[i] = at.dynamicsNow;
    }
  }
  for (const u of plan.baseUpdates) {
    const r = recordOf(u.record.table, u.record.id);
    for (const row of u.rows) {
      const i = pos(row.preferenceId);
      if (r.state[i] === RowState.NoRow) throw new Error(`plan updates the base of a row that does not exist: ${row.key}`);
      r.base[i] = valueFromLabel(row.base);
      // Dataverse keeps Status; a base update can turn a never-agreed Status No row into an opt-out.
      r.values[i] = dynamicsValue(r.values[i] === PrefValue.OptedIn, r.base[i] as PrefValue);
      r.state[i] = stateFromLabel(row.state);
      r.changedOn[i] = at.dynamicsNow;
    }
  }
  for (const u of plan.syncedRecordUpdates) recordOf(u.record.table, u.record.id).syncedEmail = u.syncedEmail;

  return { ...input, contacts: [...contacts.values()], records: [...records.values()], problems: [] };
}

/** Writes a plan asks for, excluding bookkeeping that changes no value (base, state, synced address). */
export function valueWriteCount(plan: ReconcilePlan): number {
  return (
    plan.contactCreations.length +
    plan.dotdigitalWrites.reduce((n, w) => n + w.changes.length, 0) +
    plan.dynamicsWrites.reduce((n, w) => n + w.rows.length, 0) +
    plan.audit.length
  );
}

/** Every write a plan asks for, bookkeeping included. */
export function writeCount(plan: ReconcilePlan): number {
  return valueWriteCount(plan) + plan.baseUpdates.reduce((n, w) => n + w.rows.length, 0) + plan.syncedRecordUpdates.length;
}
