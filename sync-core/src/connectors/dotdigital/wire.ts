// The JSON Dotdigital sends and accepts, one zod schema per message (v2 swagger + the
// "Preferences and subscriptions" OpenAPI in shared/reference/dotdigital-openapi). Objects are not
// strict: Dotdigital may add fields, and unknown fields are dropped, not refused.
import { z } from "zod";
import { parseApiDate } from "./dates";

const int = z.number().int();
/** A date as Dotdigital writes it (see dates.ts); refused when it is not one. */
const apiDate = z.string().refine((s) => parseApiDate(s) !== undefined, { message: "not an ISO 8601 date" });

/** GET /v2/account-info → ApiAccount. The endpoint of the account's region is one property. */
export const accountInfoSchema = z.object({
  id: int.optional(),
  properties: z.array(z.object({ name: z.string().nullish(), type: z.string().nullish(), value: z.string().nullish() })),
});

/** GET /v2/server-time → a JSON string holding a date-time. */
export const serverTimeSchema = apiDate;

/** ApiContact (v2). `status` is kept as text: an unknown future status must not fail a run. */
export const contactSchema = z.object({
  id: int,
  email: z.string().min(1),
  optInType: z.string().nullish(),
  emailType: z.string().nullish(),
  status: z.string().min(1),
});

/** ApiMarketingPreferenceOptIn. `dateModifed` is Dotdigital's spelling (sic), in docs and swagger. */
export const marketingPreferenceOptInSchema = z.object({
  marketingPreferenceId: int,
  addressBookId: int.nullish(),
  isOptedIn: z.boolean(),
  dateModifed: apiDate,
});

const preferenceFields = {
  id: int,
  publicName: z.string().nullish(),
  privateName: z.string().nullish(),
  isPreference: z.boolean(),
  // A string in the swagger ("0"), a number in some doc examples.
  order: z.union([z.string(), z.number()]).nullish(),
  isPublic: z.boolean().nullish(),
  categoryId: int.nullish(),
};

/** A preference inside a category. Categories cannot nest (ERROR_PREFERENCE_INVALID), so no deeper level. */
export const nestedPreferenceSchema = z.object(preferenceFields);

/** One top-level entry of GET /v2/preferences: a category with its preferences, or a stand-alone preference. */
export const catalogueEntrySchema = z.object({ ...preferenceFields, preferences: z.array(nestedPreferenceSchema).nullish() });

/** GET /v2/preferences. */
export const catalogueSchema = z.array(catalogueEntrySchema);

/** One item of GET /v2/contacts/with-preference/{id}/opt-ins-since/{date} (ApiContactWithPreferenceOptIn). */
export const preferenceOptInItemSchema = z.object({
  contact: contactSchema,
  marketingPreferenceOptIns: z.array(marketingPreferenceOptInSchema).min(1),
});

/** One item of GET /v2/contacts/suppressed-since/{date} (ApiContactSuppression). */
export const suppressionItemSchema = z.object({
  suppressedContact: contactSchema,
  dateRemoved: apiDate,
  reason: z.string().min(1),
});

/** A paged list before its items are checked one by one (a bad item must not sink the page). */
export const pageSchema = z.array(z.unknown());

/** GET /v2/contacts/{email}/subscriptions. The opt-ins are checked one by one, like feed rows. */
export const subscriptionsSchema = z.object({
  contact: contactSchema,
  marketingPreferenceOptIns: z.array(z.unknown()).nullish(),
});

/** PUT /v2/contacts/{email}/preferences request: categories carry their preferences nested. */
export const setPreferencesLeafSchema = z.strictObject({ id: int, isPreference: z.literal(true), isOptedIn: z.boolean() });
export const setPreferencesRequestSchema = z.array(
  z.union([
    setPreferencesLeafSchema,
    z.strictObject({ id: int, isPreference: z.literal(false), preferences: z.array(setPreferencesLeafSchema).min(1) }),
  ]),
);

/** PUT /v2/contacts/{email}/preferences answer: documented as {"value": ""}; nothing in it is used. */
export const setPreferencesResponseSchema = z.unknown();

/**
 * POST /v2/contacts request. No `status`: creating a contact must never set or change a
 * subscription status (DESIGN.md §4 rule 9), and optInType is always Unknown.
 */
export const createContactRequestSchema = z.strictObject({
  email: z.string().min(1),
  optInType: z.literal("Unknown"),
  emailType: z.literal("Html"),
});

/** A v2 error answer: `message` carries an ERROR_* token, e.g. "Contact is suppressed. ERROR_CONTACT_SUPPRESSED". */
export const errorBodySchema = z.object({ message: z.string() });

export type WireAccountInfo = z.infer<typeof accountInfoSchema>;
export type WireContact = z.infer<typeof contactSchema>;
export type WireOptIn = z.infer<typeof marketingPreferenceOptInSchema>;
export type WireCatalogueEntry = z.infer<typeof catalogueEntrySchema>;
export type WirePreferenceOptInItem = z.infer<typeof preferenceOptInItemSchema>;
export type WireSuppressionItem = z.infer<typeof suppressionItemSchema>;
export type WireSubscriptions = z.infer<typeof subscriptionsSchema>;
export type WireSetPreferencesRequest = z.infer<typeof setPreferencesRequestSchema>;
export type WireCreateContactRequest = z.infer<typeof createContactRequestSchema>;

/** "contact.email: Invalid input: expected string, received undefined" for the first issue. */
export function describeIssues(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { field: "(root)", message: "invalid" };
  const field = issue.path.length === 0 ? "(root)" : issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
  return { field, message: issue.message };
}
