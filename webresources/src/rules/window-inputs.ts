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
