import { RunResult } from "@mps/model";
import { format, type Strings } from "../strings";
import type { SyncRunRow } from "../lib/records";

export type NotificationLevel = "INFO" | "WARNING" | "ERROR";

export interface FormMessage {
  readonly level: NotificationLevel;
  readonly message: string;
}

/**
 * The form notification for an Email Account's latest Sync Run, or null when it has never run.
 * `formatDate` turns an ISO UTC time into the user's local text; the rule itself reads no clock.
 */
export function lastRunNotification(run: SyncRunRow | undefined, strings: Strings, formatDate: (iso: string) => string): FormMessage | null {
  if (!run) return null;
  const when = (iso: string | null | undefined) => (iso ? formatDate(iso) : "");
  const finished = when(run.mps_finishedon ?? run.mps_startedon);
  const summary = headline(run.mps_summary) || strings.noSummary;
  switch (run.mps_result) {
    case RunResult.Running:
      return { level: "INFO", message: format(strings.lastRunRunning, { started: when(run.mps_startedon) }) };
    case RunResult.Succeeded:
      return run.mps_dryrun
        ? { level: "INFO", message: format(strings.lastDryRunSucceeded, { finished }) }
        : {
            level: "INFO",
            message: format(strings.lastRunSucceeded, {
              finished,
              pulled: run.mps_pulled ?? 0,
              pushed: run.mps_pushed ?? 0,
              conflicts: run.mps_conflicts ?? 0,
            }),
          };
    case RunResult["Partially succeeded"]:
      return { level: "WARNING", message: format(strings.lastRunPartial, { finished, summary }) };
    case RunResult.Failed:
      return { level: "ERROR", message: format(strings.lastRunFailed, { finished, summary }) };
    default:
      // A run row without a result has not reported yet; saying nothing beats guessing.
      return null;
  }
}

/**
 * A notification bar holds a sentence, not a log: the summary's first two lines (what was written,
 * what was skipped or failed), cut at 300 characters. The Sync Run row keeps the whole summary.
 */
function headline(summary: string | null | undefined): string {
  const text = (summary ?? "").trim().split("\n").slice(0, 2).join(" ");
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
