// Views (saved queries): hand-written, because the model says nothing about which columns a
// user wants to see. Each one names its table and columns through @mps/model.
import {
  emailAccount,
  marketingPreference,
  preferenceChange,
  subscription,
  syncedRecord,
  syncRun,
  syncSchedule,
  customTables,
  type TableDef,
} from "@mps/model";
import { stableGuid } from "./ids";

/** savedquery querytype values. */
export const QueryType = { publicView: 0, advancedFind: 1, associated: 2, quickFind: 4, lookup: 64 } as const;

export interface Condition {
  readonly attribute: string;
  readonly operator: "eq" | "ne" | "not-null" | "null";
  readonly value?: string | number;
}

export interface ViewDef {
  readonly id: string;
  readonly table: TableDef;
  readonly name: string;
  readonly queryType: number;
  readonly isDefault: boolean;
  readonly columns: readonly { readonly name: string; readonly width: number }[];
  readonly conditions: readonly Condition[];
  readonly order: { readonly attribute: string; readonly descending: boolean };
  /** Quick find searches these (with `like`). */
  readonly findColumns?: readonly string[];
}

type Col<T extends TableDef> = keyof T["columns"] & string;
const cols = <T extends TableDef>(_table: T, ...names: { name: Col<T> | "createdon" | "statecode"; width: number }[]): ViewDef["columns"] => names;

const ACTIVE: Condition = { attribute: "statecode", operator: "eq", value: 0 };

/** The columns each table's standard views show. */
const listColumns = {
  [emailAccount.logicalName]: cols(emailAccount, { name: "mps_name", width: 200 }, { name: "mps_apiuser", width: 200 }, { name: "mps_isdefault", width: 80 }, { name: "mps_conflictpolicy", width: 150 }, { name: "mps_emailchangepolicy", width: 150 }),
  [syncSchedule.logicalName]: cols(syncSchedule, { name: "mps_name", width: 200 }, { name: "mps_emailaccountid", width: 150 }, { name: "mps_interval", width: 120 }, { name: "mps_syncwindow", width: 120 }, { name: "mps_nextsync", width: 140 }, { name: "mps_status", width: 140 }, { name: "mps_lastresult", width: 120 }),
  [marketingPreference.logicalName]: cols(marketingPreference, { name: "mps_name", width: 200 }, { name: "mps_publicname", width: 200 }, { name: "mps_ispreference", width: 90 }, { name: "mps_ispublic", width: 80 }, { name: "mps_parentcategoryid", width: 150 }, { name: "mps_emailaccountid", width: 150 }),
  [subscription.logicalName]: cols(subscription, { name: "mps_marketingpreferenceid", width: 200 }, { name: "mps_optedin", width: 80 }, { name: "mps_emailaddress", width: 200 }, { name: "mps_syncstate", width: 120 }, { name: "mps_syncedon", width: 140 }, { name: "mps_emailaccountid", width: 150 }),
  [syncedRecord.logicalName]: cols(syncedRecord, { name: "mps_name", width: 200 }, { name: "mps_emailaddress", width: 200 }, { name: "mps_suppressed", width: 90 }, { name: "mps_firsteligibleon", width: 140 }, { name: "mps_lastsyncedon", width: 140 }),
  [syncRun.logicalName]: cols(syncRun, { name: "mps_name", width: 200 }, { name: "mps_trigger", width: 100 }, { name: "mps_dryrun", width: 70 }, { name: "mps_result", width: 120 }, { name: "mps_startedon", width: 140 }, { name: "mps_pulled", width: 70 }, { name: "mps_pushed", width: 70 }, { name: "mps_conflicts", width: 80 }, { name: "mps_failed", width: 70 }),
  [preferenceChange.logicalName]: cols(preferenceChange, { name: "mps_name", width: 200 }, { name: "mps_emailaddress", width: 200 }, { name: "mps_oldvalue", width: 90 }, { name: "mps_newvalue", width: 90 }, { name: "mps_direction", width: 110 }, { name: "mps_reason", width: 170 }, { name: "mps_changedon", width: 140 }),
} as const satisfies Record<string, ViewDef["columns"]>;
const columnsOf = (t: TableDef): ViewDef["columns"] => (listColumns as Readonly<Record<string, ViewDef["columns"]>>)[t.logicalName] ?? [{ name: t.primaryNameColumn, width: 200 }];

/** Runs and changes read newest first; the catalogue and accounts by name. */
const orderOf = (t: TableDef): ViewDef["order"] =>
  t === syncRun ? { attribute: "mps_startedon", descending: true } : t === preferenceChange ? { attribute: "mps_changedon", descending: true } : { attribute: t.primaryNameColumn, descending: false };

function standardViews(table: TableDef): ViewDef[] {
  const columns = columnsOf(table);
  const order = orderOf(table);
  const v = (key: string, name: string, queryType: number, isDefault: boolean, conditions: Condition[], extra: Partial<ViewDef> = {}): ViewDef => ({
    id: stableGuid(`view:${table.logicalName}:${key}`),
    table,
    name,
    queryType,
    isDefault,
    columns,
    conditions,
    order,
    ...extra,
  });
  return [
    v("active", `Active ${table.pluralName}`, QueryType.publicView, true, [ACTIVE]),
    v("inactive", `Inactive ${table.pluralName}`, QueryType.publicView, false, [{ attribute: "statecode", operator: "eq", value: 1 }]),
    v("quickfind", `Quick Find Active ${table.pluralName}`, QueryType.quickFind, true, [ACTIVE], { findColumns: [table.primaryNameColumn] }),
    v("lookup", `${table.displayName} Lookup View`, QueryType.lookup, true, [ACTIVE], { columns: [{ name: table.primaryNameColumn, width: 300 }] }),
    v("associated", `${table.displayName} Associated View`, QueryType.associated, true, [ACTIVE]),
  ];
}

const subscriptionColumnsView = (key: string, name: string, optedIn: boolean): ViewDef => ({
  id: stableGuid(`view:${subscription.logicalName}:${key}`),
  table: subscription,
  name,
  queryType: QueryType.publicView,
  isDefault: false,
  columns: columnsOf(subscription),
  conditions: [ACTIVE, { attribute: "mps_optedin" satisfies Col<typeof subscription>, operator: "eq", value: optedIn ? 1 : 0 }],
  order: { attribute: subscription.primaryNameColumn, descending: false },
});

export const views: readonly ViewDef[] = [
  ...customTables.flatMap(standardViews),
  subscriptionColumnsView("optedin", "Opted In Subscriptions", true),
  subscriptionColumnsView("optedout", "Opted Out Subscriptions", false),
];

export function viewId(table: TableDef, key: "active" | "associated" | "lookup"): string {
  return stableGuid(`view:${table.logicalName}:${key}`);
}
