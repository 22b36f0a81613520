import {
  RECORD_TABLES,
  RunResult,
  SyncStatus,
  SyncType,
  Trigger,
  emailAccount,
  marketingList,
  marketingPreference,
  navigationPropertyOf as nav,
  preferenceChange,
  recordLookupColumn,
  recordTables,
  subscription,
  syncRun,
  syncSchedule,
  syncedRecord,
  lookupValueProperty as lv,
  type RecordTable,
} from "@mps/model";
import type { DataverseClient, WriteOp, WriteResult } from "./client";
import { DataverseError } from "./errors";
import { eqString, filterGuid, keySegment } from "./odata";
import {
  emailAccountRow,
  marketingListRow,
  marketingPreferenceRow,
  subscriptionRow,
  syncScheduleRow,
  syncedRecordRow,
  type EmailAccountRow,
  type MarketingListRow,
  type MarketingPreferenceRow,
  type SubscriptionRow,
  type SyncScheduleRow,
  type SyncedRecordRow,
} from "./wire";
import type { z } from "zod";

/** A Contact, Lead or Account. */
export interface RecordKey {
  readonly table: RecordTable;
  readonly id: string;
}

export interface RecordEmail {
  readonly record: RecordKey;
  readonly email: string | null;
}

/** A row that did not match its schema: reported per item, the rest of the read goes on. */
export interface RowProblem {
  readonly entitySet: string;
  readonly id: string | null;
  readonly message: string;
}

export type TriggerLabel = keyof typeof Trigger;
export type RunResultLabel = keyof typeof RunResult;

export interface RunCountersRow {
  readonly pulled: number;
  readonly pushed: number;
  readonly conflicts: number;
  readonly skippedSuppressed: number;
  readonly skippedIneligible: number;
  readonly failed: number;
  readonly dataverseCalls: number;
  readonly dotdigitalCalls: number;
}

// Chunk sizes for "one of these values" filters: long enough to save calls, short enough for the
// URL to fit in a $batch part (64 KB), which dynamics-web-api uses for long GETs on its own.
const GUID_CHUNK = 400;
const EMAIL_CHUNK = 300;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function anyOf(column: string, values: readonly string[], literal: (v: string) => string): string {
  return `(${values.map((v) => `${column} eq ${literal(v)}`).join(" or ")})`;
}

const byAccount = (accountId: string) => `${lv("mps_emailaccountid")} eq ${filterGuid(accountId)}`;
const bind = (entitySet: string, id: string) => `/${entitySet}(${id})`;
const iso = (ms: number) => new Date(ms).toISOString();

/** The record a subscription or synced-record row points at. */
export function recordOf(row: { readonly _mps_contactid_value: string | null; readonly _mps_leadid_value: string | null; readonly _mps_accountid_value: string | null }): RecordKey | null {
  if (row._mps_contactid_value !== null) return { table: "contact", id: row._mps_contactid_value };
  if (row._mps_leadid_value !== null) return { table: "lead", id: row._mps_leadid_value };
  if (row._mps_accountid_value !== null) return { table: "account", id: row._mps_accountid_value };
  return null;
}

const ACCOUNT_SELECT = ["mps_emailaccountid", "mps_name", "mps_apiuser", "mps_apiendpoint", "mps_credentialname", "mps_conflictpolicy", "mps_emailchangepolicy"];
const SCHEDULE_SELECT = Object.keys(syncSchedule.columns)
  .filter((c) => c !== "mps_emailaccountid" && c !== "mps_name")
  .concat([lv("mps_emailaccountid")]);

const SUBSCRIPTION_SELECT = [
  subscription.primaryIdColumn,
  "mps_key",
  lv("mps_marketingpreferenceid"),
  lv("mps_contactid"),
  lv("mps_leadid"),
  lv("mps_accountid"),
  "mps_emailaddress",
  "mps_optedin",
  "mps_syncedvalue",
  "mps_syncstate",
  "modifiedon",
];
const SYNCED_RECORD_SELECT = [
  syncedRecord.primaryIdColumn,
  "mps_key",
  lv("mps_contactid"),
  lv("mps_leadid"),
  lv("mps_accountid"),
  "mps_emailaddress",
  "mps_firsteligibleon",
  "mps_suppressed",
  "mps_suppressionreason",
  "mps_lastsyncedon",
];

