import { intervalChoice, labelOf, syncWindowChoice, type ChoiceDef, type syncSchedule } from "@mps/model";
import type { IntervalName, ScheduleFromRow, ScheduleProblem, ScheduleRow, ScheduleSettings, SyncWindowName } from "./types";
import { validateSchedule } from "./validate";

/**
 * The columns ScheduleSettings are read from, e.g. for a Web API `$select`. The `satisfies` stops
 * the build when one of them is not a column of mps_syncschedule in the model.
 */
export const SCHEDULE_ROW_COLUMNS = ["mps_interval", "mps_syncwindow", "mps_windowstart", "mps_windowend", "mps_timezone"] as const satisfies readonly (keyof typeof syncSchedule.columns & keyof ScheduleRow)[];

function labelFor<L extends string>(c: ChoiceDef & { readonly labels: readonly L[] }, value: number): L | undefined {
  return labelOf(c, value) as L | undefined;
}

function valueFor(c: ChoiceDef, label: string): number {
  const option = c.options.find((o) => o.label === label);
  if (option === undefined) throw new Error(`"${label}" is not an option of ${c.name}`);
  return option.value;
}

/** The Interval label of an mps_interval option value, or undefined for a value the choice lacks. */
export function intervalFromValue(value: number): IntervalName | undefined {
  return labelFor(intervalChoice, value);
}

/** The Sync Window label of an mps_syncwindow option value, or undefined for a value the choice lacks. */
export function syncWindowFromValue(value: number): SyncWindowName | undefined {
  return labelFor(syncWindowChoice, value);
}

/** The mps_interval option value of an Interval label. */
export function intervalToValue(label: IntervalName): number {
  return valueFor(intervalChoice, label);
}

/** The mps_syncwindow option value of a Sync Window label. */
export function syncWindowToValue(label: SyncWindowName): number {
  return valueFor(syncWindowChoice, label);
}

function options(c: ChoiceDef): string {
  return c.options.map((o) => `${o.value} (${o.label})`).join(", ");
}

/**
 * ScheduleSettings from an mps_syncschedule row, or the problems with it. Never throws: a row
 * edited by hand or by an older version is reported, not a crash. Unset Interval and Sync Window
 * take the column defaults (Manual, Anytime), as Dataverse itself does for a new row.
 */
export function scheduleFromRow(row: ScheduleRow): ScheduleFromRow {
  const problems: ScheduleProblem[] = [];
  const intervalValue = row.mps_interval ?? intervalToValue("Manual");
  const windowValue = row.mps_syncwindow ?? syncWindowToValue("Anytime");
  const interval = intervalFromValue(intervalValue);
  const window = syncWindowFromValue(windowValue);
  if (interval === undefined) {
    problems.push({ kind: "unknown-option", field: "interval", message: `mps_interval is ${intervalValue}, not an Interval option: use one of ${options(intervalChoice)}.` });
  }
  if (window === undefined) {
    problems.push({ kind: "unknown-option", field: "window", message: `mps_syncwindow is ${windowValue}, not a Sync Window option: use one of ${options(syncWindowChoice)}.` });
  }
  if (interval === undefined || window === undefined) return { ok: false, problems };

  const schedule: ScheduleSettings = {
    interval,
    window,
    windowStart: row.mps_windowstart ?? null,
    windowEnd: row.mps_windowend ?? null,
    timeZone: row.mps_timezone ?? "",
  };
  const found = validateSchedule(schedule);
  return found.length === 0 ? { ok: true, schedule } : { ok: false, problems: found };
}

/** The columns of an mps_syncschedule row that hold these settings, ready for a Web API PATCH. */
export function scheduleToRow(schedule: ScheduleSettings): Required<ScheduleRow> {
  return {
    mps_interval: intervalToValue(schedule.interval),
    mps_syncwindow: syncWindowToValue(schedule.window),
    mps_windowstart: schedule.windowStart,
    mps_windowend: schedule.windowEnd,
    mps_timezone: schedule.timeZone === "" ? null : schedule.timeZone,
  };
}
