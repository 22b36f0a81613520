import { emailAccount, marketingPreference, syncRun } from "@mps/model";
import { startDataverseStandIn, type DataverseStandIn } from "./server";
import { dvClient } from "./test-client";

let dv: DataverseStandIn;
let call: ReturnType<typeof dvClient>;

beforeAll(async () => {
  dv = await startDataverseStandIn({ serviceProtection: false });
  call = dvClient(dv);
  dv.insertMany("contact", [
    { fullname: "Ann O'Neil", lastname: "O'Neil", emailaddress1: "ann+news@example.com" },
    { fullname: "Bob Smith", lastname: "Smith", emailaddress1: "bob@example.com" },
    { fullname: "Cy Smithers", lastname: "Smithers", emailaddress1: null },
    { fullname: "Dee O'Neil", lastname: "O'Neil", emailaddress1: "DEE@Example.com" },
  ]);
});
afterAll(async () => {
  await dv.close();
});

/** Builds a $filter query string the way a careful client does: values URL-encoded. */
const filter = (expr: string): string => `$filter=${encodeURIComponent(expr)}`;
const names = async (query: string): Promise<string[]> => {
  const response = await call("GET", `contacts?$select=fullname&${query}`);
  expect(response.status).toBe(200);
  return response
    .json<{ value: { fullname: string }[] }>()
    .value.map((r) => r.fullname)
    .sort();
};

describe("$filter", () => {
  it("matches a string with a doubled single quote", async () => {
    expect(await names(filter("lastname eq 'O''Neil'"))).toEqual(["Ann O'Neil", "Dee O'Neil"]);
  });

  it("matches an email with + when the client URL-encodes it, and reads a raw + as a space as Dataverse does", async () => {
    expect(await names(filter("emailaddress1 eq 'ann+news@example.com'"))).toEqual(["Ann O'Neil"]);
    expect(await names("$filter=emailaddress1 eq 'ann+news@example.com'")).toEqual([]);
  });

  it("compares strings case-insensitively", async () => {
    expect(await names(filter("emailaddress1 eq 'dee@example.com'"))).toEqual(["Dee O'Neil"]);
  });

  it("supports ne, null, and/or/not and parentheses", async () => {
    expect(await names(filter("emailaddress1 eq null"))).toEqual(["Cy Smithers"]);
    expect(await names(filter("emailaddress1 ne null and not (lastname eq 'Smith')"))).toEqual(["Ann O'Neil", "Dee O'Neil"]);
    expect(await names(filter("(lastname eq 'Smith' or lastname eq 'Smithers') and emailaddress1 ne null"))).toEqual(["Bob Smith"]);
  });

  it("treats a chain of eq on one column joined by or as 'one of these', case-insensitively, and mixed chains as written", async () => {
    expect(await names(filter("(emailaddress1 eq 'bob@example.com' or emailaddress1 eq 'dee@example.com' or emailaddress1 eq 'nobody@example.com')"))).toEqual(["Bob Smith", "Dee O'Neil"]);
    expect(await names(filter("emailaddress1 eq 'bob@example.com' or lastname eq 'Smithers'"))).toEqual(["Bob Smith", "Cy Smithers"]);
  });

  it("supports contains, startswith and endswith", async () => {
    expect(await names(filter("contains(fullname,'smith')"))).toEqual(["Bob Smith", "Cy Smithers"]);
    expect(await names(filter("startswith(fullname,'d')"))).toEqual(["Dee O'Neil"]);
    expect(await names(filter("endswith(emailaddress1,'@example.com')"))).toEqual(["Ann O'Neil", "Bob Smith", "Dee O'Neil"]);
  });

  it("supports Microsoft.Dynamics.CRM.In with single- and double-quoted values, and through parameter aliases", async () => {
    expect(await names(filter("Microsoft.Dynamics.CRM.In(PropertyName='emailaddress1',PropertyValues=['bob@example.com','ann+news@example.com'])"))).toEqual([
      "Ann O'Neil",
      "Bob Smith",
    ]);
    expect(await names(filter(`Microsoft.Dynamics.CRM.In(PropertyName='lastname',PropertyValues=["O'Neil","Nobody"])`))).toEqual(["Ann O'Neil", "Dee O'Neil"]);
    expect(
      await names(`${filter("Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)")}&@p1=${encodeURIComponent("'lastname'")}&@p2=${encodeURIComponent('["Smith"]')}`),
    ).toEqual(["Bob Smith"]);
  });

  it("compares numbers and date-times with gt/ge/lt/le", async () => {
    const all = (await call("GET", "contacts?$select=versionnumber")).json<{ value: { versionnumber: number }[] }>().value.map((r) => r.versionnumber).sort();
    expect(await names(filter(`versionnumber ge ${all[2]}`))).toHaveLength(2);
    expect(await names(filter(`versionnumber lt ${all[1]}`))).toHaveLength(1);
    expect(await names(filter("createdon le 2000-01-01T00:00:00Z"))).toEqual([]);
    expect(await names(filter("createdon gt 2000-01-01T00:00:00Z"))).toHaveLength(4);
  });

  it("filters lookups through _x_value", async () => {
    const a = dv.insert(emailAccount.logicalName, { mps_name: "A", mps_apiuser: "a@x.com", mps_credentialname: "A" });
    const b = dv.insert(emailAccount.logicalName, { mps_name: "B", mps_apiuser: "b@x.com", mps_credentialname: "B" });
    dv.insert(marketingPreference.logicalName, { mps_name: "PA", mps_emailaccountid: a });
    dv.insert(marketingPreference.logicalName, { mps_name: "PB", mps_emailaccountid: b });
    const response = await call("GET", `mps_marketingpreferences?$select=mps_name&${filter(`_mps_emailaccountid_value eq ${b}`)}`);
    expect(response.json<{ value: { mps_name: string }[] }>().value.map((r) => r.mps_name)).toEqual(["PB"]);
  });

  it("filters and orders by a column of the looked-up row through its navigation property", async () => {
    const a = dv.insert(emailAccount.logicalName, { mps_name: "Alpha", mps_apiuser: "alpha@x.com", mps_credentialname: "AL" });
    const z = dv.insert(emailAccount.logicalName, { mps_name: "Zulu", mps_apiuser: "zulu@x.com", mps_credentialname: "ZU" });
    dv.insert(marketingPreference.logicalName, { mps_name: "NavZ", mps_emailaccountid: z });
    dv.insert(marketingPreference.logicalName, { mps_name: "NavA", mps_emailaccountid: a });
    const byName = await call("GET", `mps_marketingpreferences?$select=mps_name&${filter("startswith(mps_name,'Nav') and mps_emailaccountid/mps_name eq 'zulu'")}`);
    expect(byName.json<{ value: { mps_name: string }[] }>().value.map((r) => r.mps_name)).toEqual(["NavZ"]);
    const ordered = await call("GET", `mps_marketingpreferences?$select=mps_name&$orderby=mps_emailaccountid/mps_name desc&${filter("startswith(mps_name,'Nav')")}`);
    expect(ordered.json<{ value: { mps_name: string }[] }>().value.map((r) => r.mps_name)).toEqual(["NavZ", "NavA"]);
    const unknown = await call("GET", `mps_marketingpreferences?${filter("mps_emailaccountid/nope eq 'x'")}`);
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe("Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.mps_emailaccount'.");
  });

  it("answers a malformed filter and an unknown column with Dataverse's errors", async () => {
    const unterminated = await call("GET", `contacts?${filter("lastname eq 'O'Neil'")}`);
    expect(unterminated.status).toBe(400);
    expect(unterminated.json<{ error: { message: string } }>().error.message).toBe("There is an unterminated literal at position 20 in 'lastname eq 'O'Neil''.");
    const syntax = await call("GET", `contacts?${filter("lastname eq")}`);
    expect(syntax.status).toBe(400);
    expect(syntax.json<{ error: { message: string } }>().error.message).toMatch(/^Syntax error at position \d+/);
    const unknown = await call("GET", `contacts?${filter("nickname eq 'x'")}`);
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toEqual({ error: { code: "0x0", message: "Could not find a property named 'nickname' on type 'Microsoft.Dynamics.CRM.contact'." } });
  });
});

