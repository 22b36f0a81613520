import { intervalChoice } from "@mps/model";
import { isDue, nextSync } from "./next-sync";
import type { IntervalName, NextSync, ScheduleSettings, SyncWindowName } from "./types";

const NINE = 9 * 60;
const FIVE_PM = 17 * 60;

function schedule(interval: IntervalName, window: SyncWindowName, extra: Partial<ScheduleSettings> = {}): ScheduleSettings {
  return { interval, window, windowStart: null, windowEnd: null, timeZone: "Europe/London", ...extra };
}

/** The settings each window needs in the matrix: 09:00 for Specific time, 09:00–17:00 for Custom. */
function forWindow(interval: IntervalName, window: SyncWindowName): ScheduleSettings {
  if (window === "Specific time") return schedule(interval, window, { windowStart: NINE });
  if (window === "Custom window") return schedule(interval, window, { windowStart: NINE, windowEnd: FIVE_PM });
  return schedule(interval, window);
}

function at(result: NextSync): string {
  if (result.kind !== "at") throw new Error(`expected a time, got ${JSON.stringify(result)}`);
  return result.at.toISOString();
}

const d = (iso: string): Date => new Date(iso);

describe("nextSync for every interval and window (London in January, so local time = UTC)", () => {
  // Last run finished Wednesday 14 January 2026 at 10:00; the scheduler asks five minutes later.
  const lastSync = d("2026-01-14T10:00:00Z");
  const now = d("2026-01-14T10:05:00Z");
  const INVALID = "invalid";
  const expected: Record<Exclude<IntervalName, "Manual">, Record<SyncWindowName, string>> = {
    "Every 15 minutes": { Anytime: "2026-01-14T10:15:00.000Z", "Custom window": "2026-01-14T10:15:00.000Z", "Out of office hours": "2026-01-14T18:00:00.000Z", "Specific time": INVALID },
    "Every 30 minutes": { Anytime: "2026-01-14T10:30:00.000Z", "Custom window": "2026-01-14T10:30:00.000Z", "Out of office hours": "2026-01-14T18:00:00.000Z", "Specific time": INVALID },
    "Once an hour": { Anytime: "2026-01-14T11:00:00.000Z", "Custom window": "2026-01-14T11:00:00.000Z", "Out of office hours": "2026-01-14T18:00:00.000Z", "Specific time": INVALID },
    "Every 4 hours": { Anytime: "2026-01-14T14:00:00.000Z", "Custom window": "2026-01-14T14:00:00.000Z", "Out of office hours": "2026-01-14T18:00:00.000Z", "Specific time": INVALID },
    "Once a day": { Anytime: "2026-01-15T10:00:00.000Z", "Custom window": "2026-01-15T10:00:00.000Z", "Out of office hours": "2026-01-15T18:00:00.000Z", "Specific time": "2026-01-15T09:00:00.000Z" },
    "Once a week": { Anytime: "2026-01-21T10:00:00.000Z", "Custom window": "2026-01-21T10:00:00.000Z", "Out of office hours": "2026-01-21T18:00:00.000Z", "Specific time": "2026-01-21T09:00:00.000Z" },
  };
  const cases = Object.entries(expected).flatMap(([interval, byWindow]) =>
    Object.entries(byWindow).map(([window, want]) => ({ interval: interval as IntervalName, window: window as SyncWindowName, want })),
  );

  it.each(cases)("$interval in $window → $want", ({ interval, window, want }) => {
    const result = nextSync(forWindow(interval, window), lastSync, now);
    if (want === INVALID) {
      expect(result.kind).toBe("invalid");
      if (result.kind === "invalid") expect(result.problems.map((p) => p.field)).toEqual(["interval"]);
    } else {
      expect(at(result)).toBe(want);
    }
  });

  it("covers every interval of the model", () => {
    expect(Object.keys(expected).sort()).toEqual(intervalChoice.labels.filter((l) => l !== "Manual").sort());
  });

  it.each(["Anytime", "Specific time", "Out of office hours", "Custom window"] as const)("Manual in %s never schedules itself", (window) => {
    expect(nextSync(forWindow("Manual", window), lastSync, now)).toEqual({ kind: "manual" });
    expect(nextSync(forWindow("Manual", window), null, now)).toEqual({ kind: "manual" });
  });
});

