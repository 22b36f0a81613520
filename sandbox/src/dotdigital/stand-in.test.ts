import { type DotdigitalAccountHandle, type DotdigitalStandIn, startDotdigitalStandIn } from "./stand-in";
import { createOpenApiValidator, expectValid } from "./testing/openapi";

const schemas = createOpenApiValidator();
const swaggerArray = (name: string) => schemas.swagger({ type: "array", items: { $ref: `#/components/schemas/${name}` } });
const swaggerOne = (name: string) => schemas.swagger({ $ref: `#/components/schemas/${name}` });
const subscriptionsSchema = schemas.swagger({
  type: "object",
  additionalProperties: false,
  required: ["contact", "marketingPreferenceOptIns"],
  properties: {
    contact: { $ref: "#/components/schemas/ApiContact" },
    marketingPreferenceOptIns: { type: "array", items: { $ref: "#/components/schemas/ApiMarketingPreferenceOptIn" } },
  },
});

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

let standIn: DotdigitalStandIn;
let europe: DotdigitalAccountHandle;
let americas: DotdigitalAccountHandle;
let cat: { newsletters: number; weekly: number; offers: number; events: number };

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

async function call(account: DotdigitalAccountHandle | { apiUser: string; password: string; apiEndpoint: string }, method: string, path: string, body?: unknown, rawBody?: string): Promise<Reply> {
  const headers: Record<string, string> = { authorization: basic(account.apiUser, account.password), accept: "application/json" };
  if (body !== undefined || rawBody !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${account.apiEndpoint}${path.replace(/^\//, "")}`, {
    method,
    headers,
    ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

const enc = encodeURIComponent;

async function setClock(iso: string | null): Promise<void> {
  await fetch(`${standIn.url}/_sandbox/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: iso }) });
}

beforeAll(async () => {
  standIn = await startDotdigitalStandIn();
  europe = standIn.addAccount({ apiUser: "apiuser-eu@apiconnector.com", password: "eu-secret", region: "r1", name: "Europe" });
  americas = standIn.addAccount({ apiUser: "apiuser-us@apiconnector.com", password: "us-secret", region: "r2" });
  const at = new Date("2024-01-01T00:00:00Z");
  const newsletters = europe.addCategory({ publicName: "Newsletters", privateName: "NL (internal)", at });
  const weekly = europe.addPreference({ publicName: "Weekly digest", categoryId: newsletters, at });
  const offers = europe.addPreference({ publicName: "Offers", privateName: "Offers - private", categoryId: newsletters, isPublic: false, at });
  const events = europe.addPreference({ publicName: "Events", at });
  cat = { newsletters, weekly, offers, events };
});

afterAll(async () => {
  await standIn.close();
});

afterEach(async () => {
  await setClock(null);
  await fetch(`${standIn.url}/_sandbox/faults`, { method: "DELETE" });
});

describe("accounts, regions and auth", () => {
  it("tells a client its region's base URL from any region, as account-info does", async () => {
    const fromR1 = await call({ ...americas, apiEndpoint: standIn.regionUrl("r1") }, "GET", "/v2/account-info");
    expect(fromR1.status).toBe(200);
    expectValid(swaggerOne("ApiAccount"), fromR1.body);
    expectValid(schemas.response("accounts", "GET", "/v2/account-info"), fromR1.body);
    const properties = (fromR1.body as { properties: Array<{ name: string; value: string }> }).properties;
    expect(properties.find((p) => p.name === "ApiEndpoint")?.value).toBe(standIn.regionUrl("r2"));
    expect(americas.apiEndpoint).toBe(standIn.regionUrl("r2"));
  });

  it("refuses another region's base URL with 403", async () => {
    const wrong = await call({ ...americas, apiEndpoint: standIn.regionUrl("r3") }, "GET", "/v2/preferences");
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ message: expect.stringContaining("Access is denied") as unknown });
    expect((await call(americas, "GET", "/v2/preferences")).status).toBe(200);
  });

  it("answers wrong or missing credentials with 401 and the real message", async () => {
    const wrong = await call({ ...europe, password: "nope" }, "GET", "/v2/preferences");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ message: "Authorization has been denied for this request." });
    const none = await fetch(`${europe.apiEndpoint}v2/preferences`);
    expect(none.status).toBe(401);
  });

  it("keeps each account's data apart", async () => {
    expect((await call(americas, "GET", "/v2/preferences")).body).toEqual([]);
    expect(((await call(europe, "GET", "/v2/preferences")).body as unknown[]).length).toBe(2);
  });
});

describe("server time and the test clock", () => {
  it("reports the time the test clock is set to, in the documented format", async () => {
    await setClock("2024-05-06T07:08:09.123Z");
    const reply = await call(europe, "GET", "/v2/server-time");
    expect(reply.body).toBe("2024-05-06 07:08:09.123000+00:00");
    expectValid(schemas.response("swagger", "GET", "/v2/server-time"), reply.body);
    expectValid(schemas.response("accounts", "GET", "/v2/server-time"), reply.body);
  });
});

describe("preference catalogue", () => {
  it("returns categories with their preferences nested, in order, with public and private names", async () => {
    const reply = await call(europe, "GET", "/v2/preferences");
    expect(reply.status).toBe(200);
    expectValid(swaggerArray("ApiPreference"), reply.body);
    expectValid(schemas.response("preferences", "GET", "/v2/preferences"), reply.body);
    expect(reply.body).toMatchObject([
      {
        id: cat.newsletters,
        isPreference: false,
        publicName: "Newsletters",
        privateName: "NL (internal)",
        categoryId: 0,
        preferenceCount: 2,
        order: "0",
        preferences: [
          { id: cat.weekly, isPreference: true, categoryId: cat.newsletters, order: "0", privateName: "Weekly digest" },
          { id: cat.offers, isPreference: true, isPublic: false, privateName: "Offers - private", order: "1" },
        ],
      },
      { id: cat.events, isPreference: true, categoryId: 0, order: "1" },
    ]);
  });

  it("lists definitions changed since a date", async () => {
    const reply = await call(europe, "GET", "/v2/preferences/modified-since/2024-06-01");
    expect(reply.body).toEqual([]);
    expect(((await call(europe, "GET", "/v2/preferences/modified-since/2023-12-31")).body as unknown[]).length).toBe(2);
  });
});

describe("one contact's preferences", () => {
  const email = "o'brien+news@example.com";

  beforeAll(() => {
    europe.addContact({ email, optInType: "Single" });
  });

  it("writes nested preferences, stamps each with the server clock and shows them in subscriptions", async () => {
    await setClock("2024-03-01T10:00:00Z");
    const put = await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, [
      { id: cat.newsletters, isPreference: false, preferences: [{ id: cat.weekly, isPreference: true, isOptedIn: true }, { id: cat.offers, isPreference: true, isOptedIn: false }] },
      { id: cat.events, isPreference: true, isOptedIn: true },
    ]);
    expect(put.status).toBe(200);
    expectValid(schemas.response("preferences", "PUT", "/v2/contacts/{contactIdentifier}/preferences"), put.body);

    const subs = await call(europe, "GET", `/v2/contacts/${enc(email)}/subscriptions`);
    expect(subs.status).toBe(200);
    expectValid(subscriptionsSchema, subs.body);
    expectValid(schemas.response("preferences", "GET", "/v2/contacts/{email}/subscriptions"), subs.body);
    expect(subs.body).toMatchObject({
      contact: { email, status: "Subscribed", optInType: "Single" },
      marketingPreferenceOptIns: [
        { marketingPreferenceId: cat.weekly, isOptedIn: true, dateModifed: "2024-03-01 10:00:00.000000+00:00" },
        { marketingPreferenceId: cat.offers, isOptedIn: false, dateModifed: "2024-03-01 10:00:00.000000+00:00" },
        { marketingPreferenceId: cat.events, isOptedIn: true, dateModifed: "2024-03-01 10:00:00.000000+00:00" },
      ],
    });
  });

  it("changes only the preferences sent, restamping just those", async () => {
    await setClock("2024-03-02T11:00:00Z");
    await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, [{ id: cat.newsletters, isPreference: false, preferences: [{ id: cat.weekly, isPreference: true, isOptedIn: false }] }]);
    const rows = europe.optIns(email);
    expect(rows.find((r) => r.preferenceId === cat.weekly)).toMatchObject({ isOptedIn: false, dateModified: new Date("2024-03-02T11:00:00Z") });
    expect(rows.find((r) => r.preferenceId === cat.events)).toMatchObject({ isOptedIn: true, dateModified: new Date("2024-03-01T10:00:00Z") });
  });

  it("reads the whole catalogue with the contact's opt-ins, by email or by id", async () => {
    const contact = europe.contact(email);
    for (const identifier of [enc(email), String(contact?.id)]) {
      const reply = await call(europe, "GET", `/v2/contacts/${identifier}/preferences`);
      expect(reply.status).toBe(200);
      expectValid(swaggerArray("ApiPreference"), reply.body);
      expectValid(schemas.response("preferences", "GET", "/v2/contacts/{contactIdentifier}/preferences"), reply.body);
      expect(reply.body).toMatchObject([{ id: cat.newsletters, preferences: [{ id: cat.weekly, isOptedIn: false }, { id: cat.offers, isOptedIn: false }] }, { id: cat.events, isOptedIn: true }]);
    }
  });

  it("accepts a raw + and ' in the path as well as their encoded forms", async () => {
    const reply = await call(europe, "GET", `/v2/contacts/o'brien+news%40example.com/subscriptions`);
    expect(reply.status).toBe(200);
    expect((reply.body as { contact: { email: string } }).contact.email).toBe(email);
  });

  it("rejects an unknown preference id with ERROR_PREFERENCE_NOT_FOUND and writes nothing", async () => {
    const before = europe.optIns(email);
    const reply = await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, [
      { id: cat.events, isPreference: true, isOptedIn: false },
      { id: 99999, isPreference: true, isOptedIn: true },
    ]);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: expect.stringMatching(/99999.*ERROR_PREFERENCE_NOT_FOUND$/) as unknown });
    expect(europe.optIns(email)).toEqual(before);
  });

  it("rejects a preference that is not nested under its category with ERROR_PREFERENCE_INVALID", async () => {
    const reply = await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, [{ id: cat.weekly, isPreference: true, isOptedIn: true }]);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: expect.stringMatching(/category .*ERROR_PREFERENCE_INVALID$/) as unknown });
  });

  it("rejects bad bodies with the v2 error shape and never a 500", async () => {
    const badJson = await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, undefined, "[{ not json");
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ message: expect.stringContaining("ERROR_BODY_DOES_NOT_MATCH_CONTENT_TYPE") as unknown });
    const notArray = await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, { id: cat.events });
    expect(notArray.status).toBe(400);
    expect(notArray.body).toEqual({ message: expect.stringContaining("ERROR_PREFERENCE_INVALID") as unknown });
    const missingOptIn = await call(europe, "PUT", `/v2/contacts/${enc(email)}/preferences`, [{ id: cat.events, isPreference: true }]);
    expect(missingOptIn.body).toEqual({ message: expect.stringContaining("`isOptedIn`") as unknown });
    const plainText = await fetch(`${europe.apiEndpoint}v2/contacts/${enc(email)}/preferences`, {
      method: "PUT",
      headers: { authorization: basic(europe.apiUser, europe.password), "content-type": "text/plain" },
      body: "hello",
    });
    expect(plainText.status).toBe(415);
    expect(await plainText.json()).toEqual({ message: expect.stringContaining("ERROR_CONTENT_TYPE_IS_NOT_SUPPORTED") as unknown });
  });

  it("rejects an invalid email and reports an unknown contact", async () => {
    const invalid = await call(europe, "GET", `/v2/contacts/${enc("not-an-email")}/subscriptions`);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: "Email is not a valid email address. ERROR_PARAMETER_INVALID" });
    const unknown = await call(europe, "PUT", `/v2/contacts/${enc("nobody@example.com")}/preferences`, [{ id: cat.events, isPreference: true, isOptedIn: true }]);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ message: "Error: ERROR_CONTACT_NOT_FOUND" });
  });
});

