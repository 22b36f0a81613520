import {
  changeReasonChoice,
  changeSourceChoice,
  conflictPolicyChoice,
  directionChoice,
  emailChangePolicyChoice,
  intervalChoice,
  preferenceValueChoice,
  runResultChoice,
  syncResultChoice,
  syncStateChoice,
  syncStatusChoice,
  syncTypeChoice,
  syncWindowChoice,
  triggerChoice,
  ConflictPolicy,
  EmailChangePolicy,
  Interval,
  SyncStatus,
  SyncType,
  SyncWindow,
} from "./choices";
import type { ColumnDef, TableDef } from "./types";

// Column builders keep the table definitions short and uniform.
const str = (displayName: string, maxLength: number, description: string, extra: { required?: boolean; format?: "email" | "url" | "text" } = {}): ColumnDef => ({
  type: "string",
  displayName,
  maxLength,
  description,
  ...extra,
});
const memo = (displayName: string, maxLength: number, description: string): ColumnDef => ({ type: "memo", displayName, maxLength, description });
const bool = (displayName: string, description: string, defaultValue = false): ColumnDef => ({
  type: "boolean",
  displayName,
  description,
  trueLabel: "Yes",
  falseLabel: "No",
  default: defaultValue,
});
const int = (displayName: string, description: string, min = 0, max = 2147483647): ColumnDef => ({ type: "integer", displayName, description, min, max });
const when = (displayName: string, description: string): ColumnDef => ({ type: "datetime", displayName, description });
const lookup = (displayName: string, target: string, relationship: string, description: string, required = false): ColumnDef => ({
  type: "lookup",
  displayName,
  target,
  relationship,
  description,
  required,
});
const id = (displayName: string): ColumnDef => ({ type: "uniqueidentifier", displayName, description: `Unique identifier of the ${displayName.replace(/ Id$/, "")} row.` });

/** The three record tables a person can be in Dynamics, each with its own lookup on our tables. */
export const RECORD_TABLES = ["contact", "lead", "account"] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

export const emailAccount = {
  logicalName: "mps_emailaccount",
  entitySetName: "mps_emailaccounts",
  displayName: "Email Account",
  pluralName: "Email Accounts",
  description: "A Dotdigital account linked to this organisation. The API password is never stored here: the sync service reads it from its own secret store by Credential Name.",
  custom: true,
  primaryIdColumn: "mps_emailaccountid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_emailaccountid: id("Email Account Id"),
    mps_name: str("Name", 100, "A name admins recognise the Dotdigital account by.", { required: true }),
    mps_description: memo("Description", 2000, "What this account is used for."),
    mps_apiuser: str("API User", 320, "The Dotdigital API user's email address.", { required: true, format: "email" }),
    mps_apiendpoint: str("API Endpoint", 200, "The region base URL, discovered from account-info, e.g. https://r1-api.dotdigital.com.", { format: "url" }),
    mps_credentialname: str("Credential Name", 100, "Name of the API password in the sync service's secret store (MPS_SECRET_<NAME>).", { required: true }),
    mps_isdefault: bool("Default", "The account used when a record does not say which one."),
    mps_conflictpolicy: { type: "choice", displayName: "Conflict Policy", description: "Which side wins when both changed since the last sync.", choice: conflictPolicyChoice, default: ConflictPolicy["Last modified wins"] },
    mps_emailchangepolicy: { type: "choice", displayName: "Email Change Policy", description: "What happens to a record's preferences when its email address changes.", choice: emailChangePolicyChoice, default: EmailChangePolicy["Keep with record"] },
  },
  alternateKeys: [],
  changeTracking: false,
  auditing: true,
} as const satisfies TableDef;

