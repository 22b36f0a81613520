// Request bodies (zod, one schema per message) and response shapes of the v2 API, as in the
// official swagger (`dotdigital-v2-api-swagger.json`) and the Preferences and subscriptions spec.
import { z } from "zod";
import { formatTimestamp, type TimestampFormat } from "./dates";
import { CONTACT_STATUSES, EMAIL_TYPES, OPT_IN_TYPES, type ContactRecord, type OptInRecord, type PreferenceRecord, type SuppressionRecord } from "./model";

const dataFieldSchema = z.object({ key: z.string(), value: z.unknown() });

/** ApiContact as sent by clients; unknown properties are ignored, as the real API does. */
export const apiContactBody = z.object({
  id: z.number().int().optional(),
  email: z.string(),
  optInType: z.enum(OPT_IN_TYPES).nullish(),
  emailType: z.enum(EMAIL_TYPES).nullish(),
  dataFields: z.array(dataFieldSchema).nullish(),
  status: z.enum(CONTACT_STATUSES).optional(),
});

/** One item of PUT /v2/contacts/{id|email}/preferences: a category with nested preferences, or a preference. */
const preferenceWriteLeaf = z.object({
  id: z.number().int(),
  isPreference: z.boolean(),
  isOptedIn: z.boolean().nullish(),
});
export const setPreferencesBody = z.array(
  preferenceWriteLeaf.extend({
    preferences: z.array(preferenceWriteLeaf).nullish(),
  }),
);
export type SetPreferencesBody = z.infer<typeof setPreferencesBody>;

export const unsubscribeBody = z.object({ email: z.string() });
export const suppressContactsBody = z.array(z.object({ id: z.number().int().nullish(), email: z.string().nullish() }));
export const resubscribeBody = z.object({
  unsubscribedContact: z.object({ email: z.string(), dataFields: z.array(dataFieldSchema).nullish() }),
  preferredLocale: z.string().nullish(),
  returnUrlToUseIfChallenged: z.string().nullish(),
});
export const addressBookBody = z.object({ name: z.string(), visibility: z.enum(["Private", "Public"]).optional() });

// ---- responses ----

export interface ApiContact {
  id: number;
  email: string;
  optInType: string;
  emailType: string;
  dataFields: Array<{ key: string; value: unknown }> | null;
  status: string;
}

export function apiContact(contact: ContactRecord): ApiContact {
  return {
    id: contact.id,
    email: contact.email,
    optInType: contact.optInType,
    emailType: contact.emailType,
    dataFields: contact.dataFields === null ? null : contact.dataFields.map((f) => ({ key: f.key, value: f.value })),
    status: contact.status,
  };
}

export interface ApiMarketingPreferenceOptIn {
  marketingPreferenceId: number;
  addressBookId: number;
  isOptedIn: boolean;
  /** Spelled as the real API spells it. */
  dateModifed: string;
}

export function apiOptIn(preferenceId: number, record: OptInRecord, format: TimestampFormat): ApiMarketingPreferenceOptIn {
  return { marketingPreferenceId: preferenceId, addressBookId: record.addressBookId, isOptedIn: record.isOptedIn, dateModifed: formatTimestamp(record.dateModified, format) };
}

export interface ApiPreference {
  id: number;
  publicName: string;
  privateName: string;
  isPreference: boolean;
  order: string;
  isPublic: boolean;
  categoryId: number;
  preferenceCount: number;
  created: string;
  lastModified: string;
  isOptedIn?: boolean;
  preferences?: ApiPreference[];
}

export function apiPreference(record: PreferenceRecord, format: TimestampFormat, children?: readonly ApiPreference[]): ApiPreference {
  const item: ApiPreference = {
    id: record.id,
    publicName: record.publicName,
    privateName: record.privateName,
    isPreference: record.isPreference,
    order: String(record.order),
    isPublic: record.isPublic,
    categoryId: record.categoryId,
    preferenceCount: children?.length ?? 0,
    created: formatTimestamp(record.created, format),
    lastModified: formatTimestamp(record.lastModified, format),
  };
  if (!record.isPreference) item.preferences = [...(children ?? [])];
  return item;
}

export function apiSuppression(contact: ContactRecord, record: SuppressionRecord, format: TimestampFormat): { suppressedContact: ApiContact; dateRemoved: string; reason: string } {
  return { suppressedContact: apiContact(contact), dateRemoved: formatTimestamp(record.dateRemoved, format), reason: record.reason };
}

/** The first problem zod found, as "`field`: what is wrong", for error messages that name the field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "The body is not valid.";
  const path = issue.path.map(String).join(".");
  return `${path === "" ? "The body" : `\`${path}\``}: ${issue.message}.`;
}
