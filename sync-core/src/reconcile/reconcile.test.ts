import { RowState } from "../domain/sync-state";
import { reconcile } from "./reconcile";
import { applyPlan, writeCount } from "./testing/simulated-sides";
import { EMAIL, minutes, PREF, scenario, type ContactSpec, type RecordSpec, type V } from "./testing/scenario";
import type { ReconcilePlan } from "./types";
import type { ConflictPolicyName, EmailChangePolicyName } from "../domain/email-account";
import type { ClockOffsets } from "./types";

/** What a plan does to values, in the words of the rules. */
function valueEffects(plan: ReconcilePlan) {
  const toDotdigital = plan.dotdigitalWrites.flatMap((w) => w.changes.map((c) => `${w.email}:${c.optedIn ? "in" : "out"}`));
  const toDynamics = plan.dynamicsWrites.flatMap((w) => w.rows.map((r) => `${w.record.id}:${r.base === "Opted in" ? "in" : r.base === "Opted out" ? "out" : "none"}`));
  const reasons = [...new Set(plan.audit.map((a) => `${a.direction}: ${a.reason}`))];
  return { toDotdigital, toDynamics, reasons };
}

interface Case {
  readonly name: string;
  readonly dotdigital: ContactSpec | null;
  readonly dynamics: readonly RecordSpec[];
  readonly policy?: ConflictPolicyName;
  readonly emailPolicy?: EmailChangePolicyName;
  readonly clock?: Partial<ClockOffsets>;
  readonly toDotdigital?: readonly V[];
  readonly toDynamics?: readonly string[];
  readonly reasons?: readonly string[];
  readonly conflicts?: number;
}

const rec = (value: V, base: V, at = minutes(0), extra: Partial<RecordSpec> = {}): RecordSpec => ({ value, base, at, ...extra });

