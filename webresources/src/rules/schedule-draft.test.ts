import { Interval, SyncWindow } from "@mps/model";
import { draftFromRow, isChanged, minutesToTime, scheduleColumnsToWrite, timeToMinutes } from "./schedule-draft";
import { windowDefaults } from "./window-inputs";

describe("schedule draft", () => {
  it("reads a time input as minutes after midnight and back", () => {
    expect(timeToMinutes("09:30")).toBe(570);
    expect(timeToMinutes("23:59:00")).toBe(1439);
    expect(timeToMinutes("")).toBeNull();
    expect(timeToMinutes("24:00")).toBeNull();
    expect(minutesToTime(570)).toBe("09:30");
    expect(minutesToTime(0)).toBe("00:00");
    expect(minutesToTime(null)).toBe("");
  });

  it("starts a row without a time zone in the user's own", () => {
    expect(draftFromRow({ mps_syncscheduleid: "x", mps_timezone: null }, "Europe/Paris").timeZone).toBe("Europe/Paris");
    expect(draftFromRow(undefined, "Europe/Paris")).toMatchObject({ interval: "Manual", window: "Anytime", runNow: false });
  });

  it("counts Next Sync = Now as a change even when the settings are the same", () => {
    const draft = draftFromRow(undefined, "Europe/London");
    expect(isChanged(draft, draft)).toBe(false);
    expect(isChanged(draft, { ...draft, runNow: true })).toBe(true);
  });

  it("writes no next run for Manual, so the scheduler never picks the row up", () => {
    const draft = { ...draftFromRow(undefined, "Europe/London"), window: "Custom window" as const, windowStart: 60, windowEnd: 120 };
    expect(scheduleColumnsToWrite(draft, null, new Date("2026-11-28T10:00:00Z"))).toEqual({
      mps_interval: Interval.Manual,
      mps_syncwindow: SyncWindow["Custom window"],
      mps_windowstart: 60,
      mps_windowend: 120,
      mps_timezone: "Europe/London",
      mps_nextsync: null,
    });
  });

  it("fills office hours into a window that needs times and has none, and keeps times already set", () => {
    expect(windowDefaults("Specific time", null, null)).toEqual({ windowStart: 540, windowEnd: null });
    expect(windowDefaults("Custom window", 600, null)).toEqual({ windowStart: 600, windowEnd: 1020 });
    expect(windowDefaults("Anytime", null, null)).toEqual({ windowStart: null, windowEnd: null });
  });
});
