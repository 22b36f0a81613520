import { createManualClock } from "../http/clock";
import { createDotdigitalClient, encodePathSegment, type DotdigitalClientOptions } from "./client";
import { DotdigitalError } from "./errors";
import { type PreferenceCatalogue } from "./mapping";

interface Seen {
  method: string;
  url: URL;
  body: unknown;
  authorization: string | null;
}

type Route = (seen: Seen) => Response | Promise<Response>;

const PASSWORD = "s3cret-Pa55word!";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A client on a fake fetch; `route` answers each request, `seen` records them. */
function setup(route: Route, extra: Partial<DotdigitalClientOptions> = {}) {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const seen: Seen[] = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const s: Seen = {
      method: init?.method ?? "GET",
      url: new URL(input instanceof Request ? input.url : input.toString()),
      body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
      authorization: headers.get("authorization"),
    };
    seen.push(s);
    return route(s);
  }) as typeof fetch;
  const client = createDotdigitalClient({
    baseUrl: "https://r1-api.dotdigital.com",
    apiUser: "apiuser-1@apiconnector.com",
    password: PASSWORD,
    fetch: fakeFetch,
    clock,
    sleep: clock.sleep,
    random: () => 0.5,
    ...extra,
  });
  return { client, seen, clock };
}

async function failure(promise: Promise<unknown>): Promise<DotdigitalError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DotdigitalError)) throw new Error(`expected a DotdigitalError, got ${String(error)}`);
  return error;
}

const contact = (id: number, email = `c${id}@example.com`) => ({ id, email, optInType: "Unknown", emailType: "Html", dataFields: null, status: "Subscribed" });

describe("auth", () => {
  it("sends Basic auth and never lets the password into an error, even when the server echoes it", async () => {
    const { client, seen } = setup(() => json({ message: `Authorization has been denied for this request. (password was ${PASSWORD}, header Basic ${Buffer.from(`apiuser-1@apiconnector.com:${PASSWORD}`).toString("base64")})` }, 401));
    const error = await failure(client.getCatalogue());
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`apiuser-1@apiconnector.com:${PASSWORD}`).toString("base64")}`);
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("check the API user and password");
    const everything = `${error.message} ${String(error.stack)} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`apiuser-1@apiconnector.com:${PASSWORD}`).toString("base64"));
  });
});

describe("region discovery", () => {
  it("reads ApiEndpoint from account-info and sends every later call there", async () => {
    const { client, seen } = setup(({ url }) =>
      url.pathname === "/v2/account-info"
        ? json({ id: 77, properties: [{ name: "Name", type: "String", value: "Acme" }, { name: "ApiEndpoint", type: "String", value: "https://r2-api.dotdigital.com/" }] })
        : json([]),
    );
    expect(await client.discoverRegion()).toEqual({ apiEndpoint: "https://r2-api.dotdigital.com", accountId: 77 });
    await client.getCatalogue();
    expect(seen.map((s) => s.url.origin)).toEqual(["https://r1-api.dotdigital.com", "https://r2-api.dotdigital.com"]);
    expect(client.baseUrl).toBe("https://r2-api.dotdigital.com");
  });

  it("says which field is missing when the account has no ApiEndpoint", async () => {
    const { client } = setup(() => json({ id: 1, properties: [] }));
    const error = await failure(client.discoverRegion());
    expect(error).toMatchObject({ kind: "bad-response", field: "properties[ApiEndpoint]", endpoint: "GET /v2/account-info" });
  });

  it("reports a 403 as the wrong region, with the fix", async () => {
    const { client } = setup(() => json({ message: "Access is denied" }, 403));
    const error = await failure(client.getCatalogue());
    expect(error.kind).toBe("forbidden-region");
    expect(error.message).toContain("run region discovery");
  });
});

describe("server time", () => {
  it("gives the offset of Dotdigital's clock from ours", async () => {
    const { client, clock } = setup(() => json(new Date(Date.UTC(2026, 0, 1) + 90_000).toISOString()));
    const { offsetMs } = await client.serverTime();
    expect(offsetMs).toBe(90_000);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1));
  });
});

