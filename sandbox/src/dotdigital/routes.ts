import { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type z } from "zod";
import { type PreferenceWrite } from "./account-data";
import { type StandInAccount } from "./accounts";
import { formatTimestamp, parsePathDate, type TimestampFormat } from "./dates";
import { isValidEmail } from "./email";
import { errors } from "./errors";
import { type ContactRecord, type ContactStatus } from "./model";
import { type Tier } from "./rate-limit";
import {
  addressBookBody,
  apiContact,
  apiContactBody,
  apiOptIn,
  apiPreference,
  apiSuppression,
  describeIssue,
  resubscribeBody,
  setPreferencesBody,
  suppressContactsBody,
  unsubscribeBody,
  type ApiPreference,
  type SetPreferencesBody,
} from "./wire";

/** Rows per call of the preference feeds (fixed by the API: "the top 1000 contacts"). */
export const FEED_PAGE_SIZE = 1000;

export interface RouteContext {
  account(request: FastifyRequest): StandInAccount;
  now(): number;
  timestampFormat: TimestampFormat;
  /** The base URL of a region as seen by this request's client (its Host header), with a trailing slash. */
  regionUrl(request: FastifyRequest, region: string): string;
  /** Records the call tier of each route pattern (relative to the region prefix). */
  tiers: Map<string, Tier>;
}

type Params = Record<string, string>;

function param(request: FastifyRequest, name: string): string {
  return (request.params as Params)[name] ?? "";
}

/** Query parameters are matched without regard to case, as the real API does (`minContactId` / `minContactID`). */
function query(request: FastifyRequest, name: string): string | undefined {
  const q = request.query as Record<string, string | string[] | undefined>;
  const key = Object.keys(q).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : q[key];
  return Array.isArray(value) ? value[0] : value;
}

function intQuery(request: FastifyRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = query(request, name);
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw errors.parameter(`\`${name}\` must be a whole number from ${min} to ${max}${max === 1000 ? " (paging: `select` is 1 to 1000 and `skip` is not negative)" : ""}.`);
  }
  return value;
}

function pathInt(request: FastifyRequest, name: string): number {
  const raw = param(request, name);
  if (!/^\d{1,9}$/.test(raw)) throw errors.parameter(`\`${name}\` must be a whole number, got "${raw}".`);
  return Number(raw);
}

function pathDate(request: FastifyRequest, name: string): number {
  const raw = param(request, name);
  const value = parsePathDate(raw);
  if (value === undefined) throw errors.parameter(`\`${name}\` must be an ISO 8601 date such as 2024-03-01 or 2024-03-01T10:00:00Z, got "${raw}".`);
  return value;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, onError: (why: string) => Error): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw onError(describeIssue(parsed.error));
  return parsed.data;
}

function requireEmail(email: string): string {
  if (!isValidEmail(email.trim())) throw errors.invalidEmail();
  return email.trim();
}

/** A contact by `{contactIdentifier}`: an id (all digits) or an email. */
/** POST /v2/contacts and its address-book form: create the contact, or update what the body gives. */
function upsertFromBody(account: StandInAccount, raw: unknown) {
  const body = parseBody(apiContactBody, raw, (why) => errors.contactInvalid(why));
  return account.data.upsertContact({
    email: requireEmail(body.email),
    ...(body.optInType ? { optInType: body.optInType } : {}),
    ...(body.emailType ? { emailType: body.emailType } : {}),
    ...(body.dataFields ? { dataFields: body.dataFields } : {}),
  });
}

function contactByIdentifier(account: StandInAccount, identifier: string): ContactRecord {
  if (!/^\d+$/.test(identifier)) requireEmail(identifier);
  const contact = account.data.contactByIdentifier(identifier);
  if (contact === undefined) throw errors.contactNotFound();
  return contact;
}

