// The Dataverse connector against the Dataverse stand-in through real HTTP, or against a REAL
// organisation when MPS_TEST_DATAVERSE_URL and MPS_TEST_DATAVERSE_TOKEN are set (then only the
// read-only cases run).
import { createDataverseClient, DataverseError, eqString, keySegment, type DataverseClient } from "@mps/sync-core";
import { startDataverseStandIn, type DataverseStandIn } from "@mps/sandbox";

const realUrl = process.env["MPS_TEST_DATAVERSE_URL"];
const realToken = process.env["MPS_TEST_DATAVERSE_TOKEN"];
const real = realUrl !== undefined && realUrl !== "" && realToken !== undefined && realToken !== "";

/**
 * Cases that seed rows, write, or provoke throttling only run on the stand-in: a real organisation
 * cannot be seeded, and the suite must never write to a customer's data or throttle its user.
 */
const standInOnly = real ? describe.skip : describe;

const fast = { sleep: () => Promise.resolve(), random: () => 0 };

async function failure(promise: Promise<unknown>): Promise<DataverseError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof DataverseError)) throw new Error(`expected a DataverseError, got ${String(outcome)}`);
  return outcome;
}

describe("read-only cases (the stand-in, or a real organisation when configured)", () => {
  let dv: DataverseStandIn | undefined;
  let client: DataverseClient;

  beforeAll(async () => {
    if (real) {
      client = createDataverseClient({ url: realUrl, getToken: () => Promise.resolve(realToken ?? "") });
      return;
    }
    dv = await startDataverseStandIn({ serviceProtection: false });
    dv.insertMany(
      "contact",
      Array.from({ length: 12_000 }, (_, i) => ({ firstname: "Page", lastname: String(i), emailaddress1: `page${i}@example.com` })),
    );
    dv.insert("contact", { firstname: "Quote", lastname: "Plus", emailaddress1: "o'brien+news@example.com" });
    dv.insert("contact", { firstname: "Quote", lastname: "Other", emailaddress1: "obrien news@example.com" });
    client = createDataverseClient({ url: dv.url, getToken: () => Promise.resolve(dv?.accessToken ?? "") });
  });
  afterAll(async () => {
    await dv?.close();
  });

  it("reads the organisation's version", async () => {
    expect(await client.retrieveVersion()).toMatch(/^\d+\.\d+/);
  });

  it("pages by @odata.nextLink until the last row", async () => {
    let pages = 0;
    let rows = 0;
    for await (const page of client.queryPages("contacts", { select: ["contactid"] })) {
      pages++;
      rows += page.length;
    }
    if (!real) {
      expect(rows).toBe(12_002);
      expect(pages).toBe(3);
    } else expect(rows).toBeGreaterThanOrEqual(0);
  });

  it("finds an email with ' and + exactly, and nothing else", async () => {
    const rows = await client.queryAll("contacts", { select: ["emailaddress1"], filter: eqString("emailaddress1", "o'brien+news@example.com") });
    if (!real) expect(rows.map((r) => r["emailaddress1"])).toEqual(["o'brien+news@example.com"]);
    else for (const r of rows) expect(String(r["emailaddress1"]).toLowerCase()).toBe("o'brien+news@example.com");
  });

  it("reports a malformed query as a bad request that names the problem", async () => {
    const e = await failure(client.queryAll("contacts", { select: ["contactid"], filter: "emailaddress1 eq 'unterminated" }));
    expect(e.kind).toBe("bad-request");
    expect(e.status).toBe(400);
  });
});

