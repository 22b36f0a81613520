import type { ChoiceDef } from "./types";

/** The publisher's option value prefix: every choice value we own starts here. */
export const OPTION_VALUE_PREFIX = 717000000;

function choice<const L extends readonly string[]>(name: string, displayName: string, labels: L): ChoiceDef & { readonly labels: L } {
  return {
    name,
    displayName,
    labels,
    options: labels.map((label, i) => ({ value: OPTION_VALUE_PREFIX + i, label })),
  };
}

/** Maps each label of a choice to its value, e.g. `Interval.values["Once a day"]`. */
function valuesOf<const L extends readonly string[]>(c: { readonly labels: L }): { readonly [K in L[number]]: number } {
  return Object.fromEntries(c.labels.map((label, i) => [label, OPTION_VALUE_PREFIX + i])) as { [K in L[number]]: number };
}

export const conflictPolicyChoice = choice("mps_conflictpolicy", "Conflict Policy", ["Last modified wins", "Opt-out wins"] as const);
export const emailChangePolicyChoice = choice("mps_emailchangepolicy", "Email Change Policy", ["Keep with record", "Drop"] as const);
export const syncTypeChoice = choice("mps_synctype", "Sync Type", ["Marketing preferences"] as const);
export const intervalChoice = choice("mps_interval", "Interval", [
  "Manual",
  "Every 15 minutes",
  "Every 30 minutes",
  "Once an hour",
  "Every 4 hours",
  "Once a day",
  "Once a week",
] as const);
export const syncWindowChoice = choice("mps_syncwindow", "Sync Window", [
  "Anytime",
  "Specific time",
  "Out of office hours",
  "Custom window",
] as const);
export const syncStatusChoice = choice("mps_syncstatus", "Sync Status", ["None", "Added to Queue", "Synchronising In Progress"] as const);
export const syncResultChoice = choice("mps_syncresult", "Sync Result", ["Succeeded", "Partially succeeded", "Failed"] as const);
export const runResultChoice = choice("mps_runresult", "Run Result", ["Running", "Succeeded", "Partially succeeded", "Failed"] as const);
export const changeSourceChoice = choice("mps_changesource", "Change Source", ["Dynamics", "Dotdigital"] as const);
export const syncStateChoice = choice("mps_syncstate", "Sync State", [
  "Synced",
  "Pending",
  "Skipped: suppressed",
  "Skipped: not eligible",
  "Error",
] as const);
export const preferenceValueChoice = choice("mps_preferencevalue", "Preference Value", ["Opted in", "Opted out"] as const);
export const triggerChoice = choice("mps_trigger", "Trigger", ["Schedule", "Sync now", "Command line"] as const);
export const directionChoice = choice("mps_direction", "Direction", ["To Dotdigital", "To Dynamics"] as const);
export const changeReasonChoice = choice("mps_changereason", "Change Reason", [
  "Changed in Dynamics",
  "Changed in Dotdigital",
  "Conflict: last modified wins",
  "Conflict: opt-out wins",
  "Email change",
  "First sync",
] as const);

/** Every global choice of the solution, for the packer and for drift tests. */
export const allChoices: readonly ChoiceDef[] = [
  conflictPolicyChoice,
  emailChangePolicyChoice,
  syncTypeChoice,
  intervalChoice,
  syncWindowChoice,
  syncStatusChoice,
  syncResultChoice,
  runResultChoice,
  changeSourceChoice,
  syncStateChoice,
  preferenceValueChoice,
  triggerChoice,
  directionChoice,
  changeReasonChoice,
];

/** Option values by label, for code that writes or reads choice columns. */
export const ConflictPolicy = valuesOf(conflictPolicyChoice);
export const EmailChangePolicy = valuesOf(emailChangePolicyChoice);
export const SyncType = valuesOf(syncTypeChoice);
export const Interval = valuesOf(intervalChoice);
export const SyncWindow = valuesOf(syncWindowChoice);
export const SyncStatus = valuesOf(syncStatusChoice);
export const SyncResult = valuesOf(syncResultChoice);
export const RunResult = valuesOf(runResultChoice);
export const ChangeSource = valuesOf(changeSourceChoice);
export const SyncState = valuesOf(syncStateChoice);
export const PreferenceValue = valuesOf(preferenceValueChoice);
export const Trigger = valuesOf(triggerChoice);
export const Direction = valuesOf(directionChoice);
export const ChangeReason = valuesOf(changeReasonChoice);

/** The label of a choice value, or undefined when the value is not one of the choice's options. */
export function labelOf(c: ChoiceDef, value: number | null | undefined): string | undefined {
  return c.options.find((o) => o.value === value)?.label;
}
