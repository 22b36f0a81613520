import { randomUUID } from "node:crypto";
import { DataverseError, dvErrors } from "./errors";
import { type EntitySetInfo, type Schema } from "./schema";
import { type CellValue, type RowValues } from "./values";

/** A removed row, kept for change tracking. */
export interface Deletion {
  readonly id: string;
  readonly version: number;
}

class TableStore {
  readonly rows = new Map<string, RowValues>();
  /** One index per alternate key: normalised key values → row id. */
  readonly keyIndexes = new Map<string, Map<string, string>>();
  readonly deletions: Deletion[] = [];
  private sorted: string[] | undefined;

  constructor(readonly set: EntitySetInfo) {
    for (const key of set.table.alternateKeys) this.keyIndexes.set(key.name, new Map());
  }

  /** Row ids in ascending order: the default order and the paging cursor. Rebuilt lazily after inserts/deletes. */
  sortedIds(): string[] {
    this.sorted ??= [...this.rows.keys()].sort();
    return this.sorted;
  }
  invalidateOrder(): void {
    this.sorted = undefined;
  }
}

/** The normalised text of an alternate key's values, or undefined when one of them is empty. */
export function keyText(values: readonly CellValue[]): string | undefined {
  if (values.some((v) => v === null || v === undefined)) return undefined;
  // SQL Server's default collation makes key values case-insensitive.
  return values.map((v) => (typeof v === "string" ? v.toLowerCase() : String(v))).join("\u0001");
}

/**
 * The in-memory tables. Every write bumps one global version (the row's versionnumber and ETag);
 * inside `transaction` every write also records how to undo it, so a failed change set rolls back.
 */
export class Store {
  private version = 1_000_000;
  private readonly tables = new Map<string, TableStore>();
  /** Index over the listmember rows: list id → member id → listmember id. */
  readonly listMembers = new Map<string, Map<string, string>>();
  private undo: (() => void)[] | undefined;

  constructor(readonly schema: Schema) {
    for (const set of schema.sets) this.tables.set(set.logicalName, new TableStore(set));
  }

  get currentVersion(): number {
    return this.version;
  }

  private table(logicalName: string): TableStore {
    const t = this.tables.get(logicalName);
    if (t === undefined) throw dvErrors.segmentNotFound(logicalName);
    return t;
  }

  get(logicalName: string, id: string): RowValues | undefined {
    return this.table(logicalName).rows.get(id.toLowerCase());
  }

  /** The table's rows by (lower-case) id, for scans that must not pay a lookup per row. */
  rowsOf(logicalName: string): ReadonlyMap<string, RowValues> {
    return this.table(logicalName).rows;
  }

  count(logicalName: string): number {
    return this.table(logicalName).rows.size;
  }

  sortedIds(logicalName: string): string[] {
    return this.table(logicalName).sortedIds();
  }

  deletions(logicalName: string): readonly Deletion[] {
    return this.table(logicalName).deletions;
  }

  findByKey(logicalName: string, keyName: string, values: readonly CellValue[]): RowValues | undefined {
    const t = this.table(logicalName);
    const text = keyText(values);
    if (text === undefined) return undefined;
    const id = t.keyIndexes.get(keyName)?.get(text);
    return id === undefined ? undefined : t.rows.get(id);
  }

  nextVersion(): number {
    return ++this.version;
  }