const cases: readonly Case[] = [
  // Rule 1
  { name: "rule 1: both sides agree with the base → nothing to write", dotdigital: { value: "in" }, dynamics: [rec("in", "in")] },
  // Rule 2
  {
    name: "rule 2: changed in Dynamics only → written to Dotdigital, audited 'Changed in Dynamics'",
    dotdigital: { value: "in", at: minutes(0) },
    dynamics: [rec("out", "in", minutes(5))],
    toDotdigital: ["out"],
    reasons: ["To Dotdigital: Changed in Dynamics"],
  },
  // Rule 3
  {
    name: "rule 3: changed in Dotdigital only → written to Dynamics, audited 'Changed in Dotdigital'",
    dotdigital: { value: "in", at: minutes(5) },
    dynamics: [rec("out", "out", minutes(0))],
    toDynamics: ["rec-0:in"],
    reasons: ["To Dynamics: Changed in Dotdigital"],
  },
  // Rule 4
  {
    name: "rule 4: both changed, Dynamics later → Dynamics wins, audited 'Conflict: last modified wins'",
    dotdigital: { value: "out", at: minutes(5) },
    dynamics: [rec("in", null, minutes(9), { base: null, row: true })],
    toDotdigital: ["in"],
    reasons: ["To Dotdigital: Conflict: last modified wins"],
    conflicts: 1,
  },
  {
    name: "rule 4: no base yet, both hold a value, Dotdigital later → Dotdigital wins on every record (a new Lead too)",
    dotdigital: { value: "in", at: minutes(9) },
    dynamics: [rec("out", null, minutes(5), { row: true }), { id: "rec-x", table: "lead", row: false }],
    toDynamics: ["rec-0:in", "rec-x:in"],
    reasons: ["To Dynamics: Conflict: last modified wins"],
    conflicts: 1,
  },
  {
    name: "rule 4: clock correction decides: Dotdigital's clock runs 10 minutes fast, so its later stamp is really earlier",
    dotdigital: { value: "out", at: minutes(14) },
    dynamics: [rec("in", null, minutes(9), { row: true })],
    clock: { dotdigitalMs: -10 * 60_000 },
    toDotdigital: ["in"],
    reasons: ["To Dotdigital: Conflict: last modified wins"],
    conflicts: 1,
  },
  {
    name: "rule 4: an exact tie after correction goes to opt-out",
    dotdigital: { value: "out", at: minutes(12) },
    dynamics: [rec("in", null, minutes(9), { row: true })],
    clock: { dotdigitalMs: -3 * 60_000 },
    toDynamics: ["rec-0:out"],
    reasons: ["To Dynamics: Conflict: last modified wins"],
    conflicts: 1,
  },
  {
    name: "rule 4: records disagree on the base (a run died half way) → no common base, so a conflict by policy",
    dotdigital: { value: "in", at: minutes(2) },
    dynamics: [rec("out", "in", minutes(5)), rec("out", "out", minutes(1), { id: "rec-x", table: "lead" })],
    toDotdigital: ["out"],
    reasons: ["To Dotdigital: Conflict: last modified wins"],
    conflicts: 1,
  },
  {
    name: "rule 4: policy opt-out wins → the opt-out wins even when the opt-in is newer",
    policy: "Opt-out wins",
    dotdigital: { value: "in", at: minutes(30) },
    dynamics: [rec("out", null, minutes(1), { row: true })],
    toDotdigital: ["out"],
    reasons: ["To Dotdigital: Conflict: opt-out wins"],
    conflicts: 1,
  },
  {
    name: "first sync: a new eligible record takes Dotdigital's opt-in, audited 'First sync'",
    dotdigital: { value: "in", at: minutes(3) },
    dynamics: [{ value: null, base: null }],
    toDynamics: ["rec-0:in"],
    reasons: ["To Dynamics: First sync"],
  },
  {
    name: "first sync: an opt-in set on a record Dotdigital has no value for is pushed, audited 'First sync'",
    dotdigital: { value: null },
    dynamics: [rec("in", null, minutes(3), { row: true })],
    toDotdigital: ["in"],
    reasons: ["To Dotdigital: First sync"],
  },
  // Rule 5
  {
    name: "rule 5: a Contact and a Lead share an email: the most recent change (the Lead's) wins and every record holds it",
    dotdigital: { value: "in", at: minutes(0) },
    dynamics: [rec("in", "in", minutes(1), { id: "c1" }), rec("out", "in", minutes(7), { id: "l1", table: "lead" }), rec("in", "in", minutes(2), { id: "a1", table: "account" })],
    toDotdigital: ["out"],
    toDynamics: ["c1:out", "a1:out"],
    reasons: ["To Dotdigital: Changed in Dynamics", "To Dynamics: Changed in Dynamics"],
  },
  {
    name: "rule 5: a record the sync merely touched later does not outvote a person's change on another record",
    dotdigital: { value: "in", at: minutes(0) },
    dynamics: [rec("out", "in", minutes(3), { id: "c1" }), rec("in", "in", minutes(50), { id: "l1", table: "lead" })],
    toDotdigital: ["out"],
    toDynamics: ["l1:out"],
    reasons: ["To Dotdigital: Changed in Dynamics", "To Dynamics: Changed in Dynamics"],
  },
  {
    name: "rule 5: two records changed differently at the same instant → opt-out",
    dotdigital: { value: "in", at: minutes(0) },
    dynamics: [rec("out", null, minutes(3), { id: "c1", row: true }), rec("in", null, minutes(3), { id: "l1", table: "lead", row: true })],
    toDynamics: ["l1:out"],
    toDotdigital: ["out"],
    reasons: ["To Dotdigital: Conflict: last modified wins", "To Dynamics: Conflict: last modified wins"],
    conflicts: 1,
  },
  // Rule 7
  {
    name: "rule 7, keep with record: a record's opt-in moves with it to its new address, audited 'Email change'",
    dotdigital: { email: "new@example.com", value: null },
    dynamics: [rec("in", "in", minutes(0), { email: "new@example.com", syncedEmail: EMAIL })],
    toDotdigital: ["in"],
    reasons: ["To Dotdigital: Email change"],
  },
  {
    name: "rule 7, drop: the record's preferences are lost and it takes the new address's values, audited 'Email change'",
    emailPolicy: "Drop",
    dotdigital: { email: "new@example.com", value: "out", at: minutes(0) },
    dynamics: [rec("in", "in", minutes(9), { email: "new@example.com", syncedEmail: EMAIL })],
    toDynamics: ["rec-0:out"],
    reasons: ["To Dynamics: Email change"],
  },
  // Rule 9
  {
    name: "rule 9: an eligible record's opt-in for an address Dotdigital does not know → contact created, then written",
    dotdigital: null,
    dynamics: [rec("in", null, minutes(1), { row: true })],
    toDotdigital: ["in"],
    reasons: ["To Dotdigital: First sync"],
  },
];

