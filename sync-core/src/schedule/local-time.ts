import { IANAZone } from "luxon";

// Wall-clock arithmetic in an IANA zone, done with UTC offsets only. Working on instants plus
// `zone.offset(instant)` keeps every step explicit, so the two DST cases the schedule cares about
// (a local time that does not exist, and one that exists twice) are decided here and nowhere else.

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** A calendar date in the zone (month 1..12), with no time of day and no offset. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The zone, or undefined when the name is not an IANA time zone this runtime knows. */
export function zoneOf(name: string): IANAZone | undefined {
  if (name.trim() === "" || !IANAZone.isValidZone(name)) return undefined;
  return IANAZone.create(name);
}

function offsetMs(zone: IANAZone, instant: number): number {
  return zone.offset(instant) * MINUTE_MS;
}

/** Milliseconds after local midnight of the instant, as the zone's clocks show it. */
export function localMsOfDay(zone: IANAZone, instant: number): number {
  const local = instant + offsetMs(zone, instant);
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The local calendar date of the instant. */
export function localDateOf(zone: IANAZone, instant: number): LocalDate {
  const d = new Date(instant + offsetMs(zone, instant));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The date `days` later (or earlier); plain calendar arithmetic, no zone involved. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The instant at which the zone's clocks show `minuteOfDay` on `date`.
 * - A time skipped by spring-forward resolves to the first instant after the gap (the moment the
 *   clocks jump), because that is the first real instant at or after the time asked for.
 * - A time repeated by fall-back resolves to its first occurrence, so a daily time runs once.
 */
export function instantAt(zone: IANAZone, date: LocalDate, minuteOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  // Offsets in force a day either side cover both sides of any transition near this wall time.
  const offsets = [...new Set([offsetMs(zone, wall - DAY_MS), offsetMs(zone, wall), offsetMs(zone, wall + DAY_MS)])];
  const solutions = offsets.map((o) => wall - o).filter((t) => offsetMs(zone, t) === wall - t);
  if (solutions.length > 0) return Math.min(...solutions);

  // In a gap: the transition lies between the wall time read with the later (larger) offset and
  // with the earlier one. Binary search for the first instant on the far side of it.
  let before = wall - Math.max(...offsets);
  let after = wall - Math.min(...offsets);
  const offsetBefore = offsetMs(zone, before);
  while (after - before > 1) {
    const mid = before + Math.floor((after - before) / 2);
    if (offsetMs(zone, mid) === offsetBefore) before = mid;
    else after = mid;
  }
  return after;
}
