import type { intervalChoice, syncWindowChoice } from "@mps/model";

/** An Interval label of mps_interval, e.g. "Once a day". */
export type IntervalName = (typeof intervalChoice.labels)[number];
/** A Sync Window label of mps_syncwindow, e.g. "Specific time". */
export type SyncWindowName = (typeof syncWindowChoice.labels)[number];

/** The settings of one mps_syncschedule row that decide when it runs next (DESIGN.md §3). */
export interface ScheduleSettings {
  readonly interval: IntervalName;
  readonly window: SyncWindowName;
  /** Minutes after local midnight: the Specific time, or the start of the Custom window. */
  readonly windowStart: number | null;
  /** Minutes after local midnight: the end of the Custom window. */
  readonly windowEnd: number | null;
  /** IANA time zone the window is read in, e.g. "Europe/London". */
  readonly timeZone: string;
}

/** One thing wrong with a schedule, naming the field (a ScheduleSettings key) and the fix. */
export interface ScheduleProblem {
  readonly field: keyof ScheduleSettings;
  readonly message: string;
}

/** When a schedule runs next: never by itself (Manual), at a UTC instant, or not at all because the settings are invalid. */
export type NextSync =
  | { readonly kind: "manual" }
  | { readonly kind: "at"; readonly at: Date }
  | { readonly kind: "invalid"; readonly problems: readonly ScheduleProblem[] };
