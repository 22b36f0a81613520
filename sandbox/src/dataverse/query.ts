import { type DvContext, type DvRequest, type DvResponse, JSON_HEADERS, type Prefer } from "./context";
import { dvErrors } from "./errors";
import { compileFilter, parseFilter, resolveAccessor, resolveProperty, type RowPredicate, type RowSource, sortKey } from "./filter";
import { formatRow, type ExpandItem } from "./format";
import { type EntitySetInfo } from "./schema";
import { type RowValues } from "./values";

export const DEFAULT_PAGE_SIZE = 5000;
/** Dataverse caps @odata.count at 5,000 and says so with an annotation. */
const COUNT_LIMIT = 5000;
const DELTA_TOKEN_DAYS = 7;

const KNOWN_OPTIONS = new Set(["$select", "$filter", "$orderby", "$top", "$count", "$expand", "$skiptoken", "$deltatoken", "$skip"]);

/** Splits on commas outside parentheses and quotes. */
export function splitTopLevel(text: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseSelect(set: EntitySetInfo, text: string | null | undefined): string[] | undefined {
  if (text === null || text === undefined || text.trim() === "") return undefined;
  const names = splitTopLevel(text);
  for (const name of names) {
    if (name === set.primaryId) continue;
    resolveProperty(set, name);
  }
  return names.filter((n) => n !== set.primaryId);
}

export function rowSource(ctx: DvContext): RowSource {
  return { setOf: (name) => ctx.schema.byLogicalName(name), row: (name, id) => ctx.store.get(name, id) };
}

export function parseFilterOption(ctx: DvContext, set: EntitySetInfo, text: string | null | undefined, query: URLSearchParams): RowPredicate | undefined {
  if (text === null || text === undefined || text.trim() === "") return undefined;
  return compileFilter(
    parseFilter(text, (alias) => query.get(alias) ?? undefined),
    set,
    rowSource(ctx),
  );
}

type Comparator = (a: RowValues, b: RowValues) => number;

function parseOrderBy(ctx: DvContext, set: EntitySetInfo, text: string | null | undefined): Comparator | undefined {
  if (text === null || text === undefined || text.trim() === "") return undefined;
  const keys = splitTopLevel(text).map((part) => {
    const [name = "", dir = "asc", ...extra] = part.split(/\s+/);
    if (extra.length > 0 || (dir !== "asc" && dir !== "desc")) throw dvErrors.querySyntax(`Syntax error in $orderby '${text}': expected '<property> [asc|desc]'.`);
    const { def, get } = resolveAccessor(set, name, rowSource(ctx));
    return { get, def, sign: dir === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const k of keys) {
      const x = sortKey(k.def, k.get(a));
      const y = sortKey(k.def, k.get(b));
      if (x === y) continue;
      if (x === null) return -k.sign;
      if (y === null) return k.sign;
      return (x < y ? -1 : 1) * k.sign;
    }
    return 0;
  };
}

function parseTop(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw dvErrors.querySyntax(`Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`);
  return n;
}

export function parseExpand(ctx: DvContext, set: EntitySetInfo, text: string | null | undefined, query: URLSearchParams): ExpandItem[] {
  if (text === null || text === undefined || text.trim() === "") return [];
  return splitTopLevel(text).map((part) => {
    const open = part.indexOf("(");
    const nav = (open < 0 ? part : part.slice(0, open)).trim();
    const inner = open < 0 ? "" : part.slice(open + 1, part.lastIndexOf(")"));
    const options = new Map<string, string>();
    for (const opt of splitTopLevel(inner, ";")) {
      const eq = opt.indexOf("=");
      options.set(opt.slice(0, eq).trim(), opt.slice(eq + 1));
    }
    const lookup = set.lookupsByNavigation.get(nav);
    if (lookup !== undefined) {
      const target = ctx.schema.byLogicalName(lookup.target);
      if (target === undefined) throw dvErrors.propertyNotFound(nav, set.logicalName);
      return { navigationProperty: nav, kind: "lookup", select: parseSelect(target, options.get("$select")) };
    }
    const collection = set.collections.get(nav);
    const oneToMany = set.oneToMany.get(nav);
    if (collection !== undefined || oneToMany !== undefined) {
      const member = ctx.schema.byLogicalName(collection?.memberTable ?? oneToMany?.referencingTable ?? "");
      if (member === undefined) throw dvErrors.propertyNotFound(nav, set.logicalName);
      return {
        navigationProperty: nav,
        kind: collection !== undefined ? "members" : "oneToMany",
        select: parseSelect(member, options.get("$select")),
        filter: parseFilterOption(ctx, member, options.get("$filter"), query),
        top: parseTop(options.get("$top")),
      };
    }
    throw dvErrors.propertyNotFound(nav, set.logicalName);
  });
}

// The paging cookie looks like Dataverse's (a double-encoded <cookie> inside $skiptoken) and carries
// the last row id (default order), the offset (any other order) and, for change tracking, the
// version the delta link will start from.
interface PageCursor {
  page: number;
  lastId?: string;
  offset?: number;
  upTo?: number;
  deletedFrom?: number;
}

function encodeSkipToken(cursor: PageCursor, tracking: boolean): string {
  const attrs = [
    `page="${cursor.page}"`,
    cursor.offset === undefined ? "" : ` offset="${cursor.offset}"`,
    cursor.upTo === undefined ? "" : ` upto="${cursor.upTo}"`,
    cursor.deletedFrom === undefined ? "" : ` deletedfrom="${cursor.deletedFrom}"`,
  ].join("");
  const inner = `<cookie ${attrs}>${cursor.lastId === undefined ? "" : `<id last="{${cursor.lastId.toUpperCase()}}" />`}</cookie>`;
  return `<cookie pagenumber="${cursor.page + 1}" pagingcookie="${encodeURIComponent(encodeURIComponent(inner))}" istracking="${tracking ? "True" : "False"}" />`;
}

function decodeSkipToken(token: string): PageCursor {
  const outer = /pagingcookie="([^"]*)"/.exec(token);
  if (outer?.[1] === undefined) throw dvErrors.querySyntax("The $skiptoken is not valid. Use the @odata.nextLink of the previous page as it is.");
  let inner: string;
  try {
    inner = decodeURIComponent(decodeURIComponent(outer[1]));
  } catch {
    throw dvErrors.querySyntax("The $skiptoken is not valid. Use the @odata.nextLink of the previous page as it is.");
  }
  const num = (name: string): number | undefined => {
    const m = new RegExp(`${name}="(\\d+)"`).exec(inner);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  };
  const last = /last="\{([0-9A-Fa-f-]+)\}"/.exec(inner)?.[1];
  const cursor: PageCursor = { page: num("page") ?? 1 };
  if (last !== undefined) cursor.lastId = last.toLowerCase();
  const offset = num("offset");
  if (offset !== undefined) cursor.offset = offset;
  const upTo = num("upto");
  if (upTo !== undefined) cursor.upTo = upTo;
  const deletedFrom = num("deletedfrom");
  if (deletedFrom !== undefined) cursor.deletedFrom = deletedFrom;
  return cursor;
}

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** `919042!08/22/2017 08:10:44`, the shape of Dataverse's delta tokens. */
function encodeDeltaToken(version: number, at: Date): string {
  const date = `${twoDigits(at.getUTCMonth() + 1)}/${twoDigits(at.getUTCDate())}/${at.getUTCFullYear()} ${twoDigits(at.getUTCHours())}:${twoDigits(at.getUTCMinutes())}:${twoDigits(at.getUTCSeconds())}`;
  return `${version}!${date}`;
}

