// The subgrid's query over the in-memory store: the record's subscriptions, each joined to its
// mps_marketingpreference (alias "pref"), with lookups as EntityReferences and the formatted text a
// model-driven app would show. A fetch-backed source for a real Dataverse returns the same shape.
import { changeSourceChoice, emailAccount, labelOf, marketingPreference, preferenceValueChoice, recordLookupColumn, type RecordTable, subscription, syncStateChoice } from "@mps/model";
import { type HostRecord, type SubscriptionSource } from "./host-dataset";
import { type InMemoryDataverse, type Row } from "./in-memory-dataverse";

const PREF = "pref";

const lookupKey = (column: string): string => `_${column}_value`;
const norm = (v: unknown): string => (typeof v === "string" ? v.replace(/[{}]/g, "").toLowerCase() : "");

/** Dates as a model-driven app in en-GB shows them (UTC here: the harness has no user time zone). */
export function formatDate(iso: unknown): string {
  if (typeof iso !== "string" || iso === "") return "";
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
}

function reference(store: InMemoryDataverse, table: string, nameColumn: string, id: unknown): ComponentFramework.EntityReference | null {
  if (typeof id !== "string" || id === "") return null;
  const row = store.find(table, id);
  const value: unknown = row?.[nameColumn];
  const name = typeof value === "string" ? value : "";
  return { id: { guid: id }, etn: table, name };
}

export class StoreSubscriptionSource implements SubscriptionSource {
  public constructor(
    private readonly store: InMemoryDataverse,
    private readonly table: RecordTable,
    private readonly recordId: string,
  ) {}

  public load(): Promise<readonly HostRecord[]> {
    return this.store.retrieveMultipleRecords(subscription.logicalName, `?$filter=${lookupKey(recordLookupColumn[this.table])} eq ${norm(this.recordId)}`).then((r) => r.entities.map((s) => this.toRecord(s)));
  }

  private toRecord(s: Row): HostRecord {
    const store = this.store;
    const prefRef = reference(store, marketingPreference.logicalName, "mps_name", s[lookupKey("mps_marketingpreferenceid")]);
    const pref: Row = (prefRef && store.find(marketingPreference.logicalName, prefRef.id.guid)) ?? {};
    const account = reference(store, emailAccount.logicalName, "mps_name", s[lookupKey("mps_emailaccountid")]);
    const category = reference(store, marketingPreference.logicalName, "mps_name", pref[lookupKey("mps_parentcategoryid")]);
    const values: Record<string, unknown> = {
      mps_name: s.mps_name,
      mps_optedin: s.mps_optedin === true,
      mps_syncedvalue: s.mps_syncedvalue ?? null,
      mps_marketingpreferenceid: prefRef,
      mps_emailaccountid: account,
      mps_lastchangesource: s.mps_lastchangesource ?? null,
      mps_dotdigitalmodifiedon: typeof s.mps_dotdigitalmodifiedon === "string" ? new Date(s.mps_dotdigitalmodifiedon) : null,
      modifiedon: typeof s.modifiedon === "string" ? new Date(s.modifiedon) : null,
      mps_syncstate: s.mps_syncstate ?? null,
      mps_syncmessage: s.mps_syncmessage ?? null,
      [`${PREF}.mps_name`]: pref.mps_name ?? null,
      [`${PREF}.mps_publicname`]: pref.mps_publicname ?? null,
      [`${PREF}.mps_ispublic`]: pref.mps_ispublic === true,
      [`${PREF}.mps_order`]: pref.mps_order ?? null,
      [`${PREF}.mps_parentcategoryid`]: category,
    };
    const formatted: Record<string, string> = {
      mps_name: typeof s.mps_name === "string" ? s.mps_name : "",
      mps_optedin: s.mps_optedin === true ? "Yes" : "No",
      mps_syncedvalue: labelOf(preferenceValueChoice, s.mps_syncedvalue as number | null) ?? "",
      mps_marketingpreferenceid: prefRef?.name ?? "",
      mps_emailaccountid: account?.name ?? "",
      mps_lastchangesource: labelOf(changeSourceChoice, s.mps_lastchangesource as number | null) ?? "",
      mps_dotdigitalmodifiedon: formatDate(s.mps_dotdigitalmodifiedon),
      modifiedon: formatDate(s.modifiedon),
      mps_syncstate: labelOf(syncStateChoice, s.mps_syncstate as number | null) ?? "",
      mps_syncmessage: typeof s.mps_syncmessage === "string" ? s.mps_syncmessage : "",
      [`${PREF}.mps_name`]: typeof pref.mps_name === "string" ? pref.mps_name : "",
      [`${PREF}.mps_publicname`]: typeof pref.mps_publicname === "string" ? pref.mps_publicname : "",
      [`${PREF}.mps_ispublic`]: pref.mps_ispublic === true ? "Yes" : "No",
      [`${PREF}.mps_order`]: typeof pref.mps_order === "number" ? String(pref.mps_order) : "",
      [`${PREF}.mps_parentcategoryid`]: category?.name ?? "",
    };
    return { id: norm(s.mps_marketingpreferencesubscriptionid), values, formatted };
  }
}