standInOnly("writes, concurrency, change tracking and throttling (stand-in only)", () => {
  let dv: DataverseStandIn;
  let client: DataverseClient;
  let accountId: string;
  let prefId: string;

  beforeEach(async () => {
    dv = await startDataverseStandIn({ serviceProtection: { maxRequests: 5, windowSeconds: 1 } });
    accountId = dv.insert("mps_emailaccount", { mps_name: "Contract", mps_apiuser: "c@example.com", mps_credentialname: "contract" });
    prefId = dv.insert("mps_marketingpreference", { mps_name: "News", mps_dotdigitalid: 7, mps_emailaccountid: accountId });
    client = createDataverseClient({ url: dv.url, getToken: () => Promise.resolve(dv.accessToken), ...fast });
  });
  afterEach(async () => {
    await dv.close();
  });

  const subscription = (key: string, optedIn: boolean) => ({
    kind: "upsert" as const,
    entitySet: "mps_marketingpreferencesubscriptions",
    key: keySegment({ mps_key: key }),
    data: {
      mps_name: key,
      mps_optedin: optedIn,
      "mps_emailaccountid@odata.bind": `/mps_emailaccounts(${accountId})`,
      "mps_marketingpreferenceid@odata.bind": `/mps_marketingpreferences(${prefId})`,
    },
  });

  it("upserts by alternate key in one $batch, keys with ' and + included, and upserting again updates", async () => {
    const results = await client.write([subscription("a|7|contact|o'b+1@x.com", true), subscription("a|7|contact|plain@x.com", false)]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    await client.write([subscription("a|7|contact|o'b+1@x.com", false)]);
    const rows = dv.rows("mps_marketingpreferencesubscription");
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r["mps_key"] === "a|7|contact|o'b+1@x.com")?.["mps_optedin"]).toBe(false);
  });

  it("continues past a failed operation and says which one failed", async () => {
    const broken = { kind: "create" as const, entitySet: "mps_marketingpreferencesubscriptions", data: { mps_name: "no key", mps_nosuchcolumn: 1 } };
    const results = await client.write([subscription("k1", true), broken, subscription("k2", true)]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = results[1];
    if (failed !== undefined && !failed.ok) expect(failed.error.kind).toBe("bad-request");
  });

  it("refuses an update with a stale ETag as a conflict (412)", async () => {
    const id = dv.insert("mps_syncschedule", { mps_name: "S", mps_emailaccountid: accountId, mps_synctype: 717000000 });
    const [row] = await client.queryAll("mps_syncschedules", { select: ["mps_syncscheduleid"], filter: `mps_syncscheduleid eq ${id}` });
    const etag = String(row?.["@odata.etag"]);
    await client.update("mps_syncschedules", id, { mps_status: 717000001 }, etag);
    const e = await failure(client.update("mps_syncschedules", id, { mps_status: 717000002 }, etag));
    expect(e.kind).toBe("conflict");
    expect(e.status).toBe(412);
  });

  it("tracks changes: a delta link returns changed and removed rows", async () => {
    const [a, b] = dv.insertMany("contact", [{ lastname: "A", emailaddress1: "a@x.com" }, { lastname: "B", emailaddress1: "b@x.com" }]);
    const first = await client.delta("contacts", ["contactid", "emailaddress1"], null);
    expect(first.changed).toHaveLength(2);
    dv.update("contact", a!, { emailaddress1: "a2@x.com" });
    dv.remove("contact", b!);
    const next = await client.delta("contacts", ["contactid", "emailaddress1"], first.deltaLink);
    expect(next.changed.map((r) => r["emailaddress1"])).toEqual(["a2@x.com"]);
    expect(next.removedIds).toEqual([b]);
  });

  it("waits out 429 with Retry-After (real waits) and counts every call it made", async () => {
    const patient = createDataverseClient({ url: dv.url, getToken: () => Promise.resolve(dv.accessToken) });
    const rows = await Promise.all(Array.from({ length: 12 }, () => patient.queryAll("mps_emailaccounts", { select: ["mps_name"] })));
    expect(rows.every((r) => r.length === 1)).toBe(true);
    expect(patient.calls()).toBeGreaterThan(12);
  });

  it("turns a missing token into an auth error", async () => {
    const anonymous = createDataverseClient({ url: dv.url, getToken: () => Promise.resolve("wrong"), ...fast });
    expect((await failure(anonymous.queryAll("contacts", { select: ["contactid"] }))).kind).toBe("auth");
  });
});
