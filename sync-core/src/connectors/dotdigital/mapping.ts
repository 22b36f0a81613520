// Wire ↔ plain data. The runner and the reconciler see only the types below, never wire shapes.
import { parseApiDate } from "./dates";
import {
  describeIssues,
  marketingPreferenceOptInSchema,
  preferenceOptInItemSchema,
  suppressionItemSchema,
  type WireAccountInfo,
  type WireCatalogueEntry,
  type WireContact,
  type WireOptIn,
  type WireSetPreferencesRequest,
} from "./wire";

export interface CataloguePreference {
  readonly id: number;
  readonly publicName: string;
  readonly privateName: string;
  readonly isPublic: boolean;
  readonly order: number;
  /** The category it sits in, or null for a stand-alone preference. */
  readonly categoryId: number | null;
}

export interface CatalogueCategory {
  readonly id: number;
  readonly publicName: string;
  readonly privateName: string;
  readonly isPublic: boolean;
  readonly order: number;
  /** Its preferences' ids, in display order. */
  readonly preferenceIds: readonly number[];
}

/** The account's marketing preferences. Only preferences (leaves) carry opt-in state. */
export interface PreferenceCatalogue {
  readonly categories: readonly CatalogueCategory[];
  /** Every preference, stand-alone or in a category, categories' order first then their own. */
  readonly preferences: readonly CataloguePreference[];
}

/** One item of a page that could not be read; the rest of the page is still used. */
export interface ItemProblem {
  /** Its position in the page (or in the contact's opt-ins). */
  readonly index: number;
  readonly contactId: number | undefined;
  readonly email: string | undefined;
  /** The field that was wrong, e.g. "contact.email". */
  readonly field: string;
  readonly message: string;
}

export interface DotdigitalContact {
  readonly id: number;
  readonly email: string;
  /** The v2 status as sent, e.g. "Subscribed", "HardBounced". */
  readonly status: string;
  readonly optInType: string | undefined;
  /** True when the status means no write may touch this contact (DESIGN.md §4 rule 6). */
  readonly suppressed: boolean;
}

/** One row of a preference's change feed: this contact's opt-in for that preference changed. */
export interface PreferenceChangeRow {
  readonly contactId: number;
  readonly email: string;
  readonly contactStatus: string;
  readonly isOptedIn: boolean;
  readonly dateModified: Date;
}

export interface SuppressionRow {
  readonly contactId: number;
  readonly email: string;
  /** Why, e.g. "Unsubscribed", "HardBounced". */
  readonly reason: string;
  readonly dateRemoved: Date;
}

export interface PreferenceOptIn {
  readonly preferenceId: number;
  readonly isOptedIn: boolean;
  readonly dateModified: Date;
  readonly addressBookId: number | undefined;
}

/** GET /v2/contacts/{email}/subscriptions: status plus one opt-in per preference (latest wins). */
export interface ContactSubscriptions {
  readonly contact: DotdigitalContact;
  readonly optIns: readonly PreferenceOptIn[];
  readonly problems: readonly ItemProblem[];
}

export interface Page<T> {
  readonly rows: readonly T[];
  readonly problems: readonly ItemProblem[];
}

/**
 * Statuses under which a contact gets no writes. SoftBounced (temporary) and PendingOptIn (not
 * opted out) are not among them; everything that means "unsubscribed" or "suppressed" is.
 */
const SUPPRESSED_STATUSES: ReadonlySet<string> = new Set([
  "Unsubscribed",
  "HardBounced",
  "IspComplained",
  "MailBlocked",
  "DirectComplaint",
  "Deleted",
  "SharedSuppression",
  "Suppressed",
  "NotAllowed",
  "DomainSuppression",
  "NoMxRecord",
]);

export function isSuppressedStatus(status: string): boolean {
  return SUPPRESSED_STATUSES.has(status);
}

