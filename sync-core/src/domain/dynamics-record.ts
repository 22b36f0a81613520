import type { RecordTable } from "@mps/model";

export type { RecordTable };

/** A Contact, Lead or Account in Dynamics. */
export interface RecordRef {
  readonly table: RecordTable;
  readonly id: string;
}

/**
 * mps_key of a subscription row: account, preference, table and record (DESIGN.md §3). The email is
 * deliberately not part of it, so a record keeps its rows when its address changes.
 */
export function subscriptionKey(accountId: string, preferenceId: number, record: RecordRef): string {
  return `${accountId}|${preferenceId}|${record.table}|${record.id}`;
}

/** mps_key of a synced-record row: account, table and record. */
export function syncedRecordKey(accountId: string, record: RecordRef): string {
  return `${accountId}|${record.table}|${record.id}`;
}
