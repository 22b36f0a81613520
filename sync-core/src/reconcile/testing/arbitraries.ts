// fast-check generators of whole runs: small worlds where addresses collide (fan-out, case variants,
// moves), clocks disagree and times tie, so every rule meets every other.
import fc from "fast-check";
import { RECORD_TABLES } from "@mps/model";
import type { DotdigitalContactStatus } from "../../domain/dotdigital-contact";
import { normaliseEmail } from "../../domain/email";
import { dynamicsValue, PrefValue } from "../../domain/preference-value";
import { RowState } from "../../domain/sync-state";
import type { DotdigitalContactInput, DynamicsRecordInput, ReconcileInput } from "../types";
import { T0 } from "./scenario";

export const PREFERENCES = [
  { id: 11, categoryId: 1 },
  { id: 12, categoryId: 1 },
  { id: 20, categoryId: 0 },
] as const;
const P = PREFERENCES.length;
const EMAILS = ["ann@example.com", "Ann@Example.com", "bob@example.com", "cy@example.com"] as const;

const keyOf = (email: string | null): string => {
  const n = normaliseEmail(email);
  return n.ok ? n.email : `invalid:${String(email)}`;
};

const time = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 20 }).map((m) => T0 + m * 60_000) }, { weight: 1, arbitrary: fc.constant(NaN) });
const value = fc.constantFrom<PrefValue>(PrefValue.Absent, PrefValue.OptedIn, PrefValue.OptedOut);

const status: fc.Arbitrary<DotdigitalContactStatus> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ exists: false as const }) },
  { weight: 5, arbitrary: fc.constant({ exists: true as const, suppressed: false as const }) },
  { weight: 1, arbitrary: fc.constantFrom("Unsubscribed", "HardBounced").map((reason) => ({ exists: true as const, suppressed: true as const, reason })) },
);

const contact: fc.Arbitrary<DotdigitalContactInput> = fc
  .record({ email: fc.constantFrom(...EMAILS), status, values: fc.array(value, { minLength: P, maxLength: P }), times: fc.array(time, { minLength: P, maxLength: P }) })
  .map(({ email, status, values, times }) => ({
    email,
    status,
    // A contact Dotdigital does not have holds no values.
    values: status.exists ? Uint8Array.from(values) : new Uint8Array(P),
    changedOn: status.exists ? Float64Array.from(times) : new Float64Array(P).fill(NaN),
  }));

const row = fc.record({ exists: fc.boolean(), optedIn: fc.boolean(), base: value, state: fc.constantFrom<RowState>(1, 2, 3, 4, 5), at: time });

export interface RecordOptions {
  /** Let records change address since their last sync (rule 7). */
  readonly moves?: boolean;
  /** Force one base per address, for properties stated against "the base". */
  readonly sharedBase?: boolean;
}

const record = (opts: RecordOptions): fc.Arbitrary<DynamicsRecordInput> =>
  fc
    .record({
      table: fc.constantFrom(...RECORD_TABLES),
      id: fc.constantFrom("r1", "r2", "r3", "r4", "r5"),
      email: fc.oneof({ weight: 12, arbitrary: fc.constantFrom<string | null>(...EMAILS) }, { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "not-an-email") }),
      synced: opts.moves === false ? fc.constant("same" as const) : fc.constantFrom("same" as const, "same" as const, "never" as const, ...EMAILS),
      eligible: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      rows: fc.array(row, { minLength: P, maxLength: P }),
    })
    .map(({ table, id, email, synced, eligible, rows }) => {
      const base = rows.map((r) => (r.exists ? r.base : PrefValue.Absent));
      return {
        record: { table, id },
        email,
        syncedEmail: synced === "same" ? email : synced === "never" ? null : synced,
        eligible,
        values: Uint8Array.from(rows.map((r, i) => (r.exists ? dynamicsValue(r.optedIn, base[i] as PrefValue) : PrefValue.Absent))),
        base: Uint8Array.from(base),
        state: Uint8Array.from(rows.map((r) => (r.exists ? r.state : RowState.NoRow))),
        changedOn: Float64Array.from(rows.map((r) => (r.exists ? r.at : NaN))),
      };
    });

/** One run's input for account `accountId`. */
export function runInput(accountId = "acc-A", opts: RecordOptions = {}): fc.Arbitrary<ReconcileInput> {
  return fc
    .record({
      conflictPolicy: fc.constantFrom("Last modified wins" as const, "Opt-out wins" as const),
      emailChangePolicy: fc.constantFrom("Keep with record" as const, "Drop" as const),
      dotdigitalMs: fc.integer({ min: -3, max: 3 }).map((m) => m * 60_000),
      dynamicsMs: fc.integer({ min: -3, max: 3 }).map((m) => m * 60_000),
      contacts: fc.uniqueArray(contact, { maxLength: 3, selector: (c) => keyOf(c.email) }),
      records: fc.uniqueArray(record(opts), { maxLength: 5, selector: (r) => `${r.record.table}|${r.record.id}` }),
      sharedBase: fc.array(value, { minLength: P, maxLength: P }),
    })
    .map(({ conflictPolicy, emailChangePolicy, dotdigitalMs, dynamicsMs, contacts, records, sharedBase }) => ({
      account: { id: accountId, conflictPolicy, emailChangePolicy },
      preferences: PREFERENCES,
      clock: { dotdigitalMs, dynamicsMs },
      contacts,
      records: opts.sharedBase === true ? records.map((r) => withBase(r, sharedBase)) : records,
    }));
}

/** Gives every existing row of a record the same base, keeping its Status. */
function withBase(r: DynamicsRecordInput, base: readonly PrefValue[]): DynamicsRecordInput {
  const values = r.values.slice();
  const b = r.base.slice();
  for (let i = 0; i < P; i++) {
    if (r.state[i] === RowState.NoRow) continue;
    b[i] = base[i]!;
    values[i] = dynamicsValue(r.values[i] === PrefValue.OptedIn, base[i]!);
  }
  return { ...r, values, base: b };
}

export { keyOf };