/** The ApiEndpoint property of GET /v2/account-info, or undefined when the account has none. */
export function apiEndpointOf(info: WireAccountInfo): string | undefined {
  const property = info.properties.find((p) => p.name?.toLowerCase() === "apiendpoint");
  const value = property?.value?.trim();
  return value === undefined || value === "" ? undefined : value.replace(/\/+$/, "");
}

function orderOf(order: string | number | null | undefined, fallback: number): number {
  const value = typeof order === "number" ? order : Number(order);
  return order === null || order === undefined || order === "" || !Number.isFinite(value) ? fallback : value;
}

function byOrder<T extends { order: number; id: number }>(a: T, b: T): number {
  return a.order - b.order || a.id - b.id;
}

export function toCatalogue(entries: readonly WireCatalogueEntry[]): PreferenceCatalogue {
  const categories: CatalogueCategory[] = [];
  const preferences: CataloguePreference[] = [];
  const top = entries.map((entry, index) => ({ entry, order: orderOf(entry.order, index), id: entry.id })).sort(byOrder);
  for (const { entry, order } of top) {
    const names = { publicName: entry.publicName ?? "", privateName: entry.privateName ?? entry.publicName ?? "" };
    if (entry.isPreference) {
      preferences.push({ id: entry.id, ...names, isPublic: entry.isPublic ?? true, order, categoryId: null });
      continue;
    }
    const children = (entry.preferences ?? [])
      .filter((p) => p.isPreference)
      .map((p, index) => ({
        id: p.id,
        publicName: p.publicName ?? "",
        privateName: p.privateName ?? p.publicName ?? "",
        isPublic: p.isPublic ?? true,
        order: orderOf(p.order, index),
        categoryId: entry.id,
      }))
      .sort(byOrder);
    categories.push({ id: entry.id, ...names, isPublic: entry.isPublic ?? true, order, preferenceIds: children.map((c) => c.id) });
    preferences.push(...children);
  }
  return { categories, preferences };
}

export function toContact(wire: WireContact): DotdigitalContact {
  return {
    id: wire.id,
    email: wire.email.trim(),
    status: wire.status,
    optInType: wire.optInType ?? undefined,
    suppressed: isSuppressedStatus(wire.status),
  };
}

function toOptIn(wire: WireOptIn): PreferenceOptIn {
  return {
    preferenceId: wire.marketingPreferenceId,
    isOptedIn: wire.isOptedIn,
    // The schema already refused strings that are not dates.
    dateModified: parseApiDate(wire.dateModifed) ?? new Date(Number.NaN),
    addressBookId: wire.addressBookId ?? undefined,
  };
}

/** Several opt-in rows for one preference (one per list) collapse to the latest. */
function latestPerPreference(optIns: readonly PreferenceOptIn[]): PreferenceOptIn[] {
  const latest = new Map<number, PreferenceOptIn>();
  for (const optIn of optIns) {
    const seen = latest.get(optIn.preferenceId);
    if (seen === undefined || optIn.dateModified.getTime() > seen.dateModified.getTime()) latest.set(optIn.preferenceId, optIn);
  }
  return [...latest.values()];
}

/** Whatever can be salvaged from a bad item to say which contact it was about. */
function identify(raw: unknown): { contactId: number | undefined; email: string | undefined } {
  const record = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const contact = record["contact"] ?? record["suppressedContact"];
  const c = typeof contact === "object" && contact !== null ? (contact as Record<string, unknown>) : {};
  return {
    contactId: typeof c["id"] === "number" ? c["id"] : undefined,
    email: typeof c["email"] === "string" ? c["email"] : undefined,
  };
}

export type ItemResult<T> = { readonly ok: true; readonly row: T } | { readonly ok: false; readonly problem: ItemProblem };