describe("nextSync without a last run, or after a long gap", () => {
  it.each([
    { name: "Anytime with no last run runs now", s: schedule("Once an hour", "Anytime"), last: null, now: "2026-01-14T10:05:00Z", want: "2026-01-14T10:05:00.000Z" },
    { name: "a Custom window with no last run waits for the window to open", s: schedule("Once an hour", "Custom window", { windowStart: NINE, windowEnd: FIVE_PM }), last: null, now: "2026-01-14T07:00:00Z", want: "2026-01-14T09:00:00.000Z" },
    { name: "a Custom window already open runs now", s: schedule("Once an hour", "Custom window", { windowStart: NINE, windowEnd: FIVE_PM }), last: null, now: "2026-01-14T12:34:00Z", want: "2026-01-14T12:34:00.000Z" },
    { name: "a Specific time still ahead today runs today", s: schedule("Once a day", "Specific time", { windowStart: NINE }), last: null, now: "2026-01-14T08:00:00Z", want: "2026-01-14T09:00:00.000Z" },
    { name: "a Specific time already past today runs tomorrow", s: schedule("Once a day", "Specific time", { windowStart: NINE }), last: null, now: "2026-01-14T10:05:00Z", want: "2026-01-15T09:00:00.000Z" },
    { name: "Once a week at a Specific time with no last run takes the first occurrence from now", s: schedule("Once a week", "Specific time", { windowStart: NINE }), last: null, now: "2026-01-14T10:05:00Z", want: "2026-01-15T09:00:00.000Z" },
    { name: "a last run long ago never gives a time in the past", s: schedule("Every 15 minutes", "Anytime"), last: "2026-01-01T10:00:00Z", now: "2026-01-14T10:05:00Z", want: "2026-01-14T10:05:00.000Z" },
    { name: "a last run long ago outside the window waits for the window, not the past", s: schedule("Every 15 minutes", "Custom window", { windowStart: NINE, windowEnd: FIVE_PM }), last: "2026-01-01T10:00:00Z", now: "2026-01-14T20:00:00Z", want: "2026-01-15T09:00:00.000Z" },
    { name: "a daily Specific time missed for days runs at the next occurrence, once", s: schedule("Once a day", "Specific time", { windowStart: NINE }), last: "2026-01-09T09:02:00Z", now: "2026-01-14T10:05:00Z", want: "2026-01-15T09:00:00.000Z" },
    { name: "a weekly Specific time missed for weeks keeps the weekday of the last run", s: schedule("Once a week", "Specific time", { windowStart: NINE }), last: "2025-12-24T09:02:00Z", now: "2026-01-16T10:00:00Z", want: "2026-01-21T09:00:00.000Z" },
  ])("$name", ({ s, last, now, want }) => {
    expect(at(nextSync(s, last === null ? null : d(last), d(now)))).toBe(want);
  });
});

