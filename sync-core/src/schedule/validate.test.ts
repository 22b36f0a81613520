import type { ScheduleProblemKind, ScheduleSettings } from "./types";
import { validateSchedule } from "./validate";

const base: ScheduleSettings = { interval: "Once an hour", window: "Anytime", windowStart: null, windowEnd: null, timeZone: "Europe/London" };

describe("validateSchedule", () => {
  it.each<{ name: string; s: Partial<ScheduleSettings>; field: keyof ScheduleSettings; kind: ScheduleProblemKind; says: RegExp }>([
    { name: "a Custom window without an end", s: { window: "Custom window", windowStart: 540 }, field: "windowEnd", kind: "required", says: /windowEnd is empty: set the time the window closes/ },
    { name: "a Custom window without a start", s: { window: "Custom window", windowEnd: 540 }, field: "windowStart", kind: "required", says: /windowStart is empty: set the time the window opens/ },
    { name: "a Specific time without a time", s: { interval: "Once a day", window: "Specific time" }, field: "windowStart", kind: "required", says: /time of day the sync runs/ },
    { name: "windowStart past the end of the day", s: { window: "Custom window", windowStart: 1440, windowEnd: 60 }, field: "windowStart", kind: "out-of-range", says: /windowStart is 1440, outside 0\.\.1439/ },
    { name: "a negative windowStart", s: { window: "Custom window", windowStart: -1, windowEnd: 60 }, field: "windowStart", kind: "out-of-range", says: /outside 0\.\.1439/ },
    { name: "windowEnd past the end of the day", s: { window: "Custom window", windowStart: 60, windowEnd: 2000 }, field: "windowEnd", kind: "out-of-range", says: /windowEnd is 2000/ },
    { name: "a fractional windowStart", s: { window: "Custom window", windowStart: 90.5, windowEnd: 600 }, field: "windowStart", kind: "not-a-whole-minute", says: /whole number of minutes/ },
    { name: "equal start and end", s: { window: "Custom window", windowStart: 600, windowEnd: 600 }, field: "windowEnd", kind: "empty-window", says: /equals windowStart \(10:00\).*choose Anytime/ },
    { name: "an unknown time zone", s: { window: "Out of office hours", timeZone: "Mars/Olympus_Mons" }, field: "timeZone", kind: "unknown-time-zone", says: /"Mars\/Olympus_Mons" is not an IANA time zone: use a name such as Europe\/London/ },
    { name: "an empty time zone on a window read in local time", s: { window: "Out of office hours", timeZone: "" }, field: "timeZone", kind: "required", says: /timeZone is empty/ },
    { name: "a Specific time every 15 minutes", s: { interval: "Every 15 minutes", window: "Specific time", windowStart: 540 }, field: "interval", kind: "interval-not-allowed", says: /cannot run at one Specific time: choose Once a day or Once a week/ },
    { name: "a Specific time once an hour", s: { interval: "Once an hour", window: "Specific time", windowStart: 540 }, field: "interval", kind: "interval-not-allowed", says: /Custom window/ },
    { name: "a Specific time every 4 hours", s: { interval: "Every 4 hours", window: "Specific time", windowStart: 540 }, field: "interval", kind: "interval-not-allowed", says: /Every 4 hours/ },
    { name: "an interval the model does not have", s: { interval: "Fortnightly" as ScheduleSettings["interval"] }, field: "interval", kind: "unknown-option", says: /"Fortnightly" is not an Interval: choose one of Manual, Every 15 minutes/ },
    { name: "a window the model does not have", s: { window: "Lunchtime" as ScheduleSettings["window"] }, field: "window", kind: "unknown-option", says: /"Lunchtime" is not a Sync Window/ },
  ])("rejects $name, naming the field and the fix", ({ s, field, kind, says }) => {
    const problems = validateSchedule({ ...base, ...s });
    expect(problems).toEqual([expect.objectContaining({ field, kind })]);
    expect(problems[0]?.message).toMatch(says);
    expect(problems[0]?.message).toContain(field);
  });

  it("reports every problem at once", () => {
    const problems = validateSchedule({ ...base, interval: "Every 30 minutes", window: "Specific time", windowStart: 5000, timeZone: "Nowhere" });
    expect(problems.map((p) => p.field).sort()).toEqual(["interval", "timeZone", "windowStart"]);
  });

  it.each<{ name: string; s: Partial<ScheduleSettings> }>([
    { name: "Anytime with leftovers from another window and no time zone", s: { window: "Anytime", windowStart: 5000, windowEnd: -3, timeZone: "" } },
    { name: "Out of office hours, which reads no start or end", s: { window: "Out of office hours", windowStart: null, windowEnd: 99999 } },
    { name: "a Custom window crossing midnight", s: { window: "Custom window", windowStart: 22 * 60, windowEnd: 6 * 60 } },
    { name: "a Custom window over the whole day but one minute", s: { window: "Custom window", windowStart: 0, windowEnd: 1439 } },
    { name: "a Specific time once a week at midnight", s: { interval: "Once a week", window: "Specific time", windowStart: 0 } },
    { name: "Manual at a Specific time (the interval is not used)", s: { interval: "Manual", window: "Specific time", windowStart: 540 } },
    { name: "a time zone that is not a city", s: { window: "Out of office hours", timeZone: "UTC" } },
  ])("accepts $name", ({ s }) => {
    expect(validateSchedule({ ...base, ...s })).toEqual([]);
  });
});