/**
 * The runner's view of Dataverse: our tables read into validated rows and written in batches.
 * Every query is scoped to one Email Account, so a run cannot touch another account's rows.
 */
export class DataverseStore {
  readonly problems: RowProblem[] = [];

  constructor(private readonly client: DataverseClient) {}

  calls(): number {
    return this.client.calls();
  }

  private parse<S extends z.ZodType>(entitySet: string, idColumn: string, schema: S, rows: readonly Record<string, unknown>[]): z.output<S>[] {
    const out: z.output<S>[] = [];
    for (const raw of rows) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        const id = typeof raw[idColumn] === "string" ? (raw[idColumn]) : null;
        this.problems.push({ entitySet, id, message: `${issue?.path.join(".") || "row"}: ${issue?.message ?? "invalid"}` });
      }
    }
    return out;
  }

  /** Refuses what the Web API connector cannot serve (DESIGN.md §8). */
  async checkVersion(): Promise<string> {
    const version = await this.client.retrieveVersion();
    const major = Number(version.split(".")[0]);
    if (major <= 5) throw new DataverseError("unsupported-version", `Dynamics 2011 is not supported (the organisation reports version ${version})`);
    if (major < 8) throw new DataverseError("unsupported-version", `Dynamics CRM 2013/2015 (version ${version}) needs the OData v2 connector, which this build does not include`);
    return version;
  }

  async findAccount(by: { readonly id: string } | { readonly name: string }): Promise<EmailAccountRow | null> {
    const filter = "id" in by ? `${emailAccount.primaryIdColumn} eq ${filterGuid(by.id)}` : eqString("mps_name", by.name);
    const rows = await this.client.queryAll(emailAccount.entitySetName, {
      select: ACCOUNT_SELECT,
      filter: `${filter} and statecode eq 0`,
    });
    const parsed = this.parse(emailAccount.entitySetName, emailAccount.primaryIdColumn, emailAccountRow, rows);
    if (parsed.length > 1) throw new DataverseError("bad-request", `More than one active Email Account is named "${"name" in by ? by.name : by.id}": use the id`);
    return parsed[0] ?? null;
  }

  async listAccounts(): Promise<EmailAccountRow[]> {
    const rows = await this.client.queryAll(emailAccount.entitySetName, {
      select: ["mps_emailaccountid", "mps_name", "mps_apiuser", "mps_apiendpoint", "mps_credentialname", "mps_conflictpolicy", "mps_emailchangepolicy"],
      filter: "statecode eq 0",
      orderBy: ["mps_name"],
    });
    return this.parse(emailAccount.entitySetName, emailAccount.primaryIdColumn, emailAccountRow, rows);
  }

  async setApiEndpoint(accountId: string, apiEndpoint: string): Promise<void> {
    await this.client.update(emailAccount.entitySetName, accountId, { mps_apiendpoint: apiEndpoint });
  }

  /**
   * The Email Account and its Marketing preferences schedule in one request (the schedule with its
   * account expanded); an account without a schedule row gets one (Manual), as the dialog would.
   */
  async accountAndSchedule(by: { readonly id: string } | { readonly name: string }): Promise<{ account: EmailAccountRow; schedule: SyncScheduleRow } | null> {
    const which = "id" in by ? `${lv("mps_emailaccountid")} eq ${filterGuid(by.id)}` : eqString(`${nav("mps_emailaccountid")}/mps_name`, by.name);
    const rows = await this.client.queryAll(syncSchedule.entitySetName, {
      select: SCHEDULE_SELECT,
      filter: `${which} and mps_synctype eq ${SyncType["Marketing preferences"]} and ${nav("mps_emailaccountid")}/statecode eq 0`,
      expand: [{ property: nav("mps_emailaccountid"), select: ACCOUNT_SELECT }],
    });
    const found = rows[0];
    if (found !== undefined) {
      const account = this.parse(emailAccount.entitySetName, emailAccount.primaryIdColumn, emailAccountRow, [found[nav("mps_emailaccountid")] as Record<string, unknown>])[0];
      const schedule = this.parse(syncSchedule.entitySetName, syncSchedule.primaryIdColumn, syncScheduleRow, [found])[0];
      if (rows.length > 1 && "name" in by) throw new DataverseError("bad-request", `More than one active Email Account is named "${by.name}": use the id`);
      if (account !== undefined && schedule !== undefined) return { account, schedule };
    }
    const account = await this.findAccount(by);
    if (account === null) return null;
    await this.client.create(syncSchedule.entitySetName, {
      mps_name: `${account.mps_name} – Marketing preferences`,
      [`${nav("mps_emailaccountid")}@odata.bind`]: bind(emailAccount.entitySetName, account.mps_emailaccountid),
      mps_synctype: SyncType["Marketing preferences"],
    });
    const created = await this.client.queryAll(syncSchedule.entitySetName, {
      select: SCHEDULE_SELECT,
      filter: `${byAccount(account.mps_emailaccountid)} and mps_synctype eq ${SyncType["Marketing preferences"]}`,
    });
    const schedule = this.parse(syncSchedule.entitySetName, syncSchedule.primaryIdColumn, syncScheduleRow, created)[0];
    if (schedule === undefined) throw new DataverseError("bad-response", "The new Scheduled Sync Setting could not be read back");
    return { account, schedule };
  }

  async catalogue(accountId: string): Promise<MarketingPreferenceRow[]> {
    const rows = await this.client.queryAll(marketingPreference.entitySetName, {
      select: ["mps_marketingpreferenceid", "mps_name", "mps_publicname", "mps_dotdigitalid", "mps_ispreference", "mps_ispublic", "mps_order", lv("mps_parentcategoryid"), "statecode"],
      filter: byAccount(accountId),
    });
    return this.parse(marketingPreference.entitySetName, marketingPreference.primaryIdColumn, marketingPreferenceRow, rows);
  }

  async activatedLists(accountId: string): Promise<MarketingListRow[]> {
    const rows = await this.client.queryAll(marketingList.entitySetName, {
      select: ["listid", "listname", "createdfromcode", "modifiedon"],
      filter: `${byAccount(accountId)} and mps_emailactivated eq true and statecode eq 0`,
    });
    return this.parse(marketingList.entitySetName, marketingList.primaryIdColumn, marketingListRow, rows);
  }

  /**
   * Memberships of the given lists as listmember rows (record ids only), optionally only those
   * added since a time: new members of unchanged lists cost one small query, not a re-read.
   */
  async listMembers(listIds: readonly string[], since: number | null): Promise<{ record: RecordKey; createdOn: number }[]> {
    const out: { record: RecordKey; createdOn: number }[] = [];
    for (const chunk of chunks(listIds, GUID_CHUNK)) {
      const rows = await this.client.queryAll("listmembers", {
        select: ["_entityid_value", "entitytype", "createdon"],
        filter: `${anyOf("_listid_value", chunk, filterGuid)}${since === null ? "" : ` and createdon ge ${iso(since)}`}`,
      });
      for (const r of rows) {
        const id = r["_entityid_value"];
        const table = r["entitytype"];
        const created = r["createdon"];
        const createdOn = created instanceof Date ? created.getTime() : typeof created === "string" ? Date.parse(created) : NaN;
        if (typeof id === "string" && (table === "contact" || table === "lead" || table === "account")) out.push({ record: { table, id }, createdOn });
      }
    }
    return out;
  }

  /**
   * Subscription rows whose Status differs from the agreed value: the Dynamics-side changes. A
   * query, not a watermark: the sync's own writes leave Status equal to the agreed value, so they
   * never come back as changes, and nothing expires.
   */
  async pendingSubscriptions(accountId: string, optedIn: number, optedOut: number): Promise<SubscriptionRow[]> {
    const rows = await this.client.queryAll(subscription.entitySetName, {
      select: SUBSCRIPTION_SELECT,
      filter: `${byAccount(accountId)} and statecode eq 0 and ((mps_optedin eq true and (mps_syncedvalue eq null or mps_syncedvalue eq ${optedOut})) or (mps_optedin eq false and mps_syncedvalue eq ${optedIn}))`,
    });
    return this.parse(subscription.entitySetName, subscription.primaryIdColumn, subscriptionRow, rows);
  }

  /** Every active subscription row of the account, in pages (cheaper than by record for large sets). */
  async allSubscriptions(accountId: string): Promise<SubscriptionRow[]> {
    const rows = await this.client.queryAll(subscription.entitySetName, { select: SUBSCRIPTION_SELECT, filter: `${byAccount(accountId)} and statecode eq 0` });
    return this.parse(subscription.entitySetName, subscription.primaryIdColumn, subscriptionRow, rows);
  }

  async subscriptionsOf(accountId: string, records: readonly RecordKey[]): Promise<SubscriptionRow[]> {
    return this.byRecords(subscription, SUBSCRIPTION_SELECT, subscriptionRow, `${byAccount(accountId)} and statecode eq 0`, records);
  }

  async syncedRecordsByRecord(accountId: string, records: readonly RecordKey[]): Promise<SyncedRecordRow[]> {
    return this.byRecords(syncedRecord, SYNCED_RECORD_SELECT, syncedRecordRow, byAccount(accountId), records);
  }

  /** Rows of one of our tables that point at the given records, in chunks of ids per record table. */
  private async byRecords<S extends z.ZodType>(
    table: { readonly entitySetName: string; readonly primaryIdColumn: string },
    select: readonly string[],
    schema: S,
    filter: string,
    records: readonly RecordKey[],
  ): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    for (const t of RECORD_TABLES) {
      const ids = records.filter((r) => r.table === t).map((r) => r.id);
      for (const chunk of chunks(ids, GUID_CHUNK)) {
        const rows = await this.client.queryAll(table.entitySetName, { select, filter: `${filter} and ${anyOf(lv(recordLookupColumn[t]), chunk, filterGuid)}` });
        out.push(...this.parse(table.entitySetName, table.primaryIdColumn, schema, rows));
      }
    }
    return out;
  }

  async syncedRecordsByEmail(accountId: string, emails: readonly string[]): Promise<SyncedRecordRow[]> {
    const out: SyncedRecordRow[] = [];
    for (const chunk of chunks(emails, EMAIL_CHUNK)) {
      const rows = await this.client.queryAll(syncedRecord.entitySetName, {
        select: SYNCED_RECORD_SELECT,
        filter: `${byAccount(accountId)} and ${anyOf("mps_emailaddress", chunk, (v) => `'${v.replace(/'/g, "''")}'`)}`,
      });
      out.push(...this.parse(syncedRecord.entitySetName, syncedRecord.primaryIdColumn, syncedRecordRow, rows));
    }
    return out;
  }

  /** Every synced record of the account (the first run and the daily eligibility refresh need them). */
  async allSyncedRecords(accountId: string): Promise<SyncedRecordRow[]> {
    const rows = await this.client.queryAll(syncedRecord.entitySetName, { select: SYNCED_RECORD_SELECT, filter: byAccount(accountId) });
    return this.parse(syncedRecord.entitySetName, syncedRecord.primaryIdColumn, syncedRecordRow, rows);
  }

  /** Current emails of records, read by id (for records whose email may have changed). */
  async recordEmails(records: readonly RecordKey[]): Promise<RecordEmail[]> {
    const out: RecordEmail[] = [];
    for (const table of RECORD_TABLES) {
      const def = recordTables[table];
      const ids = records.filter((r) => r.table === table).map((r) => r.id);
      for (const chunk of chunks(ids, GUID_CHUNK)) {
        const rows = await this.client.queryAll(def.entitySetName, { select: [def.primaryIdColumn, "emailaddress1"], filter: anyOf(def.primaryIdColumn, chunk, filterGuid) });
        for (const r of rows) {
          const id = r[def.primaryIdColumn];
          if (typeof id === "string") out.push({ record: { table, id }, email: typeof r["emailaddress1"] === "string" ? r["emailaddress1"] : null });
        }
      }
    }
    return out;
  }

  /** Records of a table whose email (or anything) changed since the delta link; a full read starts tracking. */
  async recordChanges(table: RecordTable, deltaLink: string | null): Promise<{ changed: RecordEmail[]; deltaLink: string }> {
    const def = recordTables[table];
    const delta = await this.client.delta(def.entitySetName, [def.primaryIdColumn, "emailaddress1"], deltaLink);
    const changed = delta.changed.flatMap((r) => {
      const id = r[def.primaryIdColumn];
      return typeof id === "string" ? [{ record: { table, id }, email: typeof r["emailaddress1"] === "string" ? r["emailaddress1"] : null }] : [];
    });
    return { changed, deltaLink: delta.deltaLink };
  }

  write(ops: readonly WriteOp[]): Promise<WriteResult[]> {
    return this.client.write(ops);
  }

  /** Creates the Sync Run (Running) and marks the schedule Synchronising In Progress, in one batch. */
  async startRun(accountId: string, accountName: string, trigger: TriggerLabel, dryRun: boolean, startedOn: number, correlationId: string, scheduleId: string | null): Promise<string> {
    const ops: WriteOp[] = [
      {
        kind: "create",
        entitySet: syncRun.entitySetName,
        data: {
          mps_name: `${accountName} – ${iso(startedOn)}${dryRun ? " (dry run)" : ""}`,
          [`${nav("mps_emailaccountid")}@odata.bind`]: bind(emailAccount.entitySetName, accountId),
          mps_trigger: Trigger[trigger],
          mps_dryrun: dryRun,
          mps_startedon: iso(startedOn),
          mps_result: RunResult.Running,
          mps_correlationid: correlationId,
        },
      },
    ];
    if (scheduleId !== null) ops.push({ kind: "update", entitySet: syncSchedule.entitySetName, id: scheduleId, data: { mps_status: SyncStatus["Synchronising In Progress"] } });
    const [created, marked] = await this.client.write(ops);
    if (created === undefined || !created.ok) throw created?.error ?? new DataverseError("bad-response", "Creating the Sync Run returned nothing");
    if (marked !== undefined && !marked.ok) throw marked.error;
    if (created.id === undefined) throw new DataverseError("bad-response", "Creating the Sync Run returned no id (OData-EntityId)");
    return created.id;
  }

  /** The run's row and the schedule's watermarks and result, in one batch: the last thing a run writes. */
  async finishRun(args: {
    readonly runId: string;
    readonly result: RunResultLabel;
    readonly finishedOn: number;
    readonly counters: RunCountersRow;
    readonly summary: string;
    readonly schedule: { readonly id: string; readonly fields: Record<string, unknown> } | null;
  }): Promise<void> {
    const { counters } = args;
    const ops: WriteOp[] = [
      {
        kind: "update",
        entitySet: syncRun.entitySetName,
        id: args.runId,
        data: {
          mps_result: RunResult[args.result],
          mps_finishedon: iso(args.finishedOn),
          mps_pulled: counters.pulled,
          mps_pushed: counters.pushed,
          mps_conflicts: counters.conflicts,
          mps_skippedsuppressed: counters.skippedSuppressed,
          mps_skippedineligible: counters.skippedIneligible,
          mps_failed: counters.failed,
          mps_dataversecalls: counters.dataverseCalls,
          mps_dotdigitalcalls: counters.dotdigitalCalls,
          mps_summary: args.summary.slice(0, 100000),
        },
      },
    ];
    if (args.schedule !== null) ops.push({ kind: "update", entitySet: syncSchedule.entitySetName, id: args.schedule.id, data: args.schedule.fields });
    const results = await this.client.write(ops);
    const failed = results.find((r) => !r.ok);
    if (failed !== undefined && !failed.ok) throw failed.error;
  }
}

