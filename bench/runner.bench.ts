// The sync runner against both stand-ins over real HTTP: API calls per side and wall time for a first
// run, a run with 1% changes and a run with no changes, beside the fewest calls the APIs allow
// (DESIGN.md §5) and a naive baseline (one read and one write per contact and preference), and the
// process's peak memory. Size with MPS_BENCH_PEOPLE (default 100000) and MPS_BENCH_PREFS (default 10).
import { Interval, SyncWindow } from "@mps/model";
import { startDataverseStandIn, startDotdigitalStandIn } from "@mps/sandbox";
import { compose, runSync, type RunOutcome } from "@mps/sync-core";

const PEOPLE = Number(process.env["MPS_BENCH_PEOPLE"] ?? 100_000);
const PREFS = Number(process.env["MPS_BENCH_PREFS"] ?? 10);

interface Measured {
  readonly label: string;
  readonly outcome: RunOutcome;
  readonly seconds: number;
  readonly fewest: { readonly dataverse: number; readonly dotdigital: number };
}

function fewestCalls(args: { feedRowsPerPref: number[]; suppressions: number; putContacts: number; creates: number; changedRows: number; eligibilityRows: number; dvWrites: number }) {
  const dotdigital = 1 + args.feedRowsPerPref.reduce((n, rows) => n + Math.max(1, Math.ceil(rows / 1000)), 0) + Math.max(1, Math.ceil(args.suppressions / 1000)) + args.putContacts + args.creates;
  const dataverse = Math.max(1, Math.ceil(args.changedRows / 5000)) + Math.max(1, Math.ceil(args.eligibilityRows / 5000)) + Math.ceil(args.dvWrites / 1000) + 2;
  return { dataverse, dotdigital };
}

