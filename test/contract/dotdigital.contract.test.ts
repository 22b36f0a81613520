// The Dotdigital connector against the Dotdigital stand-in through real HTTP, or against a REAL
// Dotdigital account when MPS_TEST_DOTDIGITAL_URL, MPS_TEST_DOTDIGITAL_USER and
// MPS_TEST_DOTDIGITAL_PASSWORD are set (then only the read-only cases run).
import { createDotdigitalClient, DotdigitalError, type DotdigitalClient, type DotdigitalClientOptions } from "@mps/sync-core";
import { startDotdigitalStandIn, type DotdigitalAccountHandle, type DotdigitalStandIn } from "@mps/sandbox";

const realUrl = process.env["MPS_TEST_DOTDIGITAL_URL"];
const realUser = process.env["MPS_TEST_DOTDIGITAL_USER"];
const realPassword = process.env["MPS_TEST_DOTDIGITAL_PASSWORD"];
const real = realUrl !== undefined && realUser !== undefined && realPassword !== undefined && realUrl !== "" && realUser !== "";

/**
 * Cases that seed data, write, inject faults or change rate limits can only run on the stand-in:
 * a real account cannot be seeded or faulted, and the suite must never write to or throttle a
 * customer's account. With a real account configured they are skipped for that reason.
 */
const standInOnly = real ? describe.skip : describe;

const fast = { baseDelayMs: 5, maxDelayMs: 50 } as const;

async function failure(promise: Promise<unknown>): Promise<DotdigitalError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof DotdigitalError)) throw new Error(`expected a DotdigitalError, got ${String(outcome)}`);
  return outcome;
}

