import { syncStateChoice } from "@mps/model";

/** A subscription row's mps_syncstate label, as the model names it. */
export type SyncStateLabel = (typeof syncStateChoice.labels)[number];

/**
 * A row's state as one byte: 0 = the row does not exist yet, otherwise the model's label position + 1.
 * One array of these per record says both "does the row exist" and "what state is it in" cheaply.
 */
export const RowState = {
  NoRow: 0,
  Synced: 1,
  Pending: 2,
  SkippedSuppressed: 3,
  SkippedIneligible: 4,
  Error: 5,
} as const;
export type RowState = (typeof RowState)[keyof typeof RowState];

/** The model's label of a row state code; `null` for "no row". */
export function stateLabel(state: number): SyncStateLabel | null {
  return state === RowState.NoRow ? null : (syncStateChoice.labels[state - 1] ?? null);
}

/** The row state code of a model label; a row with an empty or unknown state counts as Pending. */
export function stateFromLabel(label: string | null | undefined): RowState {
  const i = syncStateChoice.labels.indexOf(label as SyncStateLabel);
  return i < 0 ? RowState.Pending : ((i + 1) as RowState);
}