export const syncSchedule = {
  logicalName: "mps_syncschedule",
  entitySetName: "mps_syncschedules",
  displayName: "Scheduled Sync Setting",
  pluralName: "Scheduled Sync Settings",
  description: "When one sync type of an Email Account runs, and how its last run went.",
  custom: true,
  primaryIdColumn: "mps_syncscheduleid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_syncscheduleid: id("Scheduled Sync Setting Id"),
    mps_name: str("Name", 200, "Email Account and sync type.", { required: true }),
    mps_emailaccountid: lookup("Email Account", "mps_emailaccount", "mps_emailaccount_mps_syncschedule", "The Email Account this schedule belongs to.", true),
    mps_synctype: { type: "choice", displayName: "Sync Type", description: "What this schedule syncs.", choice: syncTypeChoice, default: SyncType["Marketing preferences"], required: true },
    mps_interval: { type: "choice", displayName: "Interval", description: "How often the sync runs. Manual never schedules itself.", choice: intervalChoice, default: Interval.Manual, required: true },
    mps_syncwindow: { type: "choice", displayName: "Sync Window", description: "When in the day a scheduled run may start.", choice: syncWindowChoice, default: SyncWindow.Anytime, required: true },
    mps_windowstart: int("Window Start", "Minutes after local midnight: the Specific time, or the start of the Custom window.", 0, 1439),
    mps_windowend: int("Window End", "Minutes after local midnight: the end of the Custom window.", 0, 1439),
    mps_timezone: str("Time Zone", 64, "IANA time zone the window is read in, e.g. Europe/London."),
    mps_nextsync: when("Next Sync", "When the next run is due (UTC). Set to now to run on demand."),
    mps_lastsync: when("Last Sync", "When the last run finished (UTC)."),
    mps_status: { type: "choice", displayName: "Status", description: "Where the schedule is in its run.", choice: syncStatusChoice, default: SyncStatus.None },
    mps_lastresult: { type: "choice", displayName: "Last Result", description: "How the last run ended.", choice: syncResultChoice },
    mps_lasterror: memo("Last Error", 4000, "Why the last run failed or partly failed."),
    mps_dotdigitalwatermark: str("Dotdigital Watermark", 100, "Dotdigital server time up to which changes have been read."),
    mps_dataversewatermark: memo("Dataverse Watermark", 4000, "Change-tracking delta link, or the UTC time up to which changes have been read."),
  },
  alternateKeys: [{ name: "mps_syncschedule_account_type", displayName: "Email Account and Sync Type", columns: ["mps_emailaccountid", "mps_synctype"] }],
  changeTracking: false,
  auditing: false,
} as const satisfies TableDef;

export const marketingPreference = {
  logicalName: "mps_marketingpreference",
  entitySetName: "mps_marketingpreferences",
  displayName: "Marketing Preference",
  pluralName: "Marketing Preferences",
  description: "A preference or category of an Email Account's Dotdigital catalogue. Dotdigital is the master; removed ones are deactivated, never deleted.",
  custom: true,
  primaryIdColumn: "mps_marketingpreferenceid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_marketingpreferenceid: id("Marketing Preference Id"),
    mps_name: str("Private Name", 200, "The name Dotdigital users see.", { required: true }),
    mps_publicname: str("Public Name", 200, "The name contacts see on the preference centre."),
    mps_dotdigitalid: int("Dotdigital Id", "The preference or category id in Dotdigital.", 0),
    mps_ispreference: bool("Is Preference", "No for a category."),
    mps_ispublic: bool("Is Public", "Shown to contacts on the preference centre."),
    mps_parentcategoryid: lookup("Category", "mps_marketingpreference", "mps_marketingpreference_parentcategory", "The category this preference sits in."),
    mps_order: int("Order", "Position in Dotdigital's order.", 0),
    mps_emailaccountid: lookup("Email Account", "mps_emailaccount", "mps_emailaccount_mps_marketingpreference", "The Email Account whose catalogue this belongs to.", true),
    mps_dotdigitalmodifiedon: when("Modified in Dotdigital", "When Dotdigital last changed it."),
  },
  alternateKeys: [{ name: "mps_marketingpreference_account_ddid", displayName: "Email Account and Dotdigital Id", columns: ["mps_emailaccountid", "mps_dotdigitalid"] }],
  changeTracking: false,
  auditing: false,
} as const satisfies TableDef;