describe("read-only cases (the stand-in, or a real account when configured)", () => {
  let standIn: DotdigitalStandIn | undefined;
  let options: DotdigitalClientOptions;
  let client: DotdigitalClient;
  const since = new Date(Date.now() - 30 * 24 * 3600_000);

  beforeAll(async () => {
    if (real) {
      options = { baseUrl: realUrl, apiUser: realUser, password: realPassword ?? "" };
    } else {
      standIn = await startDotdigitalStandIn({ accounts: [{ apiUser: "reader@apiconnector.com", password: "read-only-pw", region: "r2" }] });
      const account = standIn.account("reader@apiconnector.com");
      const news = account.addCategory({ publicName: "News" });
      const weekly = account.addPreference({ publicName: "Weekly", categoryId: news });
      account.addPreference({ publicName: "Events" });
      account.addContact({ email: "reader.one@example.com" });
      account.setOptIn("reader.one@example.com", weekly, true);
      account.addContact({ email: "gone@example.com", status: "HardBounced" });
      // Discovery starts from r1 whatever the region, as Dotdigital advises.
      options = { baseUrl: standIn.regionUrl("r1"), apiUser: "reader@apiconnector.com", password: "read-only-pw" };
    }
    client = createDotdigitalClient({ ...options, retry: fast });
    await client.discoverRegion();
  });

  afterAll(async () => {
    await standIn?.close();
  });

  it("discovers the account's region from account-info and then reads from it", async () => {
    const fresh = createDotdigitalClient({ ...options, retry: fast });
    const region = await fresh.discoverRegion();
    expect(region.apiEndpoint).toMatch(/^https?:\/\//);
    expect(fresh.baseUrl).toBe(region.apiEndpoint);
    if (standIn !== undefined) expect(`${region.apiEndpoint}/`).toBe(standIn.account("reader@apiconnector.com").apiEndpoint);
    await expect(fresh.getCatalogue()).resolves.toBeDefined();
  });

  it("reads the server's clock offset", async () => {
    const { offsetMs, serverTime } = await client.serverTime();
    expect(Number.isFinite(serverTime.getTime())).toBe(true);
    // Real servers keep good time; a bigger gap means the date parsing is wrong.
    expect(Math.abs(offsetMs)).toBeLessThan(5 * 60_000);
  });

  it("reads the catalogue: every preference in a category names it, and categories list only preferences", async () => {
    const catalogue = await client.getCatalogue();
    const ids = new Set(catalogue.preferences.map((p) => p.id));
    for (const category of catalogue.categories) {
      for (const id of category.preferenceIds) expect(catalogue.preferences.find((p) => p.id === id)?.categoryId).toBe(category.id);
    }
    expect(ids.size).toBe(catalogue.preferences.length);
    if (standIn !== undefined) {
      expect(catalogue.categories.map((c) => c.publicName)).toEqual(["News"]);
      expect(catalogue.preferences.map((p) => p.publicName).sort()).toEqual(["Events", "Weekly"]);
    }
  });

  it("reads a preference's change feed with dates and opt-in values", async () => {
    const catalogue = await client.getCatalogue();
    const first = catalogue.preferences[0];
    if (first === undefined) return; // an account without preferences has no feed to read
    const weekly = catalogue.preferences.find((p) => p.publicName === "Weekly") ?? first;
    const { rows, problems } = await client.readPreferenceChanges(weekly.id, since);
    expect(problems).toEqual([]);
    for (const row of rows) {
      expect(row.dateModified.getTime()).toBeGreaterThanOrEqual(since.getTime() - 1000);
      expect(typeof row.isOptedIn).toBe("boolean");
    }
    if (standIn !== undefined) expect(rows.map((r) => [r.email, r.isOptedIn])).toEqual([["reader.one@example.com", true]]);
  });

  it("reads suppressions since a date", async () => {
    const { rows, problems } = await client.readSuppressions(since);
    expect(problems).toEqual([]);
    for (const row of rows) expect(row.reason).not.toBe("");
    if (standIn !== undefined) expect(rows.map((r) => [r.email, r.reason])).toEqual([["gone@example.com", "HardBounced"]]);
  });

  it("answers undefined, not an error, for an email Dotdigital does not know", async () => {
    const nobody = `mps-contract-nobody-${Date.now()}@example.invalid.com`;
    expect(await client.getContact(nobody)).toBeUndefined();
    expect(await client.getSubscriptions(nobody)).toBeUndefined();
  });
});

standInOnly("stand-in only: seeded data, writes, faults and rate limits", () => {
  let standIn: DotdigitalStandIn;
  let account: DotdigitalAccountHandle;
  let n = 0;
  const PASSWORD = "pw-Contract-Only!";

  /** A fresh account per case, so rate limits and data never leak between cases. */
  function newAccount(spec: Partial<Parameters<DotdigitalStandIn["addAccount"]>[0]> = {}): DotdigitalAccountHandle {
    n += 1;
    return standIn.addAccount({ apiUser: `user${n}@apiconnector.com`, password: PASSWORD, region: "r1", ...spec });
  }

  function clientFor(handle: DotdigitalAccountHandle, extra: Partial<DotdigitalClientOptions> = {}): DotdigitalClient {
    return createDotdigitalClient({ baseUrl: handle.apiEndpoint, apiUser: handle.apiUser, password: PASSWORD, retry: fast, ...extra });
  }

  async function fault(rule: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${standIn.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
    expect(response.status).toBe(201);
  }

  /** A fetch that records when each request went out. */
  function recordingFetch(sentAt: number[]): typeof fetch {
    return (input, init) => {
      sentAt.push(performance.now());
      return fetch(input, init);
    };
  }

  function maxInAnyWindow(sentAt: readonly number[], windowMs: number): number {
    return Math.max(0, ...sentAt.map((t) => sentAt.filter((s) => s > t - windowMs && s <= t).length));
  }

  beforeAll(async () => {
    standIn = await startDotdigitalStandIn();
  });

  afterAll(async () => {
    await standIn.close();
  });

  beforeEach(async () => {
    await fetch(`${standIn.url}/_sandbox/faults`, { method: "DELETE" });
    account = newAccount();
  });

  it("answers a call to the wrong region with forbidden-region, and the discovered region works", async () => {
    const elsewhere = newAccount({ region: "r3" });
    const client = createDotdigitalClient({ baseUrl: standIn.regionUrl("r1"), apiUser: elsewhere.apiUser, password: PASSWORD, retry: fast });
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "forbidden-region", status: 403, endpoint: "GET /v2/preferences" });
    await client.discoverRegion();
    expect(client.baseUrl).toBe(standIn.regionUrl("r3").replace(/\/$/, ""));
    await expect(client.getCatalogue()).resolves.toEqual({ categories: [], preferences: [] });
  });

  it("reports a wrong password as auth, without the password in the error", async () => {
    const wrong = "not-The-Password-42";
    const client = createDotdigitalClient({ baseUrl: account.apiEndpoint, apiUser: account.apiUser, password: wrong, retry: fast });
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(wrong);
  });

  it("pages a change feed of 2500 rows in 3 calls and sees each contact once", async () => {
    const pref = account.addPreference({ publicName: "Offers" });
    const start = new Date("2026-02-01T00:00:00Z");
    for (let i = 0; i < 2500; i++) {
      account.addContact({ email: `feed${i}@example.com` });
      account.setOptIn(`feed${i}@example.com`, pref, i % 3 !== 0, new Date(start.getTime() + i * 1000));
    }
    const client = clientFor(account);
    const { rows, problems } = await client.readPreferenceChanges(pref, start);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r.email)).size).toBe(2500);
    expect(rows.find((r) => r.email === "feed3@example.com")).toMatchObject({ isOptedIn: false, dateModified: new Date(start.getTime() + 3000) });
    expect(client.calls().total).toBe(3);

    const later = await client.readPreferenceChanges(pref, new Date(start.getTime() + 2000 * 1000));
    expect(later.rows).toHaveLength(500);
  });

  it("pages suppressions with select/skip", async () => {
    for (let i = 0; i < 1500; i++) account.addContact({ email: `sup${i}@example.com`, status: i % 2 === 0 ? "Unsubscribed" : "HardBounced", suppressedAt: new Date("2026-02-02T00:00:00Z") });
    const client = clientFor(account);
    const { rows } = await client.readSuppressions(new Date("2026-02-01T00:00:00Z"));
    expect(rows).toHaveLength(1500);
    expect(rows.find((r) => r.email === "sup1@example.com")).toMatchObject({ reason: "HardBounced", dateRemoved: new Date("2026-02-02T00:00:00Z") });
    expect(client.calls().total).toBe(2);
  });

  it("writes all of a contact's changes in ONE nested PUT and reads them back, for an email with ' and +", async () => {
    const email = "o'brien+news@example.com";
    const news = account.addCategory({ publicName: "News" });
    const weekly = account.addPreference({ publicName: "Weekly", categoryId: news });
    const daily = account.addPreference({ publicName: "Daily", categoryId: news });
    const events = account.addPreference({ publicName: "Events" });
    account.addContact({ email });
    account.setOptIn(email, daily, true, new Date("2026-01-01T00:00:00Z"));
    const client = clientFor(account);
    const catalogue = await client.getCatalogue();

    await client.setPreferences(email, new Map([[weekly, true], [daily, false], [events, true]]), catalogue);
    expect(client.calls().byEndpoint["PUT /v2/contacts/{email}/preferences"]).toBe(1);
    expect(account.optIns(email).map((o) => [o.preferenceId, o.isOptedIn]).sort()).toEqual([[daily, false], [events, true], [weekly, true]].sort());

    const subscriptions = await client.getSubscriptions(email);
    expect(subscriptions?.contact).toMatchObject({ email, status: "Subscribed", suppressed: false });
    expect(subscriptions?.optIns.map((o) => [o.preferenceId, o.isOptedIn]).sort()).toEqual([[daily, false], [events, true], [weekly, true]].sort());
    expect(await client.getContact(email)).toMatchObject({ email, status: "Subscribed" });
  });

  it("creates an unknown contact with opt-in type Unknown, and refuses a suppressed one without resubscribing it", async () => {
    const client = clientFor(account);
    const created = await client.createContact("brand+new@example.com");
    expect(created).toMatchObject({ email: "brand+new@example.com", status: "Subscribed", suppressed: false });
    expect(account.contact("brand+new@example.com")).toMatchObject({ optInType: "Unknown" });

    account.addContact({ email: "bounced@example.com", status: "HardBounced" });
    const pref = account.addPreference({ publicName: "Offers" });
    const catalogue = await client.getCatalogue();
    const write = await failure(client.setPreferences("bounced@example.com", new Map([[pref, true]]), catalogue));
    expect(write).toMatchObject({ kind: "suppressed", errorCode: "ERROR_CONTACT_SUPPRESSED" });
    expect(account.contact("bounced@example.com")?.status).toBe("HardBounced");
    expect(account.optIns("bounced@example.com")).toEqual([]);
  });

  it("rides out a 429 storm (tiered scheme) by waiting for Reset, within its own budget", async () => {
    const limited = newAccount({ rateLimit: { scheme: "tiered", perMinute: { Low: 3 }, windowMs: 1000 } });
    const pref = limited.addPreference({ publicName: "Offers" });
    const sentAt: number[] = [];
    // A budget above the server's limit, so the server's 429s are what slows the client down.
    const client = clientFor(limited, { fetch: recordingFetch(sentAt), budget: { limit: 6, windowMs: 1000 } });
    const reads = await Promise.all(Array.from({ length: 8 }, () => client.readPreferenceChanges(pref, new Date("2026-01-01T00:00:00Z"))));
    expect(reads.every((r) => r.rows.length === 0)).toBe(true);
    expect(client.calls().throttled).toBeGreaterThan(0);
    expect(client.rateLimit()?.scope).toBe("Low");
    // Stamped as fetch is called, a moment after the budget counts the call: 100 ms of slack.
    expect(maxInAnyWindow(sentAt, 900)).toBeLessThanOrEqual(6);
  });

  it("waits on 400 ERROR_APIUSAGE_EXCEEDED (hourly scheme) and then carries on", async () => {
    const limited = newAccount({ rateLimit: { scheme: "flat", perHour: 4, windowMs: 1500 } });
    const client = clientFor(limited, { budget: { limit: 50, windowMs: 1500 }, retry: { ...fast, throttleFallbackMs: 400 } });
    for (let i = 0; i < 7; i++) await client.getCatalogue();
    expect(client.calls().throttled).toBeGreaterThan(0);
  });

  it("never draws a rate-limit answer when its budget is set below the account's limit", async () => {
    const limited = newAccount({ rateLimit: { scheme: "flat", perHour: 4, windowMs: 1500 } });
    const sentAt: number[] = [];
    // Under the server's rate with a margin: the client counts a call a moment before the server
    // sees it, and the machine running the suite may be busy.
    const client = clientFor(limited, { fetch: recordingFetch(sentAt), budget: { limit: 4, windowMs: 2000 } });
    for (let i = 0; i < 8; i++) await client.getCatalogue();
    expect(client.calls()).toMatchObject({ total: 8, throttled: 0 });
    expect(maxInAnyWindow(sentAt, 1500)).toBeLessThanOrEqual(4);
  });

  it("retries a burst of 5xx answers and dropped connections, then succeeds", async () => {
    await fault({ status: 503, count: 3, route: "GET /:region/v2/preferences" });
    const client = clientFor(account);
    await expect(client.getCatalogue()).resolves.toBeDefined();
    expect(client.calls()).toMatchObject({ total: 4, retries: 3 });

    await fault({ drop: true, count: 2, route: "GET /:region/v2/server-time" });
    await expect(client.serverTime()).resolves.toBeDefined();
    expect(client.calls().retries).toBe(5);
  });

  it("gives up with kind server after the last retry of a persistent 5xx", async () => {
    await fault({ status: 500, route: "GET /:region/v2/preferences" });
    const client = clientFor(account, { retry: { ...fast, maxAttempts: 3 } });
    expect(await failure(client.getCatalogue())).toMatchObject({ kind: "server", status: 500 });
    expect(client.calls().total).toBe(3);
  });

  it("turns an HTML error page into a typed bad-response naming the endpoint", async () => {
    await fault({ status: 200, count: 1, body: "<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>", headers: { "content-type": "text/html" }, route: "GET /:region/v2/preferences" });
    const client = clientFor(account);
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "bad-response", endpoint: "GET /v2/preferences", field: "(body)" });
    expect(error.message).toContain("text/html");
  });
});