async function main(): Promise<void> {
  const dv = await startDataverseStandIn({ serviceProtection: false });
  const dd = await startDotdigitalStandIn({ accounts: [{ apiUser: "bench@apiconnector.com", password: "bench", region: "r1" }] });
  const account = dd.account("bench@apiconnector.com");
  const prefs = Array.from({ length: PREFS }, (_, i) => account.addPreference({ publicName: `Preference ${i + 1}` }));
  const accountId = dv.insert("mps_emailaccount", { mps_name: "Bench", mps_apiuser: account.apiUser, mps_apiendpoint: account.apiEndpoint, mps_credentialname: "bench" });
  dv.insert("mps_syncschedule", { mps_name: "Bench", mps_emailaccountid: accountId, mps_synctype: 717000000, mps_interval: Interval.Manual, mps_syncwindow: SyncWindow.Anytime });
  const list = dv.insert("list", { listname: "Bench", createdfromcode: 2, mps_emailactivated: true, mps_emailaccountid: accountId });

  const t0 = Date.now();
  const emails = Array.from({ length: PEOPLE }, (_, i) => `person${i}@example.com`);
  const contactIds = dv.insertMany("contact", emails.map((e, i) => ({ firstname: "P", lastname: String(i), emailaddress1: e })));
  dv.addListMembers(list, contactIds);
  let feedOptIns = 0;
  emails.forEach((email, i) => {
    account.addContact({ email });
    // A third of the people have opted in to something in Dotdigital.
    if (i % 3 === 0) {
      account.setOptIn(email, prefs[i % PREFS]!, true);
      feedOptIns++;
    }
  });
  console.log(`seeded ${PEOPLE} contacts × ${PREFS} preferences in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const env = { MPS_DATAVERSE_URL: dv.url, MPS_DATAVERSE_TOKEN: dv.accessToken, MPS_SECRET_BENCH: "bench" };
  const composition = compose(env);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const run = async (label: string, fewest: Measured["fewest"]): Promise<Measured> => {
    // Scheduled runs are minutes apart; six seconds is enough for Dataverse's whole-second stamps
    // of the previous moment to be final (the runner re-reads a second that may still be filling).
    await new Promise((r) => setTimeout(r, 6_000));
    await fetch(`${dv.url}/_sandbox/stats/reset`, { method: "POST" });
    const started = Date.now();
    const outcome = await runSync({ account: { id: accountId }, trigger: "Command line", dryRun: false, correlationId: label }, composition.deps(process.env["MPS_BENCH_ROUTES"] !== undefined ? { info: (m, f) => console.log(label, m, JSON.stringify(f)), warn: (m, f) => console.log(label, m, JSON.stringify(f)) } : undefined));
    const seconds = (Date.now() - started) / 1000;
    if (process.env["MPS_BENCH_ROUTES"] !== undefined) console.log(label, JSON.stringify(await (await fetch(`${dv.url}/_sandbox/stats`)).json()));
    if (outcome.result !== "Succeeded") console.log(`${label}: ${outcome.result}\n${outcome.summary.slice(0, 2000)}`);
    return { label, outcome, seconds, fewest };
  };

  const results: Measured[] = [];
  const perPrefFeed = prefs.map((_, p) => emails.filter((__, i) => i % 3 === 0 && i % PREFS === p).length);
  results.push(
    await run(
      "first run",
      fewestCalls({ feedRowsPerPref: perPrefFeed, suppressions: 0, putContacts: 0, creates: 0, changedRows: 0, eligibilityRows: PEOPLE, dvWrites: PEOPLE * PREFS + PEOPLE + feedOptIns }),
    ),
  );

  // 1% of people change: half in Dynamics (one preference each), half in Dotdigital.
  const changed = Math.max(2, Math.floor(PEOPLE / 100));
  const subscriptions = dv.rows("mps_marketingpreferencesubscription");
  const byContact = new Map<string, Record<string, unknown>[]>();
  for (const row of subscriptions) {
    const c = String(row["mps_contactid"]);
    const list = byContact.get(c) ?? [];
    list.push(row);
    byContact.set(c, list);
  }
  const later = new Date();
  for (let k = 0; k < changed; k++) {
    const i = 1 + k * Math.floor(PEOPLE / changed);
    if (k % 2 === 0) {
      const row = byContact.get(contactIds[i]!)?.[1];
      if (row !== undefined) dv.update("mps_marketingpreferencesubscription", String(row["mps_marketingpreferencesubscriptionid"]), { mps_optedin: true });
    } else account.setOptIn(emails[i]!, prefs[2]!, true, later);
  }
  const half = Math.ceil(changed / 2);
  results.push(
    await run(
      "1% changed",
      fewestCalls({
        feedRowsPerPref: prefs.map((_, p) => (p === 2 ? changed - half : 0)),
        suppressions: 0,
        putContacts: half,
        creates: 0,
        changedRows: half,
        eligibilityRows: 0,
        dvWrites: half * 2 + (changed - half) * 2,
      }),
    ),
  );
  results.push(await run("no changes", fewestCalls({ feedRowsPerPref: prefs.map(() => 0), suppressions: 0, putContacts: 0, creates: 0, changedRows: 0, eligibilityRows: 0, dvWrites: 0 })));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  // Naive: for every contact and preference, one read and one write on each side.
  const naive = { dataverse: 2 * PEOPLE * PREFS, dotdigital: 2 * PEOPLE * PREFS };
  console.log(`\nrunner bench: ${PEOPLE} contacts × ${PREFS} preferences, both stand-ins over loopback HTTP`);
  console.log("run          | result    | wall s | Dataverse calls (fewest) | Dotdigital calls (fewest) | vs fewest (total) | naive calls | naive ÷ ours");
  for (const r of results) {
    const c = r.outcome.counters;
    const ours = c.dataverseCalls + c.dotdigitalCalls;
    const fewest = r.fewest.dataverse + r.fewest.dotdigital;
    console.log(
      `${r.label.padEnd(12)} | ${r.outcome.result.padEnd(9)} | ${r.seconds.toFixed(1).padStart(6)} | ${String(c.dataverseCalls).padStart(8)} (${r.fewest.dataverse})`.padEnd(60) +
        ` | ${String(c.dotdigitalCalls).padStart(8)} (${r.fewest.dotdigital})`.padEnd(28) +
        ` | ${(ours / fewest).toFixed(2)}×`.padEnd(20) +
        ` | ${naive.dataverse + naive.dotdigital} | ${((naive.dataverse + naive.dotdigital) / ours).toFixed(0)}×`,
    );
  }
  console.log(`peak RSS (whole process, stand-ins included): ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  console.log(`targets: no-change run ≤ ${PREFS + 5} Dotdigital and ≤ 10 Dataverse calls; incremental within 1.1× of fewest; ≥ 50× fewer than naive; peak ≤ 512 MB`);
  await dv.close();
  await dd.close();
}

void main();
