// A Dataverse stand-in in memory that implements ComponentFramework.WebApi: the tables hold rows in
// Web API shape (lookups as `_<column>_value`). It understands the query subset the control sends
// ($select, and $filter as `a eq b and c eq d`) and refuses anything else loudly, so a control that
// starts sending new queries fails its tests instead of silently reading nothing.
import { tableByLogicalName } from "@mps/model";

export type Row = Record<string, unknown>;

/** What the store rejects with: like the platform's ErrorResponse, an errorCode and a message. */
export class WebApiError extends Error {
  public constructor(
    public readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = "WebApiError";
  }
}

/** Dataverse's "record does not exist" code. */
const NOT_FOUND = 0x80040217;
const notFound = (table: string, id: string): WebApiError => new WebApiError(NOT_FOUND, `${table} With Id = ${id} Does Not Exist`);

/** Decides whether a write fails, and why: tests use it to prove partial failure is handled. */
export type FailureRule = (table: string, id: string, data: Row) => WebApiError | undefined;

export interface InMemoryDataverseOptions {
  /** Clock for modifiedon on writes: a parameter so tests stay deterministic. */
  readonly now?: () => Date;
  /** Delay before each answer, in ms, to let tests and the browser see loading states. */
  readonly latencyMs?: number;
}

function primaryIdOf(table: string): string {
  const def = tableByLogicalName(table);
  if (!def) throw new Error(`InMemoryDataverse: table "${table}" is not in @mps/model; add it there or fix the name.`);
  return def.primaryIdColumn;
}

const norm = (v: unknown): unknown => (typeof v === "string" ? v.replace(/[{}]/g, "").toLowerCase() : v);

function parseLiteral(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text; // a bare GUID
}

interface Query {
  readonly select: readonly string[] | null;
  readonly where: readonly { readonly column: string; readonly value: unknown }[];
}

export function parseQuery(options: string | undefined): Query {
  const params = new URLSearchParams((options ?? "").replace(/^\?/, ""));
  const where: { column: string; value: unknown }[] = [];
  for (const key of params.keys()) {
    if (key === "$select" || key === "$filter") continue;
    throw new Error(`InMemoryDataverse: query option ${key} is not supported (only $select and $filter).`);
  }
  const filter = params.get("$filter");
  if (filter) {
    for (const clause of filter.split(/\s+and\s+/)) {
      const m = /^\s*([\w.]+)\s+eq\s+(.+?)\s*$/.exec(clause);
      if (!m?.[1] || m[2] === undefined) throw new Error(`InMemoryDataverse: filter clause "${clause}" is not supported (only "<column> eq <value>" joined by and).`);
      where.push({ column: m[1], value: parseLiteral(m[2]) });
    }
  }
  const select = params.get("$select");
  return { select: select ? select.split(",").map((c) => c.trim()) : null, where };
}

export class InMemoryDataverse implements ComponentFramework.WebApi {
  private readonly tables = new Map<string, Row[]>();
  private failureRule: FailureRule | undefined;
  private readonly now: () => Date;
  private readonly latencyMs: number;
  /** Every write, in order: tests assert what the control sent. */
  public readonly writes: { table: string; id: string; data: Row }[] = [];

  public constructor(seed: Readonly<Record<string, readonly Row[]>> = {}, options: InMemoryDataverseOptions = {}) {
    for (const [table, rows] of Object.entries(seed)) this.tables.set(table, rows.map((r) => ({ ...r })));
    this.now = options.now ?? ((): Date => new Date());
    this.latencyMs = options.latencyMs ?? 0;
  }

  public rows(table: string): Row[] {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = [];
      this.tables.set(table, rows);
    }
    return rows;
  }

  public find(table: string, id: string): Row | undefined {
    const key = primaryIdOf(table);
    return this.rows(table).find((r) => norm(r[key]) === norm(id));
  }

  public failWhen(rule: FailureRule | undefined): void {
    this.failureRule = rule;
  }

  private settle<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = (): void => {
        try {
          resolve(work());
        } catch (error) {
          reject(error instanceof WebApiError ? error : new WebApiError(NOT_FOUND, error instanceof Error ? error.message : String(error)));
        }
      };
      if (this.latencyMs > 0) setTimeout(run, this.latencyMs);
      else queueMicrotask(run);
    });
  }

  public createRecord(entityType: string, data: ComponentFramework.WebApi.Entity): Promise<ComponentFramework.LookupValue> {
    return this.settle(() => {
      const key = primaryIdOf(entityType);
      const given: unknown = data[key];
      const id = typeof given === "string" ? given : crypto.randomUUID();
      this.rows(entityType).push({ ...data, [key]: id, modifiedon: this.now().toISOString() });
      return { id, entityType, name: "" };
    });
  }

  public deleteRecord(entityType: string, id: string): Promise<ComponentFramework.LookupValue> {
    return this.settle(() => {
      const rows = this.rows(entityType);
      const row = this.find(entityType, id);
      if (!row) throw notFound(entityType, id);
      rows.splice(rows.indexOf(row), 1);
      return { id, entityType, name: "" };
    });
  }

  public updateRecord(entityType: string, id: string, data: ComponentFramework.WebApi.Entity): Promise<ComponentFramework.LookupValue> {
    return this.settle(() => {
      const failure = this.failureRule?.(entityType, norm(id) as string, data);
      if (failure) throw failure;
      const row = this.find(entityType, id);
      if (!row) throw notFound(entityType, id);
      Object.assign(row, data, { modifiedon: this.now().toISOString() });
      this.writes.push({ table: entityType, id, data: { ...data } });
      return { id, entityType, name: "" };
    });
  }

  public retrieveRecord(entityType: string, id: string, options?: string): Promise<ComponentFramework.WebApi.Entity> {
    return this.settle(() => {
      const row = this.find(entityType, id);
      if (!row) throw notFound(entityType, id);
      return this.project(entityType, row, parseQuery(options).select);
    });
  }

  public retrieveMultipleRecords(entityType: string, options?: string, maxPageSize?: number): Promise<ComponentFramework.WebApi.RetrieveMultipleResponse> {
    return this.settle(() => {
      const query = parseQuery(options);
      const matches = this.rows(entityType).filter((r) => query.where.every((w) => norm(r[w.column] ?? null) === norm(w.value)));
      const page = maxPageSize ? matches.slice(0, maxPageSize) : matches;
      return { entities: page.map((r) => this.project(entityType, r, query.select)), nextLink: "" };
    });
  }

  private project(table: string, row: Row, select: readonly string[] | null): Row {
    if (!select) return { ...row };
    const key = primaryIdOf(table);
    const out: Row = { [key]: row[key] };
    for (const column of select) out[column] = row[column] ?? null;
    return out;
  }
}
