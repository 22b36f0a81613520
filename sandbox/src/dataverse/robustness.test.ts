import fc from "fast-check";
import { startDataverseStandIn, type DataverseStandIn } from "./server";
import { dvClient } from "./test-client";

let dv: DataverseStandIn;
let call: ReturnType<typeof dvClient>;

beforeAll(async () => {
  dv = await startDataverseStandIn({ serviceProtection: false });
  call = dvClient(dv);
  dv.insert("contact", { fullname: "Someone", emailaddress1: "some+one@example.com" });
});
afterAll(async () => {
  await dv.close();
});

// Pieces of OData syntax, so random input reaches deep into the parsers rather than failing at once.
const piece = fc.constantFrom(
  "fullname", "_mps_emailaccountid_value", "eq", "ne", "gt", " and ", " or ", "not ", "(", ")", "'", "''", "'x'", ",", "null", "true",
  "contains(", "Microsoft.Dynamics.CRM.In(PropertyName=", "PropertyValues=[", "]", "@p1", "2024-01-01T00:00:00Z", "1", "-", "/", "$", "=", ";", "%", "+",
  "00000000-0000-4000-8000-000000000001", "mps_emailaccountid($select=mps_name)", " asc", " desc",
);
const fragment = fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join(""));

describe("bad input never crashes the server", () => {
  it("answers random query options with 2xx or a 4xx Dataverse error, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("$filter", "$select", "$orderby", "$expand", "$top", "$skiptoken", "$deltatoken"), fragment, async (option, value) => {
        const response = await call("GET", `contacts?${option}=${encodeURIComponent(value)}`);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.json()).toEqual({ error: { code: expect.any(String) as unknown, message: expect.any(String) as unknown } });
      }),
      { numRuns: 150 },
    );
  });

  it("answers random keys, paths and bodies with 2xx or 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PATCH", "DELETE"),
        fc.constantFrom("contacts", "mps_marketingpreferencesubscriptions", "lists", "mps_emailaccounts", "nothing"),
        fragment,
        fc.oneof(fc.json(), fc.string({ maxLength: 20 })),
        async (method, set, key, body) => {
          const response = await call(method, `${set}(${encodeURIComponent(key)})`, method === "GET" || method === "DELETE" ? {} : { rawBody: body });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
