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

/** What sort of thing is wrong, for code that reacts to a problem rather than showing it. */
export type ScheduleProblemKind =
  | "required"
  | "not-a-whole-minute"
  | "out-of-range"
  | "empty-window"
  | "unknown-time-zone"
  | "interval-not-allowed"
  | "unknown-option";

/** One thing wrong with a schedule, naming the field (a ScheduleSettings key) and the fix. */
export interface ScheduleProblem {
  readonly kind: ScheduleProblemKind;
  readonly field: keyof ScheduleSettings;
  readonly message: string;
}

/** When a schedule runs next: never by itself (Manual), at a UTC instant, or not at all because the settings are invalid. */
export type NextSync =
  | { readonly kind: "manual" }
  | { readonly kind: "at"; readonly at: Date }
  | { readonly kind: "invalid"; readonly problems: readonly ScheduleProblem[] };

/**
 * The columns of an mps_syncschedule row that ScheduleSettings come from, as the Web API returns
 * them (choice columns as option values, unset columns as null or absent).
 */
export interface ScheduleRow {
  readonly mps_interval?: number | null;
  readonly mps_syncwindow?: number | null;
  readonly mps_windowstart?: number | null;
  readonly mps_windowend?: number | null;
  readonly mps_timezone?: string | null;
}

/** ScheduleSettings read from a row, or every problem found while reading it. */
export type ScheduleFromRow =
  | { readonly ok: true; readonly schedule: ScheduleSettings }
  | { readonly ok: false; readonly problems: readonly ScheduleProblem[] };