describe("opt-in change feed", () => {
  let feedAccount: DotdigitalAccountHandle;
  let pref: number;
  const old = new Date("2024-01-01T00:00:00Z");
  const recent = new Date("2024-02-01T00:00:00Z");

  beforeAll(() => {
    feedAccount = standIn.addAccount({ apiUser: "feed@apiconnector.com", password: "feed" });
    pref = feedAccount.addPreference({ publicName: "Feed" });
    for (let i = 0; i < 2600; i++) {
      const { email } = feedAccount.addContact({ email: `feed.${i}@example.com` });
      // Every 26th contact changed long ago; the rest (2500) changed recently, some to opted out.
      feedAccount.setOptIn(email, pref, i % 3 !== 0, i % 26 === 0 ? old : recent);
    }
  });

  it("pages more than 1000 changes by minContactId, in contact id order, each row with its dateModifed", async () => {
    const seen: number[] = [];
    let minContactId = 0;
    let calls = 0;
    for (;;) {
      const reply = await call(feedAccount, "GET", `/v2/contacts/with-preference/${pref}/opt-ins-since/2024-01-15T00:00:00Z?minContactId=${minContactId}`);
      calls += 1;
      expect(reply.status).toBe(200);
      const rows = reply.body as Array<{ contact: { id: number }; marketingPreferenceOptIns: Array<{ dateModifed: string; marketingPreferenceId: number }> }>;
      if (calls === 1) {
        expectValid(swaggerArray("ApiContactWithPreferenceOptIn"), rows);
        expectValid(schemas.response("preferences", "GET", "/v2/contacts/with-preference/{preferenceId}/opt-ins-since/{date}"), rows);
      }
      expect(rows.length).toBeLessThanOrEqual(1000);
      for (const row of rows) {
        expect(row.marketingPreferenceOptIns).toEqual([expect.objectContaining({ marketingPreferenceId: pref, dateModifed: "2024-02-01 00:00:00.000000+00:00" })]);
        seen.push(row.contact.id);
      }
      if (rows.length < 1000) break;
      minContactId = (rows.at(-1)?.contact.id ?? 0) + 1;
    }
    expect(calls).toBe(3);
    expect(seen).toHaveLength(2500);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(2500);
  });

  it("treats minContactId as inclusive and includes opt-outs", async () => {
    const first = feedAccount.contact("feed.1@example.com");
    const reply = await call(feedAccount, "GET", `/v2/contacts/with-preference/${pref}/opt-ins-since/2024-01-15?minContactId=${first?.id}`);
    const rows = reply.body as Array<{ contact: { id: number }; marketingPreferenceOptIns: Array<{ isOptedIn: boolean }> }>;
    expect(rows[0]?.contact.id).toBe(first?.id);
    expect(rows.some((r) => r.marketingPreferenceOptIns[0]?.isOptedIn === false)).toBe(true);
  });

  it("returns nothing when nothing changed since the date, then the one change made after it", async () => {
    const after = `/v2/contacts/with-preference/${pref}/opt-ins-since/2024-06-01T00:00:00Z`;
    expect((await call(feedAccount, "GET", after)).body).toEqual([]);
    await setClock("2024-06-02T08:00:00Z");
    await call(feedAccount, "PUT", `/v2/contacts/${enc("feed.7@example.com")}/preferences`, [{ id: pref, isPreference: true, isOptedIn: false }]);
    expect((await call(feedAccount, "GET", after)).body).toMatchObject([
      { contact: { email: "feed.7@example.com" }, marketingPreferenceOptIns: [{ isOptedIn: false, dateModifed: "2024-06-02 08:00:00.000000+00:00" }] },
    ]);
  });

  it("lists the contacts opted in now", async () => {
    const reply = await call(feedAccount, "GET", `/v2/contacts/with-preference/${pref}`);
    expectValid(swaggerArray("ApiContactIdAndEmail"), reply.body);
    expect((reply.body as unknown[]).length).toBe(1000);
  });

  it("rejects a bad date, a bad id and an unknown preference with the v2 errors", async () => {
    const badDate = await call(feedAccount, "GET", `/v2/contacts/with-preference/${pref}/opt-ins-since/yesterday`);
    expect(badDate.status).toBe(400);
    expect(badDate.body).toEqual({ message: expect.stringContaining("ERROR_PARAMETER_INVALID") as unknown });
    expect((await call(feedAccount, "GET", `/v2/contacts/with-preference/${pref}/opt-ins-since/2024-02-30`)).status).toBe(400);
    expect((await call(feedAccount, "GET", `/v2/contacts/with-preference/abc/opt-ins-since/2024-01-01`)).status).toBe(400);
    expect((await call(feedAccount, "GET", `/v2/contacts/with-preference/${pref}/opt-ins-since/2024-01-01?minContactId=-1`)).status).toBe(400);
    const unknown = await call(feedAccount, "GET", `/v2/contacts/with-preference/424242/opt-ins-since/2024-01-01`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ message: expect.stringContaining("ERROR_PREFERENCE_NOT_FOUND") as unknown });
  });
});

