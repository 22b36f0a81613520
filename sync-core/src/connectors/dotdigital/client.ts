import { type z } from "zod";
import { createCallCounter, type CallCounts } from "../http/call-counter";
import { realSleep, systemClock, type Clock, type Sleep } from "../http/clock";
import { redact, snippet } from "../http/errors";
import { retryPolicy, type RetryPolicy } from "../http/retry";
import { createTransport, NetworkFailure, type HttpRequest, type HttpResponse } from "../http/transport";
import { formatPathDate, parseApiDate } from "./dates";
import { DotdigitalError, type DotdigitalErrorKind } from "./errors";
import {
  apiEndpointOf,
  buildSetPreferencesBody,
  toCatalogue,
  toContact,
  toPreferenceChangeRow,
  toSubscriptions,
  toSuppressionRow,
  type ContactSubscriptions,
  type DotdigitalContact,
  type ItemProblem,
  type ItemResult,
  type Page,
  type PreferenceCatalogue,
  type PreferenceChangeRow,
  type PreferenceChanges,
  type SuppressionRow,
} from "./mapping";
import { createCallBudget, createDotdigitalRateLimiter, defaultBudget, type BudgetOptions, type CallBudget, type RateLimitInfo } from "./rate-limiter";
import {
  accountInfoSchema,
  catalogueSchema,
  contactSchema,
  createContactRequestSchema,
  describeIssues,
  errorBodySchema,
  pageSchema,
  serverTimeSchema,
  setPreferencesRequestSchema,
  setPreferencesResponseSchema,
  subscriptionsSchema,
} from "./wire";

export interface DotdigitalClientOptions {
  /** e.g. "https://r1-api.dotdigital.com" (no /v2). Any region works for discoverRegion(). */
  readonly baseUrl: string;
  /** The API user's email address. */
  readonly apiUser: string;
  readonly password: string;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  /** For the backoff jitter; Math.random by default. */
  readonly random?: () => number;
  /** Calls per window this client never exceeds, or a budget shared with other clients of the same account. */
  readonly budget?: BudgetOptions | CallBudget;
  readonly retry?: Partial<RetryPolicy>;
  /** Per request. Dotdigital asks clients to allow 121 s. */
  readonly timeoutMs?: number;
  /** A verified partner's x-ddg-integration-token, sent on every call when set. */
  readonly integrationToken?: string;
}

export interface ServerTime {
  readonly serverTime: Date;
  /** Server clock minus ours, in ms: add it to our time to get Dotdigital's. */
  readonly offsetMs: number;
}

export interface AccountRegion {
  /** The account's API base, e.g. "https://r2-api.dotdigital.com": store it on the Email Account. */
  readonly apiEndpoint: string;
  readonly accountId: number | undefined;
}

/** Rows per page of the opt-in feed (fixed by the API) and of the suppression list (the most it allows). */
export const PAGE_SIZE = 1000;

export interface DotdigitalClient {
  /** The base every call goes to now (changes after discoverRegion()). */
  readonly baseUrl: string;
  /** GET /v2/account-info, then sends every later call to the account's own region. */
  discoverRegion(): Promise<AccountRegion>;
  /** GET /v2/server-time: the offset between Dotdigital's clock and ours, for last-modified-wins. */
  serverTime(): Promise<ServerTime>;
  /** GET /v2/preferences: categories and preferences. */
  getCatalogue(): Promise<PreferenceCatalogue>;
  /** GET /v2/contacts/with-preference/{id}/opt-ins-since/{date}, page by page (minContactId). */
  preferenceChangePages(preferenceId: number, since: Date): AsyncIterable<Page<PreferenceChangeRow>>;
  /** The same, every page collected. */
  readPreferenceChanges(preferenceId: number, since: Date): Promise<Page<PreferenceChangeRow>>;
  /** GET /v2/contacts/suppressed-since/{date}, page by page (select/skip). */
  suppressionPages(since: Date): AsyncIterable<Page<SuppressionRow>>;
  readSuppressions(since: Date): Promise<Page<SuppressionRow>>;
  /** GET /v2/contacts/{email}/subscriptions; undefined when Dotdigital does not know the email. */
  getSubscriptions(email: string): Promise<ContactSubscriptions | undefined>;
  /** GET /v2/contacts/{email}; undefined when Dotdigital does not know the email. */
  getContact(email: string): Promise<DotdigitalContact | undefined>;
  /**
   * PUT /v2/contacts/{email}/preferences with ALL of `changes` in one call, nested under their
   * categories. Does nothing (and no call) when `changes` is empty. A suppressed contact is
   * refused with kind "suppressed".
   */
  setPreferences(email: string, changes: PreferenceChanges, catalogue: PreferenceCatalogue): Promise<void>;
  /**
   * POST /v2/contacts with optInType Unknown and no status. Call it only for an email Dotdigital
   * does not know (getContact/getSubscriptions gave undefined): it never resubscribes anyone, and
   * a suppressed email is refused with kind "suppressed".
   */
  createContact(email: string): Promise<DotdigitalContact>;
  /** Requests sent so far (retries included). */
  calls(): CallCounts;
  /** The last X-RateLimit-* values seen. */
  rateLimit(): RateLimitInfo | undefined;
}

