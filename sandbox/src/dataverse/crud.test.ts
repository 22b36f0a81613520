import { emailAccount, marketingPreference, navigationPropertyOf, subscription, syncSchedule, SyncType, Interval } from "@mps/model";
import { startDataverseStandIn, type DataverseStandIn } from "./server";
import { dvClient, useStandInPerTest } from "./test-client";

let dv: DataverseStandIn;
let call: ReturnType<typeof dvClient>;
useStandInPerTest((standIn, client) => {
  dv = standIn;
  call = client;
});

const idFrom = (entityId: string | null): string => /\(([0-9a-f-]{36})\)$/.exec(entityId ?? "")?.[1] ?? "";
const account = () => ({ mps_name: "Main", mps_apiuser: "api@example.com", mps_credentialname: "MAIN" });

describe("create, read, update, delete", () => {
  it("creates a row: 204 with OData-EntityId, or 201 with the row when return=representation is asked", async () => {
    const plain = await call("POST", emailAccount.entitySetName, { body: account() });
    expect(plain.status).toBe(204);
    expect(plain.headers.get("odata-entityid")).toMatch(new RegExp(`^${dv.apiUrl.replace(/[.$]/g, "\\$&")}mps_emailaccounts\\([0-9a-f-]{36}\\)$`));

    const rich = await call("POST", `${emailAccount.entitySetName}?$select=mps_name`, { body: account(), headers: { prefer: "return=representation" } });
    expect(rich.status).toBe(201);
    const row = rich.json();
    expect(row).toMatchObject({ mps_name: "Main", "@odata.etag": expect.stringMatching(/^W\/"\d+"$/) as unknown });
    expect(row.mps_emailaccountid).toBe(idFrom(rich.headers.get("odata-entityid")));
  });

  it("stamps createdon and modifiedon from the test clock and bumps versionnumber on every change", async () => {
    dv.controls.clock.set(new Date("2024-03-01T10:00:00.500Z"));
    const created = await call("POST", "contacts", { body: { fullname: "Ann" } });
    const id = idFrom(created.headers.get("odata-entityid"));
    const first = (await call("GET", `contacts(${id})`)).json();
    expect(first).toMatchObject({ createdon: "2024-03-01T10:00:00Z", modifiedon: "2024-03-01T10:00:00Z" });

    dv.controls.clock.advance(60_000);
    expect((await call("PATCH", `contacts(${id})`, { body: { lastname: "Lee" } })).status).toBe(204);
    const second = (await call("GET", `contacts(${id})`)).json();
    expect(second).toMatchObject({ createdon: "2024-03-01T10:00:00Z", modifiedon: "2024-03-01T10:01:00Z", lastname: "Lee" });
    expect(Number(second.versionnumber)).toBeGreaterThan(Number(first.versionnumber));
    expect(second["@odata.etag"]).toBe(`W/"${String(second.versionnumber)}"`);
  });

  it("PATCH by id creates the row when it is missing (upsert) but not with If-Match: *", async () => {
    const id = "11111111-2222-4333-8444-555555555555";
    expect((await call("PATCH", `contacts(${id})`, { body: { fullname: "Made" }, headers: { "if-match": "*" } })).status).toBe(404);
    expect((await call("PATCH", `contacts(${id})`, { body: { fullname: "Made" } })).status).toBe(204);
    expect(dv.get("contacts", id)).toMatchObject({ fullname: "Made" });
    const updated = await call("PATCH", `contacts(${id})?$select=fullname`, { body: { fullname: "Changed" }, headers: { prefer: "return=representation", "if-match": "*" } });
    expect(updated.status).toBe(200);
    expect(updated.json()).toMatchObject({ fullname: "Changed", contactid: id });
  });

  it("deletes a row and then answers 404 with Dataverse's message", async () => {
    const id = dv.insert("contact", { fullname: "Gone" });
    expect((await call("DELETE", `contacts(${id})`)).status).toBe(204);
    const missing = await call("GET", `contacts(${id})`);
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: { code: "0x80040217", message: `Entity 'contact' With Id = ${id} Does Not Exist` } });
    expect((await call("DELETE", `contacts(${id})`)).status).toBe(404);
  });
});