describe("suppressions", () => {
  let acct: DotdigitalAccountHandle;
  let pref: number;

  beforeAll(() => {
    acct = standIn.addAccount({ apiUser: "supp@apiconnector.com", password: "supp" });
    pref = acct.addPreference({ publicName: "News" });
    acct.addContact({ email: "bounced@example.com", status: "HardBounced", suppressedAt: new Date("2024-01-10T00:00:00Z") });
    acct.addContact({ email: "leaver@example.com" });
    acct.addContact({ email: "kept@example.com" });
  });

  it("rejects preference writes for a suppressed contact with ERROR_CONTACT_SUPPRESSED and keeps its opt-ins", async () => {
    acct.setOptIn("bounced@example.com", pref, true, new Date("2024-01-01T00:00:00Z"));
    const reply = await call(acct, "PUT", `/v2/contacts/${enc("bounced@example.com")}/preferences`, [{ id: pref, isPreference: true, isOptedIn: false }]);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: expect.stringMatching(/HardBounced.*ERROR_CONTACT_SUPPRESSED$/) as unknown });
    expect(acct.optIns("bounced@example.com")).toEqual([expect.objectContaining({ isOptedIn: true })]);
  });

  it("unsubscribes a contact, lists it in suppressed-since and refuses its writes", async () => {
    await setClock("2024-02-01T09:00:00Z");
    const reply = await call(acct, "POST", "/v2/contacts/unsubscribe", { email: "leaver@example.com" });
    expect(reply.status).toBe(200);
    expectValid(swaggerOne("ApiContactSuppression"), reply.body);
    expectValid(schemas.response("preferences", "POST", "/v2/contacts/unsubscribe"), reply.body);
    expect(reply.body).toMatchObject({ suppressedContact: { email: "leaver@example.com", status: "Unsubscribed" }, reason: "Unsubscribed", dateRemoved: "2024-02-01 09:00:00.000000+00:00" });

    const since = await call(acct, "GET", "/v2/contacts/suppressed-since/2024-01-01");
    expectValid(swaggerArray("ApiContactSuppression"), since.body);
    expectValid(schemas.response("preferences", "GET", "/v2/contacts/suppressed-since/{date}"), since.body);
    expect(since.body).toMatchObject([
      { suppressedContact: { email: "bounced@example.com" }, reason: "HardBounced" },
      { suppressedContact: { email: "leaver@example.com" }, reason: "Unsubscribed" },
    ]);
    expect((await call(acct, "GET", "/v2/contacts/suppressed-since/2024-01-15T00:00:00Z")).body).toMatchObject([{ reason: "Unsubscribed" }]);
    expect((await call(acct, "GET", "/v2/contacts/unsubscribed-since/2024-01-01")).body).toMatchObject([{ reason: "Unsubscribed" }]);
    const write = await call(acct, "PUT", `/v2/contacts/${enc("leaver@example.com")}/preferences`, [{ id: pref, isPreference: true, isOptedIn: true }]);
    expect(write.status).toBe(400);
  });

  it("pages suppressed-since with select and skip, and refuses select outside 1..1000", async () => {
    expect((await call(acct, "GET", "/v2/contacts/suppressed-since/2024-01-01?select=1&skip=1")).body).toMatchObject([{ suppressedContact: { email: "leaver@example.com" } }]);
    for (const q of ["select=0", "select=1001", "skip=-1", "select=abc"]) {
      const reply = await call(acct, "GET", `/v2/contacts/suppressed-since/2024-01-01?${q}`);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ message: expect.stringContaining("ERROR_PARAMETER_INVALID") as unknown });
    }
  });

  it("bulk-suppresses by id or email and reports the ones it did not find", async () => {
    const kept = acct.contact("kept@example.com");
    const reply = await call(acct, "PUT", "/v2/contacts/suppress-contacts", [{ id: kept?.id }, { email: "nobody@example.com" }]);
    expect(reply.status).toBe(200);
    expectValid(swaggerOne("ApiBulkSuppressResponse"), reply.body);
    expectValid(schemas.response("preferences", "PUT", "/v2/contacts/suppress-contacts"), reply.body);
    expect(reply.body).toEqual({ suppressed: [{ id: kept?.id, email: null }], notFound: [{ id: 0, email: "nobody@example.com" }] });
    expect(acct.contact("kept@example.com")?.status).toBe("Suppressed");
  });

  it("resubscribes with a challenge only once the contact confirms, and without one at once", async () => {
    const challenged = await call(acct, "POST", "/v2/contacts/resubscribe", { unsubscribedContact: { email: "leaver@example.com" }, preferredLocale: "en-EN" });
    expectValid(swaggerOne("ApiResubscribeResult"), challenged.body);
    expectValid(schemas.response("preferences", "POST", "/v2/contacts/resubscribe"), challenged.body);
    expect(challenged.body).toMatchObject({ status: "ContactChallenged", contact: { status: "Unsubscribed" } });
    expect(acct.confirmResubscription("leaver@example.com")).toBe(true);
    expect(acct.contact("leaver@example.com")?.status).toBe("Subscribed");
    expect((await call(acct, "GET", "/v2/contacts/suppressed-since/2024-01-01")).body).not.toContainEqual(expect.objectContaining({ reason: "Unsubscribed" }));

    const direct = await call(acct, "POST", "/v2/contacts/resubscribe-with-no-challenge", { unsubscribedContact: { email: "kept@example.com" } });
    expectValid(schemas.response("preferences", "POST", "/v2/contacts/resubscribe-with-no-challenge"), direct.body);
    expect(direct.body).toMatchObject({ status: "ContactAdded", contact: { status: "Subscribed" } });
  });

  it("cannot lift a hard bounce", async () => {
    const reply = await call(acct, "POST", "/v2/contacts/resubscribe-with-no-challenge", { unsubscribedContact: { email: "bounced@example.com" } });
    expect(reply.body).toMatchObject({ status: "ContactCannotBeUnsuppressed", contact: { status: "HardBounced" } });
  });
});

