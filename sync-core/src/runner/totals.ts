import type { ReconcilePlan, RunCounters } from "../reconcile/types";

/** What the slices of a run add up to, for the run's counters and summary. */
export interface SliceTotals {
  readonly counters: RunCounters;
  dotdigitalWrites: number;
  contactCreations: number;
  /** A dry run's plan, line by line (the first 400 lines). */
  readonly plannedLines: string[];
}

export function addTotals(totals: SliceTotals, plan: ReconcilePlan, dryRun: boolean): void {
  for (const k of Object.keys(totals.counters) as (keyof RunCounters)[]) totals.counters[k] += plan.counters[k];
  totals.dotdigitalWrites += plan.dotdigitalWrites.length;
  totals.contactCreations += plan.contactCreations.length;
  if (!dryRun) return;
  for (const w of plan.dotdigitalWrites) {
    if (totals.plannedLines.length >= 400) return;
    totals.plannedLines.push(`- ${w.email}: ${w.changes.map((ch) => `${ch.preferenceId}=${ch.optedIn ? "in" : "out"}`).join(", ")}`);
  }
  for (const a of plan.audit) {
    if (totals.plannedLines.length >= 400) return;
    totals.plannedLines.push(`- ${a.email} preference ${a.preferenceId}: ${a.oldValue ?? "none"} → ${a.newValue ?? "none"} (${a.direction}, ${a.reason})`);
  }
}

/** The run's summary for mps_summary: counts first, then what went wrong, then (dry run) the plan. */
export function summarise(totals: SliceTotals, notes: readonly string[], problems: readonly string[], dryRun: boolean): string {
  const c = totals.counters;
  const lines = [
    `${dryRun ? "Dry run: would write" : "Wrote"} ${c.pushed} value(s) to Dotdigital for ${totals.dotdigitalWrites} contact(s) and ${c.pulled} to Dynamics; ${c.conflicts} conflict(s) settled; created ${totals.contactCreations} Dotdigital contact(s).`,
    `Skipped: ${c.skippedSuppressed} suppressed, ${c.skippedIneligible} not eligible; failed: ${c.failed}.`,
    ...notes,
  ];
  if (problems.length > 0) lines.push(`Problems (${problems.length}):`, ...problems.slice(0, 50).map((p) => `- ${p}`));
  if (dryRun) lines.push("Planned writes and audit entries:", ...totals.plannedLines);
  return lines.join("\n");
}
