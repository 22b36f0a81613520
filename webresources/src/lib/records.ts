// The Web API rows the web resources read, validated with zod before any rule sees them.
// Choice columns arrive as numbers, dates as ISO strings, and a column without a value as null
// (or missing, when a host leaves it out).
import { boolean, nullable, number, object, optional, string, type infer as Infer, type ZodMiniType } from "zod/mini";
import { emailAccount, lookupValueProperty, navigationPropertyOf, type syncRun, type syncSchedule } from "@mps/model";

const maybe = <T extends ZodMiniType>(schema: T) => optional(nullable(schema));

export const emailAccountRow = object({
  mps_name: maybe(string()),
});

/** The columns of the latest Sync Run the form reads. */
export const syncRunColumns = ["mps_result", "mps_dryrun", "mps_startedon", "mps_finishedon", "mps_summary", "mps_pulled", "mps_pushed", "mps_conflicts"] as const satisfies readonly (keyof typeof syncRun.columns)[];

export const syncRunRow = object({
  mps_result: maybe(number()),
  mps_dryrun: maybe(boolean()),
  mps_startedon: maybe(string()),
  mps_finishedon: maybe(string()),
  mps_summary: maybe(string()),
  mps_pulled: maybe(number()),
  mps_pushed: maybe(number()),
  mps_conflicts: maybe(number()),
});
export type SyncRunRow = Infer<typeof syncRunRow>;

/** The columns of a schedule the dialog shows and edits. */
export const scheduleColumns = [
  "mps_syncscheduleid",
  "mps_synctype",
  "mps_interval",
  "mps_syncwindow",
  "mps_windowstart",
  "mps_windowend",
  "mps_timezone",
  "mps_nextsync",
  "mps_lastsync",
  "mps_status",
  "mps_lastresult",
  "mps_lasterror",
] as const satisfies readonly (keyof typeof syncSchedule.columns)[];

export const scheduleRow = object({
  mps_syncscheduleid: string(),
  mps_synctype: maybe(number()),
  mps_interval: maybe(number()),
  mps_syncwindow: maybe(number()),
  mps_windowstart: maybe(number()),
  mps_windowend: maybe(number()),
  mps_timezone: maybe(string()),
  mps_nextsync: maybe(string()),
  mps_lastsync: maybe(string()),
  mps_status: maybe(number()),
  mps_lastresult: maybe(number()),
  mps_lasterror: maybe(string()),
});
export type ScheduleRow = Infer<typeof scheduleRow>;

/** `$filter` clause selecting the rows of one Email Account through their Email Account lookup. */
export function byEmailAccount(accountId: string): string {
  return `${lookupValueProperty("mps_emailaccountid")} eq ${accountId}`;
}

/** The `@odata.bind` that sets the Email Account lookup on create (navigation property per the model). */
export function bindEmailAccount(accountId: string): Record<string, string> {
  return { [`${navigationPropertyOf("mps_emailaccountid")}@odata.bind`]: `/${emailAccount.entitySetName}(${accountId})` };
}

/** A GUID as the Web API wants it: no braces, lower case. Empty for a new (unsaved) record. */
export function bareId(id: string | null | undefined): string {
  return (id ?? "").replace(/[{}]/g, "").toLowerCase();
}

/** Describes any thrown value; Xrm rejects with `{ message, errorCode }` objects, not Errors. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" && error.message) return error.message;
  if (typeof error === "string" && error) return error;
  return fallback;
}
