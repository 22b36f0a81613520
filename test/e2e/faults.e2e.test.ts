// The runner under faults: throttling storms, 5xx bursts, dropped connections, a run that dies at
// each step, and bad data from either API. A rerun must converge with no duplicate Dotdigital
// write and no lost opt-out.
import { compose, DataverseStore, runSync, type Composition, type DotdigitalPort, type RunDeps, type RunOutcome } from "@mps/sync-core";
import { OPTED_IN, startWorld, type SeededAccount, type World } from "../support/world";

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("the runner under faults", () => {
  let world: World;
  let account: SeededAccount;
  let prefs: number[];
  const people = ["ann@example.com", "bob+x@example.com", "o'neil@example.com", "dee@example.com"];

  beforeEach(async () => {
    world = await startWorld();
    account = world.addAccount({ name: "Demo", apiUser: "demo@apiconnector.com", password: "sandbox-password" });
    const category = account.dd.addCategory({ publicName: "Newsletters" });
    prefs = [account.dd.addPreference({ publicName: "News", categoryId: category }), account.dd.addPreference({ publicName: "Offers", categoryId: category }), account.dd.addPreference({ publicName: "Events" })];
    for (const email of people) {
      world.addRecord("contact", email, account);
      account.dd.addContact({ email });
      account.dd.setOptIn(email, prefs[0]!, true);
    }
  });
  afterEach(async () => {
    await world.close();
  });

  /** Every person's Dynamics and Dotdigital values agree, per preference. */
  function expectConverged(): void {
    for (const email of people) {
      const contact = world.dv.rows("contact").find((c) => c["emailaddress1"] === email);
      const rows = world.rowsOf("contact", String(contact?.["contactid"]), account);
      for (const pref of prefs) {
        const dd = account.dd.optIns(email).find((o) => o.preferenceId === pref)?.isOptedIn ?? false;
        expect({ email, pref, dynamics: rows.get(pref)?.["mps_optedin"] }).toEqual({ email, pref, dynamics: dd });
      }
    }
  }

  /** Users on both sides change things: opt-ins and opt-outs, some pushed, some pulled. */
  function changeBothSides(): void {
    for (const email of people.slice(0, 2)) {
      const contact = String(world.dv.rows("contact").find((c) => c["emailaddress1"] === email)?.["contactid"]);
      world.setStatus("contact", contact, account, prefs[1]!, true);
      world.setStatus("contact", contact, account, prefs[0]!, false);
    }
    for (const email of people.slice(2)) account.dd.setOptIn(email, prefs[2]!, true, new Date(Date.now() + 2_000));
  }

  it("rides out a 429 storm on Dotdigital (tiered) and on Dataverse without failing", async () => {
    await world.run(account);
    changeBothSides();
    account.dd.setRateLimit({ scheme: "tiered", perMinute: { Low: 4, Medium: 4, High: 4 }, windowMs: 400, reset: "seconds" });
    await post(`${world.dv.url}/_sandbox/faults`, { status: 429, headers: { "Retry-After": "1" }, count: 3 });

    const outcome = await world.run(account);

    expect(outcome.result).toBe("Succeeded");
    expectConverged();
  });

  it("retries 5xx bursts and dropped connections on both sides", async () => {
    await world.run(account);
    changeBothSides();
    await post(`${world.dd.url}/_sandbox/faults`, { status: 503, count: 3 });
    await post(`${world.dd.url}/_sandbox/faults`, { drop: true, count: 2, pathPrefix: "/r1/v2/contacts" });
    await post(`${world.dv.url}/_sandbox/faults`, { status: 502, count: 2 });
    await post(`${world.dv.url}/_sandbox/faults`, { drop: true, count: 1 });

    const outcome = await world.run(account);

    expect(outcome.result).toBe("Succeeded");
    expectConverged();
  });

  // A run that dies half way, at each step of applying its plan: the next run converges, never
  // repeats a Dotdigital write that already happened, and keeps every opt-out.
  it.each([
    ["after the first Dotdigital write", "dotdigital", 1],
    ["before any Dynamics write", "dynamics", 0],
    ["after the subscription writes, before the records and the audit", "dynamics", 1],
    ["before the watermarks and the run log", "finish", 0],
  ] as const)("dies %s and the rerun converges without duplicate writes", async (_label, side, after) => {
    await world.run(account);
    changeBothSides();
    const crashing = crashAfter(compose(world.env), side, after);

    const died = await runSync({ account: { name: account.name }, trigger: "Command line", dryRun: false, correlationId: "crash" }, crashing);
    expect(died.result).not.toBe("Succeeded");

    await world.resetStats();
    const rerun = await world.run(account);
    expect(rerun.result).toBe("Succeeded");
    expectConverged();
    // The pushed opt-outs (two people, preference 0) survived, and nobody was written twice.
    for (const email of people.slice(0, 2)) expect(account.dd.optIns(email).find((o) => o.preferenceId === prefs[0])?.isOptedIn).toBe(false);
    const puts = await world.dotdigitalWrites();
    expect(puts).toBeLessThanOrEqual(side === "dotdigital" ? 1 : 0);

    const again = await world.run(account);
    expect(again.counters.pushed + again.counters.pulled).toBe(0);
  });

  it("reports bad data per item and carries on: an HTML error page, an unknown preference, an invalid email", async () => {
    await world.run(account);
    // A Dynamics record whose email Dotdigital would refuse, in the activated list.
    const bad = world.addRecord("contact", "not an email", account);
    world.addRecord("contact", "fine@example.com", account);
    account.dd.addContact({ email: "fine@example.com" });
    account.dd.setOptIn("fine@example.com", prefs[1]!, true);
    // One answer of the catalogue read comes back as an HTML page (a proxy error): the client retries it.
    await post(`${world.dd.url}/_sandbox/faults`, { status: 502, body: "<html><body>Bad gateway</body></html>", count: 1, route: "GET /:region/v2/preferences" });

    const outcome: RunOutcome = await world.run(account);

    // The bad address is this run's only problem: it is named, and everyone else synced.
    expect(outcome.result).toBe("Partially succeeded");
    expect(outcome.problems.join("\n")).toContain(`contact ${bad}`);
    const fine = String(world.dv.rows("contact").find((c) => c["emailaddress1"] === "fine@example.com")?.["contactid"]);
    expect(world.rowsOf("contact", fine, account).get(prefs[1]!)).toMatchObject({ mps_optedin: true, mps_syncedvalue: OPTED_IN });
    expect(world.rowsOf("contact", bad, account).size).toBe(0);
  });
});

