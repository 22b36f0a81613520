import fc from "fast-check";
import { subscriptionKey } from "../domain/dynamics-record";
import { PrefValue } from "../domain/preference-value";
import { RowState } from "../domain/sync-state";
import { reconcile } from "./reconcile";
import { keyOf, PREFERENCES, runInput } from "./testing/arbitraries";
import { applyPlan, writeCount } from "./testing/simulated-sides";
import { T0 } from "./testing/scenario";
import type { DynamicsRecordInput, ReconcileInput, ReconcilePlan } from "./types";

const NUM_RUNS = 10_000;
const AT = { dotdigitalNow: T0 + 3_600_000, dynamicsNow: T0 + 3_600_000 };

/** The eligible records with a valid address, grouped by person. */
function people(input: ReconcileInput): Map<string, { suppressed: boolean; d: (p: number) => number; records: DynamicsRecordInput[] }> {
  const byEmail = new Map<string, { suppressed: boolean; d: (p: number) => number; records: DynamicsRecordInput[] }>();
  for (const r of input.records) {
    if (!r.eligible || keyOf(r.email).startsWith("invalid:")) continue;
    const k = keyOf(r.email);
    if (!byEmail.has(k)) {
      const c = input.contacts.find((x) => keyOf(x.email) === k);
      const exists = c !== undefined && c.status.exists;
      byEmail.set(k, { suppressed: c !== undefined && c.status.exists && c.status.suppressed, d: (p) => (exists ? c.values[p]! : PrefValue.Absent), records: [] });
    }
    byEmail.get(k)!.records.push(r);
  }
  return byEmail;
}

const recordId = (r: { table: string; id: string }): string => `${r.table}|${r.id}`;

