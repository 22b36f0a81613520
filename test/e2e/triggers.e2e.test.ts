// The triggers end to end: the custom API called on the Dataverse stand-in reaches `mpsync serve`
// through the registered webhook; a schedule set to "Next Sync: Now" runs within one poll.
import { Interval, RunResult, SyncStatus, SyncType, SyncWindow, runSyncApi } from "@mps/model";
import { compose, createSchedulePoller, registerWebhook, startService, systemClock, type Service } from "@mps/sync-core";
import { startWorld, type SeededAccount, type World } from "../support/world";

const WEBHOOK_KEY = "test-webhook-key-with-+/=";

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("triggers through mpsync serve", () => {
  let world: World;
  let account: SeededAccount;
  let service: Service;

  beforeEach(async () => {
    world = await startWorld();
    account = world.addAccount({ name: "Demo", apiUser: "demo@apiconnector.com", password: "sandbox-password" });
    const news = account.dd.addPreference({ publicName: "News" });
    world.addRecord("contact", "jane@example.com", account);
    account.dd.addContact({ email: "jane@example.com" });
    account.dd.setOptIn("jane@example.com", news, true);
    service = await startService({ ...world.env, MPS_WEBHOOK_KEY: WEBHOOK_KEY, MPS_PORT: "0", MPS_POLL_SECONDS: "1", MPS_LOG_LEVEL: "silent" });
  });
  afterEach(async () => {
    await service.stop();
    await world.close();
  });

  it("Sync now: the custom API on the Email Account → webhook → run → Sync Run Succeeded", async () => {
    const registration = await registerWebhook(compose(world.env).client, service.webhookUrl, WEBHOOK_KEY);
    expect(registration.created).toEqual({ endpoint: true, step: true });
    // Registering again updates in place instead of adding a second endpoint.
    expect((await registerWebhook(compose(world.env).client, service.webhookUrl, WEBHOOK_KEY)).created).toEqual({ endpoint: false, step: false });

    const response = await fetch(`${world.dv.apiUrl}mps_emailaccounts(${account.id})/Microsoft.Dynamics.CRM.${runSyncApi.uniqueName}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${world.dv.accessToken}`, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(204);

    const run = await until("a finished Sync Run", () => world.dv.rows("mps_syncrun").find((r) => r["mps_result"] !== RunResult.Running));
    expect(run).toMatchObject({ mps_result: RunResult.Succeeded, mps_dryrun: false });
    expect(world.dv.rows("mps_marketingpreferencesubscription").some((r) => r["mps_optedin"] === true)).toBe(true);
  });

  it("a webhook call with the wrong key is refused with 401 and starts nothing", async () => {
    await registerWebhook(compose(world.env).client, service.webhookUrl, "not-the-service-key");
    const response = await fetch(`${world.dv.apiUrl}mps_emailaccounts(${account.id})/Microsoft.Dynamics.CRM.${runSyncApi.uniqueName}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${world.dv.accessToken}`, "Content-Type": "application/json" },
      body: "{}",
    });
    // A synchronous step fails the custom API call when the webhook does not answer 2xx.
    expect(response.status).toBeGreaterThanOrEqual(400);
    await service.idle();
    expect(world.dv.rows("mps_syncrun")).toHaveLength(0);
  });

  it("Next Sync: Now on a schedule runs within one poll and moves the status back to None", async () => {
    world.dv.insert("mps_syncschedule", {
      mps_name: "Demo – Marketing preferences",
      mps_emailaccountid: account.id,
      mps_synctype: SyncType["Marketing preferences"],
      mps_interval: Interval["Once a day"],
      mps_syncwindow: SyncWindow["Specific time"],
      mps_windowstart: 9 * 60,
      mps_timezone: "Europe/London",
      mps_status: SyncStatus.None,
      mps_nextsync: new Date(Date.now() - 1000).toISOString(),
    });

    const run = await until("a finished Sync Run", () => world.dv.rows("mps_syncrun").find((r) => r["mps_result"] !== RunResult.Running));
    expect(run["mps_result"]).toBe(RunResult.Succeeded);
    await service.idle();
    const schedule = world.dv.rows("mps_syncschedule")[0];
    expect(schedule).toMatchObject({ mps_status: SyncStatus.None });
    expect(schedule?.["mps_lastsync"]).not.toBeNull();
    // Once a day at 09:00 London: the on-demand run counts as today's, so the next one is a later 09:00.
    const next = new Date(String(schedule?.["mps_nextsync"]));
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(2 * 24 * 3600_000);
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(next)).toBe("09:00");
  });

  it("two services against one organisation never run the same due schedule twice", async () => {
    const second = await startService({ ...world.env, MPS_WEBHOOK_KEY: WEBHOOK_KEY, MPS_PORT: "0", MPS_POLL_SECONDS: "1", MPS_LOG_LEVEL: "silent" });
    try {
      world.dv.insert("mps_syncschedule", {
        mps_name: "Demo – Marketing preferences",
        mps_emailaccountid: account.id,
        mps_synctype: SyncType["Marketing preferences"],
        mps_interval: Interval.Manual,
        mps_syncwindow: SyncWindow.Anytime,
        mps_status: SyncStatus.None,
        mps_nextsync: new Date(Date.now() - 1000).toISOString(),
      });
      await Promise.all([service.pollNow(), second.pollNow(), service.pollNow(), second.pollNow()]);
      await until("a finished Sync Run", () => world.dv.rows("mps_syncrun").find((r) => r["mps_result"] !== RunResult.Running));
      await new Promise((r) => setTimeout(r, 1500)); // both pollers get another look
      await Promise.all([service.idle(), second.idle()]);
      expect(world.dv.rows("mps_syncrun")).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it("the ETag claim gives each due row to exactly one of two racing pollers", async () => {
    await service.stop();
    const ids = Array.from({ length: 20 }, (_, i) => {
      const other = world.addAccount({ name: `Racer ${i}`, apiUser: `racer${i}@apiconnector.com`, password: "pw" });
      return world.dv.insert("mps_syncschedule", {
        mps_name: `Racer ${i}`,
        mps_emailaccountid: other.id,
        mps_synctype: SyncType["Marketing preferences"],
        mps_interval: Interval.Manual,
        mps_syncwindow: SyncWindow.Anytime,
        mps_status: SyncStatus.None,
        mps_nextsync: new Date(Date.now() - 1000).toISOString(),
      });
    });
    const claimed: string[] = [];
    const poller = () => createSchedulePoller({ client: compose(world.env).client, clock: systemClock, onClaimed: (c) => Promise.resolve(void claimed.push(c.scheduleId)) });
    const [a, b] = [poller(), poller()];
    await Promise.all([a.pollOnce(), b.pollOnce(), a.pollOnce(), b.pollOnce()]);
    expect([...claimed].sort()).toEqual([...ids].sort());
    service = await startService({ ...world.env, MPS_WEBHOOK_KEY: WEBHOOK_KEY, MPS_PORT: "0", MPS_POLL_SECONDS: "3600", MPS_LOG_LEVEL: "silent" });
  });
});
