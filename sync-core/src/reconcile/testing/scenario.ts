// Test helpers: one person, one preference, described in words a rule table can read.
import type { RecordTable } from "@mps/model";
import type { DotdigitalContactStatus } from "../../domain/dotdigital-contact";
import type { EmailAccount } from "../../domain/email-account";
import { PrefValue } from "../../domain/preference-value";
import { RowState } from "../../domain/sync-state";
import type { ClockOffsets, DotdigitalContactInput, DynamicsRecordInput, ReconcileInput } from "../types";

export type V = "in" | "out" | null;
export const code = (v: V): PrefValue => (v === "in" ? PrefValue.OptedIn : v === "out" ? PrefValue.OptedOut : PrefValue.Absent);

export const EMAIL = "jane@example.com";
export const PREF = { id: 101, categoryId: 7 } as const;
export const T0 = Date.UTC(2026, 0, 1);
export const minutes = (n: number): number => T0 + n * 60_000;

export interface RecordSpec {
  readonly table?: RecordTable;
  readonly id?: string;
  readonly email?: string | null;
  /** Defaults to `email` (already synced under it); null = never synced. */
  readonly syncedEmail?: string | null;
  readonly eligible?: boolean;
  /** The Dynamics value (null: no row, or a never-agreed Status No row). */
  readonly value?: V;
  readonly base?: V;
  readonly at?: number;
  /** Defaults to Synced when the row exists. */
  readonly state?: RowState;
  /** Defaults to "exists when value or base is set". */
  readonly row?: boolean;
}

export interface ContactSpec {
  readonly email?: string;
  readonly value?: V;
  readonly at?: number;
  readonly status?: DotdigitalContactStatus;
}

export const account = (a: Partial<EmailAccount> = {}): EmailAccount => ({
  id: "acc-1",
  conflictPolicy: "Last modified wins",
  emailChangePolicy: "Keep with record",
  ...a,
});

export function dynamicsRecord(spec: RecordSpec, i = 0): DynamicsRecordInput {
  const email = spec.email === undefined ? EMAIL : spec.email;
  const row = spec.row ?? ((spec.value ?? null) !== null || (spec.base ?? null) !== null);
  return {
    record: { table: spec.table ?? "contact", id: spec.id ?? `rec-${i}` },
    email,
    syncedEmail: spec.syncedEmail === undefined ? email : spec.syncedEmail,
    eligible: spec.eligible ?? true,
    values: Uint8Array.of(code(spec.value ?? null)),
    base: Uint8Array.of(code(spec.base ?? null)),
    state: Uint8Array.of(row ? (spec.state ?? RowState.Synced) : RowState.NoRow),
    changedOn: Float64Array.of(row ? (spec.at ?? T0) : NaN),
  };
}

export function dotdigitalContact(spec: ContactSpec): DotdigitalContactInput {
  return {
    email: spec.email ?? EMAIL,
    status: spec.status ?? { exists: true, suppressed: false },
    values: Uint8Array.of(code(spec.value ?? null)),
    changedOn: Float64Array.of(spec.at ?? ((spec.value ?? null) === null ? NaN : T0)),
  };
}

/** One preference; Dotdigital `null` means Dotdigital has no contact for the address. */
export function scenario(opts: {
  readonly account?: Partial<EmailAccount>;
  readonly clock?: Partial<ClockOffsets>;
  readonly dotdigital: ContactSpec | null;
  readonly dynamics: readonly RecordSpec[];
}): ReconcileInput {
  return {
    account: account(opts.account),
    preferences: [PREF],
    clock: { dotdigitalMs: 0, dynamicsMs: 0, ...opts.clock },
    contacts: opts.dotdigital === null ? [] : [dotdigitalContact(opts.dotdigital)],
    records: opts.dynamics.map((r, i) => dynamicsRecord(r, i)),
  };
}