/**
 * A path segment: encodeURIComponent leaves ! ' ( ) * alone, but an apostrophe in o'brien@… must
 * reach Dotdigital's router encoded like everything else (`+` and `@` are encoded already).
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function isBudget(value: BudgetOptions | CallBudget): value is CallBudget {
  return typeof (value as CallBudget).acquire === "function";
}

const ERROR_TOKEN = /ERROR_[A-Z0-9_]+/;
const SUPPRESSED_TOKENS = new Set(["ERROR_CONTACT_SUPPRESSED", "ERROR_CONTACT_SUPPRESSEDFORADDRESSBOOK"]);
const NOT_FOUND_TOKENS = new Set(["ERROR_CONTACT_NOT_FOUND"]);

export function createDotdigitalClient(options: DotdigitalClientOptions): DotdigitalClient {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const retry = retryPolicy(options.retry);
  const budget = options.budget !== undefined && isBudget(options.budget) ? options.budget : createCallBudget({ ...(options.budget ?? defaultBudget), clock, sleep });
  const limiter = createDotdigitalRateLimiter(budget, clock, retry);
  const counter = createCallCounter();
  const transport = createTransport({
    fetch: options.fetch ?? globalThis.fetch,
    clock,
    sleep,
    random: options.random ?? Math.random,
    retry,
    counter,
    gate: limiter.gate,
    throttle: limiter.throttle,
    timeoutMs: options.timeoutMs ?? 121_000,
  });
  const basic = Buffer.from(`${options.apiUser}:${options.password}`, "utf8").toString("base64");
  const secrets = [options.password, basic];
  const headers: Record<string, string> = { authorization: `Basic ${basic}`, accept: "application/json" };
  if (options.integrationToken !== undefined) headers["x-ddg-integration-token"] = options.integrationToken;
  let baseUrl = options.baseUrl.replace(/\/+$/, "");

  function fail(kind: DotdigitalErrorKind, endpoint: string, message: string, extra: { status?: number; errorCode?: string; field?: string; cause?: unknown } = {}): DotdigitalError {
    // Whatever a server echoes back, the password never leaves in an error.
    return new DotdigitalError(kind, endpoint, redact(`${endpoint}: ${message}`, secrets), extra);
  }

  async function send(method: HttpRequest["method"], endpoint: string, path: string, body?: unknown): Promise<HttpResponse> {
    const request: HttpRequest = {
      method,
      endpoint,
      url: `${baseUrl}${path}`,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    try {
      return await transport.send(request);
    } catch (error) {
      if (error instanceof NetworkFailure) throw fail("network", endpoint, `${redact(error.message.slice(endpoint.length + 2), secrets)}; check the network and the base URL ${baseUrl}`);
      throw error;
    }
  }

  /** Turns a non-2xx answer into its typed error. */
  function errorFor(response: HttpResponse): DotdigitalError {
    const { status, endpoint } = response;
    let serverMessage: string | undefined;
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(response.text));
      if (parsed.success) serverMessage = parsed.data.message;
    } catch {
      // Not JSON (an HTML error page, a proxy's text): described by its first characters below.
    }
    const said = serverMessage ?? snippet(response.text);
    const errorCode = ERROR_TOKEN.exec(said)?.[0];
    const extra = { status, ...(errorCode === undefined ? {} : { errorCode }) };
    if (status === 401) return fail("auth", endpoint, `401 Unauthorized: check the API user and password of the Email Account (${said})`, extra);
    if (status === 403) return fail("forbidden-region", endpoint, `403 Forbidden: the account is in another region than ${baseUrl}; run region discovery (GET /v2/account-info) and use its ApiEndpoint (${said})`, extra);
    if (status === 429 || errorCode === "ERROR_APIUSAGE_EXCEEDED")
      return fail("rate-limited", endpoint, `still rate limited after ${retry.maxThrottleWaits} waits; the run should stop and resume later (${said})`, extra);
    if (errorCode !== undefined && SUPPRESSED_TOKENS.has(errorCode)) return fail("suppressed", endpoint, `the contact is suppressed; it gets no writes and is never resubscribed (${said})`, extra);
    if (status === 404 || (errorCode !== undefined && NOT_FOUND_TOKENS.has(errorCode))) return fail("not-found", endpoint, `not found (${said})`, extra);
    if (status >= 500) return fail("server", endpoint, `${status} after ${retry.maxAttempts} attempts (${said})`, extra);
    return fail("bad-request", endpoint, `${status}: ${said}`, extra);
  }

  function isSuccess(response: HttpResponse): boolean {
    return response.status >= 200 && response.status < 300;
  }

  /** The body as JSON checked against `schema`, or a bad-response error naming the field. */
  function decode<S extends z.ZodType>(response: HttpResponse, schema: S): z.infer<S> {
    let json: unknown;
    try {
      json = response.text.trim() === "" ? undefined : JSON.parse(response.text);
    } catch (error) {
      const type = response.headers.get("content-type") ?? "no content type";
      throw fail("bad-response", response.endpoint, `answered ${response.status} with something that is not JSON (${type}: "${snippet(response.text, 60)}"); is ${baseUrl} the Dotdigital API?`, {
        status: response.status,
        field: "(body)",
        cause: error,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const { field, message } = describeIssues(parsed.error);
      throw fail("bad-response", response.endpoint, `unexpected answer: field "${field}": ${message}`, { status: response.status, field });
    }
    return parsed.data;
  }

  async function getJson<S extends z.ZodType>(endpoint: string, path: string, schema: S): Promise<z.infer<S>> {
    const response = await send("GET", endpoint, path);
    if (!isSuccess(response)) throw errorFor(response);
    return decode(response, schema);
  }

  /** A read that expects "not there" sometimes: 404 (or ERROR_CONTACT_NOT_FOUND) → undefined. */
  async function getJsonOrMissing<S extends z.ZodType>(endpoint: string, path: string, schema: S): Promise<z.infer<S> | undefined> {
    const response = await send("GET", endpoint, path);
    if (isSuccess(response)) return decode(response, schema);
    const error = errorFor(response);
    if (error.kind === "not-found") return undefined;
    throw error;
  }

  function collect<T>(raw: readonly unknown[], map: (item: unknown, index: number) => ItemResult<T>): { rows: T[]; problems: ItemProblem[] } {
    const rows: T[] = [];
    const problems: ItemProblem[] = [];
    raw.forEach((item, index) => {
      const result = map(item, index);
      if (result.ok) rows.push(result.row);
      else problems.push(result.problem);
    });
    return { rows, problems };
  }

  async function all<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>> {
    const rows: T[] = [];
    const problems: ItemProblem[] = [];
    for await (const page of pages) {
      rows.push(...page.rows);
      problems.push(...page.problems);
    }
    return { rows, problems };
  }

  const client: DotdigitalClient = {
    get baseUrl() {
      return baseUrl;
    },

    async discoverRegion() {
      const endpoint = "GET /v2/account-info";
      const info = await getJson(endpoint, "/v2/account-info", accountInfoSchema);
      const apiEndpoint = apiEndpointOf(info);
      if (apiEndpoint === undefined || !/^https?:\/\//i.test(apiEndpoint)) {
        throw fail("bad-response", endpoint, `unexpected answer: field "properties[ApiEndpoint]": no API endpoint URL among the account properties`, { field: "properties[ApiEndpoint]" });
      }
      baseUrl = apiEndpoint;
      return { apiEndpoint, accountId: info.id };
    },

    async serverTime() {
      const endpoint = "GET /v2/server-time";
      const before = clock.now();
      const response = await send("GET", endpoint, "/v2/server-time");
      const after = clock.now();
      if (!isSuccess(response)) throw errorFor(response);
      // Documented as a JSON string; a bare date as text/plain is accepted too, since the date
      // itself is then just as unambiguous.
      const bare = response.text.trim();
      const text = !bare.startsWith('"') && parseApiDate(bare) !== undefined ? bare : decode(response, serverTimeSchema);
      const serverTime = parseApiDate(text) ?? new Date(Number.NaN);
      // The server read its clock somewhere during the round trip: the middle is the best guess.
      return { serverTime, offsetMs: serverTime.getTime() - Math.round((before + after) / 2) };
    },

    async getCatalogue() {
      return toCatalogue(await getJson("GET /v2/preferences", "/v2/preferences", catalogueSchema));
    },

    async *preferenceChangePages(preferenceId, since) {
      const endpoint = "GET /v2/contacts/with-preference/{preferenceId}/opt-ins-since/{date}";
      const base = `/v2/contacts/with-preference/${preferenceId}/opt-ins-since/${formatPathDate(since)}`;
      let minContactId = 0;
      let previousMax = -1;
      for (;;) {
        const raw = await getJson(endpoint, `${base}?minContactId=${minContactId}`, pageSchema);
        const page = collect(raw, (item, index) => toPreferenceChangeRow(item, index, preferenceId));
        // Whether minContactId is inclusive is not documented: the next page starts AT the last id
        // seen and drops what it already had, which is right either way and never skips a contact.
        const rows = page.rows.filter((r) => r.contactId > previousMax);
        yield { rows, problems: page.problems };
        const ids = raw.map((item) => (item as { contact?: { id?: unknown } } | null)?.contact?.id).filter((id): id is number => typeof id === "number");
        const max = ids.length === 0 ? previousMax : Math.max(...ids);
        if (raw.length < PAGE_SIZE || max <= previousMax) return;
        previousMax = max;
        minContactId = max;
      }
    },

    readPreferenceChanges(preferenceId, since) {
      return all(client.preferenceChangePages(preferenceId, since));
    },

    async *suppressionPages(since) {
      const endpoint = "GET /v2/contacts/suppressed-since/{date}";
      const base = `/v2/contacts/suppressed-since/${formatPathDate(since)}`;
      for (let skip = 0; ; skip += PAGE_SIZE) {
        const raw = await getJson(endpoint, `${base}?select=${PAGE_SIZE}&skip=${skip}`, pageSchema);
        yield collect(raw, toSuppressionRow);
        if (raw.length < PAGE_SIZE) return;
      }
    },

    readSuppressions(since) {
      return all(client.suppressionPages(since));
    },

    async getSubscriptions(email) {
      const wire = await getJsonOrMissing("GET /v2/contacts/{email}/subscriptions", `/v2/contacts/${encodePathSegment(email)}/subscriptions`, subscriptionsSchema);
      return wire === undefined ? undefined : toSubscriptions(wire.contact, wire.marketingPreferenceOptIns ?? []);
    },

    async getContact(email) {
      const wire = await getJsonOrMissing("GET /v2/contacts/{email}", `/v2/contacts/${encodePathSegment(email)}`, contactSchema);
      return wire === undefined ? undefined : toContact(wire);
    },

    async setPreferences(email, changes, catalogue) {
      const endpoint = "PUT /v2/contacts/{email}/preferences";
      if (changes.size === 0) return;
      const built = buildSetPreferencesBody(changes, catalogue);
      if (!built.ok) {
        throw fail("bad-request", endpoint, `preference ids ${built.unknownIds.join(", ")} are not preferences in the catalogue; refresh the catalogue (GET /v2/preferences) and drop them`);
      }
      const body = setPreferencesRequestSchema.parse(built.body);
      // PUT sets the listed opt-ins to the given values, so sending it twice leaves the same state:
      // the transport may retry it after a 5xx or a dropped connection.
      const response = await send("PUT", endpoint, `/v2/contacts/${encodePathSegment(email)}/preferences`, body);
      if (!isSuccess(response)) throw errorFor(response);
      if (response.text.trim() !== "") decode(response, setPreferencesResponseSchema);
    },

    async createContact(email) {
      const endpoint = "POST /v2/contacts";
      const body = createContactRequestSchema.parse({ email, optInType: "Unknown", emailType: "Html" });
      // Retried like a PUT: a repeat carries the same email and the same Unknown opt-in type, so
      // a create that did land before a dropped connection is not changed by the repeat.
      const response = await send("POST", endpoint, "/v2/contacts", body);
      if (!isSuccess(response)) throw errorFor(response);
      return toContact(decode(response, contactSchema));
    },

    calls: () => counter.snapshot(),
    rateLimit: () => limiter.lastSeen(),
  };
  return client;
}
