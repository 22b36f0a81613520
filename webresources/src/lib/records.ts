// The Web API rows the web resources read, validated with zod before any rule sees them.
// Choice columns arrive as numbers, dates as ISO strings, and a column without a value as null
// (or missing, when a host leaves it out).
import { z } from "zod/mini";
import { type syncRun, type syncSchedule, emailAccount } from "@mps/model";

const maybe = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

export const emailAccountRow = z.object({
  mps_name: maybe(z.string()),
});

/** The columns of the latest Sync Run the form reads. */
export const syncRunColumns = ["mps_result", "mps_dryrun", "mps_startedon", "mps_finishedon", "mps_summary", "mps_pulled", "mps_pushed", "mps_conflicts"] as const satisfies readonly (keyof typeof syncRun.columns)[];

export const syncRunRow = z.object({
  mps_result: maybe(z.number()),
  mps_dryrun: maybe(z.boolean()),
  mps_startedon: maybe(z.string()),
  mps_finishedon: maybe(z.string()),
  mps_summary: maybe(z.string()),
  mps_pulled: maybe(z.number()),
  mps_pushed: maybe(z.number()),
  mps_conflicts: maybe(z.number()),
});
export type SyncRunRow = z.infer<typeof syncRunRow>;

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

export const scheduleRow = z.object({
  mps_syncscheduleid: z.string(),
  mps_synctype: maybe(z.number()),
  mps_interval: maybe(z.number()),
  mps_syncwindow: maybe(z.number()),
  mps_windowstart: maybe(z.number()),
  mps_windowend: maybe(z.number()),
  mps_timezone: maybe(z.string()),
  mps_nextsync: maybe(z.string()),
  mps_lastsync: maybe(z.string()),
  mps_status: maybe(z.number()),
  mps_lastresult: maybe(z.number()),
  mps_lasterror: maybe(z.string()),
});
export type ScheduleRow = z.infer<typeof scheduleRow>;

/** The Web API name of the lookup value column, e.g. `_mps_emailaccountid_value`. */
export function lookupValueColumn(lookupColumn: string): string {
  return `_${lookupColumn}_value`;
}

/** `$filter` clause selecting the rows of one Email Account through a lookup column. */
export function byEmailAccount(accountId: string): string {
  return `${lookupValueColumn("mps_emailaccountid")} eq ${accountId}`;
}

/** The navigation-property bind that sets the Email Account lookup on create. */
export function bindEmailAccount(accountId: string): Record<string, string> {
  return { [`mps_emailaccountid@odata.bind`]: `/${emailAccount.entitySetName}(${accountId})` };
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
