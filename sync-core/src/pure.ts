// The browser-safe half of the public surface: pure functions over plain data, no IO, no clock.
// The web resources bundle this entry; the service uses index.ts, which re-exports it.
export { normaliseEmail } from "./domain/email";
export type { EmailResult, NormalisedEmail } from "./domain/email";
// schedule: when a Scheduled Sync Setting runs next (DESIGN.md §3); shared by the scheduler and the dialog.
export { isDue, nextSync, INTERVAL_MS, OUT_OF_OFFICE } from "./schedule/next-sync";
export { validateSchedule, windowUses, LAST_MINUTE_OF_DAY, SPECIFIC_TIME_INTERVALS } from "./schedule/validate";
export { intervalFromValue, intervalToValue, scheduleFromRow, scheduleToRow, syncWindowFromValue, syncWindowToValue, SCHEDULE_ROW_COLUMNS } from "./schedule/from-row";
export type { IntervalName, NextSync, ScheduleFromRow, ScheduleProblem, ScheduleProblemKind, ScheduleRow, ScheduleSettings, SyncWindowName } from "./schedule/types";