describe("contacts and address books", () => {
  let acct: DotdigitalAccountHandle;

  beforeAll(() => {
    acct = standIn.addAccount({ apiUser: "contacts@apiconnector.com", password: "c" });
  });

  it("creates a contact (opt-in type Unknown by default) and reads it by email and by id", async () => {
    const created = await call(acct, "POST", "/v2/contacts", { email: "New.Person+crm@example.com", dataFields: [{ key: "FIRSTNAME", value: "New" }] });
    expect(created.status).toBe(201);
    expectValid(swaggerOne("ApiContact"), created.body);
    expectValid(schemas.response("contacts", "POST", "/v2/contacts", "201"), created.body);
    const { id } = created.body as { id: number };
    expect(created.body).toMatchObject({ email: "New.Person+crm@example.com", optInType: "Unknown", status: "Subscribed" });
    const byEmail = await call(acct, "GET", `/v2/contacts/${enc("new.person+crm@example.com")}`);
    expect(byEmail.body).toMatchObject({ id });
    expectValid(schemas.response("contacts", "GET", "/v2/contacts/{contactIdentifier}"), byEmail.body);
    expect((await call(acct, "GET", `/v2/contacts/${id}`)).body).toMatchObject({ email: "New.Person+crm@example.com" });
    expect(((await call(acct, "GET", "/v2/contacts?select=10")).body as unknown[]).length).toBe(1);
  });

  it("will not add a suppressed contact back, and hides it by id", async () => {
    const { id } = acct.addContact({ email: "gone@example.com", status: "Unsubscribed" });
    const reply = await call(acct, "POST", "/v2/contacts", { email: "gone@example.com" });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: expect.stringContaining("ERROR_CONTACT_SUPPRESSED") as unknown });
    expect((await call(acct, "GET", `/v2/contacts/${id}`)).status).toBe(404);
    expect((await call(acct, "GET", `/v2/contacts/${enc("gone@example.com")}`)).body).toMatchObject({ status: "Unsubscribed" });
  });

  it("refuses an invalid email on create", async () => {
    const reply = await call(acct, "POST", "/v2/contacts", { email: "no at sign" });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: "Email is not a valid email address. ERROR_PARAMETER_INVALID" });
  });

  it("creates address books, adds contacts and lists both ways", async () => {
    const created = await call(acct, "POST", "/v2/address-books", { name: "Newsletter list", visibility: "Public" });
    expect(created.status).toBe(201);
    expectValid(swaggerOne("ApiAddressBook"), created.body);
    const { id } = created.body as { id: number };
    const added = await call(acct, "POST", `/v2/address-books/${id}/contacts`, { email: "member@example.com" });
    expectValid(swaggerOne("ApiContact"), added.body);
    const members = await call(acct, "GET", `/v2/address-books/${id}/contacts`);
    expect(members.body).toMatchObject([{ email: "member@example.com" }]);
    const books = await call(acct, "GET", "/v2/address-books");
    expectValid(swaggerArray("ApiAddressBook"), books.body);
    expect(books.body).toEqual([{ id, name: "Newsletter list", visibility: "Public", contacts: 1 }]);
    const memberId = (added.body as { id: number }).id;
    expect((await call(acct, "GET", `/v2/contacts/${memberId}/address-books`)).body).toMatchObject([{ id }]);
    expect((await call(acct, "POST", "/v2/address-books", { name: "newsletter LIST" })).body).toEqual({ message: expect.stringContaining("ERROR_ADDRESSBOOK_DUPLICATE") as unknown });
    expect((await call(acct, "GET", "/v2/address-books/9999")).status).toBe(404);
  });
});