describe("nextSync window edges", () => {
  it.each([
    { name: "a window crossing midnight is open before midnight", s: schedule("Once an hour", "Custom window", { windowStart: 22 * 60, windowEnd: 6 * 60 }), last: "2026-01-14T22:00:00Z", want: "2026-01-14T23:00:00.000Z" },
    { name: "a window crossing midnight is open after midnight", s: schedule("Once an hour", "Custom window", { windowStart: 22 * 60, windowEnd: 6 * 60 }), last: "2026-01-15T01:00:00Z", want: "2026-01-15T02:00:00.000Z" },
    { name: "a window crossing midnight reopens at its start in the evening", s: schedule("Once an hour", "Custom window", { windowStart: 22 * 60, windowEnd: 6 * 60 }), last: "2026-01-15T05:30:00Z", want: "2026-01-15T22:00:00.000Z" },
    { name: "the window end is exclusive: a run due at 17:00 waits for 09:00 next day", s: schedule("Once an hour", "Custom window", { windowStart: NINE, windowEnd: FIVE_PM }), last: "2026-01-14T16:00:00Z", want: "2026-01-15T09:00:00.000Z" },
    { name: "one minute before the end is still inside", s: schedule("Every 15 minutes", "Custom window", { windowStart: NINE, windowEnd: FIVE_PM }), last: "2026-01-14T16:44:00Z", want: "2026-01-14T16:59:00.000Z" },
    { name: "Out of office hours are open at 07:59", s: schedule("Every 15 minutes", "Out of office hours"), last: "2026-01-14T07:44:00Z", want: "2026-01-14T07:59:00.000Z" },
    { name: "Out of office hours are closed at 08:00", s: schedule("Every 15 minutes", "Out of office hours"), last: "2026-01-14T07:45:00Z", want: "2026-01-14T18:00:00.000Z" },
    { name: "a daily 23:55 run that finishes at 00:05 runs again at 23:55 that day", s: schedule("Once a day", "Specific time", { windowStart: 23 * 60 + 55 }), last: "2026-01-15T00:05:00Z", want: "2026-01-15T23:55:00.000Z" },
    { name: "a weekly 23:55 run that finishes after midnight keeps its weekday", s: schedule("Once a week", "Specific time", { windowStart: 23 * 60 + 55 }), last: "2026-01-14T00:05:00Z", want: "2026-01-20T23:55:00.000Z" },
    { name: "a Sync now before today's Specific time counts as today's run", s: schedule("Once a day", "Specific time", { windowStart: NINE }), last: "2026-01-14T08:00:00Z", want: "2026-01-15T09:00:00.000Z" },
    { name: "a Sync now on another weekday moves a weekly Specific time to that weekday", s: schedule("Once a week", "Specific time", { windowStart: NINE }), last: "2026-01-16T14:00:00Z", want: "2026-01-23T09:00:00.000Z" },
    { name: "a window is read in its own time zone", s: schedule("Once an hour", "Custom window", { windowStart: NINE, windowEnd: FIVE_PM, timeZone: "America/New_York" }), last: "2026-01-14T10:00:00Z", want: "2026-01-14T14:00:00.000Z" },
  ])("$name", ({ s, last, want }) => {
    expect(at(nextSync(s, d(last), d(last)))).toBe(want);
  });
});

