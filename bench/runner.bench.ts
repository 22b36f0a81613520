// The sync runner against both stand-ins over real HTTP: API calls per side and wall time for a first
// run, a run with 1% changes and a run with no changes, beside the fewest calls the APIs allow
// (DESIGN.md §5) and a naive baseline (one read and one write per contact and preference), and the
// service's peak memory. The stand-ins run in a child process (bench/support/standins.ts), so the
// memory measured is the sync service's alone.
// Size with MPS_BENCH_PEOPLE (default 100000) and MPS_BENCH_PREFS (default 10);
// MPS_BENCH_VERBOSE=1 prints the runner's stages and Dataverse's request counts per route.
import { fork } from "node:child_process";
import { join } from "node:path";
import { compose, runSync, type RunOutcome } from "@mps/sync-core";
import type { Command, Seeded } from "./support/standins";

const PEOPLE = Number(process.env["MPS_BENCH_PEOPLE"] ?? 100_000);
const PREFS = Number(process.env["MPS_BENCH_PREFS"] ?? 10);
const VERBOSE = process.env["MPS_BENCH_VERBOSE"] !== undefined;

interface Fewest {
  readonly dataverse: number;
  readonly dotdigital: number;
}

/** DESIGN.md §5, "The fewest calls a run can make", computed from the same run's data. */
function fewestCalls(a: { feedRowsPerPref: readonly number[]; suppressions: number; putContacts: number; creates: number; changedRows: number; eligibilityRows: number; dvWrites: number }): Fewest {
  const dotdigital = 1 + a.feedRowsPerPref.reduce((n, rows) => n + Math.max(1, Math.ceil(rows / 1000)), 0) + Math.max(1, Math.ceil(a.suppressions / 1000)) + a.putContacts + a.creates;
  const dataverse = Math.max(1, Math.ceil(a.changedRows / 5000)) + Math.max(1, Math.ceil(a.eligibilityRows / 5000)) + Math.ceil(a.dvWrites / 1000) + 2;
  return { dataverse, dotdigital };
}

async function main(): Promise<void> {
  // The stand-ins hold a million rows: they get their own process and none of the service's heap settings.
  const child = fork(join(__dirname, "support/standins.ts"), [], { execArgv: ["--import", "tsx"], stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "" } });
  const ask = <T>(command: Command) =>
    new Promise<T>((resolve) => {
      child.once("message", (m) => resolve(m as T));
      child.send(command);
    });

  const t0 = Date.now();
  const seeded = await ask<Seeded>({ cmd: "seed", people: PEOPLE, prefs: PREFS });
  console.log(`seeded ${PEOPLE} contacts × ${PREFS} preferences in ${((Date.now() - t0) / 1000).toFixed(1)} s (stand-ins in a child process)`);

  const composition = compose({ MPS_DATAVERSE_URL: seeded.dataverseUrl, MPS_DATAVERSE_TOKEN: seeded.token, MPS_SECRET_BENCH: "bench" });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  const results: { label: string; outcome: RunOutcome; seconds: number; fewest: Fewest }[] = [];
  const run = async (label: string, fewest: Fewest) => {
    // Scheduled runs are minutes apart; six seconds lets Dataverse's whole-second stamps of the
    // previous moment settle (the runner re-reads a second that may still be filling).
    await new Promise((r) => setTimeout(r, 6_000));
    const started = Date.now();
    const progress = VERBOSE ? { stage: (name: string, detail?: string) => (void (globalThis as { gc?: () => void }).gc?.(), console.log(`${label} [${((Date.now() - started) / 1000).toFixed(1)}s, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB] ${name} ${detail ?? ""}`)) } : undefined;
    const log = VERBOSE ? { info: (m: string, f?: Record<string, unknown>) => console.log(label, m, JSON.stringify(f)), warn: (m: string, f?: Record<string, unknown>) => console.log(label, m, JSON.stringify(f)) } : undefined;
    const outcome = await runSync({ account: { id: seeded.accountId }, trigger: "Command line", dryRun: false, correlationId: label }, composition.deps(log, progress));
    const seconds = (Date.now() - started) / 1000;
    if (outcome.result !== "Succeeded") console.log(`${label}: ${outcome.result}\n${outcome.summary.slice(0, 2000)}`);
    results.push({ label, outcome, seconds, fewest });
  };

  await run(
    "first run",
    fewestCalls({ feedRowsPerPref: seeded.feedRowsPerPref, suppressions: 0, putContacts: 0, creates: 0, changedRows: 0, eligibilityRows: PEOPLE, dvWrites: PEOPLE * PREFS + PEOPLE + seeded.optIns }),
  );
  const changed = await ask<{ dynamics: number; dotdigital: number }>({ cmd: "change", fraction: 0.01 });
  await run(
    "1% changed",
    fewestCalls({
      feedRowsPerPref: Array.from({ length: PREFS }, (_, p) => (p === 2 % PREFS ? changed.dotdigital : 0)),
      suppressions: 0,
      putContacts: changed.dynamics,
      creates: 0,
      changedRows: changed.dynamics,
      eligibilityRows: 0,
      // each change: the subscription row and its audit row
      dvWrites: 2 * (changed.dynamics + changed.dotdigital),
    }),
  );
  await run("no changes", fewestCalls({ feedRowsPerPref: Array.from({ length: PREFS }, () => 0), suppressions: 0, putContacts: 0, creates: 0, changedRows: 0, eligibilityRows: 0, dvWrites: 0 }));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  child.send({ cmd: "close" });

  const naive = 2 * 2 * PEOPLE * PREFS; // a read and a write per contact and preference, on each side
  console.log(`\nrunner bench: ${PEOPLE} contacts × ${PREFS} preferences, stand-ins over loopback HTTP`);
  console.log("run        | result    | wall s | Dataverse (fewest) | Dotdigital (fewest) | total ÷ fewest | naive ÷ ours");
  for (const r of results) {
    const c = r.outcome.counters;
    const ours = c.dataverseCalls + c.dotdigitalCalls;
    console.log(
      [
        r.label.padEnd(10),
        r.outcome.result.padEnd(9),
        r.seconds.toFixed(1).padStart(6),
        `${c.dataverseCalls} (${r.fewest.dataverse})`.padStart(18),
        `${c.dotdigitalCalls} (${r.fewest.dotdigital})`.padStart(19),
        `${(ours / (r.fewest.dataverse + r.fewest.dotdigital)).toFixed(2)}×`.padStart(14),
        `${(naive / ours).toFixed(0)}×`.padStart(12),
      ].join(" | "),
    );
  }
  console.log(`naive baseline: ${naive} calls per run`);
  console.log(`peak RSS of the sync service (bench process, stand-ins excluded): ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  console.log(`targets: no-change run ≤ ${PREFS + 5} Dotdigital and ≤ 10 Dataverse calls; incremental within 1.1× of fewest; ≥ 50× fewer than naive; peak ≤ 512 MB`);
}

void main();
