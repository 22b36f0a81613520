import { PrefValue } from "../domain/preference-value";
import { decide, Reason, Side } from "./decide";

const { Absent: _, OptedIn: IN, OptedOut: OUT } = PrefValue;
const NONE = PrefValue.Absent;

describe("decide: the three-way merge of one (email, preference) pair whose sides differ", () => {
  it.each([
    ["changed in Dynamics (c ≠ b, d = b)", IN, OUT, OUT, 1, 9, "Last modified wins", IN, Side.Dynamics, Reason.ChangedInDynamics],
    ["changed in Dotdigital (d ≠ b, c = b), even when Dynamics' row is newer", OUT, IN, OUT, 9, 1, "Last modified wins", IN, Side.Dotdigital, Reason.ChangedInDotdigital],
    ["no base, both hold a value, Dotdigital newer", OUT, IN, NONE, 1, 2, "Last modified wins", IN, Side.Dotdigital, Reason.ConflictLastModifiedWins],
    ["no base, exact tie → opt-out (Dynamics holds it)", OUT, IN, NONE, 5, 5, "Last modified wins", OUT, Side.Dynamics, Reason.ConflictLastModifiedWins],
    ["no base, exact tie → opt-out (Dotdigital holds it)", IN, OUT, NONE, 5, 5, "Last modified wins", OUT, Side.Dotdigital, Reason.ConflictLastModifiedWins],
    ["an unknown change time loses to a known one", IN, OUT, NONE, NaN, 1, "Last modified wins", OUT, Side.Dotdigital, Reason.ConflictLastModifiedWins],
    ["opt-out wins, whoever changed last", IN, OUT, NONE, 9, 1, "Opt-out wins", OUT, Side.Dotdigital, Reason.ConflictOptOutWins],
    ["Dotdigital has no value yet → it receives Dynamics' (first sync)", IN, NONE, NONE, 1, NaN, "Last modified wins", IN, Side.Dynamics, Reason.FirstSync],
    ["Dynamics has no value yet → it receives Dotdigital's (first sync)", NONE, OUT, NONE, NaN, 1, "Opt-out wins", OUT, Side.Dotdigital, Reason.FirstSync],
    ["Dotdigital lost the agreed value → restored from Dynamics (first sync)", IN, NONE, IN, 1, NaN, "Last modified wins", IN, Side.Dynamics, Reason.FirstSync],
    ["Dynamics changed and Dotdigital lost the value → Dynamics' change", OUT, NONE, IN, 1, NaN, "Last modified wins", OUT, Side.Dynamics, Reason.ChangedInDynamics],
  ] as const)("%s", (_name, c, d, b, cTime, dTime, policy, value, from, reason) => {
    expect(decide(c, d, b, cTime, dTime, policy)).toMatchObject({ value, from, reason });
  });
});