describe("rate limits", () => {
  it("tiered: puts X-RateLimit-* on every response and answers 429 past the tier's budget", async () => {
    const acct = standIn.addAccount({ apiUser: "tiered@apiconnector.com", password: "t", rateLimit: { scheme: "tiered", perMinute: { Medium: 2 } } });
    const first = await call(acct, "GET", "/v2/preferences");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(first.headers.get("x-ratelimit-scope")).toBe("Medium");
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    expect((await call(acct, "GET", "/v2/preferences")).headers.get("x-ratelimit-remaining")).toBe("0");
    const limited = await call(acct, "GET", "/v2/preferences");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeLessThanOrEqual(60);
    // Another tier has its own budget (High is not limited here).
    expect((await call(acct, "GET", "/v2/server-time")).status).toBe(200);
    acct.resetRateLimit();
    expect((await call(acct, "GET", "/v2/preferences")).status).toBe(200);
  });

  it("tiered: the budget comes back when the window ends", async () => {
    const acct = standIn.addAccount({ apiUser: "window@apiconnector.com", password: "w", rateLimit: { scheme: "tiered", perMinute: { Medium: 1 }, windowMs: 150 } });
    expect((await call(acct, "GET", "/v2/preferences")).status).toBe(200);
    expect((await call(acct, "GET", "/v2/preferences")).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call(acct, "GET", "/v2/preferences")).status).toBe(200);
  });

  it("flat: answers 400 ERROR_APIUSAGE_EXCEEDED past the hourly budget", async () => {
    const acct = standIn.addAccount({ apiUser: "flat@apiconnector.com", password: "f", rateLimit: { scheme: "flat", perHour: 2 } });
    const info = await call(acct, "GET", "/v2/account-info");
    expect((info.body as { properties: Array<{ name: string; value: string }> }).properties.find((p) => p.name === "ApiCallsRemaining")?.value).toBe("1");
    expect((await call(acct, "GET", "/v2/preferences")).status).toBe(200);
    const limited = await call(acct, "GET", "/v2/preferences");
    expect(limited.status).toBe(400);
    expect(limited.body).toEqual({ message: "Your account has generated excess API activity and is being temporarily capped. Please contact support. ERROR_APIUSAGE_EXCEEDED" });
    expect(limited.headers.get("x-ratelimit-limit")).toBeNull();
  });
});

