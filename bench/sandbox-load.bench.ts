// The sandbox under load: how long `startSandbox` takes with the demo seed at 10 000 people (target
// < 10 s), and 200 concurrent loopback requests against each stand-in (target 0 errors), with
// p50/p99 latency and requests per second.
// Run: npx tsx bench/sandbox-load.bench.ts   (or npm run bench)
import { performance } from "node:perf_hooks";
import { DEMO_ACCOUNTS, DEMO_PEOPLE, startSandbox, type Sandbox } from "@mps/sandbox";

const PEOPLE = 10_000;
const START_RUNS = 3;
const CONCURRENCY = 200;
const ROUNDS = 3;

interface Result {
  ok: boolean;
  ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function timed(request: () => Promise<Response>): Promise<Result> {
  const t0 = performance.now();
  try {
    const response = await request();
    // Read the whole body: a page is not served until its last byte arrives.
    await response.arrayBuffer();
    return { ok: response.status === 200, ms: performance.now() - t0 };
  } catch {
    return { ok: false, ms: performance.now() - t0 };
  }
}

/** Fires `CONCURRENCY` requests at once, `ROUNDS` times after one warm-up round, and prints the figures. */
async function load(label: string, make: (i: number) => () => Promise<Response>): Promise<{ errors: number }> {
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => timed(make(i))));
  const latencies: number[] = [];
  let errors = 0;
  let wall = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => timed(make(i + round * CONCURRENCY))));
    wall += performance.now() - t0;
    for (const r of results) {
      latencies.push(r.ms);
      if (!r.ok) errors++;
    }
  }
  latencies.sort((a, b) => a - b);
  const count = latencies.length;
  console.log(
    `${label.padEnd(11)} ${String(count).padStart(4)} requests (${ROUNDS} bursts of ${CONCURRENCY})  errors ${errors}  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  ${((count / wall) * 1000).toFixed(0)} req/s`,
  );
  return { errors };
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

async function measureStart(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const t0 = performance.now();
    const sandbox = await startSandbox({ seed: "demo", demo: { people: PEOPLE } });
    times.push(performance.now() - t0);
    const rss = process.memoryUsage().rss / 1024 / 1024;
    await sandbox.close();
    console.log(`start ${i + 1}: ${(times[i]! / 1000).toFixed(2)} s  (${PEOPLE} people, RSS ${rss.toFixed(0)} MB)`);
  }
  return times;
}

function dataverseMix(sandbox: Sandbox): (i: number) => () => Promise<Response> {
  const api = sandbox.urls.dataverseApi;
  const headers = { authorization: `Bearer ${sandbox.dataverse.accessToken}`, accept: "application/json", prefer: "odata.maxpagesize=5000" };
  const emails = sandbox.dataverse
    .rows("contact")
    .map((r) => r.emailaddress1)
    .filter((e): e is string => typeof e === "string")
    .slice(0, 500);
  emails.push(DEMO_PEOPLE.quoted.email);
  const letters = "abcdefghijklmnoprstw";
  const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  return (i) => {
    let query: string;
    switch (i % 4) {
      case 0: // a full page: everyone whose address starts with a letter
        query = `contacts?$select=contactid,fullname,emailaddress1&$filter=${encodeURIComponent(`startswith(emailaddress1,${q(letters[i % letters.length] ?? "a")})`)}`;
        break;
      case 1: // a point lookup by email, as the sync's fan-out does
        query = `contacts?$select=contactid,emailaddress1&$filter=${encodeURIComponent(`emailaddress1 eq ${q(emails[i % emails.length] ?? "")}`)}`;
        break;
      case 2: // the first 5000-row page of every contact
        query = "contacts?$select=contactid,emailaddress1,modifiedon";
        break;
      default:
        query = `leads?$select=leadid,fullname,emailaddress1&$filter=${encodeURIComponent(`contains(fullname,${q(i % 2 === 0 ? "Patel" : "O'Brien")})`)}`;
    }
    return () => fetch(`${api}${query}`, { headers });
  };
}

function dotdigitalMix(sandbox: Sandbox): (i: number) => () => Promise<Response> {
  const accounts = Object.values(sandbox.demo!.accounts).map((a) => ({
    endpoint: a.apiEndpoint,
    headers: { authorization: basic(a.apiUser, a.password), accept: "application/json" },
    leaves: a.catalogue.leaves.map((l) => l.id),
    emails: Array.from({ length: Math.min(200, a.dotdigital.contactCount()) }, (_, k) => a.dotdigital.contact(k + 1)?.email ?? "").filter((e) => e !== ""),
  }));
  return (i) => {
    const a = accounts[i % accounts.length]!;
    let path: string;
    switch (Math.floor(i / accounts.length) % 3) {
      case 0:
        path = "v2/preferences";
        break;
      case 1: // a feed page (up to 1000 contacts) of one preference
        path = `v2/contacts/with-preference/${a.leaves[i % a.leaves.length] ?? 1}/opt-ins-since/2000-01-01T00:00:00Z?minContactId=${(i * 37) % 2000}`;
        break;
      default:
        path = `v2/contacts/${encodeURIComponent(a.emails[i % a.emails.length] ?? "")}/subscriptions`;
    }
    return () => fetch(`${a.endpoint}${path}`, { headers: a.headers });
  };
}

async function main(): Promise<void> {
  console.log(`Sandbox load bench: node ${process.version}`);
  const starts = await measureStart();
  const best = Math.min(...starts);
  const worst = Math.max(...starts);
  console.log(`startSandbox with the demo seed: best ${(best / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s (target < 10 s) ${worst < 10_000 ? "OK" : "SLOW"}`);

  const sandbox = await startSandbox({ seed: "demo", demo: { people: PEOPLE } });
  try {
    console.log(`\n${CONCURRENCY} concurrent requests on loopback (accounts: ${Object.values(DEMO_ACCOUNTS).map((a) => a.apiUser).join(", ")})`);
    const dv = await load("Dataverse", dataverseMix(sandbox));
    const dd = await load("Dotdigital", dotdigitalMix(sandbox));
    const errors = dv.errors + dd.errors;
    console.log(`errors: ${errors} (target 0) ${errors === 0 ? "OK" : "FAIL"}`);
    process.exitCode = errors === 0 && worst < 10_000 ? 0 : 1;
  } finally {
    await sandbox.close();
  }
}

void main();