describe("lookups", () => {
  it("binds a lookup with <SchemaName>@odata.bind and returns it as _x_value with annotations on request", async () => {
    const accountId = dv.insert(emailAccount.logicalName, account());
    const created = await call("POST", marketingPreference.entitySetName, {
      body: { mps_name: "Newsletter", "mps_emailaccountid@odata.bind": `/mps_emailaccounts(${accountId})` },
    });
    expect(created.status).toBe(204);
    const id = idFrom(created.headers.get("odata-entityid"));
    const row = (await call("GET", `mps_marketingpreferences(${id})?$select=mps_name,_mps_emailaccountid_value`, { headers: { prefer: 'odata.include-annotations="*"' } })).json();
    expect(row).toMatchObject({
      _mps_emailaccountid_value: accountId,
      "_mps_emailaccountid_value@OData.Community.Display.V1.FormattedValue": "Main",
      "_mps_emailaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "mps_emailaccount",
      "_mps_emailaccountid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "mps_emailaccountid",
    });
  });

  it("names navigation properties by the model's schema-name rule, case-sensitively", async () => {
    const accountId = dv.insert(emailAccount.logicalName, account());
    expect(navigationPropertyOf("mps_emailaccountid")).toBe("mps_emailaccountid");
    const wrongCase = await call("POST", marketingPreference.entitySetName, {
      body: { mps_name: "X", "mps_EmailAccountId@odata.bind": `/mps_emailaccounts(${accountId})` },
    });
    expect(wrongCase.status).toBe(400);
    expect(wrongCase.json<{ error: { message: string } }>().error.message).toContain("mps_EmailAccountId");
    const plainColumn = await call("POST", marketingPreference.entitySetName, { body: { mps_name: "X", mps_emailaccountid: accountId } });
    expect(plainColumn.status).toBe(400);
    expect(plainColumn.json<{ error: { message: string } }>().error.message).toContain('"mps_emailaccountid@odata.bind"');
    const category = dv.insert(marketingPreference.logicalName, { mps_name: "Cat", mps_emailaccountid: accountId });
    const child = await call("POST", marketingPreference.entitySetName, {
      body: { mps_name: "Child", "mps_emailaccountid@odata.bind": `mps_emailaccounts(${accountId})`, "mps_parentcategoryid@odata.bind": `/mps_marketingpreferences(${category})` },
    });
    expect(child.status).toBe(204);
  });

  it("refuses a bind to a row that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000001";
    const response = await call("POST", marketingPreference.entitySetName, { body: { mps_name: "X", "mps_emailaccountid@odata.bind": `/mps_emailaccounts(${missing})` } });
    expect(response.status).toBe(404);
    expect(response.json<{ error: { message: string } }>().error.message).toBe(`Entity 'mps_emailaccount' With Id = ${missing} Does Not Exist`);
  });
});