function decodeDeltaToken(token: string, now: Date): number {
  const m = /^(\d+)!(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(token);
  if (m === null) throw dvErrors.querySyntax(`The $deltatoken '${token}' is not valid. Use the @odata.deltaLink of the previous response as it is.`);
  const issued = Date.UTC(Number(m[4]), Number(m[2]) - 1, Number(m[3]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (now.getTime() - issued > DELTA_TOKEN_DAYS * 86_400_000) throw dvErrors.deltaTokenExpired();
  return Number(m[1]);
}

function linkWith(ctx: DvContext, path: string, query: URLSearchParams, set: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of query) if (!(k in set)) q.append(k, v);
  for (const [k, v] of Object.entries(set)) if (v !== undefined) q.append(k, v);
  // Dataverse's links keep $ and ! readable; everything else is encoded.
  const text = q.toString().replace(/%24/g, "$").replace(/%21/g, "!");
  return `${ctx.baseUrl}${path}${text === "" ? "" : `?${text}`}`;
}

function contextUrl(ctx: DvContext, setName: string, select: readonly string[] | undefined, suffix = ""): string {
  return `${ctx.baseUrl}$metadata#${setName}${select === undefined ? "" : `(${select.join(",")})`}${suffix}`;
}

function preferenceApplied(prefer: Prefer, pageSize: number | undefined): Record<string, string> {
  const applied: string[] = [];
  if (pageSize !== undefined) applied.push(`odata.maxpagesize=${pageSize}`);
  if (prefer.trackChanges) applied.push("odata.track-changes");
  if (prefer.annotations) applied.push('odata.include-annotations="*"');
  return applied.length === 0 ? {} : { "preference-applied": applied.join(",") };
}

/** The index of the first id greater than `last` in sorted `ids` (binary search). */
function indexAfter(ids: readonly string[], last: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? "") <= last) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface CollectionScope {
  /** The URL path of the collection, e.g. `contacts` or `lists(<id>)/listcontact_association`. */
  readonly path: string;
  /** Restricts the rows to these ids (list members). */
  readonly ids?: ReadonlySet<string>;
}

/** GET on a collection: $select/$filter/$orderby/$top/$count/$expand, paging by $skiptoken, change tracking. */
export function queryCollection(ctx: DvContext, set: EntitySetInfo, req: DvRequest, prefer: Prefer, scope: CollectionScope): DvResponse {
  const q = req.query;
  for (const key of q.keys()) {
    if (key === "$skip") throw dvErrors.skipNotSupported();
    if (key.startsWith("$") && !KNOWN_OPTIONS.has(key)) throw dvErrors.querySyntax(`The query parameter ${key} is not supported`);
  }
  if (q.has("fetchXml")) throw dvErrors.badRequest("FetchXML queries are not supported by the Dataverse stand-in; use OData query options.");
  const select = parseSelect(set, q.get("$select"));
  const deltaToken = q.get("$deltatoken");
  const trackingCookie = q.get("$skiptoken")?.includes('istracking="True"') === true;
  if (prefer.trackChanges || deltaToken !== null || trackingCookie) {
    if (!set.table.changeTracking) throw dvErrors.trackingDisabled(set.logicalName);
    for (const option of ["$filter", "$orderby", "$expand", "$top"]) if (q.has(option)) throw dvErrors.notSupportedWithTracking(option);
    return trackedQuery(ctx, set, req, prefer, select, deltaToken);
  }
  const filter = parseFilterOption(ctx, set, q.get("$filter"), q);
  const order = parseOrderBy(ctx, set, q.get("$orderby"));
  const top = parseTop(q.get("$top"));
  const expand = parseExpand(ctx, set, q.get("$expand"), q);
  const wantCount = q.get("$count") === "true";
  const skipToken = q.get("$skiptoken");
  const cursor = skipToken === null ? undefined : decodeSkipToken(skipToken);
  const pageSize = Math.min(prefer.maxPageSize ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE);

  const accept = (row: RowValues | undefined): row is RowValues =>
    row !== undefined && (scope.ids === undefined || scope.ids.has(String(row[set.primaryId]))) && (filter === undefined || filter(row));

  const ids = scope.ids !== undefined ? [...scope.ids].sort() : ctx.store.sortedIds(set.logicalName);
  const rows = ctx.store.rowsOf(set.logicalName);
  let page: RowValues[];
  let more = false;
  let total: number | undefined;
  let nextCursor: PageCursor | undefined;
  const pageNumber = cursor?.page ?? 1;
  const limit = top === undefined ? pageSize : Math.min(top, pageSize);

  if (order === undefined && !wantCount && top === undefined) {
    // Default order (by id): start right after the cursor's id and stop after one page.
    const start = cursor?.lastId === undefined ? 0 : indexAfter(ids, cursor.lastId);
    page = [];
    for (let i = start; i < ids.length; i++) {
      const row = rows.get(ids[i] ?? "");
      if (!accept(row)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(row);
    }
    const lastRow = page[page.length - 1];
    if (more && lastRow !== undefined) nextCursor = { page: pageNumber, lastId: String(lastRow[set.primaryId]) };
  } else {
    const all: RowValues[] = [];
    for (const id of ids) {
      const row = rows.get(id);
      if (accept(row)) all.push(row);
    }
    if (order !== undefined) all.sort(order);
    const bounded = top === undefined ? all : all.slice(0, top);
    total = all.length;
    const offset = cursor?.offset ?? 0;
    page = bounded.slice(offset, offset + pageSize);
    more = offset + pageSize < bounded.length;
    if (more) nextCursor = { page: pageNumber, offset: offset + pageSize };
  }

  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, scope.path, select) };
  if (wantCount && total !== undefined) {
    body["@odata.count"] = Math.min(total, COUNT_LIMIT);
    if (total > COUNT_LIMIT) body["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = true;
  }
  body.value = page.map((row) => formatRow(ctx, set, row, select, prefer.annotations, expand));
  if (nextCursor !== undefined) {
    body["@odata.nextLink"] = linkWith(ctx, scope.path, q, { $skiptoken: encodeSkipToken(nextCursor, false) });
  }
  return { status: 200, headers: { ...JSON_HEADERS, ...preferenceApplied(prefer, prefer.maxPageSize === undefined ? undefined : pageSize) }, body };
}

function trackedQuery(ctx: DvContext, set: EntitySetInfo, req: DvRequest, prefer: Prefer, select: string[] | undefined, deltaToken: string | null): DvResponse {
  const q = req.query;
  const now = ctx.clock.now();
  const since = deltaToken === null ? undefined : decodeDeltaToken(deltaToken, now);
  const skipToken = q.get("$skiptoken");
  const cursor = skipToken === null ? undefined : decodeSkipToken(skipToken);
  const upTo = cursor?.upTo ?? ctx.store.currentVersion;
  const pageSize = Math.min(prefer.maxPageSize ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const ids = ctx.store.sortedIds(set.logicalName);
  const rows = ctx.store.rowsOf(set.logicalName);
  const items: Record<string, unknown>[] = [];
  let next: PageCursor | undefined;

  // Changed (or, on the first load, all) rows first, in id order; then removed rows.
  if (cursor?.deletedFrom === undefined) {
    const start = cursor?.lastId === undefined ? 0 : indexAfter(ids, cursor.lastId);
    for (let i = start; i < ids.length; i++) {
      const row = rows.get(ids[i] ?? "");
      if (row === undefined || (since !== undefined && Number(row.versionnumber) <= since)) continue;
      if (items.length === pageSize) {
        const last = items[items.length - 1];
        next = { page: cursor?.page ?? 1, lastId: String(last?.[set.primaryId]), upTo };
        break;
      }
      items.push(formatRow(ctx, set, row, select, prefer.annotations));
    }
  }
  if (next === undefined && since !== undefined) {
    const deletions = ctx.store.deletions(set.logicalName);
    for (let i = cursor?.deletedFrom ?? 0; i < deletions.length; i++) {
      const d = deletions[i];
      if (d === undefined || d.version <= since || d.version > upTo) continue;
      if (items.length === pageSize) {
        next = { page: cursor?.page ?? 1, upTo, deletedFrom: i };
        break;
      }
      items.push({ "@odata.context": `${ctx.baseUrl}$metadata#${set.entitySetName}/$deletedEntity`, id: d.id, reason: "deleted" });
    }
  }
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, set.entitySetName, select, since === undefined ? "" : "/$delta") };
  body.value = items;
  if (next !== undefined) {
    const keep: Record<string, string | undefined> = { $skiptoken: encodeSkipToken(next, true) };
    body["@odata.nextLink"] = linkWith(ctx, set.entitySetName, q, keep);
  } else {
    body["@odata.deltaLink"] = linkWith(ctx, set.entitySetName, q, { $skiptoken: undefined, $deltatoken: encodeDeltaToken(upTo, now) });
  }
  return {
    status: 200,
    headers: { ...JSON_HEADERS, ...preferenceApplied({ ...prefer, trackChanges: true }, prefer.maxPageSize === undefined ? undefined : pageSize) },
    body,
  };
}