export const subscription = {
  logicalName: "mps_marketingpreferencesubscription",
  entitySetName: "mps_marketingpreferencesubscriptions",
  displayName: "Marketing Preference Subscription",
  pluralName: "Marketing Preference Subscriptions",
  description: "One person's value for one preference of one Email Account.",
  custom: true,
  primaryIdColumn: "mps_marketingpreferencesubscriptionid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_marketingpreferencesubscriptionid: id("Marketing Preference Subscription Id"),
    mps_name: str("Name", 400, "Preference and person.", { required: true }),
    mps_optedin: bool("Status", "Yes when the person is opted in to the preference."),
    mps_marketingpreferenceid: lookup("Marketing Preference", "mps_marketingpreference", "mps_marketingpreference_mps_subscription", "The preference.", true),
    mps_emailaccountid: lookup("Email Account", "mps_emailaccount", "mps_emailaccount_mps_subscription", "The Email Account it syncs with.", true),
    mps_contactid: lookup("Contact", "contact", "mps_contact_mps_subscription", "The Contact, when the person is a Contact."),
    mps_leadid: lookup("Lead", "lead", "mps_lead_mps_subscription", "The Lead, when the person is a Lead."),
    mps_accountid: lookup("Account", "account", "mps_account_mps_subscription", "The Account, when the person is an Account."),
    mps_emailaddress: str("Email Address", 320, "The normalised address it syncs under.", { format: "email" }),
    mps_syncedvalue: { type: "choice", displayName: "Synced Value", description: "The value both sides last agreed on; empty before the first agreement.", choice: preferenceValueChoice },
    mps_syncedon: when("Synced On", "When both sides last agreed."),
    mps_dotdigitalmodifiedon: when("Modified in Dotdigital", "When Dotdigital last changed the value."),
    mps_lastchangesource: { type: "choice", displayName: "Last Changed In", description: "Where the value last changed.", choice: changeSourceChoice },
    mps_syncstate: { type: "choice", displayName: "Sync State", description: "Whether the last sync could sync it, and why not.", choice: syncStateChoice },
    mps_syncmessage: memo("Sync Message", 2000, "Why the last sync skipped or failed it."),
    mps_key: str("Key", 200, "Email Account, preference, table and record: the alternate key the sync upserts by.", { required: true }),
  },
  alternateKeys: [{ name: "mps_subscription_key", displayName: "Subscription Key", columns: ["mps_key"] }],
  changeTracking: true,
  auditing: true,
} as const satisfies TableDef;

export const syncedRecord = {
  logicalName: "mps_syncedrecord",
  entitySetName: "mps_syncedrecords",
  displayName: "Synced Record",
  pluralName: "Synced Records",
  description: "What the sync knows of one Contact, Lead or Account for one Email Account: eligibility ever, suppression, last synced address.",
  custom: true,
  primaryIdColumn: "mps_syncedrecordid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_syncedrecordid: id("Synced Record Id"),
    mps_name: str("Name", 400, "Person and Email Account.", { required: true }),
    mps_emailaccountid: lookup("Email Account", "mps_emailaccount", "mps_emailaccount_mps_syncedrecord", "The Email Account.", true),
    mps_contactid: lookup("Contact", "contact", "mps_contact_mps_syncedrecord", "The Contact, when the person is a Contact."),
    mps_leadid: lookup("Lead", "lead", "mps_lead_mps_syncedrecord", "The Lead, when the person is a Lead."),
    mps_accountid: lookup("Account", "account", "mps_account_mps_syncedrecord", "The Account, when the person is an Account."),
    mps_emailaddress: str("Email Address", 320, "The normalised address as last synced.", { format: "email" }),
    mps_firsteligibleon: when("First Eligible On", "When the record was first seen in an email-activated list of this account. Never cleared."),
    mps_suppressed: bool("Suppressed", "Suppressed in Dotdigital: its preferences do not sync until it re-subscribes."),
    mps_suppressionreason: str("Suppression Reason", 100, "Dotdigital's reason, e.g. Unsubscribed, HardBounced."),
    mps_lastsyncedon: when("Last Synced On", "When the sync last looked at this record."),
    mps_key: str("Key", 200, "Email Account, table and record: the alternate key the sync upserts by.", { required: true }),
  },
  alternateKeys: [{ name: "mps_syncedrecord_key", displayName: "Synced Record Key", columns: ["mps_key"] }],
  changeTracking: false,
  auditing: false,
} as const satisfies TableDef;

