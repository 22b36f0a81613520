// What the dialog edits for one sync type, and what Save writes for it. Pure: `now` is a parameter.
import { Interval, SyncWindow, intervalChoice, labelOf, syncWindowChoice } from "@mps/model";
import { nextSync, type NextSync, type ScheduleSettings } from "@mps/sync-core/pure";
import type { ScheduleRow } from "../lib/records";

export type IntervalName = ScheduleSettings["interval"];
export type SyncWindowName = ScheduleSettings["window"];

/** The editable settings of one row, plus the dialog's "Next Sync: Now". */
export interface ScheduleDraft extends ScheduleSettings {
  readonly runNow: boolean;
}

function intervalName(value: number | null | undefined): IntervalName {
  return (labelOf(intervalChoice, value) as IntervalName | undefined) ?? "Manual";
}

function windowName(value: number | null | undefined): SyncWindowName {
  return (labelOf(syncWindowChoice, value) as SyncWindowName | undefined) ?? "Anytime";
}

/**
 * The draft a row starts from. A missing row (never saved) takes the column defaults, Manual and
 * Anytime, as Dataverse would; a missing time zone takes the user's, which is what they would type.
 */
export function draftFromRow(row: ScheduleRow | undefined, defaultTimeZone: string): ScheduleDraft {
  return {
    interval: intervalName(row?.mps_interval),
    window: windowName(row?.mps_syncwindow),
    windowStart: row?.mps_windowstart ?? null,
    windowEnd: row?.mps_windowend ?? null,
    timeZone: row?.mps_timezone || defaultTimeZone,
    runNow: false,
  };
}

export function settingsOf(draft: ScheduleDraft): ScheduleSettings {
  return { interval: draft.interval, window: draft.window, windowStart: draft.windowStart, windowEnd: draft.windowEnd, timeZone: draft.timeZone };
}

export function isChanged(original: ScheduleDraft, draft: ScheduleDraft): boolean {
  return (
    draft.runNow ||
    original.interval !== draft.interval ||
    original.window !== draft.window ||
    original.windowStart !== draft.windowStart ||
    original.windowEnd !== draft.windowEnd ||
    original.timeZone !== draft.timeZone
  );
}

/** When the row will run after Save: now, at the time the schedule rule gives, never, or not until fixed. */
export function plannedNextSync(draft: ScheduleDraft, lastSync: Date | null, now: Date): NextSync {
  return draft.runNow ? { kind: "at", at: now } : nextSync(settingsOf(draft), lastSync, now);
}

/** The columns Save writes for a changed row. mps_nextsync is UTC ISO: now for "Now", else the rule's next run. */
export function scheduleColumnsToWrite(draft: ScheduleDraft, lastSync: Date | null, now: Date): Record<string, string | number | null> {
  const next = plannedNextSync(draft, lastSync, now);
  return {
    mps_interval: Interval[draft.interval],
    mps_syncwindow: SyncWindow[draft.window],
    mps_windowstart: draft.windowStart,
    mps_windowend: draft.windowEnd,
    mps_timezone: draft.timeZone.trim() || null,
    mps_nextsync: next.kind === "at" ? next.at.toISOString() : null,
  };
}

/** Minutes after local midnight as the value of an `<input type="time">`, e.g. 540 → "09:00". */
export function minutesToTime(minutes: number | null): string {
  if (minutes === null) return "";
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The value of an `<input type="time">` as minutes after local midnight; null when empty or not a time. */
export function timeToMinutes(value: string): number | null {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}