describe("$select, $orderby, $top, $count, $expand", () => {
  it("returns only selected columns plus the id and the ETag", async () => {
    const row = (await call("GET", "contacts?$select=fullname&$top=1")).json<{ value: Record<string, unknown>[] }>().value[0] ?? {};
    expect(Object.keys(row).sort()).toEqual(["@odata.etag", "contactid", "fullname"]);
  });

  it("orders by several columns, nulls first ascending, and limits with $top", async () => {
    expect(
      (await call("GET", "contacts?$select=fullname&$orderby=lastname desc,fullname asc&$top=3")).json<{ value: { fullname: string }[] }>().value.map((r) => r.fullname),
    ).toEqual(["Cy Smithers", "Bob Smith", "Ann O'Neil"]);
    expect((await call("GET", "contacts?$select=fullname&$orderby=emailaddress1")).json<{ value: { fullname: string }[] }>().value[0]?.fullname).toBe("Cy Smithers");
  });

  it("counts matching rows with $count=true", async () => {
    const body = (await call("GET", `contacts?$select=fullname&$count=true&${filter("lastname eq 'O''Neil'")}`)).json();
    expect(body["@odata.count"]).toBe(2);
  });

  it("expands a single-valued lookup by its navigation property with a nested $select", async () => {
    const a = dv.insert(emailAccount.logicalName, { mps_name: "Expanded", mps_apiuser: "e@x.com", mps_credentialname: "E" });
    dv.insert(marketingPreference.logicalName, { mps_name: "PE", mps_emailaccountid: a });
    const response = await call("GET", `mps_marketingpreferences?$select=mps_name&$expand=mps_emailaccountid($select=mps_name,mps_apiuser)&${filter("mps_name eq 'PE'")}`);
    expect(response.status).toBe(200);
    expect(response.json<{ value: unknown[] }>().value[0]).toMatchObject({ mps_name: "PE", mps_emailaccountid: { mps_name: "Expanded", mps_apiuser: "e@x.com", mps_emailaccountid: a } });
    const wrong = await call("GET", "mps_marketingpreferences?$expand=mps_EmailAccountId");
    expect(wrong.status).toBe(400);
  });

  it("reads and expands one-to-many relationships, named by the model's relationship", async () => {
    const column = syncRun.columns.mps_emailaccountid;
    const rel = column.type === "lookup" ? column.relationship : "";
    const a = dv.insert(emailAccount.logicalName, { mps_name: "Runs", mps_apiuser: "r@x.com", mps_credentialname: "R" });
    const other = dv.insert(emailAccount.logicalName, { mps_name: "Other", mps_apiuser: "o@x.com", mps_credentialname: "O" });
    dv.insertMany(syncRun.logicalName, [
      { mps_name: "Run 1", mps_emailaccountid: a, mps_pulled: 3 },
      { mps_name: "Run 2", mps_emailaccountid: a, mps_pulled: 7 },
      { mps_name: "Elsewhere", mps_emailaccountid: other, mps_pulled: 1 },
    ]);
    const runs = await call("GET", `mps_emailaccounts(${a})/${rel}?$select=mps_name&$orderby=mps_pulled desc`);
    expect(runs.json<{ value: { mps_name: string }[] }>().value.map((r) => r.mps_name)).toEqual(["Run 2", "Run 1"]);
    const expanded = await call("GET", `mps_emailaccounts(${a})?$select=mps_name&$expand=${rel}($select=mps_name;$filter=mps_pulled gt 5)`);
    expect(expanded.json()).toMatchObject({ mps_name: "Runs", [rel]: [{ mps_name: "Run 2" }] });
  });

  it("refuses $skip with the real error, pointing at nextLink paging", async () => {
    const response = await call("GET", "contacts?$skip=2");
    expect(response.status).toBe(400);
    expect(response.json<{ error: { code: string; message: string } }>().error.message).toContain("$skip is not supported");
  });
});

