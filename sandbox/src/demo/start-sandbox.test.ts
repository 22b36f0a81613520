import { DEMO_ACCOUNTS, DEMO_PEOPLE } from "./seed-demo";
import { startSandbox, type Sandbox } from "./start-sandbox";

jest.setTimeout(60_000);

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

describe("startSandbox with the demo seed (10 000 people)", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: "demo" });
  });
  afterAll(() => sandbox.close());

  const dataverse = (url: string, headers: Record<string, string> = {}) =>
    fetch(url, { headers: { authorization: `Bearer ${sandbox.dataverse.accessToken}`, accept: "application/json", ...headers } });

  it("serves every contact over HTTP when paged by @odata.nextLink at 5000 a page", async () => {
    const ids = new Set<string>();
    let pages = 0;
    let next: string | undefined = `${sandbox.urls.dataverseApi}contacts?$select=contactid,fullname,emailaddress1`;
    while (next !== undefined) {
      const response = await dataverse(next, { prefer: "odata.maxpagesize=5000" });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { value: Array<{ contactid: string }>; "@odata.nextLink"?: string };
      expect(body.value.length).toBeLessThanOrEqual(5000);
      for (const c of body.value) ids.add(c.contactid);
      next = body["@odata.nextLink"];
      pages++;
    }
    expect(sandbox.demo?.counts.contacts).toBeDefined();
    expect(ids.size).toBe(sandbox.demo?.counts.contacts);
    expect(pages).toBe(Math.ceil(ids.size / 5000));
    const all = sandbox.demo!.counts;
    expect(all.contacts + all.leads + all.accounts).toBeGreaterThanOrEqual(10_000);
  });

  it("finds the contact with ' and + in its email through $filter", async () => {
    const email = DEMO_PEOPLE.quoted.email;
    const filter = encodeURIComponent(`emailaddress1 eq '${email.replace(/'/g, "''")}'`);
    const response = await dataverse(`${sandbox.urls.dataverseApi}contacts?$select=contactid,emailaddress1&$filter=${filter}`);
    const body = (await response.json()) as { value: Array<{ contactid: string; emailaddress1: string }> };
    expect(body.value).toEqual([expect.objectContaining({ contactid: sandbox.demo?.people.quoted.contactId, emailaddress1: email })]);
  });

  it("opens each Dotdigital account with its documented API user and password, and only in its region", async () => {
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      const endpoint = `${sandbox.urls.dotdigital}/${account.region}/`;
      const prefs = await fetch(`${endpoint}v2/preferences`, { headers: { authorization: basic(account.apiUser, account.password), accept: "application/json" } });
      expect(prefs.status).toBe(200);
      expect(((await prefs.json()) as unknown[]).length).toBeGreaterThan(0);
      const wrongPassword = await fetch(`${endpoint}v2/preferences`, { headers: { authorization: basic(account.apiUser, "nope") } });
      expect(wrongPassword.status).toBe(401);
    }
  });

  it("hands the sync service its settings: Dataverse URL and token, one secret per Email Account", () => {
    expect(sandbox.env).toEqual({
      MPS_DATAVERSE_URL: sandbox.urls.dataverse,
      MPS_DATAVERSE_TOKEN: "sandbox-token",
      MPS_SECRET_DEMO: DEMO_ACCOUNTS.demo.password,
      MPS_SECRET_EMEA: DEMO_ACCOUNTS.emea.password,
    });
  });

  it("runs both stand-ins on one clock, with their own request counts", async () => {
    const at = "2026-06-01T12:00:00.000Z";
    await fetch(`${sandbox.urls.dataverse}/_sandbox/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: at }) });
    const clock = (await (await fetch(`${sandbox.urls.dotdigital}/_sandbox/clock`)).json()) as { now: string };
    expect(clock.now).toBe(at);
    await fetch(`${sandbox.urls.dataverse}/_sandbox/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: null }) });
    await fetch(`${sandbox.urls.dotdigital}/_sandbox/stats/reset`, { method: "POST" });
    await dataverse(`${sandbox.urls.dataverseApi}WhoAmI()`);
    const stats = async (url: string) => ((await (await fetch(`${url}/_sandbox/stats`)).json()) as { total: number });
    expect((await stats(sandbox.urls.dataverse)).total).toBeGreaterThan(0);
    expect((await stats(sandbox.urls.dotdigital)).total).toBe(0);
  });
});

describe("startSandbox without demo data", () => {
  it("starts both stand-ins empty, and stops them (twice is fine)", async () => {
    const sandbox = await startSandbox({ seed: "none" });
    expect(sandbox.demo).toBeUndefined();
    expect(sandbox.dataverse.count("contact")).toBe(0);
    expect(sandbox.dotdigital.accounts()).toEqual([]);
    expect(Object.keys(sandbox.env).sort()).toEqual(["MPS_DATAVERSE_TOKEN", "MPS_DATAVERSE_URL"]);
    await sandbox.close();
    await sandbox.close();
    await expect(fetch(`${sandbox.urls.dataverse}/_sandbox/clock`)).rejects.toThrow();
  });
});