/** Wraps the runner's dependencies so the run throws at one point of applying its plan. */
function crashAfter(composition: Composition, side: "dotdigital" | "dynamics" | "finish", count: number): RunDeps {
  const deps = composition.deps();
  if (side === "dotdigital") {
    return {
      ...deps,
      dotdigital: async (account) => {
        const real = await deps.dotdigital(account);
        let writes = 0;
        const port: DotdigitalPort = {
          serverTime: () => real.serverTime(),
          getCatalogue: () => real.getCatalogue(),
          readPreferenceChanges: (id, since) => real.readPreferenceChanges(id, since),
          readSuppressions: (since) => real.readSuppressions(since),
          getSubscriptions: (email) => real.getSubscriptions(email),
          createContact: (email) => real.createContact(email),
          calls: () => real.calls(),
          setPreferences: async (email, changes, catalogue) => {
            if (writes >= count) throw new Error("process killed");
            writes++;
            await real.setPreferences(email, changes, catalogue);
          },
        };
        return port;
      },
    };
  }
  // Dynamics side: the store's batch writes (subscriptions, records, audit), or the final batch
  // that moves the watermarks and closes the run log.
  class CrashingStore extends DataverseStore {
    private batches = 0;
    override async write(...args: Parameters<DataverseStore["write"]>) {
      if (side === "dynamics" && args[0].length > 0 && this.batches++ >= count) throw new Error("process killed");
      return super.write(...args);
    }
    override async finishRun(...args: Parameters<DataverseStore["finishRun"]>) {
      if (side === "finish" && args[0].result !== "Failed") throw new Error("process killed");
      return super.finishRun(...args);
    }
  }
  return { ...deps, store: new CrashingStore(composition.client) };
}
