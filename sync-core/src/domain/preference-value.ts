import { preferenceValueChoice } from "@mps/model";

/**
 * A preference value as a small number, so a run's values fit in typed arrays (one byte each):
 * 1 000 000 (email × preference) pairs cost megabytes, not the hundreds an object per pair would.
 */
export const PrefValue = { Absent: 0, OptedIn: 1, OptedOut: 2 } as const;
export type PrefValue = (typeof PrefValue)[keyof typeof PrefValue];

/** A value as the model names it ("Opted in" | "Opted out"); absent is `null` (an empty choice column). */
export type PreferenceValueLabel = (typeof preferenceValueChoice.labels)[number];

// The model's label order is the code order minus one: "Opted in" = 1, "Opted out" = 2.
const LABELS: readonly (PreferenceValueLabel | null)[] = [null, ...preferenceValueChoice.labels];

/** The model's label of a value code; `null` for absent (and for any code that is not a value). */
export function valueLabel(value: number): PreferenceValueLabel | null {
  return LABELS[value] ?? null;
}

/** The code of a model label; `null`/unknown label → absent. */
export function valueFromLabel(label: string | null | undefined): PrefValue {
  if (label === preferenceValueChoice.labels[0]) return PrefValue.OptedIn;
  if (label === preferenceValueChoice.labels[1]) return PrefValue.OptedOut;
  return PrefValue.Absent;
}

/** The code of a Dotdigital `isOptedIn` (null/undefined: no opt-in record, so absent). */
export function valueFromOptedIn(isOptedIn: boolean | null | undefined): PrefValue {
  if (isOptedIn === true) return PrefValue.OptedIn;
  if (isOptedIn === false) return PrefValue.OptedOut;
  return PrefValue.Absent;
}

/**
 * The Dynamics value of one subscription row. The sync creates a row for every active preference with
 * Status No before anyone chose anything (DESIGN.md §3), so a row at Status No that was never agreed
 * (synced value empty) is a placeholder and counts as absent; otherwise Status decides.
 * Pass `optedIn: null` when the row does not exist.
 */
export function dynamicsValue(optedIn: boolean | null, syncedValue: PrefValue): PrefValue {
  if (optedIn === null) return PrefValue.Absent;
  if (optedIn) return PrefValue.OptedIn;
  return syncedValue === PrefValue.Absent ? PrefValue.Absent : PrefValue.OptedOut;
}