describe("reconcile: DESIGN.md §4 rules", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = scenario({
      account: { conflictPolicy: c.policy ?? "Last modified wins", emailChangePolicy: c.emailPolicy ?? "Keep with record" },
      ...(c.clock === undefined ? {} : { clock: c.clock }),
      dotdigital: c.dotdigital,
      dynamics: c.dynamics,
    });
    const plan = reconcile(input);
    const effects = valueEffects(plan);
    const email = c.dotdigital?.email ?? EMAIL;
    expect(effects.toDotdigital).toEqual((c.toDotdigital ?? []).map((v) => `${email}:${v}`));
    expect(effects.toDynamics.sort()).toEqual([...(c.toDynamics ?? [])].sort());
    expect(effects.reasons.sort()).toEqual([...(c.reasons ?? [])].sort());
    expect(plan.counters.conflicts).toBe(c.conflicts ?? 0);
    expect(plan.counters.pushed).toBe(c.toDotdigital?.length ?? 0);
    expect(plan.counters.pulled).toBe(c.toDynamics?.length ?? 0);

    // Rule 8: after applying the plan, a second run has nothing left to write.
    const after = applyPlan(input, plan, { dotdigitalNow: minutes(60), dynamicsNow: minutes(60) });
    expect(writeCount(reconcile(after))).toBe(0);
  });
});