/** Write operations for our tables, built in one place so names and binds stay consistent. */
export const writes = {
  upsertSubscription(key: string, data: Record<string, unknown>): WriteOp {
    return { kind: "upsert", entitySet: subscription.entitySetName, key: keySegment({ mps_key: key }), data };
  },
  upsertSyncedRecord(key: string, data: Record<string, unknown>): WriteOp {
    return { kind: "upsert", entitySet: syncedRecord.entitySetName, key: keySegment({ mps_key: key }), data };
  },
  createAudit(data: Record<string, unknown>): WriteOp {
    return { kind: "create", entitySet: preferenceChange.entitySetName, data };
  },
  upsertPreference(accountId: string, dotdigitalId: number, data: Record<string, unknown>): WriteOp {
    return { kind: "upsert", entitySet: marketingPreference.entitySetName, key: keySegment({ mps_emailaccountid: accountId, mps_dotdigitalid: dotdigitalId }), data };
  },
  updatePreference(rowId: string, data: Record<string, unknown>): WriteOp {
    return { kind: "update", entitySet: marketingPreference.entitySetName, id: rowId, data };
  },
  bindAccount(accountId: string): Record<string, string> {
    return { [`${nav("mps_emailaccountid")}@odata.bind`]: bind(emailAccount.entitySetName, accountId) };
  },
  bindRecord(record: RecordKey): Record<string, string> {
    return { [`${nav(recordLookupColumn[record.table])}@odata.bind`]: bind(recordTables[record.table].entitySetName, record.id) };
  },
  bind(lookupColumn: string, entitySet: string, id: string): Record<string, string> {
    return { [`${nav(lookupColumn)}@odata.bind`]: bind(entitySet, id) };
  },
  iso,
};

export const scheduleStatus = SyncStatus;
