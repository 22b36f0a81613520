import { PrefValue } from "../domain/preference-value";
import { RowState } from "../domain/sync-state";
import { createInputBuilder } from "./input-builder";
import { reconcile } from "./reconcile";

const account = { id: "acc-1", conflictPolicy: "Last modified wins", emailChangePolicy: "Keep with record" } as const;
const prefs = [
  { id: 11, categoryId: 1 },
  { id: 20, categoryId: 0 },
];
const T = Date.UTC(2026, 0, 1);

describe("createInputBuilder: a run's input from paged reads, in any order", () => {
  it("puts each value at its preference's position and reads a never-agreed Status No row as absent", () => {
    const b = createInputBuilder(account, prefs, { dotdigitalMs: 0, dynamicsMs: 0 });
    b.dotdigitalValue("Jane@Example.com", 20, true, T);
    b.subscriptionRow({ table: "lead", id: "l1" }, 11, { optedIn: false, syncedValue: PrefValue.Absent, state: RowState.Synced, modifiedOn: T });
    b.subscriptionRow({ table: "lead", id: "l1" }, 20, { optedIn: false, syncedValue: PrefValue.OptedIn, state: RowState.Synced, modifiedOn: T });
    b.record({ table: "lead", id: "l1" }, { email: "jane@example.com", syncedEmail: "jane@example.com", eligible: true });
    const input = b.build();
    expect([...input.contacts[0]!.values]).toEqual([PrefValue.Absent, PrefValue.OptedIn]);
    expect([...input.records[0]!.values]).toEqual([PrefValue.Absent, PrefValue.OptedOut]);
    expect([...input.records[0]!.base]).toEqual([PrefValue.Absent, PrefValue.OptedIn]);
    // Opted in on Dotdigital, opted out in Dynamics since the last agreement (in): Dynamics changed.
    const plan = reconcile(input);
    expect(plan.dotdigitalWrites).toEqual([{ email: "jane@example.com", changes: [{ preferenceId: 20, categoryId: 0, optedIn: false }] }]);
  });

  it("reports a value for a preference the run does not sync as a 'Failed' problem, not an exception", () => {
    const b = createInputBuilder(account, prefs, { dotdigitalMs: 0, dynamicsMs: 0 });
    b.dotdigitalValue("jane@example.com", 999, true, T);
    const plan = reconcile(b.build());
    expect(plan.skips).toEqual([expect.objectContaining({ reason: "Failed", email: "jane@example.com" })]);
    expect(plan.skips[0]?.message).toContain("preference 999 is not an active leaf preference");
    expect(plan.counters.failed).toBe(1);
  });

  it("lets the suppression read override the feed's status", () => {
    const b = createInputBuilder(account, prefs, { dotdigitalMs: 0, dynamicsMs: 0 });
    b.dotdigitalValue("jane@example.com", 11, true, T);
    b.contact("jane@example.com", { exists: true, suppressed: true, reason: "Unsubscribed" });
    b.record({ table: "contact", id: "c1" }, { email: "jane@example.com", syncedEmail: null, eligible: true });
    const plan = reconcile(b.build());
    expect(plan.skips.map((s) => s.reason)).toEqual(["Skipped: suppressed"]);
    expect(plan.dynamicsWrites).toEqual([]);
  });
});
