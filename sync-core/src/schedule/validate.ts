import { intervalChoice, syncWindowChoice } from "@mps/model";
import { zoneOf } from "./local-time";
import type { IntervalName, ScheduleProblem, ScheduleSettings, SyncWindowName } from "./types";

/** Last minute of the day: windowStart and windowEnd are minutes after local midnight, 0..1439. */
export const LAST_MINUTE_OF_DAY = 1439;

/** The intervals a Specific time can mean: once a day or once a week at that time. */
export const SPECIFIC_TIME_INTERVALS: readonly IntervalName[] = ["Once a day", "Once a week"];

/** Which of windowStart / windowEnd / timeZone a window reads. Anytime reads none of them. */
export function windowUses(window: SyncWindowName): { readonly start: boolean; readonly end: boolean; readonly timeZone: boolean } {
  switch (window) {
    case "Anytime":
      return { start: false, end: false, timeZone: false };
    case "Specific time":
      return { start: true, end: false, timeZone: true };
    case "Out of office hours":
      return { start: false, end: false, timeZone: true };
    case "Custom window":
      return { start: true, end: true, timeZone: true };
  }
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function checkMinute(field: "windowStart" | "windowEnd", value: number | null, what: string, problems: ScheduleProblem[]): value is number {
  if (value === null) {
    problems.push({ kind: "required", field, message: `${field} is empty: set ${what} as minutes after local midnight (0 = 00:00, 1439 = 23:59).` });
    return false;
  }
  if (!Number.isInteger(value)) {
    problems.push({ kind: "not-a-whole-minute", field, message: `${field} is ${value}: use a whole number of minutes after local midnight (0..${LAST_MINUTE_OF_DAY}).` });
    return false;
  }
  if (value < 0 || value > LAST_MINUTE_OF_DAY) {
    problems.push({ kind: "out-of-range", field, message: `${field} is ${value}, outside 0..${LAST_MINUTE_OF_DAY}: use minutes after local midnight (0 = 00:00, 1439 = 23:59).` });
    return false;
  }
  return true;
}

/**
 * Everything wrong with the settings, each naming the field and the fix; empty when they are usable.
 * Only the fields the chosen window reads are checked, so a value left over from another window
 * (the dialog keeps them while the user switches) never blocks a save.
 */
export function validateSchedule(schedule: ScheduleSettings): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const intervals: readonly string[] = intervalChoice.labels;
  const windows: readonly string[] = syncWindowChoice.labels;
  if (!intervals.includes(schedule.interval)) {
    problems.push({ kind: "unknown-option", field: "interval", message: `interval "${String(schedule.interval)}" is not an Interval: choose one of ${intervals.join(", ")}.` });
  }
  if (!windows.includes(schedule.window)) {
    problems.push({ kind: "unknown-option", field: "window", message: `window "${String(schedule.window)}" is not a Sync Window: choose one of ${windows.join(", ")}.` });
    return problems;
  }

  const uses = windowUses(schedule.window);
  const what = schedule.window === "Specific time" ? "the time of day the sync runs" : "the time the window opens";
  const startOk = uses.start && checkMinute("windowStart", schedule.windowStart, what, problems);
  const endOk = uses.end && checkMinute("windowEnd", schedule.windowEnd, "the time the window closes", problems);
  if (startOk && endOk && schedule.windowStart === schedule.windowEnd) {
    problems.push({
      kind: "empty-window",
      field: "windowEnd",
      message: `windowEnd equals windowStart (${hhmm(schedule.windowStart ?? 0)}), so the window never opens: set a different closing time, or choose Anytime to run at any hour.`,
    });
  }
  if (uses.timeZone) {
    if (schedule.timeZone.trim() === "") {
      problems.push({ kind: "required", field: "timeZone", message: `timeZone is empty: a ${schedule.window} window is read in local time, so set an IANA time zone such as Europe/London.` });
    } else if (zoneOf(schedule.timeZone) === undefined) {
      problems.push({ kind: "unknown-time-zone", field: "timeZone", message: `timeZone "${schedule.timeZone}" is not an IANA time zone: use a name such as Europe/London or America/New_York.` });
    }
  }
  if (schedule.window === "Specific time" && schedule.interval !== "Manual" && !SPECIFIC_TIME_INTERVALS.includes(schedule.interval)) {
    problems.push({
      kind: "interval-not-allowed",
      field: "interval",
      message: `interval "${schedule.interval}" cannot run at one Specific time: choose Once a day or Once a week, or pick a Custom window to run ${schedule.interval.toLowerCase()} within set hours.`,
    });
  }
  return problems;
}