describe("timestamp format", () => {
  it("can write plain ISO 8601 timestamps instead of the documented form, still matching the schema", async () => {
    const iso = await startDotdigitalStandIn({ timestampFormat: "iso", controls: standIn.controls });
    try {
      const acct = iso.addAccount({ apiUser: "iso@apiconnector.com", password: "i" });
      const pref = acct.addPreference({ publicName: "P" });
      acct.addContact({ email: "iso@example.com" });
      acct.setOptIn("iso@example.com", pref, true, new Date("2024-04-01T12:00:00.250Z"));
      const reply = await call(acct, "GET", `/v2/contacts/${enc("iso@example.com")}/subscriptions`);
      expectValid(subscriptionsSchema, reply.body);
      expect(reply.body).toMatchObject({ marketingPreferenceOptIns: [{ dateModifed: "2024-04-01T12:00:00.250Z" }] });
    } finally {
      await iso.close();
    }
  });
});

describe("test controls on the stand-in", () => {
  it("injects faults with the v2 error body and counts calls per route", async () => {
    await fetch(`${standIn.url}/_sandbox/stats/reset`, { method: "POST" });
    await fetch(`${standIn.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: 503, count: 1, route: "GET /:region/v2/preferences" }),
    });
    const failed = await call(europe, "GET", "/v2/preferences");
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ message: expect.stringContaining("ERROR_") as unknown });
    expect((await call(europe, "GET", "/v2/preferences")).status).toBe(200);
    await call(europe, "GET", "/v2/server-time");
    const stats = (await (await fetch(`${standIn.url}/_sandbox/stats`)).json()) as { total: number; byRoute: Record<string, number> };
    expect(stats).toEqual({ total: 3, byRoute: { "GET /:region/v2/preferences": 2, "GET /:region/v2/server-time": 1 } });
  });

  it("answers unknown paths and regions with 404 in the v2 shape", async () => {
    const reply = await fetch(`${standIn.url}/r9/v2/preferences`, { headers: { authorization: basic(europe.apiUser, europe.password) } });
    expect(reply.status).toBe(404);
    expect(await reply.json()).toEqual({ message: expect.stringContaining("No HTTP resource") as unknown });
  });
});