describe("alternate keys", () => {
  it("upserts by a string key with a doubled quote, and updates the same row the second time", async () => {
    const accountId = dv.insert(emailAccount.logicalName, account());
    const prefId = dv.insert(marketingPreference.logicalName, { mps_name: "News", mps_emailaccountid: accountId });
    const key = encodeURIComponent("acc|pref|contact|o'neil+1@example.com").replace(/'/g, "''");
    const body = {
      mps_name: "News for O'Neil",
      mps_optedin: true,
      "mps_emailaccountid@odata.bind": `/mps_emailaccounts(${accountId})`,
      "mps_marketingpreferenceid@odata.bind": `/mps_marketingpreferences(${prefId})`,
    };
    const first = await call("PATCH", `${subscription.entitySetName}(mps_key='${key}')`, { body });
    expect(first.status).toBe(204);
    const second = await call("PATCH", `${subscription.entitySetName}(mps_key='${key}')`, { body: { mps_optedin: false } });
    expect(second.status).toBe(204);
    expect(second.headers.get("odata-entityid")).toBe(first.headers.get("odata-entityid"));
    const rows = dv.rows(subscription.logicalName);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mps_key: "acc|pref|contact|o'neil+1@example.com", mps_optedin: false });
  });

  it("upserts by a two-column key with a lookup and a choice", async () => {
    const accountId = dv.insert(emailAccount.logicalName, account());
    const type = SyncType["Marketing preferences"];
    const url = `${syncSchedule.entitySetName}(_mps_emailaccountid_value=${accountId},mps_synctype=${type})`;
    expect((await call("PATCH", url, { body: { mps_name: "Main prefs", mps_interval: Interval["Once a day"] } })).status).toBe(204);
    expect((await call("PATCH", url, { body: { mps_interval: Interval["Every 15 minutes"] } })).status).toBe(204);
    const got = await call("GET", `${syncSchedule.entitySetName}(mps_emailaccountid=${accountId},mps_synctype=${type})?$select=mps_interval`);
    expect(got.json()).toMatchObject({ mps_interval: Interval["Every 15 minutes"] });
    expect(dv.count(syncSchedule.logicalName)).toBe(1);
  });

  it("refuses a second row with the same alternate key", async () => {
    dv.insert(emailAccount.logicalName, account());
    const accountId = dv.insert(emailAccount.logicalName, account());
    const prefId = dv.insert(marketingPreference.logicalName, { mps_name: "News", mps_emailaccountid: accountId });
    const body = { mps_name: "S", mps_key: "same", "mps_emailaccountid@odata.bind": `/mps_emailaccounts(${accountId})`, "mps_marketingpreferenceid@odata.bind": `/mps_marketingpreferences(${prefId})` };
    expect((await call("POST", subscription.entitySetName, { body })).status).toBe(204);
    const duplicate = await call("POST", subscription.entitySetName, { body: { ...body, mps_key: "SAME" } });
    expect(duplicate.status).toBe(412);
    expect(duplicate.json<{ error: { code: string } }>().error.code).toBe("0x80060892");
  });

  it("answers 412 to a create-only upsert (If-None-Match: *) when the key exists", async () => {
    const id = dv.insert("contact", { fullname: "Here" });
    const response = await call("PATCH", `contacts(${id})`, { body: { fullname: "Again" }, headers: { "if-none-match": "*" } });
    expect(response.status).toBe(412);
    expect(dv.get("contact", id)).toMatchObject({ fullname: "Here" });
  });
});

describe("optimistic concurrency", () => {
  it("answers 412 to a PATCH or DELETE whose If-Match is not the current ETag, and applies a matching one", async () => {
    const id = dv.insert("contact", { fullname: "V1" });
    const etag = (await call("GET", `contacts(${id})`)).json()["@odata.etag"] as string;
    expect((await call("PATCH", `contacts(${id})`, { body: { fullname: "V2" }, headers: { "if-match": etag } })).status).toBe(204);
    const stale = await call("PATCH", `contacts(${id})`, { body: { fullname: "V3" }, headers: { "if-match": etag } });
    expect(stale.status).toBe(412);
    expect(stale.json()).toEqual({ error: { code: "0x80060882", message: "The version of the existing record doesn't match the RowVersion property provided." } });
    expect((await call("DELETE", `contacts(${id})`, { headers: { "if-match": etag } })).status).toBe(412);
    expect(dv.get("contact", id)).toMatchObject({ fullname: "V2" });
  });

  it("answers 304 to a GET whose If-None-Match is the current ETag", async () => {
    const id = dv.insert("contact", { fullname: "Same" });
    const etag = (await call("GET", `contacts(${id})`)).json()["@odata.etag"] as string;
    expect((await call("GET", `contacts(${id})`, { headers: { "if-none-match": etag } })).status).toBe(304);
    dv.update("contact", id, { fullname: "Changed" });
    expect((await call("GET", `contacts(${id})`, { headers: { "if-none-match": etag } })).status).toBe(200);
  });
});

