import { Interval, intervalChoice, SyncWindow, syncWindowChoice } from "@mps/model";
import { intervalFromValue, intervalToValue, scheduleFromRow, scheduleToRow, syncWindowFromValue, syncWindowToValue } from "./from-row";
import type { ScheduleSettings } from "./types";

describe("option values and labels", () => {
  it.each(intervalChoice.labels)("Interval %s survives value → label → value", (label) => {
    expect(intervalFromValue(Interval[label])).toBe(label);
    expect(intervalToValue(label)).toBe(Interval[label]);
  });

  it.each(syncWindowChoice.labels)("Sync Window %s survives value → label → value", (label) => {
    expect(syncWindowFromValue(SyncWindow[label])).toBe(label);
    expect(syncWindowToValue(label)).toBe(SyncWindow[label]);
  });

  it("has no label for a value outside the choice", () => {
    expect(intervalFromValue(5)).toBeUndefined();
    expect(syncWindowFromValue(Interval["Once a week"] + 100)).toBeUndefined();
  });
});

describe("scheduleFromRow", () => {
  it("reads a new row with nothing set as Manual, Anytime (the column defaults)", () => {
    expect(scheduleFromRow({})).toEqual({
      ok: true,
      schedule: { interval: "Manual", window: "Anytime", windowStart: null, windowEnd: null, timeZone: "" },
    });
  });

  it("reads the reference's on-demand settings: Once a day at a Specific time", () => {
    const row = { mps_interval: Interval["Once a day"], mps_syncwindow: SyncWindow["Specific time"], mps_windowstart: 540, mps_windowend: null, mps_timezone: "Europe/London" };
    expect(scheduleFromRow(row)).toEqual({
      ok: true,
      schedule: { interval: "Once a day", window: "Specific time", windowStart: 540, windowEnd: null, timeZone: "Europe/London" },
    });
  });

  it("reports option values the choices do not have, naming the column and the valid values", () => {
    const result = scheduleFromRow({ mps_interval: 42, mps_syncwindow: 717000099 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.kind])).toEqual([
      ["interval", "unknown-option"],
      ["window", "unknown-option"],
    ]);
    expect(result.problems[0]?.message).toMatch(/mps_interval is 42, not an Interval option: use one of 717000000 \(Manual\)/);
    expect(result.problems[1]?.message).toMatch(/mps_syncwindow is 717000099/);
  });

  it("reports settings that cannot schedule, instead of throwing", () => {
    const result = scheduleFromRow({ mps_interval: Interval["Every 4 hours"], mps_syncwindow: SyncWindow["Custom window"], mps_windowstart: 600, mps_timezone: "Europe/London" });
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ field: "windowEnd", kind: "required" })] });
  });

  it("writes settings back to the same columns", () => {
    const schedule: ScheduleSettings = { interval: "Every 30 minutes", window: "Custom window", windowStart: 1320, windowEnd: 360, timeZone: "America/New_York" };
    const row = scheduleToRow(schedule);
    expect(row).toEqual({ mps_interval: Interval["Every 30 minutes"], mps_syncwindow: SyncWindow["Custom window"], mps_windowstart: 1320, mps_windowend: 360, mps_timezone: "America/New_York" });
    expect(scheduleFromRow(row)).toEqual({ ok: true, schedule });
  });
});