describe("reconcile: details a runner relies on", () => {
  it("rule 1: both sides agree but the base is stale → only the base is recorded, nothing is audited", () => {
    const plan = reconcile(scenario({ dotdigital: { value: "out" }, dynamics: [{ value: "out", base: "in" }] }));
    expect(plan.dotdigitalWrites).toEqual([]);
    expect(plan.dynamicsWrites).toEqual([]);
    expect(plan.audit).toEqual([]);
    expect(plan.baseUpdates).toEqual([
      { record: { table: "contact", id: "rec-0" }, rows: [expect.objectContaining({ key: "acc-1|101|contact|rec-0", base: "Opted out", state: "Synced" })] },
    ]);
  });

  it("the audit entry carries old value, new value, direction, reason and when the winning side changed it (clock-corrected)", () => {
    const plan = reconcile(
      scenario({ clock: { dotdigitalMs: 1000 }, dotdigital: { value: "in", at: minutes(5) }, dynamics: [{ value: "out", base: "out", at: minutes(0) }] }),
    );
    expect(plan.audit).toEqual([
      {
        email: EMAIL,
        preferenceId: PREF.id,
        record: { table: "contact", id: "rec-0" },
        subscriptionKey: "acc-1|101|contact|rec-0",
        oldValue: "Opted out",
        newValue: "Opted in",
        direction: "To Dynamics",
        reason: "Changed in Dotdigital",
        changedOn: minutes(5) + 1000,
      },
    ]);
    expect(plan.dynamicsWrites[0]?.rows[0]).toMatchObject({ optedIn: true, lastChangeSource: "Dotdigital", state: "Synced", isNew: false });
  });

  it("rule 6: a suppressed contact gets no writes either way; its rows show 'Skipped: suppressed'", () => {
    const plan = reconcile(
      scenario({
        dotdigital: { value: "in", at: minutes(9), status: { exists: true, suppressed: true, reason: "HardBounced" } },
        dynamics: [{ value: "out", base: "out" }, { id: "l1", table: "lead", row: false }],
      }),
    );
    expect(plan.dotdigitalWrites).toEqual([]);
    expect(plan.contactCreations).toEqual([]);
    expect(plan.dynamicsWrites).toEqual([]);
    expect(plan.audit).toEqual([]);
    expect(plan.baseUpdates).toEqual([{ record: { table: "contact", id: "rec-0" }, rows: [expect.objectContaining({ base: "Opted out", state: "Skipped: suppressed" })] }]);
    expect(plan.baseUpdates[0]?.rows[0]?.message).toContain("HardBounced");
    expect(plan.skips.map((s) => s.reason)).toEqual(["Skipped: suppressed", "Skipped: suppressed"]);
    expect(plan.counters.skippedSuppressed).toBe(1);
  });

  it("rule 6: after a confirmed re-subscription the next run syncs the person again", () => {
    const plan = reconcile(scenario({ dotdigital: { value: "in", at: minutes(9) }, dynamics: [{ value: "out", base: "out", state: RowState.SkippedSuppressed }] }));
    expect(valueEffects(plan).toDynamics).toEqual(["rec-0:in"]);
  });

  it("rule 6: a record never in an email-activated list is skipped 'not eligible' with no writes", () => {
    const plan = reconcile(scenario({ dotdigital: { value: "in", at: minutes(9) }, dynamics: [{ eligible: false, row: false }] }));
    expect(writeCount(plan)).toBe(0);
    expect(plan.skips).toEqual([expect.objectContaining({ reason: "Skipped: not eligible", record: { table: "contact", id: "rec-0" } })]);
    expect(plan.counters.skippedIneligible).toBe(1);
  });

  it("an eligible record with no rows gets one Status No row per active preference, even when no one chose anything", () => {
    const plan = reconcile(scenario({ dotdigital: null, dynamics: [{ row: false }] }));
    expect(plan.dynamicsWrites).toEqual([
      { record: { table: "contact", id: "rec-0" }, rows: [expect.objectContaining({ isNew: true, optedIn: false, base: null, state: "Synced", emailAddress: EMAIL })] },
    ]);
    expect(plan.contactCreations).toEqual([]);
    expect(plan.audit).toEqual([]);
  });

  it("rule 9: a contact is created with opt-in type Unknown only when there is something to write", () => {
    const plan = reconcile(scenario({ dotdigital: null, dynamics: [{ value: "out", base: null, row: true }] }));
    expect(plan.contactCreations).toEqual([{ email: EMAIL, optInType: "Unknown" }]);
    expect(plan.dotdigitalWrites).toEqual([{ email: EMAIL, changes: [{ preferenceId: PREF.id, categoryId: PREF.categoryId, optedIn: false }] }]);
  });

  it("rule 7: a moved record's rows are re-addressed and its synced address updated", () => {
    const plan = reconcile(scenario({ dotdigital: { email: "new@example.com", value: "in" }, dynamics: [{ value: "in", base: "in", email: "New@Example.com", syncedEmail: EMAIL }] }));
    expect(plan.baseUpdates[0]?.rows[0]).toMatchObject({ emailAddress: "new@example.com", base: "Opted in" });
    expect(plan.syncedRecordUpdates).toEqual([{ record: { table: "contact", id: "rec-0" }, syncedEmail: "new@example.com" }]);
  });

  it("bad data becomes a 'Failed' skip, never an exception: an invalid address and arrays of the wrong length", () => {
    const input = scenario({ dotdigital: { email: "not an email", value: "in" }, dynamics: [{ email: "jane@@x", value: "in", base: "in" }] });
    const broken = { ...input, records: [...input.records, { ...input.records[0]!, record: { table: "lead" as const, id: "l9" }, email: EMAIL, values: new Uint8Array(3) }] };
    const plan = reconcile(broken);
    expect(plan.skips.map((s) => s.reason)).toEqual(["Failed", "Failed", "Failed"]);
    expect(plan.skips[2]?.message).toContain("record values has 3 entries but the run has 1 preferences");
    expect(plan.counters.failed).toBe(3);
    expect(writeCount(plan)).toBe(0);
  });

  it("an address only Dotdigital knows is left alone: the sync never creates Dynamics records", () => {
    const plan = reconcile(scenario({ dotdigital: { value: "in" }, dynamics: [] }));
    expect(writeCount(plan)).toBe(0);
    expect(plan.skips).toEqual([expect.objectContaining({ reason: "Not in Dynamics", email: EMAIL })]);
  });

  it("every key the plan writes belongs to the run's Email Account", () => {
    const plan = reconcile(scenario({ account: { id: "acc-7" }, dotdigital: { value: "in", at: minutes(5) }, dynamics: [{ value: "out", base: "out" }] }));
    expect(plan.accountId).toBe("acc-7");
    expect(plan.dynamicsWrites.flatMap((w) => w.rows.map((r) => r.key))).toEqual(["acc-7|101|contact|rec-0"]);
  });
});

describe("reconcile: several preferences", () => {
  it("sends one PUT per contact carrying all its changed preferences, each with its category", () => {
    const input = scenario({ dotdigital: { value: "in" }, dynamics: [{ value: "in", base: "in" }] });
    const three = [PREF, { id: 102, categoryId: 7 }, { id: 300, categoryId: 0 }];
    const contact = input.contacts[0]!;
    const rec = input.records[0]!;
    const plan = reconcile({
      ...input,
      preferences: three,
      contacts: [{ ...contact, values: Uint8Array.of(1, 1, 1), changedOn: Float64Array.of(minutes(0), minutes(0), minutes(0)) }],
      records: [{ ...rec, values: Uint8Array.of(2, 1, 2), base: Uint8Array.of(1, 1, 1), state: Uint8Array.of(1, 1, 1), changedOn: Float64Array.of(minutes(5), minutes(0), minutes(5)) }],
    });
    expect(plan.dotdigitalWrites).toEqual([
      {
        email: EMAIL,
        changes: [
          { preferenceId: 101, categoryId: 7, optedIn: false },
          { preferenceId: 300, categoryId: 0, optedIn: false },
        ],
      },
    ]);
    expect(plan.counters.pushed).toBe(2);
  });
});