describe("bad input gets Dataverse errors, never a crash", () => {
  it.each([
    ["unknown entity set", "GET", "contactz", undefined, 404, "0x8006088a", "Resource not found for the segment 'contactz'."],
    ["bad GUID", "GET", "contacts(not-a-guid)", undefined, 400, "0x80060888", undefined],
    ["unknown column in a body", "POST", "contacts", { nickname: "x" }, 400, "0x0", undefined],
    ["wrong type", "POST", "contacts", { fullname: 5 }, 400, "0x0", "Cannot convert the literal '5' to the expected type 'Edm.String'."],
    ["too long", "POST", "contacts", { firstname: "x".repeat(51) }, 400, "0x80044331", undefined],
    ["a choice value not in the choice", "POST", "mps_syncschedules", { mps_interval: 1 }, 400, "0x80044331", undefined],
    ["a write to the _x_value property", "POST", "mps_marketingpreferences", { _mps_emailaccountid_value: "00000000-0000-4000-8000-000000000001" }, 400, "0x80060888", undefined],
  ])("%s", async (_name, method, path, body, status, code, message) => {
    const response = await call(method, path, body === undefined ? {} : { body });
    expect(response.status).toBe(status);
    const error = response.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe(code);
    if (message !== undefined) expect(error.message).toBe(message);
  });

  it("refuses JSON that does not parse", async () => {
    const response = await call("POST", "contacts", { rawBody: '{"fullname": "x",}' });
    expect(response.status).toBe(400);
    expect(response.json<{ error: { code: string; message: string } }>().error.message).toMatch(/^Invalid JSON/);
  });

  it("refuses a row without a required column and names it", async () => {
    const response = await call("POST", emailAccount.entitySetName, { body: { mps_name: "No user" } });
    expect(response.status).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toContain("mps_apiuser");
    expect(dv.count(emailAccount.logicalName)).toBe(0);
  });
});

describe("auth and service protection", () => {
  it("answers 401 with a Bearer challenge without the token or with a wrong one", async () => {
    const none = await fetch(`${dv.apiUrl}contacts`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri=https:\/\/login\.microsoftonline\.com\/.+, resource_id=http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(`${dv.apiUrl}contacts`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });

  it("answers 429 with Retry-After and the request-limit code once the window's budget is spent", async () => {
    const limited = await startDataverseStandIn({ serviceProtection: { maxRequests: 3, windowSeconds: 60 } });
    try {
      limited.controls.clock.set(new Date("2024-03-01T10:00:00Z"));
      const c = dvClient(limited);
      for (let i = 0; i < 3; i++) expect((await c("GET", "contacts")).status).toBe(200);
      limited.controls.clock.advance(20_000);
      const throttled = await c("GET", "contacts");
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("40");
      expect(throttled.json()).toEqual({ error: { code: "0x80072322", message: "Number of requests exceeded the limit of 3 over time window of 60 seconds." } });
      limited.controls.clock.advance(40_000);
      expect((await c("GET", "contacts")).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("sandbox controls", () => {
  it("counts calls per entity set and answers injected faults in the Dataverse error shape", async () => {
    await call("GET", "contacts");
    await call("GET", "contacts?$select=fullname");
    await call("POST", "leads", { body: { fullname: "L" } });
    const stats = (await (await fetch(`${dv.url}/_sandbox/stats`)).json()) as { byRoute: Record<string, number> };
    expect(stats.byRoute).toMatchObject({ "GET /api/data/v9.2/contacts*": 2, "POST /api/data/v9.2/leads*": 1 });

    await fetch(`${dv.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: 503, count: 1 }) });
    const faulted = await call("GET", "contacts");
    expect(faulted.status).toBe(503);
    expect(faulted.json()).toMatchObject({ error: { code: expect.stringMatching(/^0x/) as unknown } });
    expect((await call("GET", "contacts")).status).toBe(200);
  });
});

describe("more refusals", () => {
  it("refuses a create with an id that exists and a FetchXML query it cannot run", async () => {
    const id = dv.insert("contact", { fullname: "One" });
    const duplicate = await call("POST", "contacts", { body: { contactid: id, fullname: "Two" } });
    expect(duplicate.status).toBe(412);
    expect(duplicate.json<{ error: { code: string } }>().error.code).toBe("0x80040237");
    expect((await call("GET", `contacts?fetchXml=${encodeURIComponent("<fetch><entity name='contact'/></fetch>")}`)).status).toBe(400);
  });
});
