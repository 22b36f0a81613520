// Both stand-ins, seeded for one scenario, and the service wired to them exactly as the CLI wires it
// (compose() from environment variables). Tests speak to the stand-ins over real HTTP.
import { ConflictPolicy, EmailChangePolicy, PreferenceValue, SyncState } from "@mps/model";
import { compose, runSync, type MemoryGauge, type Progress, type RunOutcome } from "@mps/sync-core";
import { startDataverseStandIn, startDotdigitalStandIn, type DataverseStandIn, type DotdigitalAccountHandle, type DotdigitalStandIn } from "@mps/sandbox";

export interface AccountSeed {
  readonly name: string;
  readonly apiUser: string;
  readonly password: string;
  readonly conflictPolicy?: keyof typeof ConflictPolicy;
  readonly emailChangePolicy?: keyof typeof EmailChangePolicy;
}

export interface SeededAccount {
  readonly id: string;
  readonly name: string;
  readonly dd: DotdigitalAccountHandle;
  /** The account's activated marketing list for each record table. */
  readonly lists: { readonly contact: string; readonly lead: string; readonly account: string };
}

export interface World {
  readonly dv: DataverseStandIn;
  readonly dd: DotdigitalStandIn;
  readonly env: Record<string, string>;
  addAccount(seed: AccountSeed): SeededAccount;
  /** A Contact (or Lead / Account) with an email, optionally put in the account's activated list. */
  addRecord(table: "contact" | "lead" | "account", email: string, inListOf?: SeededAccount): string;
  /** One run as the CLI runs it; `memory` and `progress` stand in for the process's heap gauge and a terminal. */
  run(account: SeededAccount, options?: { dryRun?: boolean; memory?: MemoryGauge; progress?: Progress }): Promise<RunOutcome>;
  /** The subscription rows of a record, keyed by the preference's Dotdigital id. */
  rowsOf(table: "contact" | "lead" | "account", id: string, account: SeededAccount): Map<number, Record<string, unknown>>;
  /** Sets a subscription's Status as a CRM user would (the stand-in stamps modifiedon from its clock). */
  setStatus(table: "contact" | "lead" | "account", id: string, account: SeededAccount, preferenceId: number, optedIn: boolean): void;
  /** Write requests (POST/PUT/PATCH/DELETE) the Dotdigital stand-in received since the last reset. */
  dotdigitalWrites(): Promise<number>;
  /** The versions of every row the sync may write (the run log aside): equal snapshots, no writes. */
  dataverseSnapshot(): string;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

const lookupOf = { contact: "mps_contactid", lead: "mps_leadid", account: "mps_accountid" } as const;
const listCode = { account: 1, contact: 2, lead: 4 } as const;

export async function startWorld(): Promise<World> {
  const dv = await startDataverseStandIn({ serviceProtection: false });
  const dd = await startDotdigitalStandIn({ accounts: [] });
  const env: Record<string, string> = { MPS_DATAVERSE_URL: dv.url, MPS_DATAVERSE_TOKEN: dv.accessToken };

  const stats = async (url: string): Promise<Record<string, unknown>> => ((await (await fetch(`${url}/_sandbox/stats`)).json()) as Record<string, unknown>);

  const world: World = {
    dv,
    dd,
    env,
    addAccount(seed) {
      const handle = dd.addAccount({ apiUser: seed.apiUser, password: seed.password, region: "r1" });
      const credential = seed.name.toLowerCase().replace(/[^a-z0-9]/g, "");
      env[`MPS_SECRET_${credential.toUpperCase()}`] = seed.password;
      const id = dv.insert("mps_emailaccount", {
        mps_name: seed.name,
        mps_apiuser: seed.apiUser,
        mps_apiendpoint: handle.apiEndpoint,
        mps_credentialname: credential,
        mps_conflictpolicy: ConflictPolicy[seed.conflictPolicy ?? "Last modified wins"],
        mps_emailchangepolicy: EmailChangePolicy[seed.emailChangePolicy ?? "Keep with record"],
      });
      const list = (table: "contact" | "lead" | "account") =>
        dv.insert("list", { listname: `${seed.name} ${table}s`, createdfromcode: listCode[table], mps_emailactivated: true, mps_emailaccountid: id });
      return { id, name: seed.name, dd: handle, lists: { contact: list("contact"), lead: list("lead"), account: list("account") } };
    },
    addRecord(table, email, inListOf) {
      const values: Record<string, unknown> = table === "account" ? { name: email, emailaddress1: email } : { firstname: "Test", lastname: email, emailaddress1: email };
      const id = dv.insert(table, values);
      if (inListOf !== undefined) dv.addListMembers(inListOf.lists[table], [id]);
      return id;
    },
    run(account, options = {}) {
      const deps = compose(env).deps(undefined, options.progress);
      return runSync(
        { account: { name: account.name }, trigger: "Command line", dryRun: options.dryRun ?? false, correlationId: "test" },
        options.memory === undefined ? deps : { ...deps, memory: options.memory },
      );
    },
    rowsOf(table, id, account) {
      const prefs = new Map(dv.rows("mps_marketingpreference").map((p) => [p["mps_marketingpreferenceid"], p["mps_dotdigitalid"] as number]));
      const out = new Map<number, Record<string, unknown>>();
      for (const row of dv.rows("mps_marketingpreferencesubscription")) {
        if (row[lookupOf[table]] !== id || row["mps_emailaccountid"] !== account.id) continue;
        const ddId = prefs.get(row["mps_marketingpreferenceid"]);
        if (ddId !== undefined) out.set(ddId, row);
      }
      return out;
    },
    setStatus(table, id, account, preferenceId, optedIn) {
      const row = world.rowsOf(table, id, account).get(preferenceId);
      if (row === undefined) throw new Error(`${table} ${id} has no row for preference ${preferenceId}`);
      dv.update("mps_marketingpreferencesubscription", row["mps_marketingpreferencesubscriptionid"] as string, { mps_optedin: optedIn });
    },
    async dotdigitalWrites() {
      const snapshot = (await stats(dd.url)) as { byRoute?: Record<string, number> };
      return Object.entries(snapshot.byRoute ?? {})
        .filter(([route]) => /^(POST|PUT|PATCH|DELETE) /.test(route))
        .reduce((n, [, c]) => n + c, 0);
    },
    dataverseSnapshot() {
      // Every row the sync may write, with its version: equal snapshots mean no write happened.
      const tables = ["mps_marketingpreferencesubscription", "mps_syncedrecord", "mps_preferencechange", "mps_marketingpreference"];
      return JSON.stringify(tables.map((t) => dv.rows(t).map((r) => [r[`${t}id`], r["versionnumber"]])));
    },
    async resetStats() {
      await fetch(`${dv.url}/_sandbox/stats/reset`, { method: "POST" });
      await fetch(`${dd.url}/_sandbox/stats/reset`, { method: "POST" });
    },
    async close() {
      await dv.close();
      await dd.close();
    },
  };
  return world;
}

export const OPTED_IN = PreferenceValue["Opted in"];
export const OPTED_OUT = PreferenceValue["Opted out"];
export const STATE = SyncState;
