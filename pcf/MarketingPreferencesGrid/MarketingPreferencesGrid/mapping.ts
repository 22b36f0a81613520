// Pure functions from the dataset to the grid's view model: no React, no ComponentFramework calls
// beyond reading a record, no clock. Everything the user sees is decided here and unit-tested.
import { ChangeSource, PreferenceValue, SyncState } from "@mps/model";
import { linked, MODIFIED_ON, PreferenceColumns, SubscriptionColumns } from "./columns";

/** The part of a dataset record the mapping reads (ComponentFramework's EntityRecord satisfies it). */
export interface RecordReader {
  getRecordId(): string;
  getValue(column: string): unknown;
  getFormattedValue(column: string): string | null | undefined;
}

export type ChangeSourceName = "dynamics" | "dotdigital";
export type SyncStateName = "synced" | "pending" | "skippedSuppressed" | "skippedNotEligible" | "error" | "unknown";

/** One row of the grid: one subscription of the record to one preference. */
export interface PreferenceRow {
  readonly id: string;
  readonly preferenceId: string;
  readonly publicName: string;
  readonly privateName: string;
  readonly isPublic: boolean;
  readonly optedIn: boolean;
  readonly order: number;
  readonly categoryId: string | null;
  /** The category's name as the lookup formats it, used until the catalogue has loaded. */
  readonly categoryLookupName: string;
  readonly emailAccountId: string;
  readonly emailAccountName: string;
  readonly lastChangedText: string;
  readonly lastChangeSource: ChangeSourceName | null;
  readonly syncState: SyncStateName;
  readonly syncMessage: string;
}

export interface Category {
  readonly id: string;
  readonly name: string;
  readonly order: number;
}

export type Filter = "all" | "optedIn" | "optedOut" | "private" | "public";
export const FILTERS: readonly Filter[] = ["all", "optedIn", "optedOut", "private", "public"];

export interface RowGroup {
  readonly key: string;
  readonly name: string;
  readonly startIndex: number;
  readonly count: number;
}

export interface GroupedRows {
  /** Rows in display order: groups one after another, each in Dotdigital's order. */
  readonly items: readonly PreferenceRow[];
  readonly groups: readonly RowGroup[];
}

/** Dataverse ids arrive as "{GUID}", "GUID" or upper case depending on the API; compare them normalised. */
export function normaliseId(id: string): string {
  return id.replace(/[{}]/g, "").toLowerCase();
}

function asBoolean(value: unknown): boolean {
  // Two-options columns come back as boolean from the Web API but as "1"/"0" in some dataset hosts.
  return value === true || value === 1 || value === "1" || value === "true";
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : "";
}

interface Reference {
  readonly id: string;
  readonly name: string;
}

/** A lookup value: EntityReference ({id:{guid}}), LookupValue ({id}) or an array of either. */
function asReference(value: unknown): Reference | null {
  const v: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof v !== "object" || v === null || !("id" in v)) return null;
  const raw = v.id;
  const id = typeof raw === "string" ? raw : typeof raw === "object" && raw !== null && "guid" in raw && typeof raw.guid === "string" ? raw.guid : "";
  if (id === "") return null;
  const name = "name" in v && typeof v.name === "string" ? v.name : "";
  return { id: normaliseId(id), name };
}

function changeSourceOf(value: number | null): ChangeSourceName | null {
  if (value === ChangeSource.Dotdigital) return "dotdigital";
  if (value === ChangeSource.Dynamics) return "dynamics";
  return null;
}

function syncStateOf(value: number | null): SyncStateName {
  switch (value) {
    case SyncState.Synced:
      return "synced";
    case SyncState.Pending:
      return "pending";
    case SyncState["Skipped: suppressed"]:
      return "skippedSuppressed";
    case SyncState["Skipped: not eligible"]:
      return "skippedNotEligible";
    case SyncState.Error:
      return "error";
    default:
      return "unknown";
  }
}

/** One dataset record → one row. Missing linked values fall back so a half-configured view still shows. */
export function toRow(record: RecordReader): PreferenceRow {
  const get = (column: string): unknown => record.getValue(column);
  const formatted = (column: string): string => record.getFormattedValue(column) ?? "";
  const preference = asReference(get(SubscriptionColumns.preference));
  const account = asReference(get(SubscriptionColumns.emailAccount));
  const category = asReference(get(linked(PreferenceColumns.category)));
  const optedIn = asBoolean(get(SubscriptionColumns.optedIn));
  const synced = asNumber(get(SubscriptionColumns.syncedValue));
  // A Status that differs from the value both sides last agreed on was changed in Dynamics after the
  // last sync (the sync writes the source only when it runs): show that change, waiting to go out.
  const changedSinceSync = synced !== null && (synced === PreferenceValue["Opted in"]) !== optedIn;
  const source = changedSinceSync ? "dynamics" : changeSourceOf(asNumber(get(SubscriptionColumns.lastChangeSource)));
  // When Dotdigital made the last change, its own timestamp is the one that means something to the user;
  // modifiedon would show when the sync wrote it.
  const whenColumn = source === "dotdigital" ? SubscriptionColumns.dotdigitalModifiedOn : MODIFIED_ON;
  const privateName = asText(get(linked(PreferenceColumns.privateName))) || (preference?.name ?? "");
  const publicName = asText(get(linked(PreferenceColumns.publicName))) || privateName;
  return {
    id: normaliseId(record.getRecordId()),
    preferenceId: preference?.id ?? "",
    publicName,
    privateName,
    isPublic: asBoolean(get(linked(PreferenceColumns.isPublic))),
    optedIn,
    order: asNumber(get(linked(PreferenceColumns.order))) ?? Number.MAX_SAFE_INTEGER,
    categoryId: category?.id ?? null,
    categoryLookupName: category?.name ?? "",
    emailAccountId: account?.id ?? "",
    emailAccountName: account?.name ?? "",
    lastChangedText: formatted(whenColumn),
    lastChangeSource: source,
    syncState: changedSinceSync ? "pending" : syncStateOf(asNumber(get(SubscriptionColumns.syncState))),
    syncMessage: changedSinceSync ? "" : asText(get(SubscriptionColumns.syncMessage)),
  };
}