describe("emails in paths", () => {
  it.each([
    ["o'brien+news@example.com", "o%27brien%2Bnews%40example.com"],
    ["a b(c)*!@example.com", "a%20b%28c%29%2A%21%40example.com"],
  ])("encodes %s", (email, encoded) => {
    expect(encodePathSegment(email)).toBe(encoded);
  });

  it("sends the encoded email and returns undefined for an unknown contact (404 is not an error)", async () => {
    const { client, seen } = setup(() => json({ message: "Error: ERROR_CONTACT_NOT_FOUND" }, 404));
    expect(await client.getContact("o'brien+news@example.com")).toBeUndefined();
    expect(await client.getSubscriptions("o'brien+news@example.com")).toBeUndefined();
    expect(seen.map((s) => s.url.pathname)).toEqual(["/v2/contacts/o%27brien%2Bnews%40example.com", "/v2/contacts/o%27brien%2Bnews%40example.com/subscriptions"]);
  });
});

describe("change feed", () => {
  const since = new Date("2026-01-01T10:00:00.750Z");
  function feed(total: number, inclusive: boolean): Route {
    const ids = Array.from({ length: total }, (_, i) => (i + 1) * 2);
    return ({ url }) => {
      const min = Number(url.searchParams.get("minContactId"));
      const page = ids.filter((id) => (inclusive ? id >= min : id > min)).slice(0, 1000);
      return json(page.map((id) => ({ contact: contact(id), marketingPreferenceOptIns: [{ marketingPreferenceId: 7, addressBookId: 1, isOptedIn: id % 4 === 0, dateModifed: "2026-01-01 10:30:00.000000+00:00" }] })));
    };
  }

  it.each([true, false])("reads every row once across pages, whether minContactId is inclusive (%s) or not", async (inclusive) => {
    const { client, seen } = setup(feed(2500, inclusive));
    const { rows, problems } = await client.readPreferenceChanges(7, since);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r.contactId)).size).toBe(2500);
    expect(seen[0]?.url.pathname).toBe("/v2/contacts/with-preference/7/opt-ins-since/2026-01-01T10:00:00Z");
    // 2500 rows take ⌈2500/1000⌉ = 3 calls either way; each page starts at the last id seen.
    expect(seen.map((s) => s.url.searchParams.get("minContactId"))).toEqual(["0", "2000", inclusive ? "3998" : "4000"]);
    expect(rows[1]).toEqual({ contactId: 4, email: "c4@example.com", contactStatus: "Subscribed", isOptedIn: true, dateModified: new Date("2026-01-01T10:30:00Z") });
  });

  it("reports a bad row as a problem and keeps the rest of the page", async () => {
    const { client } = setup(() =>
      json([
        { contact: contact(1), marketingPreferenceOptIns: [{ marketingPreferenceId: 7, isOptedIn: true, dateModifed: "2026-01-01T10:30:00Z" }] },
        { contact: { ...contact(2), email: null }, marketingPreferenceOptIns: [{ marketingPreferenceId: 7, isOptedIn: true, dateModifed: "2026-01-01T10:30:00Z" }] },
        { contact: contact(3), marketingPreferenceOptIns: [{ marketingPreferenceId: 7, isOptedIn: "yes", dateModifed: "2026-01-01T10:30:00Z" }] },
        { contact: contact(4), marketingPreferenceOptIns: [{ marketingPreferenceId: 7, isOptedIn: false, dateModifed: "2026-01-01T10:30:00Z" }] },
      ]),
    );
    const { rows, problems } = await client.readPreferenceChanges(7, since);
    expect(rows.map((r) => r.contactId)).toEqual([1, 4]);
    expect(problems.map((p) => [p.index, p.contactId, p.field])).toEqual([
      [1, 2, "contact.email"],
      [2, 3, "marketingPreferenceOptIns[0].isOptedIn"],
    ]);
  });

  it("fails the read as bad-response when the page is not a list at all", async () => {
    const { client } = setup(() => json({ rows: [] }));
    const error = await failure(client.readPreferenceChanges(7, since));
    expect(error).toMatchObject({ kind: "bad-response", endpoint: "GET /v2/contacts/with-preference/{preferenceId}/opt-ins-since/{date}", field: "(root)" });
  });
});