/** One feed item of preference `preferenceId` → a change row, or a problem naming the field. */
export function toPreferenceChangeRow(raw: unknown, index: number, preferenceId: number): ItemResult<PreferenceChangeRow> {
  const parsed = preferenceOptInItemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: { index, ...identify(raw), ...describeIssues(parsed.error) } };
  const { contact, marketingPreferenceOptIns } = parsed.data;
  const optIn = latestPerPreference(marketingPreferenceOptIns.map(toOptIn)).find((o) => o.preferenceId === preferenceId);
  if (optIn === undefined) {
    return {
      ok: false,
      problem: {
        index,
        contactId: contact.id,
        email: contact.email,
        field: "marketingPreferenceOptIns",
        message: `has no opt-in for preference ${preferenceId}`,
      },
    };
  }
  return {
    ok: true,
    row: { contactId: contact.id, email: contact.email.trim(), contactStatus: contact.status, isOptedIn: optIn.isOptedIn, dateModified: optIn.dateModified },
  };
}

export function toSuppressionRow(raw: unknown, index: number): ItemResult<SuppressionRow> {
  const parsed = suppressionItemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: { index, ...identify(raw), ...describeIssues(parsed.error) } };
  const { suppressedContact, reason, dateRemoved } = parsed.data;
  return {
    ok: true,
    row: { contactId: suppressedContact.id, email: suppressedContact.email.trim(), reason, dateRemoved: parseApiDate(dateRemoved) ?? new Date(Number.NaN) },
  };
}

export function toSubscriptions(contact: WireContact, rawOptIns: readonly unknown[]): ContactSubscriptions {
  const optIns: PreferenceOptIn[] = [];
  const problems: ItemProblem[] = [];
  rawOptIns.forEach((raw, index) => {
    const parsed = marketingPreferenceOptInSchema.safeParse(raw);
    if (parsed.success) optIns.push(toOptIn(parsed.data));
    else {
      const { field, message } = describeIssues(parsed.error);
      problems.push({ index, contactId: contact.id, email: contact.email, field: `marketingPreferenceOptIns[${index}].${field}`, message });
    }
  });
  return { contact: toContact(contact), optIns: latestPerPreference(optIns), problems };
}

/** preferenceId → opted in? Everything one contact needs written, for ONE PUT. */
export type PreferenceChanges = ReadonlyMap<number, boolean>;

export type SetPreferencesBody =
  | { readonly ok: true; readonly body: WireSetPreferencesRequest }
  | { readonly ok: false; readonly unknownIds: readonly number[] };

/**
 * The PUT /v2/contacts/{email}/preferences body for `changes`: preferences in a category go
 * nested under that category (as the API requires), stand-alone ones at the top level; only the
 * preferences in `changes` are sent. Categories and preferences come out in catalogue order, so
 * the same changes always make the same body. Ids not in the catalogue (a category id, or a
 * preference deleted since) are refused rather than sent.
 */
export function buildSetPreferencesBody(changes: PreferenceChanges, catalogue: PreferenceCatalogue): SetPreferencesBody {
  const known = new Map(catalogue.preferences.map((p) => [p.id, p]));
  const unknownIds = [...changes.keys()].filter((id) => !known.has(id)).sort((a, b) => a - b);
  if (unknownIds.length > 0) return { ok: false, unknownIds };

  const leaf = (id: number): { id: number; isPreference: true; isOptedIn: boolean } => ({ id, isPreference: true, isOptedIn: changes.get(id) === true });
  const body: WireSetPreferencesRequest = [];
  const byOrder = [
    ...catalogue.categories.map((c) => ({ order: c.order, id: c.id, category: c })),
    ...catalogue.preferences.filter((p) => p.categoryId === null).map((p) => ({ order: p.order, id: p.id, category: undefined })),
  ].sort((a, b) => a.order - b.order || a.id - b.id);
  for (const entry of byOrder) {
    if (entry.category === undefined) {
      if (changes.has(entry.id)) body.push(leaf(entry.id));
      continue;
    }
    const nested = entry.category.preferenceIds.filter((id) => changes.has(id)).map(leaf);
    if (nested.length > 0) body.push({ id: entry.category.id, isPreference: false, preferences: nested });
  }
  return { ok: true, body };
}