describe("paging", () => {
  it("pages 12,000 rows by @odata.nextLink with a $skiptoken, every row exactly once, default page 5000", async () => {
    const big = await startDataverseStandIn({ serviceProtection: false });
    try {
      const c = dvClient(big);
      const ids = big.insertMany(
        "lead",
        Array.from({ length: 12_000 }, (_, i) => ({ fullname: `Lead ${i}`, emailaddress1: `lead${i}@example.com` })),
      );
      const seen: string[] = [];
      let url: string | undefined = "leads?$select=emailaddress1";
      let pages = 0;
      while (url !== undefined) {
        const response = await c("GET", url, { headers: { prefer: "odata.maxpagesize=2500" } });
        expect(response.status).toBe(200);
        const body = response.json<{ value: { leadid: string }[]; "@odata.nextLink"?: string }>();
        seen.push(...body.value.map((r) => r.leadid));
        pages++;
        if (body["@odata.nextLink"] !== undefined) {
          expect(body["@odata.nextLink"]).toContain("$skiptoken=");
          expect(body["@odata.nextLink"]).not.toContain("$skip=");
          expect(response.headers.get("preference-applied")).toBe("odata.maxpagesize=2500");
        }
        url = body["@odata.nextLink"];
      }
      expect(pages).toBe(5);
      expect(seen).toHaveLength(12_000);
      expect(new Set(seen)).toEqual(new Set(ids));

      const first = (await c("GET", "leads?$select=fullname")).json<{ value: unknown[]; "@odata.nextLink"?: string }>();
      expect(first.value).toHaveLength(5000);
      expect(first["@odata.nextLink"]).toBeDefined();

      const ordered = (await c("GET", `leads?$select=fullname&$orderby=fullname desc&${filter("startswith(fullname,'Lead 1')")}`, { headers: { prefer: "odata.maxpagesize=1000" } })).json<{
        value: { fullname: string }[];
        "@odata.nextLink": string;
      }>();
      const next = (await c("GET", ordered["@odata.nextLink"], { headers: { prefer: "odata.maxpagesize=1000" } })).json<{ value: { fullname: string }[] }>();
      const expected = Array.from({ length: 12_000 }, (_, i) => `Lead ${i}`)
        .filter((n) => n.startsWith("Lead 1"))
        .sort()
        .reverse();
      expect([...ordered.value, ...next.value].map((r) => r.fullname)).toEqual(expected.slice(0, 2000));
    } finally {
      await big.close();
    }
  });
});
