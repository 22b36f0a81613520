import fc from "fast-check";
import { INTERVAL_MS, nextSync, OUT_OF_OFFICE } from "./next-sync";
import type { IntervalName, ScheduleSettings } from "./types";

// Properties of nextSync checked against the platform's own Intl time zone data (an oracle
// independent of the offset arithmetic in local-time.ts), across zones with unusual rules:
// Lord Howe moves its clocks by 30 minutes, Chatham keeps a +12:45 offset, Kolkata has no DST.

const ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "America/Santiago"];
const WINDOWED: readonly IntervalName[] = ["Every 15 minutes", "Every 30 minutes", "Once an hour", "Every 4 hours", "Once a day", "Once a week"];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The wall clock of an instant in the zone, according to Intl, as if it were UTC. */
function wallClock(zone: string, instant: number): number {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) + (instant % 1000);
}

/** Local minute of the day of an instant, according to Intl. */
function localMinute(zone: string, instant: number): number {
  const day = 24 * 60 * MINUTE;
  return (((wallClock(zone, instant) % day) + day) % day) / MINUTE;
}

function inside(zone: string, instant: number, start: number, end: number): boolean {
  const m = localMinute(zone, instant);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** Whether the zone's UTC offset changes between the two instants (a DST transition in between). */
function offsetChanges(zone: string, from: number, to: number): boolean {
  return wallClock(zone, from) - from !== wallClock(zone, to) - to;
}

function at(s: ScheduleSettings, last: Date | null, now: Date): number {
  const result = nextSync(s, last, now);
  if (result.kind !== "at") throw new Error(`expected a time for ${JSON.stringify(s)}, got ${JSON.stringify(result)}`);
  return result.at.getTime();
}

// 2024-01-01 .. 2028-01-01, minute-aligned or not.
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) });
const minuteOfDay = fc.integer({ min: 0, max: 1439 });

describe("nextSync properties", () => {
  it("a windowed schedule runs at the first instant in its window, never before last + interval or now", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...WINDOWED),
        fc.oneof(fc.constant(null), fc.tuple(minuteOfDay, minuteOfDay).filter(([a, b]) => a !== b)),
        instant,
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        (zone, interval, custom, lastMs, minutesLater) => {
          const [start, end] = custom ?? [OUT_OF_OFFICE.start, OUT_OF_OFFICE.end];
          const s: ScheduleSettings = { interval, window: custom === null ? "Out of office hours" : "Custom window", windowStart: custom?.[0] ?? null, windowEnd: custom?.[1] ?? null, timeZone: zone };
          const now = lastMs + minutesLater * MINUTE;
          const earliest = Math.max(lastMs + INTERVAL_MS[interval as Exclude<IntervalName, "Manual">], now);
          const next = at(s, new Date(lastMs), new Date(now));
          expect(next).toBeGreaterThanOrEqual(earliest);
          expect(inside(zone, next, start, end)).toBe(true);
          expect(next - earliest).toBeLessThanOrEqual(49 * HOUR);
          // Nothing earlier would do: check every minute between, unless a DST change lies in
          // between (where a repeated hour may legitimately be skipped).
          if (next > earliest && !offsetChanges(zone, earliest, next)) {
            for (let t = Math.ceil(earliest / MINUTE) * MINUTE; t < next; t += MINUTE) {
              if (inside(zone, t, start, end)) throw new Error(`${new Date(t).toISOString()} is inside the window, before ${new Date(next).toISOString()}`);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a Specific time runs at that local time (or right after a gap), after the last run, not before now", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom<IntervalName>("Once a day", "Once a week"),
        minuteOfDay,
        fc.oneof(fc.constant(null), instant),
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        (zone, interval, minute, lastMs, minutesLater) => {
          const s: ScheduleSettings = { interval, window: "Specific time", windowStart: minute, windowEnd: null, timeZone: zone };
          const now = (lastMs ?? Date.UTC(2026, 5, 1)) + minutesLater * MINUTE;
          const next = at(s, lastMs === null ? null : new Date(lastMs), new Date(now));
          expect(next).toBeGreaterThanOrEqual(now);
          if (lastMs !== null) expect(next).toBeGreaterThan(lastMs);
          const local = localMinute(zone, next);
          // Exactly the time asked for, unless that time did not exist that day: then the clocks had
          // just jumped at exactly that instant.
          if (local !== minute) expect(offsetChanges(zone, next - 1, next)).toBe(true);
          const limit = interval === "Once a day" ? 2 * 24 * HOUR : 8 * 24 * HOUR;
          expect(next - Math.max(now, lastMs ?? now)).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Every UTC offset change of the zone in the year, found with Intl: the instant and the offsets either side. */
function transitions(zone: string, year: number): { at: number; before: number; after: number }[] {
  const offset = (t: number) => wallClock(zone, t) - t;
  const found: { at: number; before: number; after: number }[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += HOUR) {
    if (offset(t) === offset(t + HOUR)) continue;
    let lo = t;
    let hi = t + HOUR;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, before: offset(lo), after: offset(hi) });
  }
  return found;
}

describe("nextSync at every DST transition of 2026 (found with Intl)", () => {
  const cases = ZONES.flatMap((zone) => transitions(zone, 2026).map((t) => ({ zone, ...t, label: `${zone} ${new Date(t.at).toISOString()} ${t.before > t.after ? "back" : "forward"}` })));

  it("finds the transitions of the zones that have them", () => {
    expect(cases.filter((c) => c.zone === "Europe/London")).toHaveLength(2);
    expect(cases.filter((c) => c.zone === "Asia/Kolkata")).toHaveLength(0);
  });

  it.each(cases)("a daily Specific time in the skipped or repeated hour: $label", ({ zone, at: transition, before, after }) => {
    const day = 24 * HOUR;
    // The middle of the skipped (forward) or repeated (back) stretch of wall-clock time.
    const wallMiddle = transition + Math.min(before, after) + Math.abs(after - before) / 2;
    const minute = Math.floor((((wallMiddle % day) + day) % day) / MINUTE);
    const s: ScheduleSettings = { interval: "Once a day", window: "Specific time", windowStart: minute, windowEnd: null, timeZone: zone };
    const next = at(s, null, new Date(transition - 2 * HOUR));
    if (after > before) {
      // Skipped: the first real instant after the gap is the transition itself.
      expect(new Date(next).toISOString()).toBe(new Date(transition).toISOString());
    } else {
      // Repeated: the first occurrence, read with the offset in force before the change.
      const wall = Math.floor(wallMiddle / MINUTE) * MINUTE;
      expect(new Date(next).toISOString()).toBe(new Date(wall - before).toISOString());
    }
  });
});
