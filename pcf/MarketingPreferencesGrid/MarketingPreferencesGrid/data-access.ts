// The control's three Web API conversations: save a Status, read the category catalogue, read the
// suppression. They take the small slice of context.webAPI they use, so tests and the harness can
// hand in any implementation.
import { type RecordTable, marketingPreference, recordLookupColumn, subscription, syncedRecord } from "@mps/model";
import { type ColumnName } from "@mps/model";
import { PreferenceColumns, SubscriptionColumns } from "./columns";
import { type Category, normaliseId, toCategories } from "./mapping";

export type WebApiPort = Pick<ComponentFramework.WebApi, "updateRecord" | "retrieveMultipleRecords">;

export interface SaveFailure {
  readonly id: string;
  readonly message: string;
}

export interface SaveOutcome {
  readonly saved: readonly string[];
  readonly failed: readonly SaveFailure[];
}

/** The message of a Web API rejection (ErrorResponse, Error or anything else). */
export function errorMessage(error: unknown, fallback: string): string {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" && error.message !== "") return error.message;
  if (typeof error === "string" && error !== "") return error;
  return fallback;
}

/**
 * Writes the Status of every selected subscription. Rows are independent: one that fails (deleted,
 * no access, network) is reported with its reason and does not stop the others.
 */
export async function saveStatus(webApi: WebApiPort, ids: readonly string[], optedIn: boolean, unknownError: string): Promise<SaveOutcome> {
  const results = await Promise.allSettled(ids.map((id) => webApi.updateRecord(subscription.logicalName, id, { [SubscriptionColumns.optedIn]: optedIn })));
  const saved: string[] = [];
  const failed: SaveFailure[] = [];
  results.forEach((r, i) => {
    const id = ids[i] ?? "";
    if (r.status === "fulfilled") saved.push(id);
    else failed.push({ id, message: errorMessage(r.reason, unknownError) });
  });
  return { saved, failed };
}

/** The categories of every account's catalogue: their names and Dotdigital order label the groups. */
export async function loadCategories(webApi: WebApiPort): Promise<Map<string, Category>> {
  const select = [PreferenceColumns.id, PreferenceColumns.privateName, PreferenceColumns.publicName, PreferenceColumns.order].join(",");
  const result = await webApi.retrieveMultipleRecords(marketingPreference.logicalName, `?$select=${select}&$filter=${PreferenceColumns.isPreference} eq false`);
  return toCategories(result.entities);
}

export interface Suppression {
  readonly suppressed: boolean;
  readonly reasons: readonly string[];
}

const SUPPRESSED = "mps_suppressed" satisfies ColumnName<typeof syncedRecord>;
const SUPPRESSION_REASON = "mps_suppressionreason" satisfies ColumnName<typeof syncedRecord>;

export function isRecordTable(table: string): table is RecordTable {
  return Object.hasOwn(recordLookupColumn, table);
}

/** Whether Dotdigital suppresses this Contact, Lead or Account in any linked account (mps_syncedrecord). */
export async function loadSuppression(webApi: WebApiPort, table: RecordTable, recordId: string): Promise<Suppression> {
  const lookup = recordLookupColumn[table];
  const filter = `_${lookup}_value eq ${normaliseId(recordId)} and ${SUPPRESSED} eq true`;
  const result = await webApi.retrieveMultipleRecords(syncedRecord.logicalName, `?$select=${SUPPRESSED},${SUPPRESSION_REASON}&$filter=${filter}`);
  const reasons: string[] = [];
  for (const e of result.entities) {
    const reason: unknown = e[SUPPRESSION_REASON];
    if (typeof reason === "string" && reason !== "") reasons.push(reason);
  }
  return { suppressed: result.entities.length > 0, reasons };
}