/** The dataset's records in the dataset's order. */
export function toRows(sortedIds: readonly string[], records: Readonly<Record<string, RecordReader | undefined>>): PreferenceRow[] {
  const rows: PreferenceRow[] = [];
  for (const id of sortedIds) {
    const record = records[id];
    if (record) rows.push(toRow(record));
  }
  return rows;
}

/** Category rows from a Web API read of mps_marketingpreference (mps_ispreference = No). */
export function toCategories(entities: readonly Readonly<Record<string, unknown>>[]): Map<string, Category> {
  const out = new Map<string, Category>();
  for (const e of entities) {
    const id = asText(e[PreferenceColumns.id]);
    if (id === "") continue;
    const name = asText(e[PreferenceColumns.publicName]) || asText(e[PreferenceColumns.privateName]);
    out.set(normaliseId(id), { id: normaliseId(id), name, order: asNumber(e[PreferenceColumns.order]) ?? Number.MAX_SAFE_INTEGER });
  }
  return out;
}

/** Preferences from more than one Email Account: only then is the account worth a column. */
export function hasSeveralAccounts(rows: readonly PreferenceRow[]): boolean {
  const first = rows[0]?.emailAccountId;
  return rows.some((r) => r.emailAccountId !== first);
}

export function matchesFilter(row: PreferenceRow, filter: Filter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "optedIn":
      return row.optedIn;
    case "optedOut":
      return !row.optedIn;
    case "private":
      return !row.isPublic;
    case "public":
      return row.isPublic;
  }
}

/** How many rows each filter shows (over every row: the search box narrows the list, not the counts). */
export function countByFilter(rows: readonly PreferenceRow[]): Record<Filter, number> {
  const counts: Record<Filter, number> = { all: rows.length, optedIn: 0, optedOut: 0, private: 0, public: 0 };
  for (const r of rows) {
    if (r.optedIn) counts.optedIn++;
    else counts.optedOut++;
    if (r.isPublic) counts.public++;
    else counts.private++;
  }
  return counts;
}

/** Case-insensitive search over public name, private name and category name. */
export function filterRows(rows: readonly PreferenceRow[], filter: Filter, search: string, categories: ReadonlyMap<string, Category>): PreferenceRow[] {
  const needle = search.trim().toLowerCase();
  return rows.filter((r) => {
    if (!matchesFilter(r, filter)) return false;
    if (needle === "") return true;
    const category = r.categoryId === null ? "" : (categories.get(r.categoryId)?.name ?? r.categoryLookupName);
    return r.publicName.toLowerCase().includes(needle) || r.privateName.toLowerCase().includes(needle) || category.toLowerCase().includes(needle);
  });
}

interface GroupDraft {
  key: string;
  name: string;
  order: number;
  rows: PreferenceRow[];
}

const UNCATEGORISED = "";

const byOrderThenName = (a: { order: number; name: string }, b: { order: number; name: string }): number => a.order - b.order || a.name.localeCompare(b.name);

/**
 * Groups rows by category in Dotdigital's order: categories by their mps_order, preferences inside by
 * theirs. Preferences without a category form one group placed where its first preference sits.
 */
export function groupRows(rows: readonly PreferenceRow[], categories: ReadonlyMap<string, Category>, uncategorisedName: string): GroupedRows {
  const drafts = new Map<string, GroupDraft>();
  for (const row of rows) {
    const key = row.categoryId ?? UNCATEGORISED;
    let draft = drafts.get(key);
    if (!draft) {
      const category = row.categoryId === null ? undefined : categories.get(row.categoryId);
      draft = {
        key,
        name: key === UNCATEGORISED ? uncategorisedName : (category?.name ?? row.categoryLookupName),
        order: category?.order ?? Number.MAX_SAFE_INTEGER,
        rows: [],
      };
      drafts.set(key, draft);
    }
    draft.rows.push(row);
  }
  const sorted = [...drafts.values()];
  for (const d of sorted) {
    d.rows.sort((a, b) => a.order - b.order || a.publicName.localeCompare(b.publicName));
    if (d.key === UNCATEGORISED) d.order = d.rows[0]?.order ?? Number.MAX_SAFE_INTEGER;
  }
  sorted.sort(byOrderThenName);
  const items: PreferenceRow[] = [];
  const groups: RowGroup[] = [];
  for (const d of sorted) {
    groups.push({ key: d.key === UNCATEGORISED ? "uncategorised" : d.key, name: d.name, startIndex: items.length, count: d.rows.length });
    items.push(...d.rows);
  }
  return { items, groups };
}
