import { changeReasonChoice } from "@mps/model";
import type { ConflictPolicyName } from "../domain/email-account";
import { PrefValue } from "../domain/preference-value";
import type { ChangeReasonLabel } from "./types";

/** Which side the agreed value came from. */
export const Side = { Dynamics: 1, Dotdigital: 2 } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** Reason codes, positions of the model's mps_changereason labels (mapped in `reasonLabel`). */
export const Reason = {
  ChangedInDynamics: 0,
  ChangedInDotdigital: 1,
  ConflictLastModifiedWins: 2,
  ConflictOptOutWins: 3,
  EmailChange: 4,
  FirstSync: 5,
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

export function reasonLabel(reason: Reason): ChangeReasonLabel {
  return changeReasonChoice.labels[reason];
}

/** The outcome of one (email, preference) pair whose two sides disagree. */
export interface Decision {
  readonly value: PrefValue;
  readonly from: Side;
  readonly reason: Reason;
  readonly conflict: boolean;
}

// Module-level copies: compiled to CommonJS, each `PrefValue.X` would be a getter call per pair.
const ABSENT = PrefValue.Absent;
const OPTED_IN = PrefValue.OptedIn;
const OPTED_OUT = PrefValue.OptedOut;

// Decisions are immutable and few, so they are shared rather than allocated per pair.
const make = (value: PrefValue, from: Side, reason: Reason, conflict: boolean): Decision => ({ value, from, reason, conflict });
const D = {
  dynIn: make(OPTED_IN, Side.Dynamics, Reason.ChangedInDynamics, false),
  dynOut: make(OPTED_OUT, Side.Dynamics, Reason.ChangedInDynamics, false),
  ddIn: make(OPTED_IN, Side.Dotdigital, Reason.ChangedInDotdigital, false),
  ddOut: make(OPTED_OUT, Side.Dotdigital, Reason.ChangedInDotdigital, false),
  firstDynIn: make(OPTED_IN, Side.Dynamics, Reason.FirstSync, false),
  firstDynOut: make(OPTED_OUT, Side.Dynamics, Reason.FirstSync, false),
  firstDdIn: make(OPTED_IN, Side.Dotdigital, Reason.FirstSync, false),
  firstDdOut: make(OPTED_OUT, Side.Dotdigital, Reason.FirstSync, false),
  lmwDynIn: make(OPTED_IN, Side.Dynamics, Reason.ConflictLastModifiedWins, true),
  lmwDynOut: make(OPTED_OUT, Side.Dynamics, Reason.ConflictLastModifiedWins, true),
  lmwDdIn: make(OPTED_IN, Side.Dotdigital, Reason.ConflictLastModifiedWins, true),
  lmwDdOut: make(OPTED_OUT, Side.Dotdigital, Reason.ConflictLastModifiedWins, true),
  oowDyn: make(OPTED_OUT, Side.Dynamics, Reason.ConflictOptOutWins, true),
  oowDd: make(OPTED_OUT, Side.Dotdigital, Reason.ConflictOptOutWins, true),
} as const;

const fromDynamics = (v: PrefValue, first: boolean): Decision =>
  v === OPTED_IN ? (first ? D.firstDynIn : D.dynIn) : first ? D.firstDynOut : D.dynOut;
const fromDotdigital = (v: PrefValue, first: boolean): Decision =>
  v === OPTED_IN ? (first ? D.firstDdIn : D.ddIn) : first ? D.firstDdOut : D.ddOut;

/**
 * The three-way merge of DESIGN.md §4 for one (email, preference) pair where the Dynamics value `c`
 * and the Dotdigital value `d` differ (rule 1, c = d, needs no decision). `cTime`/`dTime` are
 * clock-corrected epoch ms (NaN when unknown, which loses to any known time).
 *
 * - rule 2: c ≠ b, d = b → Dynamics' value, "Changed in Dynamics".
 * - rule 3: d ≠ b, c = b → Dotdigital's value, "Changed in Dotdigital".
 * - rule 4: both changed, or no base yet and both hold a value → the account's policy. Last modified
 *   wins compares the corrected times, an exact tie goes to opt-out; opt-out wins picks opt-out.
 * - A side that holds no value (absent) can't be written as "absent", so it receives the other side's
 *   value: "First sync" when the pair was never agreed or that side lost the agreed value.
 */
export function decide(c: PrefValue, d: PrefValue, b: PrefValue, cTime: number, dTime: number, policy: ConflictPolicyName): Decision {
  if (c === ABSENT) return fromDotdigital(d, b === ABSENT || d === b);
  if (d === ABSENT) return fromDynamics(c, b === ABSENT || c === b);
  if (d === b) return fromDynamics(c, false);
  if (c === b) return fromDotdigital(d, false);
  if (policy === "Opt-out wins") return c === OPTED_OUT ? D.oowDyn : D.oowDd;
  const ct = Number.isNaN(cTime) ? -Infinity : cTime;
  const dt = Number.isNaN(dTime) ? -Infinity : dTime;
  if (ct > dt) return c === OPTED_IN ? D.lmwDynIn : D.lmwDynOut;
  if (dt > ct) return d === OPTED_IN ? D.lmwDdIn : D.lmwDdOut;
  return c === OPTED_OUT ? D.lmwDynOut : D.lmwDdOut;
}