describe("reconcile properties (fast-check, 10 000 runs each)", () => {
  it("(a) convergence: after applying the plan, both sides hold the same value for every eligible, unsuppressed person", () => {
    fc.assert(
      fc.property(runInput(), (input) => {
        const after = applyPlan(input, reconcile(input), AT);
        for (const person of people(after).values()) {
          if (person.suppressed) continue;
          for (const r of person.records) {
            for (let p = 0; p < PREFERENCES.length; p++) {
              if (r.values[p] !== person.d(p)) return false;
              if (r.state[p] !== RowState.Synced) return false;
            }
          }
        }
        return true;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(b) idempotence: reconciling the result again plans zero writes (rule 8)", () => {
    fc.assert(
      fc.property(runInput(), (input) => {
        const after = applyPlan(input, reconcile(input), AT);
        const again = reconcile(after);
        return writeCount(again) === 0 && again.counters.conflicts === 0;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rule 8: a run that died after its Dotdigital writes converges on rerun without writing Dotdigital again", () => {
    fc.assert(
      fc.property(runInput(), (input) => {
        const plan = reconcile(input);
        const sideEffectsOnly: ReconcilePlan = { ...plan, dynamicsWrites: [], baseUpdates: [], syncedRecordUpdates: [], audit: [] };
        const crashed = applyPlan(input, sideEffectsOnly, AT);
        const rerun = reconcile(crashed);
        if (rerun.dotdigitalWrites.length !== 0 || rerun.contactCreations.length !== 0) return false;
        const after = applyPlan(crashed, rerun, { dotdigitalNow: AT.dotdigitalNow + 60_000, dynamicsNow: AT.dynamicsNow + 60_000 });
        return writeCount(reconcile(after)) === 0;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(c) no lost opt-out: an opt-out that is the latest change on either side is the value both sides end with", () => {
    fc.assert(
      fc.property(runInput("acc-A", { moves: false, sharedBase: true }), (input) => {
        const after = applyPlan(input, reconcile(input), AT);
        const afterPeople = people(after);
        for (const [email, person] of people(input)) {
          if (person.suppressed) continue;
          for (let p = 0; p < PREFERENCES.length; p++) {
            // The shared base of the address (records without a row have none).
            const withRow = person.records.filter((r) => r.state[p] !== RowState.NoRow);
            const b = withRow.length > 0 ? (withRow[0]!.base[p] as PrefValue) : PrefValue.Absent;
            const changes: { v: number; t: number }[] = [];
            const d = person.d(p);
            const contact = input.contacts.find((c) => keyOf(c.email) === email);
            if (d !== PrefValue.Absent && d !== b) changes.push({ v: d, t: (contact!.changedOn[p] ?? NaN) + input.clock.dotdigitalMs });
            for (const r of person.records) {
              const c = r.values[p]!;
              if (c !== PrefValue.Absent && c !== r.base[p]) changes.push({ v: c, t: r.changedOn[p]! + input.clock.dynamicsMs });
            }
            const known = changes.filter((c) => !Number.isNaN(c.t));
            if (known.length === 0 || known.length !== changes.length) continue;
            const latest = Math.max(...known.map((c) => c.t));
            const optOutIsLatest = known.some((c) => c.t === latest && c.v === PrefValue.OptedOut);
            if (!optOutIsLatest) continue;
            const final = afterPeople.get(email)!;
            if (final.d(p) !== PrefValue.OptedOut) return false;
            if (final.records.some((r) => r.values[p] !== PrefValue.OptedOut)) return false;
          }
        }
        return true;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(d) isolation: a run for account A writes only A's rows and B's run only B's, even when both share addresses and records", () => {
    const keysOf = (plan: ReconcilePlan): string[] => [
      ...plan.dynamicsWrites.flatMap((w) => w.rows.map((r) => r.key)),
      ...plan.baseUpdates.flatMap((w) => w.rows.map((r) => r.key)),
      ...plan.audit.flatMap((e) => (e.subscriptionKey === null ? [] : [e.subscriptionKey])),
    ];
    fc.assert(
      fc.property(runInput("acc-A"), runInput("acc-B"), (a, b) => {
        // The runner's store of subscription rows keyed by mps_key, holding both accounts. Each run's
        // input is built from its own account's rows only: reconcile takes one account, never two.
        const store = new Map<string, number>();
        for (const input of [a, b]) {
          for (const r of input.records) input.preferences.forEach((pref, p) => store.set(subscriptionKey(input.account.id, pref.id, r.record), r.values[p]!));
        }
        const before = new Map(store);
        const planA = reconcile(a);
        if (planA.accountId !== "acc-A" || !keysOf(planA).every((k) => k.startsWith("acc-A|"))) return false;
        for (const w of planA.dynamicsWrites) for (const row of w.rows) store.set(row.key, row.optedIn ? 1 : 2);
        for (const [k, v] of before) if (k.startsWith("acc-B|") && store.get(k) !== v) return false;
        const planB = reconcile(b);
        return planB.accountId === "acc-B" && keysOf(planB).every((k) => k.startsWith("acc-B|"));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(e) suppressed addresses and ineligible records get no writes at all (suppressed rows only show their state)", () => {
    fc.assert(
      fc.property(runInput(), (input) => {
        const plan = reconcile(input);
        const suppressed = new Set(input.contacts.filter((c) => c.status.exists && c.status.suppressed).map((c) => keyOf(c.email)));
        const ineligible = new Set(input.records.filter((r) => !r.eligible).map((r) => recordId(r.record)));
        const suppressedRecords = new Map(
          input.records.filter((r) => r.eligible && suppressed.has(keyOf(r.email))).map((r) => [recordId(r.record), r] as const),
        );
        if (plan.contactCreations.some((c) => suppressed.has(c.email))) return false;
        if (plan.dotdigitalWrites.some((w) => suppressed.has(w.email))) return false;
        if (plan.audit.some((e) => suppressed.has(e.email) || (e.record !== null && ineligible.has(recordId(e.record))))) return false;
        for (const w of plan.dynamicsWrites) if (ineligible.has(recordId(w.record)) || suppressedRecords.has(recordId(w.record))) return false;
        for (const w of plan.baseUpdates) {
          if (ineligible.has(recordId(w.record))) return false;
          const r = suppressedRecords.get(recordId(w.record));
          if (r === undefined) continue;
          for (const row of w.rows) {
            const p = PREFERENCES.findIndex((x) => x.id === row.preferenceId);
            const unchangedBase = (row.base === null ? PrefValue.Absent : row.base === "Opted in" ? PrefValue.OptedIn : PrefValue.OptedOut) === r.base[p];
            if (!unchangedBase || row.state !== "Skipped: suppressed") return false;
          }
        }
        if (plan.syncedRecordUpdates.some((u) => ineligible.has(recordId(u.record)) || suppressedRecords.has(recordId(u.record)))) return false;
        return true;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rule 9: every Dotdigital write goes to a contact that exists or is created first, with opt-in type Unknown", () => {
    fc.assert(
      fc.property(runInput(), (input) => {
        const plan = reconcile(input);
        const existing = new Set(input.contacts.filter((c) => c.status.exists).map((c) => keyOf(c.email)));
        const created = new Set(plan.contactCreations.map((c) => c.email));
        return (
          plan.contactCreations.every((c) => !existing.has(c.email) && c.optInType === "Unknown") &&
          plan.dotdigitalWrites.every((w) => existing.has(w.email) || created.has(w.email)) &&
          // Every value written is audited, and the counters match the writes.
          plan.counters.pushed === plan.dotdigitalWrites.reduce((n, w) => n + w.changes.length, 0) &&
          plan.counters.pushed === plan.audit.filter((e) => e.direction === "To Dotdigital").length &&
          plan.counters.pulled === plan.audit.filter((e) => e.direction === "To Dynamics").length &&
          plan.counters.pulled <= plan.dynamicsWrites.reduce((n, w) => n + w.rows.length, 0)
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