export const syncRun = {
  logicalName: "mps_syncrun",
  entitySetName: "mps_syncruns",
  displayName: "Sync Run",
  pluralName: "Sync Runs",
  description: "One run of the sync for one Email Account: the log shown on the Email Account.",
  custom: true,
  primaryIdColumn: "mps_syncrunid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_syncrunid: id("Sync Run Id"),
    mps_name: str("Name", 200, "Email Account and start time.", { required: true }),
    mps_emailaccountid: lookup("Email Account", "mps_emailaccount", "mps_emailaccount_mps_syncrun", "The Email Account that ran.", true),
    mps_trigger: { type: "choice", displayName: "Trigger", description: "What started the run.", choice: triggerChoice },
    mps_dryrun: bool("Dry Run", "Planned only: nothing was written but this row."),
    mps_startedon: when("Started On", "When the run started (UTC)."),
    mps_finishedon: when("Finished On", "When the run finished (UTC)."),
    mps_result: { type: "choice", displayName: "Result", description: "How the run ended.", choice: runResultChoice },
    mps_pulled: int("Pulled", "Values written to Dynamics."),
    mps_pushed: int("Pushed", "Values written to Dotdigital."),
    mps_conflicts: int("Conflicts", "Values both sides changed, settled by the conflict policy."),
    mps_skippedsuppressed: int("Skipped: Suppressed", "Values skipped because the contact is suppressed."),
    mps_skippedineligible: int("Skipped: Not Eligible", "Values skipped because the record was never in an email-activated list."),
    mps_failed: int("Failed", "Values that could not be synced."),
    mps_dataversecalls: int("Dataverse Calls", "Web API requests the run made."),
    mps_dotdigitalcalls: int("Dotdigital Calls", "Dotdigital API requests the run made."),
    mps_summary: memo("Summary", 100000, "What the run did, or planned in a dry run."),
    mps_correlationid: str("Correlation Id", 100, "Ties the run to the service's logs and the webhook delivery."),
  },
  alternateKeys: [],
  changeTracking: false,
  auditing: false,
} as const satisfies TableDef;

export const preferenceChange = {
  logicalName: "mps_preferencechange",
  entitySetName: "mps_preferencechanges",
  displayName: "Preference Change",
  pluralName: "Preference Changes",
  description: "Consent audit trail: one row per value the sync wrote. Append-only.",
  custom: true,
  primaryIdColumn: "mps_preferencechangeid",
  primaryNameColumn: "mps_name",
  columns: {
    mps_preferencechangeid: id("Preference Change Id"),
    mps_name: str("Name", 400, "Preference, person and direction.", { required: true }),
    mps_subscriptionid: lookup("Subscription", "mps_marketingpreferencesubscription", "mps_subscription_mps_preferencechange", "The subscription that changed."),
    mps_emailaddress: str("Email Address", 320, "The address the change was made for.", { format: "email" }),
    mps_marketingpreferenceid: lookup("Marketing Preference", "mps_marketingpreference", "mps_marketingpreference_mps_preferencechange", "The preference."),
    mps_oldvalue: { type: "choice", displayName: "Old Value", description: "The value before; empty when there was none.", choice: preferenceValueChoice },
    mps_newvalue: { type: "choice", displayName: "New Value", description: "The value after.", choice: preferenceValueChoice },
    mps_direction: { type: "choice", displayName: "Direction", description: "Which side was written.", choice: directionChoice },
    mps_reason: { type: "choice", displayName: "Reason", description: "Why the sync wrote it.", choice: changeReasonChoice },
    mps_changedon: when("Changed On", "When the winning side changed it."),
    mps_syncrunid: lookup("Sync Run", "mps_syncrun", "mps_syncrun_mps_preferencechange", "The run that wrote it."),
  },
  alternateKeys: [],
  changeTracking: false,
  auditing: true,
} as const satisfies TableDef;

// Standard tables: only the columns we read or add are listed.
export const contact = {
  logicalName: "contact",
  entitySetName: "contacts",
  displayName: "Contact",
  pluralName: "Contacts",
  description: "Standard table.",
  custom: false,
  primaryIdColumn: "contactid",
  primaryNameColumn: "fullname",
  columns: {
    contactid: id("Contact Id"),
    fullname: str("Full Name", 160, "Standard column."),
    firstname: str("First Name", 50, "Standard column."),
    lastname: str("Last Name", 50, "Standard column."),
    emailaddress1: str("Email", 100, "Standard column: the address a Contact syncs under.", { format: "email" }),
  },
  alternateKeys: [],
  changeTracking: true,
  auditing: false,
} as const satisfies TableDef;