describe("suppressions", () => {
  it("pages with select/skip until a short page", async () => {
    const { client, seen } = setup(({ url }) => {
      const skip = Number(url.searchParams.get("skip"));
      const count = Math.max(0, Math.min(1000, 1200 - skip));
      return json(Array.from({ length: count }, (_, i) => ({ suppressedContact: { ...contact(skip + i + 1), status: "Unsubscribed" }, dateRemoved: "2026-01-01T00:00:00Z", reason: "Unsubscribed" })));
    });
    const { rows } = await client.readSuppressions(new Date("2025-12-01T00:00:00Z"));
    expect(rows).toHaveLength(1200);
    expect(seen.map((s) => `${s.url.pathname}?${s.url.searchParams.toString()}`)).toEqual([
      "/v2/contacts/suppressed-since/2025-12-01T00:00:00Z?select=1000&skip=0",
      "/v2/contacts/suppressed-since/2025-12-01T00:00:00Z?select=1000&skip=1000",
    ]);
  });
});

describe("writes", () => {
  const catalogue: PreferenceCatalogue = {
    categories: [{ id: 14, publicName: "News", privateName: "News", isPublic: true, order: 0, preferenceIds: [19, 26] }],
    preferences: [
      { id: 19, publicName: "Weekly", privateName: "Weekly", isPublic: true, order: 0, categoryId: 14 },
      { id: 26, publicName: "Offers", privateName: "Offers", isPublic: true, order: 1, categoryId: 14 },
      { id: 1027, publicName: "Events", privateName: "Events", isPublic: true, order: 1, categoryId: null },
    ],
  };

  it("sends all of a contact's changes in one PUT, nested under their category", async () => {
    const { client, seen } = setup(() => json({ value: "" }));
    await client.setPreferences("o'brien+news@example.com", new Map([[26, true], [19, false], [1027, true]]), catalogue);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("PUT");
    expect(seen[0]?.url.pathname).toBe("/v2/contacts/o%27brien%2Bnews%40example.com/preferences");
    expect(seen[0]?.body).toEqual([
      { id: 14, isPreference: false, preferences: [{ id: 19, isPreference: true, isOptedIn: false }, { id: 26, isPreference: true, isOptedIn: true }] },
      { id: 1027, isPreference: true, isOptedIn: true },
    ]);
  });

  it("makes no call when nothing changed, and refuses ids missing from the catalogue without calling", async () => {
    const { client, seen } = setup(() => json({}));
    await client.setPreferences("a@example.com", new Map(), catalogue);
    const error = await failure(client.setPreferences("a@example.com", new Map([[555, true]]), catalogue));
    expect(error.kind).toBe("bad-request");
    expect(error.message).toContain("555");
    expect(seen).toHaveLength(0);
  });

  it("reports a write refused for a suppressed contact as kind suppressed", async () => {
    const { client } = setup(() => json({ message: "Contact is suppressed. ERROR_CONTACT_SUPPRESSED" }, 400));
    const error = await failure(client.setPreferences("gone@example.com", new Map([[1027, true]]), catalogue));
    expect(error).toMatchObject({ kind: "suppressed", errorCode: "ERROR_CONTACT_SUPPRESSED", status: 400 });
  });

  it("creates a contact with opt-in type Unknown and no status", async () => {
    const { client, seen } = setup(({ body }) => json({ ...contact(99, (body as { email: string }).email), status: "Subscribed" }, 201));
    const created = await client.createContact("new+one@example.com");
    expect(seen[0]?.body).toEqual({ email: "new+one@example.com", optInType: "Unknown", emailType: "Html" });
    expect(created).toMatchObject({ id: 99, email: "new+one@example.com", suppressed: false });
  });
});