  /** Runs `fn`; if it throws, every write it made is undone. */
  transaction<T>(fn: () => T): T {
    if (this.undo !== undefined) return fn();
    const undo: (() => void)[] = [];
    this.undo = undo;
    try {
      return fn();
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]?.();
      throw error;
    } finally {
      this.undo = undefined;
    }
  }

  private record(step: () => void): void {
    this.undo?.push(step);
  }

  /** Throws when another row already holds one of `row`'s alternate key values. */
  private checkKeys(t: TableStore, row: RowValues, id: string): void {
    for (const key of t.set.table.alternateKeys) {
      const text = keyText(key.columns.map((c) => row[c] ?? null));
      if (text === undefined) continue;
      const index = t.keyIndexes.get(key.name);
      const holder = index?.get(text);
      if (holder !== undefined && holder !== id) {
        throw dvErrors.duplicateKey(key.displayName, key.columns.map((c) => String(row[c])).join(","));
      }
    }
  }

  private setKeys(t: TableStore, row: RowValues, id: string, present: boolean): void {
    for (const key of t.set.table.alternateKeys) {
      const text = keyText(key.columns.map((c) => row[c] ?? null));
      if (text === undefined) continue;
      const index = t.keyIndexes.get(key.name);
      if (present) index?.set(text, id);
      else if (index?.get(text) === id) index.delete(text);
    }
  }

  /** Adds a fully validated row (system columns included). Throws on a duplicate id or alternate key. */
  insert(logicalName: string, row: RowValues): RowValues {
    const t = this.table(logicalName);
    const id = String(row[t.set.primaryId] ?? randomUUID()).toLowerCase();
    if (t.rows.has(id)) throw new DataverseError(412, "0x80040237", `Cannot insert duplicate key: a ${logicalName} with id ${id} already exists.`);
    const stored: RowValues = { ...row, [t.set.primaryId]: id, versionnumber: this.nextVersion() };
    this.checkKeys(t, stored, id);
    t.rows.set(id, stored);
    this.setKeys(t, stored, id, true);
    t.invalidateOrder();
    this.record(() => {
      this.setKeys(t, stored, id, false);
      t.rows.delete(id);
      t.invalidateOrder();
    });
    return stored;
  }

  /** Applies changed columns to an existing row and gives it a new version. */
  update(logicalName: string, id: string, changes: RowValues): RowValues {
    const t = this.table(logicalName);
    const key = id.toLowerCase();
    const before = t.rows.get(key);
    if (before === undefined) throw dvErrors.recordNotFound(logicalName, id);
    const after: RowValues = { ...before, ...changes, [t.set.primaryId]: key, versionnumber: this.nextVersion() };
    this.checkKeys(t, after, key);
    this.setKeys(t, before, key, false);
    t.rows.set(key, after);
    this.setKeys(t, after, key, true);
    this.record(() => {
      this.setKeys(t, after, key, false);
      t.rows.set(key, before);
      this.setKeys(t, before, key, true);
    });
    return after;
  }

  remove(logicalName: string, id: string): void {
    const t = this.table(logicalName);
    const key = id.toLowerCase();
    const before = t.rows.get(key);
    if (before === undefined) throw dvErrors.recordNotFound(logicalName, id);
    this.setKeys(t, before, key, false);
    t.rows.delete(key);
    t.invalidateOrder();
    t.deletions.push({ id: key, version: this.nextVersion() });
    this.record(() => {
      t.deletions.pop();
      t.rows.set(key, before);
      this.setKeys(t, before, key, true);
      t.invalidateOrder();
    });
    // Membership goes with the list or the member, as Dataverse deletes listmember rows.
    if (logicalName === "list") for (const member of this.membersOf(key)) this.removeListMember(key, member);
    else if (logicalName !== "listmember") for (const list of [...this.listMembers.keys()]) if (this.listMembers.get(list)?.has(key) === true) this.removeListMember(list, key);
  }

  /**
   * Adds a member to a list as a `listmember` row (so it can be read and tracked like any row);
   * returns its id, the existing one when already a member.
   */
  addListMember(listId: string, memberId: string, entityType: string, now: string): string {
    const list = listId.toLowerCase();
    const member = memberId.toLowerCase();
    const existing = this.listMembers.get(list)?.get(member);
    if (existing !== undefined) return existing;
    const row = this.insert("listmember", {
      listid: list,
      entityid: member,
      entitytype: entityType,
      createdon: now,
      modifiedon: now,
      statecode: 0,
      statuscode: 1,
    });
    const listMemberId = String(row.listmemberid);
    let members = this.listMembers.get(list);
    if (members === undefined) {
      members = new Map();
      this.listMembers.set(list, members);
    }
    members.set(member, listMemberId);
    const added = members;
    this.record(() => added.delete(member));
    return listMemberId;
  }

  removeListMember(listId: string, memberId: string): boolean {
    const members = this.listMembers.get(listId.toLowerCase());
    const member = memberId.toLowerCase();
    const listMemberId = members?.get(member);
    if (members === undefined || listMemberId === undefined) return false;
    this.remove("listmember", listMemberId);
    members.delete(member);
    this.record(() => members.set(member, listMemberId));
    return true;
  }

  membersOf(listId: string): string[] {
    return [...(this.listMembers.get(listId.toLowerCase())?.keys() ?? [])];
  }
}
