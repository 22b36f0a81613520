import type { IANAZone } from "luxon";
import { addDays, DAY_MS, instantAt, localDateOf, localMsOfDay, MINUTE_MS, weekdayOf, zoneOf, type LocalDate } from "./local-time";
import type { IntervalName, NextSync, ScheduleSettings } from "./types";
import { validateSchedule } from "./validate";

/** Out of office hours: 18:00 to 08:00 local (DESIGN.md §3). */
export const OUT_OF_OFFICE = { start: 18 * 60, end: 8 * 60 } as const;

/**
 * Elapsed time per interval. "Every 4 hours" is four real hours even across a DST change; a
 * wall-clock reading would run after three or five.
 */
export const INTERVAL_MS: { readonly [K in Exclude<IntervalName, "Manual">]: number } = {
  "Every 15 minutes": 15 * MINUTE_MS,
  "Every 30 minutes": 30 * MINUTE_MS,
  "Once an hour": 60 * MINUTE_MS,
  "Every 4 hours": 4 * 60 * MINUTE_MS,
  "Once a day": DAY_MS,
  "Once a week": 7 * DAY_MS,
};

/**
 * A run that finishes within this long after a Specific time belongs to that day's occurrence,
 * so a 23:55 run that ends at 00:05 does not push the schedule a day (or a week) later.
 */
const SPECIFIC_TIME_GRACE_MS = 12 * 60 * MINUTE_MS;

/** Whether a run whose Next Sync is `nextSyncAt` should start now. No Next Sync means never. */
export function isDue(nextSyncAt: Date | null, now: Date): boolean {
  return nextSyncAt !== null && nextSyncAt.getTime() <= now.getTime();
}

/** Whether the local time of `instant` is inside [start, end), a window that may cross midnight. */
function insideWindow(zone: IANAZone, instant: number, start: number, end: number): boolean {
  const m = localMsOfDay(zone, instant) / MINUTE_MS;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** The first instant at or after `from` when a run may start in the window [start, end). */
function firstInWindow(zone: IANAZone, from: number, start: number, end: number): number {
  if (insideWindow(zone, from, start, end)) return from;
  const firstDate = localDateOf(zone, from);
  // A window opens every day except one swallowed by a spring-forward gap, so a few days suffice.
  for (let i = 0; i < 8; i++) {
    const opening = instantAt(zone, addDays(firstDate, i), start);
    // An opening resolved past a DST gap lands outside a window that lay wholly inside the gap:
    // that day has no window at all.
    if (opening >= from && insideWindow(zone, opening, start, end)) return opening;
  }
  throw new Error(`no opening of the window ${start}..${end} within a week of ${new Date(from).toISOString()} in ${zone.name}`);
}

/**
 * Specific time: once a day, or once a week on the weekday of the last run, at `minute` local.
 * The next occurrence is on the day after (or a week after) the day of the last run, never later
 * than needed: if that moment has already passed (the service was down), it is the first matching
 * occurrence from now, so missed runs are not replayed one by one.
 */
function nextSpecificTime(zone: IANAZone, minute: number, everyDays: 1 | 7, lastSync: number | null, now: number): number {
  const firstFrom = (from: number, weekday: number | null): number => {
    const date = localDateOf(zone, from);
    for (let i = 0; i <= 8; i++) {
      const d = addDays(date, i);
      if (weekday !== null && weekdayOf(d) !== weekday) continue;
      const at = instantAt(zone, d, minute);
      if (at >= from) return at;
    }
    throw new Error(`no ${minute}-minute occurrence within a week of ${new Date(from).toISOString()} in ${zone.name}`);
  };
  if (lastSync === null) return firstFrom(now, null);

  const lastDate = localDateOf(zone, lastSync);
  const sameDay = instantAt(zone, lastDate, minute);
  const dayBefore = instantAt(zone, addDays(lastDate, -1), minute);
  // The day the last run counts for: the day of the occurrence it ran for, when it finished within
  // the grace after one; otherwise (a Sync now at another hour) the day it finished.
  const latestOccurrence = sameDay <= lastSync ? sameDay : dayBefore;
  const runDay: LocalDate =
    lastSync - latestOccurrence <= SPECIFIC_TIME_GRACE_MS ? localDateOf(zone, latestOccurrence) : lastDate;
  const next = instantAt(zone, addDays(runDay, everyDays), minute);
  if (next >= now) return next;
  return firstFrom(now, everyDays === 7 ? weekdayOf(runDay) : null);
}

/**
 * When the schedule runs next (DESIGN.md §3). Manual never schedules itself. Otherwise the next run
 * is the last run plus the interval (now when there was no run, and never earlier than now), moved
 * forward into the next opening of the window in the schedule's time zone.
 *
 * - Anytime: no window.
 * - Specific time: once at windowStart, each day (Once a day) or each week on the weekday of the
 *   last run (Once a week); see nextSpecificTime.
 * - Out of office hours: may start from 18:00 until 08:00 local.
 * - Custom window: may start from windowStart until windowEnd local (exclusive), crossing midnight
 *   when the end is earlier than the start.
 * - A window opening at a local time skipped by spring-forward opens at the first instant after the
 *   gap; one repeated by fall-back opens at its first occurrence.
 */
export function nextSync(schedule: ScheduleSettings, lastSync: Date | null, now: Date): NextSync {
  if (schedule.interval === "Manual") return { kind: "manual" };
  const problems = validateSchedule(schedule);
  if (problems.length > 0) return { kind: "invalid", problems };

  const interval = INTERVAL_MS[schedule.interval];
  const nowMs = now.getTime();
  const lastMs = lastSync === null ? null : lastSync.getTime();
  const earliest = lastMs === null ? nowMs : Math.max(lastMs + interval, nowMs);
  const at = (ms: number): NextSync => ({ kind: "at", at: new Date(ms) });

  if (schedule.window === "Anytime") return at(earliest);
  // validateSchedule has checked the zone and the minutes the window reads.
  const zone = zoneOf(schedule.timeZone);
  if (zone === undefined) throw new Error(`time zone ${schedule.timeZone} passed validation but cannot be loaded`);
  switch (schedule.window) {
    case "Specific time":
      return at(nextSpecificTime(zone, schedule.windowStart ?? 0, schedule.interval === "Once a week" ? 7 : 1, lastMs, nowMs));
    case "Out of office hours":
      return at(firstInWindow(zone, earliest, OUT_OF_OFFICE.start, OUT_OF_OFFICE.end));
    case "Custom window":
      return at(firstInWindow(zone, earliest, schedule.windowStart ?? 0, schedule.windowEnd ?? 0));
  }
}