describe("nextSync across daylight saving changes", () => {
  const london = (s: Omit<ScheduleSettings, "timeZone">): ScheduleSettings => ({ ...s, timeZone: "Europe/London" });
  const newYork = (s: Omit<ScheduleSettings, "timeZone">): ScheduleSettings => ({ ...s, timeZone: "America/New_York" });
  const daily = (minute: number) => ({ interval: "Once a day" as const, window: "Specific time" as const, windowStart: minute, windowEnd: null });
  const every = (interval: IntervalName) => ({ interval, window: "Anytime" as const, windowStart: null, windowEnd: null });
  const custom = (interval: IntervalName, start: number, end: number) => ({ interval, window: "Custom window" as const, windowStart: start, windowEnd: end });

  it.each([
    // Europe/London: 29 Mar 2026 01:00 GMT → 02:00 BST; 25 Oct 2026 02:00 BST → 01:00 GMT.
    { name: "London spring: a daily 01:30 that does not exist runs at 02:00 BST, when the clocks jump", s: london(daily(90)), last: "2026-03-28T01:35:00Z", want: "2026-03-29T01:00:00.000Z" },
    { name: "London spring: the day after, 01:30 BST again", s: london(daily(90)), last: "2026-03-29T01:05:00Z", want: "2026-03-30T00:30:00.000Z" },
    { name: "London spring: Every 4 hours is four real hours (00:30 GMT → 05:30 BST)", s: london(every("Every 4 hours")), last: "2026-03-29T00:30:00Z", want: "2026-03-29T04:30:00.000Z" },
    { name: "London spring: a window opening in the gap opens when the clocks jump", s: london(custom("Once an hour", 90, 180)), last: "2026-03-28T23:00:00Z", want: "2026-03-29T01:00:00.000Z" },
    { name: "London spring: a window wholly inside the gap does not open that day", s: london(custom("Once an hour", 70, 110)), last: "2026-03-28T23:00:00Z", want: "2026-03-30T00:10:00.000Z" },
    { name: "London spring: a daily 09:00 is 23 hours after the last", s: london(daily(NINE)), last: "2026-03-28T09:02:00Z", want: "2026-03-29T08:00:00.000Z" },
    { name: "London autumn: a daily 01:30 that happens twice runs at the first (BST)", s: london(daily(90)), last: "2026-10-24T00:35:00Z", want: "2026-10-25T00:30:00.000Z" },
    { name: "London autumn: after that run the next is the following day, not the repeated 01:30", s: london(daily(90)), last: "2026-10-25T00:35:00Z", want: "2026-10-26T01:30:00.000Z" },
    { name: "London autumn: Every 4 hours is four real hours (00:00 BST → 03:00 GMT)", s: london(every("Every 4 hours")), last: "2026-10-24T23:00:00Z", want: "2026-10-25T03:00:00.000Z" },
    { name: "London autumn: a daily 09:00 is 25 hours after the last", s: london(daily(NINE)), last: "2026-10-24T08:02:00Z", want: "2026-10-25T09:00:00.000Z" },
    // America/New_York: 8 Mar 2026 02:00 EST → 03:00 EDT; 1 Nov 2026 02:00 EDT → 01:00 EST.
    { name: "New York spring: a daily 02:30 that does not exist runs at 03:00 EDT", s: newYork(daily(150)), last: "2026-03-07T07:35:00Z", want: "2026-03-08T07:00:00.000Z" },
    { name: "New York spring: a daily 09:00 stays at 09:00 local (now EDT)", s: newYork(daily(NINE)), last: "2026-03-07T14:02:00Z", want: "2026-03-08T13:00:00.000Z" },
    { name: "New York spring: Every 30 minutes across the jump is 30 real minutes", s: newYork(every("Every 30 minutes")), last: "2026-03-08T06:45:00Z", want: "2026-03-08T07:15:00.000Z" },
    { name: "New York autumn: a daily 01:30 that happens twice runs at the first (EDT)", s: newYork(daily(90)), last: "2026-10-31T05:35:00Z", want: "2026-11-01T05:30:00.000Z" },
    { name: "New York autumn: after that run the next is 01:30 EST the following day", s: newYork(daily(90)), last: "2026-11-01T05:35:00Z", want: "2026-11-02T06:30:00.000Z" },
    { name: "New York autumn: Every 15 minutes stays 15 real minutes while the clock goes back", s: newYork({ interval: "Every 15 minutes", window: "Out of office hours", windowStart: null, windowEnd: null }), last: "2026-11-01T05:50:00Z", want: "2026-11-01T06:05:00.000Z" },
    { name: "New York autumn: a window in the repeated hour opens once, at its first occurrence", s: newYork(custom("Every 15 minutes", 90, 105)), last: "2026-11-01T05:35:00Z", want: "2026-11-02T06:30:00.000Z" },
    { name: "New York autumn: a weekly 09:00 keeps its weekday and local time", s: newYork({ interval: "Once a week", window: "Specific time", windowStart: NINE, windowEnd: null }), last: "2026-10-25T13:05:00Z", want: "2026-11-01T14:00:00.000Z" },
  ])("$name", ({ s, last, want }) => {
    expect(at(nextSync(s, d(last), d(last)))).toBe(want);
  });
});

describe("nextSync with invalid settings", () => {
  it("returns the problems instead of a time", () => {
    const result = nextSync(schedule("Once an hour", "Custom window", { windowStart: NINE }), null, d("2026-01-14T10:00:00Z"));
    expect(result).toEqual({ kind: "invalid", problems: [expect.objectContaining({ field: "windowEnd", kind: "required" })] });
  });
});

describe("isDue", () => {
  const now = d("2026-01-14T10:00:00Z");
  it.each([
    { name: "no Next Sync is never due", next: null, want: false },
    { name: "a Next Sync in the past is due", next: "2026-01-14T09:59:59Z", want: true },
    { name: "a Next Sync of exactly now is due (Next Sync: Now)", next: "2026-01-14T10:00:00Z", want: true },
    { name: "a Next Sync in the future is not due", next: "2026-01-14T10:00:01Z", want: false },
  ])("$name", ({ next, want }) => {
    expect(isDue(next === null ? null : d(next), now)).toBe(want);
  });
});
