// Main forms: layout is the one thing here the model does not describe, so it is written by hand,
// naming columns through the model's types. Tables without a hand-written layout get one section
// with every column in model order.
import {
  customTables,
  emailAccount,
  recordLookupColumn,
  recordTables,
  RECORD_TABLES,
  subscription,
  syncRun,
  syncSchedule,
  type TableDef,
} from "@mps/model";
import { emailAccountHandlers, webResourceNames } from "./components";
import { stableGuid } from "./ids";
import { viewId } from "./views";

export interface FieldCell {
  readonly kind: "field";
  readonly column: string;
}
export interface SubgridCell {
  readonly kind: "subgrid";
  /** The control id; its `uniqueid` (what controlDescription forControl points at) derives from it. */
  readonly id: string;
  readonly label: string;
  readonly relationship: string;
  readonly target: TableDef;
  readonly viewId: string;
  /** Render with the Marketing Preferences PCF grid on every form factor. */
  readonly pcf: boolean;
}
export type Cell = FieldCell | SubgridCell;

export interface SectionDef {
  readonly key: string;
  readonly label: string;
  readonly cells: readonly Cell[];
}
export interface TabDef {
  readonly key: string;
  readonly label: string;
  readonly sections: readonly SectionDef[];
}
export interface FormDef {
  readonly id: string;
  readonly table: TableDef;
  readonly name: string;
  readonly description: string;
  readonly tabs: readonly TabDef[];
  readonly onLoad?: { readonly library: string; readonly functionName: string };
}

type Col<T extends TableDef> = keyof T["columns"] & string;
const fields = <T extends TableDef>(_t: T, ...names: Col<T>[]): FieldCell[] => names.map((column) => ({ kind: "field", column }));

const tab = (key: string, label: string, ...sections: SectionDef[]): TabDef => ({ key, label, sections });
const section = (key: string, label: string, cells: readonly Cell[]): SectionDef => ({ key, label, cells });

/** The unique id of a subgrid control (FormXml `uniqueid`, matched by controlDescription forControl). */
export const subgridUniqueId = (form: FormDef, cell: SubgridCell): string => stableGuid(`subgrid:${form.id}:${cell.id}`);

function lookupOf(table: TableDef, column: string): { relationship: string } {
  const def = table.columns[column];
  if (def?.type !== "lookup") throw new Error(`${table.logicalName}.${column} is not a lookup`);
  return def;
}

const emailAccountForm: FormDef = {
  id: stableGuid("form:mps_emailaccount:main"),
  table: emailAccount,
  name: "Email Account",
  description: "A linked Dotdigital account, its policies, schedules and sync runs.",
  onLoad: { library: webResourceNames.emailAccountForm, functionName: emailAccountHandlers.onLoad },
  tabs: [
    tab(
      "general",
      "General",
      section("account", "Dotdigital Account", fields(emailAccount, "mps_name", "mps_apiuser", "mps_apiendpoint", "mps_credentialname", "mps_isdefault", "mps_description")),
      section("policies", "Policies", fields(emailAccount, "mps_conflictpolicy", "mps_emailchangepolicy")),
    ),
    tab(
      "sync",
      "Sync",
      section("schedules", "Scheduled Sync Settings", [
        { kind: "subgrid", id: "Schedules", label: "Scheduled Sync Settings", relationship: lookupOf(syncSchedule, "mps_emailaccountid").relationship, target: syncSchedule, viewId: viewId(syncSchedule, "associated"), pcf: false },
      ]),
      section("runs", "Sync Runs", [
        { kind: "subgrid", id: "SyncRuns", label: "Sync Runs", relationship: lookupOf(syncRun, "mps_emailaccountid").relationship, target: syncRun, viewId: viewId(syncRun, "associated"), pcf: false },
      ]),
    ),
  ],
};

// R9: the "Marketing Preference Subscription" screen leads with Status (Yes/No).
const subscriptionForm: FormDef = {
  id: stableGuid("form:mps_marketingpreferencesubscription:main"),
  table: subscription,
  name: "Marketing Preference Subscription",
  description: "One person's value for one marketing preference.",
  tabs: [
    tab(
      "general",
      "General",
      section("status", "Subscription", fields(subscription, "mps_optedin", "mps_marketingpreferenceid", "mps_emailaddress", "mps_emailaccountid")),
      section("record", "Person", fields(subscription, "mps_contactid", "mps_leadid", "mps_accountid")),
      section("sync", "Sync", fields(subscription, "mps_syncstate", "mps_syncmessage", "mps_syncedvalue", "mps_syncedon", "mps_lastchangesource", "mps_dotdigitalmodifiedon", "mps_name", "mps_key")),
    ),
  ],
};

function defaultForm(table: TableDef): FormDef {
  const columns = Object.keys(table.columns).filter((c) => c !== table.primaryIdColumn);
  return {
    id: stableGuid(`form:${table.logicalName}:main`),
    table,
    name: table.displayName,
    description: table.description,
    tabs: [tab("general", "General", section("general", "General", columns.map((column) => ({ kind: "field", column }))))],
  };
}

/** R8: a Marketing Preferences tab on Contact, Lead and Account, rendered by the PCF grid. */
function recordForm(logicalName: (typeof RECORD_TABLES)[number]): FormDef {
  const table = recordTables[logicalName];
  const lookup = recordLookupColumn[logicalName];
  const general = Object.keys(table.columns).filter((c) => c !== table.primaryIdColumn && c !== "fullname");
  return {
    id: stableGuid(`form:${logicalName}:marketingpreferences`),
    table,
    name: `${table.displayName} (Marketing Preferences)`,
    description: `${table.displayName} form with the Marketing Preferences tab.`,
    tabs: [
      tab("general", "General", section("general", "General", general.map((column) => ({ kind: "field", column })))),
      tab(
        "marketingpreferences",
        "Marketing Preferences",
        section("marketingpreferences", "Marketing Preferences", [
          {
            kind: "subgrid",
            id: "MarketingPreferences",
            label: "Marketing Preferences",
            relationship: lookupOf(subscription, lookup).relationship,
            target: subscription,
            viewId: viewId(subscription, "active"),
            pcf: true,
          },
        ]),
      ),
    ],
  };
}

const handWritten = new Map<TableDef, FormDef>([
  [emailAccount, emailAccountForm],
  [subscription, subscriptionForm],
]);

export const forms: readonly FormDef[] = [
  ...customTables.map((t) => handWritten.get(t) ?? defaultForm(t)),
  ...RECORD_TABLES.map(recordForm),
];
