import type { ScheduleProblem, ScheduleSettings } from "@mps/sync-core/pure";
import { format, type Strings } from "../strings";

/**
 * The text shown next to the field a schedule problem is about. The rule's own message is written
 * for admins reading logs (it names columns and minute values); the dialog speaks in its inputs' terms.
 */
export function problemText(problem: ScheduleProblem, settings: ScheduleSettings, strings: Strings): string {
  switch (problem.kind) {
    case "required":
      return problem.field === "timeZone" ? strings.problemTimeZoneRequired : strings.problemTimeRequired;
    case "unknown-time-zone":
      return format(strings.problemUnknownTimeZone, { zone: settings.timeZone });
    case "empty-window":
      return strings.problemEmptyWindow;
    case "interval-not-allowed":
      return strings.problemSpecificTimeInterval;
    default:
      return problem.message;
  }
}
