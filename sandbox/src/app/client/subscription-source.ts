// The subgrid's rows from the Web API: the record's subscriptions with their preference expanded, keyed
// the way a model-driven dataset keys linked columns (`pref.<column>`), with the formatted text the
// Web API annotates. The same shape harness/store-source.ts gives from the in-memory store.
import { lookupValueProperty, marketingPreference, navigationPropertyOf, recordLookupColumn, subscription, type RecordTable } from "@mps/model";
import { type HostRecord, type SubscriptionSource } from "../../../../pcf/MarketingPreferencesGrid/harness/host-dataset";
import { formatDate } from "../../../../pcf/MarketingPreferencesGrid/harness/store-source";
import { entitySetOf, sameOrigin, webApiFetch } from "./web-api";

/** The alias the control links mps_marketingpreference under (dataset.linking.addLinkedEntity). */
const PREF = "pref";
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP_TABLE = "@Microsoft.Dynamics.CRM.lookuplogicalname";
const PREFERENCE_LOOKUP = "mps_marketingpreferenceid";
const PREFERENCE_COLUMNS = ["mps_name", "mps_publicname", "mps_ispublic", "mps_order", lookupValueProperty("mps_parentcategoryid")] as const;
const SUBSCRIPTION_LOOKUPS = ["mps_marketingpreferenceid", "mps_emailaccountid"] as const;
const DATES = ["mps_dotdigitalmodifiedon", "modifiedon"] as const;
const PLAIN = ["mps_name", "mps_optedin", "mps_syncedvalue", "mps_lastchangesource", "mps_syncstate", "mps_syncmessage"] as const;

type Entity = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const formattedOf = (row: Entity, key: string): string => {
  const f = row[`${key}${FORMATTED}`];
  if (typeof f === "string") return f;
  const v = row[key];
  return typeof v === "boolean" ? (v ? "Yes" : "No") : typeof v === "number" ? String(v) : text(v);
};

function reference(row: Entity, lookupColumn: string): ComponentFramework.EntityReference | null {
  const key = lookupValueProperty(lookupColumn);
  const id = row[key];
  if (typeof id !== "string" || id === "") return null;
  return { id: { guid: id }, etn: text(row[`${key}${LOOKUP_TABLE}`]), name: text(row[`${key}${FORMATTED}`]) };
}

export class WebApiSubscriptionSource implements SubscriptionSource {
  public constructor(
    private readonly table: RecordTable,
    private readonly recordId: string,
  ) {}

  public async load(): Promise<readonly HostRecord[]> {
    const filter = `${lookupValueProperty(recordLookupColumn[this.table])} eq ${this.recordId.replace(/[{}]/g, "").toLowerCase()}`;
    const expand = `${navigationPropertyOf(PREFERENCE_LOOKUP)}($select=${PREFERENCE_COLUMNS.join(",")})`;
    let path: string | undefined = `${entitySetOf(subscription.logicalName)}?$filter=${encodeURIComponent(filter)}&$expand=${expand}&$orderby=mps_name asc`;
    const rows: Entity[] = [];
    while (path !== undefined) {
      const body = (await (await webApiFetch("GET", path, undefined, 'odata.include-annotations="*",odata.maxpagesize=5000')).json()) as { value: Entity[]; "@odata.nextLink"?: string };
      rows.push(...body.value);
      const next = body["@odata.nextLink"];
      path = next === undefined ? undefined : sameOrigin(next);
    }
    return rows.map((row) => this.toRecord(row));
  }

  private toRecord(row: Entity): HostRecord {
    const pref = (row[navigationPropertyOf(PREFERENCE_LOOKUP)] ?? {}) as Entity;
    const values: Record<string, unknown> = {};
    const formatted: Record<string, string> = {};
    for (const c of PLAIN) {
      values[c] = c === "mps_optedin" ? row[c] === true : (row[c] ?? null);
      formatted[c] = formattedOf(row, c);
    }
    for (const c of SUBSCRIPTION_LOOKUPS) {
      const ref = reference(row, c);
      values[c] = ref;
      formatted[c] = ref?.name ?? "";
    }
    for (const c of DATES) {
      const v = row[c];
      values[c] = typeof v === "string" ? new Date(v) : null;
      formatted[c] = formatDate(v);
    }
    for (const c of ["mps_name", "mps_publicname", "mps_order"] as const) {
      values[`${PREF}.${c}`] = pref[c] ?? null;
      formatted[`${PREF}.${c}`] = formattedOf(pref, c);
    }
    values[`${PREF}.mps_ispublic`] = pref.mps_ispublic === true;
    formatted[`${PREF}.mps_ispublic`] = pref.mps_ispublic === true ? "Yes" : "No";
    const category = reference(pref, "mps_parentcategoryid");
    values[`${PREF}.mps_parentcategoryid`] = category === null ? null : { ...category, etn: category.etn || marketingPreference.logicalName };
    formatted[`${PREF}.mps_parentcategoryid`] = category?.name ?? "";
    return { id: text(row[subscription.primaryIdColumn]).toLowerCase(), values, formatted };
  }
}