describe("throttling and retries through the client", () => {
  it("waits out a 429 storm for as long as Reset says and counts every call", async () => {
    let n = 0;
    const { client, clock } = setup(() => (++n <= 3 ? json({ message: "Too many requests" }, 429, { "x-ratelimit-reset": "15", "x-ratelimit-scope": "Low" }) : json([])));
    const start = clock.now();
    await client.getCatalogue();
    expect(clock.now() - start).toBe(45_000);
    expect(client.calls()).toMatchObject({ total: 4, throttled: 3, byEndpoint: { "GET /v2/preferences": 4 } });
    expect(client.rateLimit()?.scope).toBe("Low");
  });

  it("waits on the hourly scheme's 400 ERROR_APIUSAGE_EXCEEDED and then succeeds", async () => {
    let n = 0;
    const { client, clock } = setup(() => (++n === 1 ? json({ message: "ERROR_APIUSAGE_EXCEEDED" }, 400) : json([])));
    await client.getCatalogue();
    expect(clock.slept).toContain(60_000);
  });

  it("gives up as rate-limited when the server never stops saying so", async () => {
    const { client } = setup(() => json({ message: "slow down" }, 429, { "x-ratelimit-reset": "1" }), { retry: { maxThrottleWaits: 2 } });
    expect((await failure(client.getCatalogue())).kind).toBe("rate-limited");
    expect(client.calls().total).toBe(3);
  });

  it("never sends more calls per window than the budget, even with many calls at once", async () => {
    const sentAt: number[] = [];
    const clockRef: { now: () => number } = { now: () => 0 };
    const { client, clock } = setup(() => {
      sentAt.push(clockRef.now());
      return json([]);
    }, { budget: { limit: 4, windowMs: 60_000 } });
    clockRef.now = () => clock.now();
    await Promise.all(Array.from({ length: 10 }, () => client.getCatalogue()));
    expect(sentAt).toHaveLength(10);
    for (const t of sentAt) expect(sentAt.filter((s) => s > t - 60_000 && s <= t).length).toBeLessThanOrEqual(4);
    expect(client.calls().total).toBe(10);
  });

  it("retries 5xx, then reports kind server with the status", async () => {
    const { client } = setup(() => json({ message: "boom" }, 503), { retry: { maxAttempts: 3 } });
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "server", status: 503 });
    expect(client.calls()).toMatchObject({ total: 3, retries: 2 });
  });

  it("does not retry a 400 and names the server's message", async () => {
    const { client } = setup(() => json({ message: "Error: ERROR_PREFERENCE_INVALID" }, 400));
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "bad-request", errorCode: "ERROR_PREFERENCE_INVALID" });
    expect(client.calls().total).toBe(1);
  });

  it("reports network failure after retrying dropped connections", async () => {
    const { client } = setup(() => Promise.reject(new TypeError("fetch failed")), { retry: { maxAttempts: 2 } });
    const error = await failure(client.getCatalogue());
    expect(error.kind).toBe("network");
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe("answers that are not the documented JSON", () => {
  it("turns an HTML page into bad-response naming the endpoint", async () => {
    const { client } = setup(() => new Response("<html><body>Service Unavailable</body></html>", { status: 200, headers: { "content-type": "text/html" } }));
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "bad-response", endpoint: "GET /v2/preferences", field: "(body)" });
    expect(error.message).toContain("text/html");
  });

  it("names the wrong field of a catalogue entry", async () => {
    const { client } = setup(() => json([{ id: 1, isPreference: "yes" }]));
    const error = await failure(client.getCatalogue());
    expect(error).toMatchObject({ kind: "bad-response", field: "[0].isPreference" });
  });
});

describe("server time as plain text", () => {
  it("accepts a bare date as well as the documented JSON string", async () => {
    const { client } = setup(() => new Response("2026-01-01 00:01:00.000000+00:00", { status: 200, headers: { "content-type": "text/plain" } }));
    expect((await client.serverTime()).offsetMs).toBe(60_000);
  });

  it("still refuses text that is not a date", async () => {
    const { client } = setup(() => new Response("<html>oops</html>", { status: 200, headers: { "content-type": "text/html" } }));
    expect((await failure(client.serverTime())).kind).toBe("bad-response");
  });
});