export const lead = {
  logicalName: "lead",
  entitySetName: "leads",
  displayName: "Lead",
  pluralName: "Leads",
  description: "Standard table.",
  custom: false,
  primaryIdColumn: "leadid",
  primaryNameColumn: "fullname",
  columns: {
    leadid: id("Lead Id"),
    fullname: str("Name", 160, "Standard column."),
    firstname: str("First Name", 50, "Standard column."),
    lastname: str("Last Name", 50, "Standard column."),
    companyname: str("Company Name", 100, "Standard column."),
    emailaddress1: str("Email", 100, "Standard column: the address a Lead syncs under.", { format: "email" }),
  },
  alternateKeys: [],
  changeTracking: true,
  auditing: false,
} as const satisfies TableDef;

export const account = {
  logicalName: "account",
  entitySetName: "accounts",
  displayName: "Account",
  pluralName: "Accounts",
  description: "Standard table.",
  custom: false,
  primaryIdColumn: "accountid",
  primaryNameColumn: "name",
  columns: {
    accountid: id("Account Id"),
    name: str("Account Name", 160, "Standard column."),
    emailaddress1: str("Email", 100, "Standard column: the address an Account syncs under.", { format: "email" }),
  },
  alternateKeys: [],
  changeTracking: true,
  auditing: false,
} as const satisfies TableDef;

export const marketingList = {
  logicalName: "list",
  entitySetName: "lists",
  displayName: "Marketing List",
  pluralName: "Marketing Lists",
  description: "Standard table, extended with the Dotdigital email activation.",
  custom: false,
  primaryIdColumn: "listid",
  primaryNameColumn: "listname",
  columns: {
    listid: id("List Id"),
    listname: str("Name", 128, "Standard column."),
    createdfromcode: int("Targeted At", "Standard column: 1 Account, 2 Contact, 4 Lead.", 1, 4),
    mps_emailactivated: bool("Activated for Email", "Members of an activated list are eligible to sync with the list's Email Account."),
    mps_emailaccountid: lookup("Email Account", "mps_emailaccount", "mps_emailaccount_list", "The Email Account the list is activated for."),
  },
  alternateKeys: [],
  changeTracking: false,
  auditing: false,
} as const satisfies TableDef;

/** List membership: the standard N:N relationships of list with each record table. */
export const listMemberRelationships = {
  contact: { schemaName: "listcontact_association", intersectEntity: "listmember" },
  lead: { schemaName: "listlead_association", intersectEntity: "listmember" },
  account: { schemaName: "listaccount_association", intersectEntity: "listmember" },
} as const satisfies Record<RecordTable, { schemaName: string; intersectEntity: string }>;

/** The tables our solution creates. */
export const customTables = [emailAccount, syncSchedule, marketingPreference, subscription, syncedRecord, syncRun, preferenceChange] as const;
/** The standard tables we extend or read. */
export const standardTables = [contact, lead, account, marketingList] as const;
export const allTables: readonly TableDef[] = [...customTables, ...standardTables];

/** The record tables' definitions, keyed by logical name. */
export const recordTables = { contact, lead, account } as const satisfies Record<RecordTable, TableDef>;

/** The lookup column on subscriptions and synced records that points at each record table. */
export const recordLookupColumn = {
  contact: "mps_contactid",
  lead: "mps_leadid",
  account: "mps_accountid",
} as const satisfies Record<RecordTable, string>;

export function tableByLogicalName(logicalName: string): TableDef | undefined {
  return allTables.find((t) => t.logicalName === logicalName);
}

export function tableByEntitySetName(entitySetName: string): TableDef | undefined {
  return allTables.find((t) => t.entitySetName === entitySetName);
}

/** Column names of a table, typed, e.g. `ColumnName<typeof subscription>`. */
export type ColumnName<T extends TableDef> = keyof T["columns"] & string;

/**
 * Schema names. Our tables and columns use their logical name as schema name (all lower case,
 * which Dataverse accepts), so a lookup's navigation property — the name used in `@odata.bind`
 * and `$expand` — is the lookup column's logical name, e.g. `"mps_emailaccountid@odata.bind"`.
 * One rule, no table of exceptions: the solution XML, the stand-in and the connectors all use it.
 */
export function schemaNameOf(logicalName: string): string {
  return logicalName;
}

/** The navigation property of a lookup column (see schemaNameOf). */
export function navigationPropertyOf(lookupColumn: string): string {
  return schemaNameOf(lookupColumn);
}

/** The computed read/filter property of a lookup column: `_<lookup>_value`. */
export function lookupValueProperty<C extends string>(lookupColumn: C): `_${C}_value` {
  return `_${lookupColumn}_value`;
}