/** Checks every item of a set-preferences body against the catalogue; returns the leaf writes. */
function preferenceWrites(account: StandInAccount, body: SetPreferencesBody): PreferenceWrite[] {
  const writes: PreferenceWrite[] = [];
  const leaf = (id: number, isPreference: boolean, isOptedIn: boolean | null | undefined, parent: number): void => {
    const record = account.data.preferences.get(id);
    if (record === undefined) throw errors.preferenceNotFound(id);
    if (!record.isPreference || !isPreference) {
      throw errors.preferenceInvalid(`${id} is ${record.isPreference ? "a preference: send it with `isPreference: true`" : "a category: send it with `isPreference: false` and its preferences nested in `preferences`"}.`);
    }
    if (record.categoryId !== parent) {
      throw errors.preferenceInvalid(
        record.categoryId === 0
          ? `Preference ${id} is not in category ${parent}: send it at the top level.`
          : `Preference ${id} belongs to category ${record.categoryId}: nest it in that category's \`preferences\`.`,
      );
    }
    if (typeof isOptedIn !== "boolean") throw errors.preferenceInvalid(`\`isOptedIn\` (true or false) is required for preference ${id}.`);
    writes.push({ preferenceId: id, isOptedIn });
  };
  for (const item of body) {
    if (item.isPreference) {
      leaf(item.id, true, item.isOptedIn, 0);
      continue;
    }
    const category = account.data.preferences.get(item.id);
    if (category === undefined) throw errors.preferenceNotFound(item.id);
    if (category.isPreference) throw errors.preferenceInvalid(`${item.id} is a preference: send it with \`isPreference: true\` and \`isOptedIn\`.`);
    for (const child of item.preferences ?? []) leaf(child.id, child.isPreference, child.isOptedIn, item.id);
  }
  return writes;
}

