// The sync runner against both stand-ins over real HTTP: API calls per side and wall time for a first
// run, a run with 1% changes and a run with no changes, beside the fewest calls the APIs allow
// (DESIGN.md §5) and a naive baseline (one read and one write per contact and preference), and the
// service's peak memory. The stand-ins run in a child process (bench/support/standins.ts), so the
// memory measured is the sync service's alone.
// The service runs under the memory policy mpsync gives itself (MPS_MAX_MEMORY_MB, default a 512 MB
// container): this process relaunches itself the way the mpsync entry point does, so "peak RSS with
// default settings" is what a user who sets nothing gets.
// A scale series: MPS_BENCH_SIZES (default 10000,100000), contacts per size, each size with fresh
// stand-ins; MPS_BENCH_PREFS (default 10) preferences; MPS_BENCH_VERBOSE=1 prints the runner's stages.
import { fork, spawnSync } from "node:child_process";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { compose, heapAlreadySized, readMemoryPolicy, runSync, type RunOutcome } from "@mps/sync-core";
import type { Command, Seeded } from "./support/standins";

const SIZES = (process.env["MPS_BENCH_SIZES"] ?? process.env["MPS_BENCH_PEOPLE"] ?? "10000,100000").split(",").map((n) => Number(n.trim()));
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

interface SizeResult {
  readonly people: number;
  readonly runs: { label: string; outcome: RunOutcome; seconds: number; fewest: Fewest }[];
  readonly peakRssMb: number;
  readonly heapLimitMb: number;
}

async function benchSize(PEOPLE: number): Promise<SizeResult> {
  // The stand-ins hold up to ten million rows: they get their own process, room for them, and none
  // of the service's heap settings.
  const child = fork(join(__dirname, "support/standins.ts"), [], { execArgv: ["--import", "tsx", "--max-old-space-size=16384"], stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "" } });
  const ask = <T>(command: Command) =>
    new Promise<T>((resolve) => {
      child.once("message", (m) => resolve(m as T));
      child.send(command);
    });

  const t0 = Date.now();
  const seeded = await ask<Seeded>({ cmd: "seed", people: PEOPLE, prefs: PREFS });
  console.log(`seeded ${PEOPLE} contacts × ${PREFS} preferences in ${((Date.now() - t0) / 1000).toFixed(1)} s (stand-ins in a child process)`);

  const composition = compose({ MPS_DATAVERSE_URL: seeded.dataverseUrl, MPS_DATAVERSE_TOKEN: seeded.token, MPS_SECRET_BENCH: "bench" });
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);

  const results: SizeResult["runs"] = [];
  const run = async (label: string, fewest: Fewest) => {
    // Scheduled runs are minutes apart; six seconds lets Dataverse's whole-second stamps of the
    // previous moment settle (the runner re-reads a second that may still be filling).
    await new Promise((r) => setTimeout(r, 6_000));
    const started = Date.now();
    const progress = VERBOSE ? { stage: (name: string, detail?: string) => console.log(`${label} [${((Date.now() - started) / 1000).toFixed(1)}s, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB] ${name} ${detail ?? ""}`) } : undefined;
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
  child.send({ cmd: "close" });
  await new Promise((r) => child.once("exit", r));
  return { people: PEOPLE, runs: results, peakRssMb: peakRss / 1048576, heapLimitMb: getHeapStatistics().heap_size_limit / 1048576 };
}

function report(r: SizeResult): void {
  const naive = 2 * 2 * r.people * PREFS; // a read and a write per contact and preference, on each side
  console.log(`\nrunner bench: ${r.people} contacts × ${PREFS} preferences, stand-ins over loopback HTTP`);
  console.log("run        | result    | wall s | Dataverse (fewest) | Dotdigital (fewest) | total ÷ fewest | naive ÷ ours");
  for (const run of r.runs) {
    const c = run.outcome.counters;
    const ours = c.dataverseCalls + c.dotdigitalCalls;
    console.log(
      [
        run.label.padEnd(10),
        run.outcome.result.padEnd(9),
        run.seconds.toFixed(1).padStart(6),
        `${c.dataverseCalls} (${run.fewest.dataverse})`.padStart(18),
        `${c.dotdigitalCalls} (${run.fewest.dotdigital})`.padStart(19),
        `${(ours / (run.fewest.dataverse + run.fewest.dotdigital)).toFixed(2)}×`.padStart(14),
        `${(naive / ours).toFixed(0)}×`.padStart(12),
      ].join(" | "),
    );
  }
  console.log(`naive baseline: ${naive} calls per run`);
  console.log(`peak RSS of the sync service (stand-ins excluded, heap limit ${r.heapLimitMb.toFixed(0)} MB): ${r.peakRssMb.toFixed(0)} MB`);
}

async function main(): Promise<void> {
  const all: SizeResult[] = [];
  for (const people of SIZES) {
    const r = await benchSize(people);
    report(r);
    all.push(r);
  }
  const base = all[0]!;
  const perContact = (r: SizeResult) => r.runs[0]!.seconds / r.people;
  console.log("\nscale series (first run, 1% changed, no changes at each size)");
  console.log("contacts  | first run s | ms per contact (× smallest) | 1% changed s | no change s | no-change calls DV/DD | peak RSS MB");
  for (const r of all) {
    const [first, some, none] = r.runs;
    console.log(
      [
        String(r.people).padEnd(9),
        first!.seconds.toFixed(1).padStart(11),
        `${(perContact(r) * 1000).toFixed(3)} (${(perContact(r) / perContact(base)).toFixed(2)}×)`.padStart(27),
        some!.seconds.toFixed(1).padStart(12),
        none!.seconds.toFixed(1).padStart(11),
        `${none!.outcome.counters.dataverseCalls}/${none!.outcome.counters.dotdigitalCalls}`.padStart(21),
        r.peakRssMb.toFixed(0).padStart(11),
      ].join(" | "),
    );
  }
  console.log(`targets: no-change run ≤ ${PREFS + 5} Dotdigital and ≤ 10 Dataverse calls; incremental within 1.1× of fewest; ≥ 50× fewer than naive; peak ≤ 512 MB at 100,000 contacts and ≤ 1.2× that at the largest size`);
}

if (heapAlreadySized(process.execArgv, process.env)) void main();
else {
  // As the mpsync entry point does: run again with the heap the service's memory policy gives.
  const result = spawnSync(process.execPath, [...readMemoryPolicy(process.env, process.constrainedMemory()).nodeFlags, ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
}
