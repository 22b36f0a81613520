import type { SyncWindowName } from "./schedule-draft";

/** The inputs the dialog shows under Sync Window: what each window is read with (DESIGN.md §3). */
export interface WindowInputs {
  /** One time of day: the Specific time. */
  readonly at: boolean;
  /** Opening and closing times: the Custom window. */
  readonly range: boolean;
  /** The fixed 18:00–08:00 of Out of office hours, shown as a hint. */
  readonly outOfOfficeHint: boolean;
  readonly timeZone: boolean;
}

export function windowInputs(window: SyncWindowName): WindowInputs {
  switch (window) {
    case "Anytime":
      return { at: false, range: false, outOfOfficeHint: false, timeZone: false };
    case "Specific time":
      return { at: true, range: false, outOfOfficeHint: false, timeZone: true };
    case "Out of office hours":
      return { at: false, range: false, outOfOfficeHint: true, timeZone: true };
    case "Custom window":
      return { at: false, range: true, outOfOfficeHint: false, timeZone: true };
  }
}

/**
 * Times a window starts with when the user picks it and has none yet: office hours. Filling them in
 * keeps the reference's on-demand steps (Once a day, Specific time, Now, Done, Save) valid as written,
 * and shows the user a value to change rather than an empty box.
 */
export const DEFAULT_WINDOW_START = 9 * 60;
export const DEFAULT_WINDOW_END = 17 * 60;

/** The window start and end to fill in when `window` is chosen over the current ones (null = keep). */
export function windowDefaults(window: SyncWindowName, windowStart: number | null, windowEnd: number | null): { windowStart: number | null; windowEnd: number | null } {
  const inputs = windowInputs(window);
  return {
    windowStart: (inputs.at || inputs.range) && windowStart === null ? DEFAULT_WINDOW_START : windowStart,
    windowEnd: inputs.range && windowEnd === null ? DEFAULT_WINDOW_END : windowEnd,
  };
}