export function registerV2Routes(app: FastifyInstance, ctx: RouteContext): void {
  const fmt = (ms: number): string => formatTimestamp(ms, ctx.timestampFormat);
  type Handler = (request: FastifyRequest, reply: FastifyReply) => unknown;
  const route = (method: "GET" | "POST" | "PUT", url: string, tier: Tier, handler: Handler): void => {
    ctx.tiers.set(`${method} ${url}`, tier);
    app.route({ method, url, handler: async (request, reply) => handler(request, reply) });
  };

  // ---- account ----
  route("GET", "/v2/account-info", "High", (request) => {
    const account = ctx.account(request);
    const remaining = account.limiter.remainingThisHour();
    const props: Array<{ name: string; type: string; value: string }> = [
      { name: "Name", type: "String", value: account.name },
      { name: "MainEmail", type: "String", value: account.apiUser },
      { name: "APILocale", type: "String", value: "en-GB" },
      { name: "ApiCallsInLastHour", type: "Int", value: String(account.limiter.usedThisHour()) },
      { name: "ApiEndpoint", type: "String", value: ctx.regionUrl(request, account.region) },
      { name: "TimeZoneIana", type: "String", value: "Europe/London" },
    ];
    if (remaining !== undefined) props.push({ name: "ApiCallsRemaining", type: "Int", value: String(remaining) });
    return { id: account.id, properties: props };
  });
  // A JSON string (fastify would send a bare string as text/plain).
  route("GET", "/v2/server-time", "High", (_request, reply) => reply.type("application/json; charset=utf-8").send(JSON.stringify(fmt(ctx.now()))));

  // ---- preferences catalogue ----
  const catalogueTree = (account: StandInAccount, optedIn?: (preferenceId: number) => boolean, since?: number): ApiPreference[] =>
    account.data
      .catalogue()
      .filter(({ item, children }) => since === undefined || item.lastModified >= since || children.some((c) => c.lastModified >= since))
      .map(({ item, children }) => {
        const leaf = (p: typeof item): ApiPreference => {
          const view = apiPreference(p, ctx.timestampFormat);
          if (optedIn !== undefined) view.isOptedIn = optedIn(p.id);
          return view;
        };
        if (item.isPreference) return leaf(item);
        return apiPreference(item, ctx.timestampFormat, children.filter((c) => since === undefined || c.lastModified >= since).map(leaf));
      });

  route("GET", "/v2/preferences", "Medium", (request) => catalogueTree(ctx.account(request)));
  route("GET", "/v2/preferences/modified-since/:date", "Medium", (request) => catalogueTree(ctx.account(request), undefined, pathDate(request, "date")));

  // ---- preference feeds ----
  route("GET", "/v2/contacts/with-preference/:preferenceId/opt-ins-since/:date", "Low", (request) => {
    const account = ctx.account(request);
    const preferenceId = pathInt(request, "preferenceId");
    const since = pathDate(request, "date");
    const minContactId = intQuery(request, "minContactId", 0, 0, 2_147_483_647);
    const preference = account.data.preferences.get(preferenceId);
    if (preference === undefined) throw errors.preferenceNotFound(preferenceId);
    if (!preference.isPreference) throw errors.preferenceInvalid(`${preferenceId} is a category; opt-ins are recorded on its preferences.`);
    return account.data.changedSince(preferenceId, since, minContactId, FEED_PAGE_SIZE).map(({ contact, record }) => ({
      contact: apiContact(contact),
      marketingPreferenceOptIns: [apiOptIn(preferenceId, record, ctx.timestampFormat)],
    }));
  });
  route("GET", "/v2/contacts/with-preference/:preferenceId", "Low", (request) => {
    const account = ctx.account(request);
    const preferenceId = pathInt(request, "preferenceId");
    const minContactId = intQuery(request, "minContactId", 0, 0, 2_147_483_647);
    const preference = account.data.preferences.get(preferenceId);
    if (preference === undefined) throw errors.preferenceNotFound(preferenceId);
    if (!preference.isPreference) throw errors.preferenceInvalid(`${preferenceId} is a category; opt-ins are recorded on its preferences.`);
    return account.data.optedIn(preferenceId, minContactId, FEED_PAGE_SIZE).map(({ contact }) => ({ id: contact.id, email: contact.email }));
  });

  // ---- one contact's preferences ----
  for (const base of ["/v2/contacts", "/v2/contact"]) {
    route("GET", `${base}/:identifier/preferences`, "Medium", (request) => {
      const account = ctx.account(request);
      const contact = contactByIdentifier(account, param(request, "identifier"));
      return catalogueTree(account, (id) => account.data.optIn(contact.id, id)?.isOptedIn ?? false);
    });
    route("PUT", `${base}/:identifier/preferences`, "Medium", (request) => {
      const account = ctx.account(request);
      const contact = contactByIdentifier(account, param(request, "identifier"));
      const body = parseBody(setPreferencesBody, request.body, (why) => errors.preferenceInvalid(`Send an array of preferences and categories. ${why}`));
      const writes = preferenceWrites(account, body);
      account.data.assertWritable(contact);
      account.data.setOptIns(contact.id, writes, ctx.now());
      return { value: "" };
    });
  }
  route("GET", "/v2/contacts/:identifier/subscriptions", "Medium", (request) => {
    const account = ctx.account(request);
    const contact = account.data.contactByEmail(requireEmail(param(request, "identifier")));
    if (contact === undefined) throw errors.contactNotFound();
    return {
      contact: apiContact(contact),
      marketingPreferenceOptIns: account.data.optInsOf(contact.id).map(({ preferenceId, record }) => apiOptIn(preferenceId, record, ctx.timestampFormat)),
    };
  });

  // ---- suppressions ----
  const suppressedSince = (request: FastifyRequest, onlyReason?: ContactStatus): unknown => {
    const account = ctx.account(request);
    const since = pathDate(request, "date");
    const select = intQuery(request, "select", 1000, 1, 1000);
    const skip = intQuery(request, "skip", 0, 0, 2_147_483_647);
    return account.data.suppressedSince(since, skip, select, onlyReason).map(({ contact, record }) => apiSuppression(contact, record, ctx.timestampFormat));
  };
  route("GET", "/v2/contacts/suppressed-since/:date", "Low", (request) => suppressedSince(request));
  route("GET", "/v2/contacts/unsubscribed-since/:date", "Low", (request) => suppressedSince(request, "Unsubscribed"));

  route("POST", "/v2/contacts/unsubscribe", "Medium", (request) => {
    const account = ctx.account(request);
    const body = parseBody(unsubscribeBody, request.body, (why) => errors.contactInvalid(why));
    const email = requireEmail(body.email);
    const contact = account.data.contactByEmail(email) ?? account.data.addContact({ email });
    const record = account.data.suppress(contact, "Unsubscribed", ctx.now());
    return apiSuppression(contact, record, ctx.timestampFormat);
  });
  route("PUT", "/v2/contacts/suppress-contacts", "Low", (request) => {
    const account = ctx.account(request);
    const body = parseBody(suppressContactsBody, request.body, (why) => errors.malformed(`Send an array of {"id"} or {"email"}. ${why}`));
    const suppressed: Array<{ id: number; email: string | null }> = [];
    const notFound: Array<{ id: number; email: string | null }> = [];
    for (const item of body) {
      const echo = { id: item.id ?? 0, email: item.email ?? null };
      const contact = item.id !== undefined && item.id !== null && item.id !== 0 ? account.data.contacts.get(item.id) : item.email ? account.data.contactByEmail(item.email) : undefined;
      if (contact === undefined) {
        notFound.push(echo);
        continue;
      }
      account.data.suppress(contact, "Suppressed", ctx.now());
      suppressed.push(echo);
    }
    return { suppressed, notFound };
  });
  const resubscribe = (challenge: boolean) => (request: FastifyRequest) => {
    const account = ctx.account(request);
    const body = parseBody(resubscribeBody, request.body, (why) => errors.resubscriptionInvalid(why));
    const email = requireEmail(body.unsubscribedContact.email);
    const existing = account.data.contactByEmail(email);
    if (existing === undefined) {
      const contact = account.data.addContact({ email, dataFields: body.unsubscribedContact.dataFields ?? null });
      return { contact: apiContact(contact), status: "ContactAdded" };
    }
    const status = account.data.resubscribe(existing, challenge);
    return { contact: apiContact(existing), status };
  };
  route("POST", "/v2/contacts/resubscribe", "Medium", resubscribe(true));
  route("POST", "/v2/contacts/resubscribe-with-no-challenge", "Medium", resubscribe(false));

  // ---- contacts ----
  route("GET", "/v2/contacts", "Low", (request) => {
    const account = ctx.account(request);
    const select = intQuery(request, "select", 1000, 1, 1000);
    const skip = intQuery(request, "skip", 0, 0, 2_147_483_647);
    return [...account.data.contacts.values()].slice(skip, skip + select).map(apiContact);
  });
  route("POST", "/v2/contacts", "Medium", async (request, reply) => {
    const account = ctx.account(request);
    const { contact } = upsertFromBody(account, request.body);
    return reply.code(201).send(apiContact(contact));
  });
  route("GET", "/v2/contacts/:identifier", "Medium", (request) => {
    const account = ctx.account(request);
    const identifier = param(request, "identifier");
    const contact = contactByIdentifier(account, identifier);
    // "Gets a contact by ID. Unsubscribed or suppressed contacts will not be retrieved."
    if (/^\d+$/.test(identifier) && account.data.suppression(contact.id) !== undefined) throw errors.contactNotFound();
    return apiContact(contact);
  });
  route("GET", "/v2/contacts/:identifier/address-books", "Medium", (request) => {
    const account = ctx.account(request);
    const contact = contactByIdentifier(account, param(request, "identifier"));
    const select = intQuery(request, "select", 1000, 1, 1000);
    const skip = intQuery(request, "skip", 0, 0, 2_147_483_647);
    return account.data
      .addressBooksOf(contact.id)
      .slice(skip, skip + select)
      .map((b) => ({ id: b.id, name: b.name, visibility: b.visibility, contacts: b.members.size }));
  });

  // ---- address books ----
  route("GET", "/v2/address-books", "Medium", (request) => {
    const account = ctx.account(request);
    const select = intQuery(request, "select", 1000, 1, 1000);
    const skip = intQuery(request, "skip", 0, 0, 2_147_483_647);
    return [...account.data.addressBooks.values()].slice(skip, skip + select).map((b) => ({ id: b.id, name: b.name, visibility: b.visibility, contacts: b.members.size }));
  });
  route("POST", "/v2/address-books", "Medium", async (request, reply) => {
    const account = ctx.account(request);
    const body = parseBody(addressBookBody, request.body, (why) => errors.addressBookInvalid(why));
    if (body.name.trim() === "") throw errors.addressBookInvalid("`name` must not be empty.");
    const book = account.data.addAddressBook(body.name.trim(), body.visibility ?? "Private");
    return reply.code(201).send({ id: book.id, name: book.name, visibility: book.visibility, contacts: 0 });
  });
  const book = (request: FastifyRequest, name: string) => {
    const found = ctx.account(request).data.addressBooks.get(pathInt(request, name));
    if (found === undefined) throw errors.addressBookNotFound();
    return found;
  };
  route("GET", "/v2/address-books/:addressBookId", "Medium", (request) => {
    const b = book(request, "addressBookId");
    return { id: b.id, name: b.name, visibility: b.visibility, contacts: b.members.size };
  });
  route("GET", "/v2/address-books/:addressBookId/contacts", "Low", (request) => {
    const account = ctx.account(request);
    const b = book(request, "addressBookId");
    const select = intQuery(request, "select", 1000, 1, 1000);
    const skip = intQuery(request, "skip", 0, 0, 2_147_483_647);
    return [...b.members]
      .sort((x, y) => x - y)
      .slice(skip, skip + select)
      .flatMap((id) => {
        const contact = account.data.contacts.get(id);
        return contact === undefined ? [] : [apiContact(contact)];
      });
  });
  route("POST", "/v2/address-books/:addressBookId/contacts", "Medium", (request) => {
    const account = ctx.account(request);
    const b = book(request, "addressBookId");
    const { contact } = upsertFromBody(account, request.body);
    b.members.add(contact.id);
    return apiContact(contact);
  });
}
