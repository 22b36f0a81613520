import { z } from "zod";
import {
  ConflictPolicy as ConflictPolicyValues,
  EmailChangePolicy as EmailChangePolicyValues,
  conflictPolicyChoice,
  emailChangePolicyChoice,
  lookupValueProperty as lv,
} from "@mps/model";

// Row schemas of the Web API JSON for the tables the runner reads. Dataverse sends choices as
// numbers, lookups as `_x_value` GUIDs, dates as ISO strings, and null for empty columns.

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a GUID");
const optionalGuid = guid.nullish().transform((v) => v ?? null);
const text = z.string().nullish().transform((v) => v ?? null);
const int = z.number().int().nullish().transform((v) => v ?? null);
const bool = z.boolean().nullish().transform((v) => v ?? false);
// dynamics-web-api turns ISO strings into Date objects; a raw fetch gives strings. Both mean the same.
const isoTime = z
  .union([z.string(), z.date()])
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined) return null;
    const ms = v instanceof Date ? v.getTime() : Date.parse(v);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: `"${String(v)}" is not a date` });
      return z.NEVER;
    }
    return ms;
  });
const etag = z.string().optional();

function labelOf<L extends string>(labels: readonly L[], values: Readonly<Record<L, number>>, fallback: L) {
  return z
    .number()
    .int()
    .nullish()
    .transform((v) => labels.find((l) => values[l] === v) ?? fallback);
}

export const emailAccountRow = z.object({
  mps_emailaccountid: guid,
  mps_name: z.string(),
  mps_apiuser: text,
  mps_apiendpoint: text,
  mps_credentialname: text,
  mps_conflictpolicy: labelOf(conflictPolicyChoice.labels, ConflictPolicyValues, "Last modified wins"),
  mps_emailchangepolicy: labelOf(emailChangePolicyChoice.labels, EmailChangePolicyValues, "Keep with record"),
});
export type EmailAccountRow = z.output<typeof emailAccountRow>;

export const syncScheduleRow = z.object({
  "@odata.etag": etag,
  mps_syncscheduleid: guid,
  [lv("mps_emailaccountid")]: optionalGuid,
  mps_synctype: int,
  mps_interval: int,
  mps_syncwindow: int,
  mps_windowstart: int,
  mps_windowend: int,
  mps_timezone: text,
  mps_nextsync: isoTime,
  mps_lastsync: isoTime,
  mps_status: int,
  mps_lastresult: int,
  mps_dotdigitalwatermark: text,
  mps_dataversewatermark: text,
});
export type SyncScheduleRow = z.output<typeof syncScheduleRow>;

export const marketingPreferenceRow = z.object({
  mps_marketingpreferenceid: guid,
  mps_name: z.string().nullish().transform((v) => v ?? ""),
  mps_publicname: z.string().nullish().transform((v) => v ?? ""),
  mps_dotdigitalid: z.number().int(),
  mps_ispreference: bool,
  mps_ispublic: bool,
  mps_order: z.number().int().nullish().transform((v) => v ?? 0),
  [lv("mps_parentcategoryid")]: optionalGuid,
  statecode: z.number().int().nullish().transform((v) => v ?? 0),
});
export type MarketingPreferenceRow = z.output<typeof marketingPreferenceRow>;

/** The Contact, Lead or Account a subscription or synced-record row belongs to (exactly one is set). */
const recordLookups = {
  [lv("mps_contactid")]: optionalGuid,
  [lv("mps_leadid")]: optionalGuid,
  [lv("mps_accountid")]: optionalGuid,
};

export const subscriptionRow = z.object({
  mps_marketingpreferencesubscriptionid: guid,
  mps_key: z.string(),
  [lv("mps_marketingpreferenceid")]: optionalGuid,
  ...recordLookups,
  mps_emailaddress: text,
  mps_optedin: bool,
  mps_syncedvalue: int,
  mps_syncstate: int,
  modifiedon: isoTime,
});
export type SubscriptionRow = z.output<typeof subscriptionRow>;

export const syncedRecordRow = z.object({
  mps_syncedrecordid: guid,
  mps_key: z.string(),
  ...recordLookups,
  mps_emailaddress: text,
  mps_firsteligibleon: isoTime,
  mps_suppressed: bool,
  mps_suppressionreason: text,
  mps_lastsyncedon: isoTime,
});
export type SyncedRecordRow = z.output<typeof syncedRecordRow>;

export const marketingListRow = z.object({
  listid: guid,
  listname: text,
  createdfromcode: int,
  modifiedon: isoTime,
});
export type MarketingListRow = z.output<typeof marketingListRow>;
