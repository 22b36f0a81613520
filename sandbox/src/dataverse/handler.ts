import { runSyncApi } from "@mps/model";
import { type DvContext, type DvRequest, type DvResponse, JSON_HEADERS, parsePrefer, type Prefer } from "./context";
import { DataverseError, dvErrors } from "./errors";
import { etagOf, formatRow, relatedIds } from "./format";
import { alternateKeyValues, findByKey, notFound, parseKey, parsePath, type KeySpec, type Segment } from "./keys";
import { parseExpand, parseSelect, queryCollection } from "./query";
import { type EntitySetInfo } from "./schema";
import { readOnlyTables } from "./system-tables";
import { toDataverseDate, type RowValues } from "./values";
import { bodyToValues, checkRequired, newRowDefaults, parseJsonObject, resolveReference } from "./write";

/** The custom APIs of our model the stand-in can run (their webhook steps fire on each call). */
const customApis = [runSyncApi];

/** A response, or (for a custom API) work to finish after the change set it ran in commits. */
export type Outcome = DvResponse | (() => Promise<DvResponse>);

/** Turns a change set's `$1` into the entity path it created. */
export type ContentIdResolver = (reference: string) => string | undefined;

const noRefs: ContentIdResolver = () => undefined;

function entityPath(set: EntitySetInfo, row: RowValues): string {
  return `${set.entitySetName}(${String(row[set.primaryId])})`;
}

function sameEtag(header: string, row: RowValues): boolean {
  const wanted = /"?(\d+)"?\s*$/.exec(header.trim())?.[1];
  return wanted === String(row.versionnumber);
}

function ok(body: unknown, status = 200, headers: Record<string, string> = {}): DvResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

function noContent(headers: Record<string, string> = {}): DvResponse {
  return { status: 204, headers: { "odata-version": "4.0", ...headers } };
}

function representation(ctx: DvContext, set: EntitySetInfo, row: RowValues, req: DvRequest, prefer: Prefer): Record<string, unknown> {
  const select = parseSelect(set, req.query.get("$select"));
  const expand = parseExpand(ctx, set, req.query.get("$expand"), req.query);
  return {
    "@odata.context": `${ctx.baseUrl}$metadata#${set.entitySetName}${select === undefined ? "" : `(${select.join(",")})`}/$entity`,
    ...formatRow(ctx, set, row, select, prefer.annotations, expand),
  };
}

function entityIdHeaders(ctx: DvContext, set: EntitySetInfo, row: RowValues): Record<string, string> {
  const url = `${ctx.baseUrl}${entityPath(set, row)}`;
  return { "odata-entityid": url, location: url };
}

function create(ctx: DvContext, set: EntitySetInfo, req: DvRequest, prefer: Prefer, refs: ContentIdResolver, extra: RowValues = {}): DvResponse {
  const values = bodyToValues(ctx, set, parseJsonObject(req.body), refs);
  const now = toDataverseDate(ctx.clock.now());
  const row: RowValues = { ...newRowDefaults(set, now), ...extra, ...values, createdon: now, modifiedon: now };
  checkRequired(set, row);
  const stored = ctx.store.insert(set.logicalName, row);
  const headers = entityIdHeaders(ctx, set, stored);
  return prefer.returnRepresentation ? ok(representation(ctx, set, stored, req, prefer), 201, headers) : noContent(headers);
}

function upsert(ctx: DvContext, set: EntitySetInfo, spec: KeySpec, req: DvRequest, prefer: Prefer, refs: ContentIdResolver): DvResponse {
  const existing = findByKey(ctx, set, spec);
  const ifMatch = req.headers["if-match"];
  const ifNoneMatch = req.headers["if-none-match"];
  if (existing === undefined) {
    // Without If-Match a PATCH creates the row it names (upsert).
    if (ifMatch !== undefined) throw notFound(set, spec);
    const keyValues: RowValues = {};
    if (spec.kind === "id") keyValues[set.primaryId] = spec.id;
    else {
      const { columns, values } = alternateKeyValues(set, spec);
      columns.forEach((c, i) => (keyValues[c] = values[i] ?? null));
    }
    return create(ctx, set, req, prefer, refs, keyValues);
  }
  if (ifNoneMatch === "*") throw dvErrors.alreadyExists();
  if (ifMatch !== undefined && ifMatch !== "*" && !sameEtag(ifMatch, existing)) throw dvErrors.versionMismatch();
  const changes = bodyToValues(ctx, set, parseJsonObject(req.body), refs);
  // Key values are not changed by an upsert's update (Dataverse strips them).
  delete changes[set.primaryId];
  if (spec.kind === "alternate") for (const c of alternateKeyValues(set, spec).columns) delete changes[c];
  checkRequired(set, { ...existing, ...changes });
  const id = String(existing[set.primaryId]);
  const updated = ctx.store.update(set.logicalName, id, { ...changes, modifiedon: toDataverseDate(ctx.clock.now()) });
  const headers = entityIdHeaders(ctx, set, updated);
  return prefer.returnRepresentation ? ok(representation(ctx, set, updated, req, prefer), 200, headers) : noContent(headers);
}

function retrieve(ctx: DvContext, set: EntitySetInfo, spec: KeySpec, req: DvRequest, prefer: Prefer): DvResponse {
  const row = findByKey(ctx, set, spec);
  if (row === undefined) throw notFound(set, spec);
  const ifNoneMatch = req.headers["if-none-match"];
  // Dataverse never answers 304 to a query with $expand or annotations.
  if (ifNoneMatch !== undefined && ifNoneMatch !== "null" && !req.query.has("$expand") && !prefer.annotations && sameEtag(ifNoneMatch, row)) {
    return { status: 304, headers: { "odata-version": "4.0", etag: etagOf(row) } };
  }
  return ok(representation(ctx, set, row, req, prefer), 200, { etag: etagOf(row) });
}

function remove(ctx: DvContext, set: EntitySetInfo, spec: KeySpec, req: DvRequest): DvResponse {
  const row = findByKey(ctx, set, spec);
  if (row === undefined) throw notFound(set, spec);
  const ifMatch = req.headers["if-match"];
  if (ifMatch !== undefined && ifMatch !== "*" && !sameEtag(ifMatch, row)) throw dvErrors.versionMismatch();
  ctx.store.remove(set.logicalName, String(row[set.primaryId]));
  return noContent();
}

/** The table a list's members come from, by its createdfromcode (1 account, 2 contact, 4 lead). */
export function memberSetOf(ctx: DvContext, list: RowValues): EntitySetInfo {
  const code = list.createdfromcode;
  const listSet = ctx.schema.byLogicalName("list");
  const collection = [...(listSet?.collections.values() ?? [])].find((c) => c.memberTypeCode === code);
  const memberSet = collection === undefined ? undefined : ctx.schema.byLogicalName(collection.memberTable);
  if (memberSet === undefined) {
    throw dvErrors.badRequest(`The marketing list ${String(list.listid)} has no valid Targeted At (createdfromcode ${String(code)}): use 1 Account, 2 Contact or 4 Lead.`);
  }
  return memberSet;
}

function guidParam(body: Record<string, unknown>, name: string, action: string): string {
  const value = body[name];
  if (typeof value !== "string" || !/^[0-9a-f-]{36}$/i.test(value)) {
    throw dvErrors.badRequest(`The parameter '${name}' of ${action} must be a GUID, got ${JSON.stringify(value)}.`);
  }
  return value.toLowerCase();
}

function boundAction(ctx: DvContext, set: EntitySetInfo, row: RowValues, action: string, req: DvRequest): Outcome {
  const body = parseJsonObject(req.body);
  const id = String(row[set.primaryId]);
  if (set.logicalName === "list" && (action === "AddMemberList" || action === "RemoveMemberList")) {
    const memberSet = memberSetOf(ctx, row);
    const entityId = guidParam(body, "EntityId", action);
    if (ctx.store.get(memberSet.logicalName, entityId) === undefined) throw dvErrors.recordNotFound(memberSet.logicalName, entityId);
    if (action === "RemoveMemberList") {
      ctx.store.removeListMember(id, entityId);
      return noContent();
    }
    const listMemberId = ctx.store.addListMember(id, entityId, memberSet.logicalName, toDataverseDate(ctx.clock.now()));
    return ok({ "@odata.context": `${ctx.baseUrl}$metadata#Microsoft.Dynamics.CRM.AddMemberListResponse`, Id: listMemberId });
  }
  const api = customApis.find((a) => a.uniqueName === action && a.boundEntityLogicalName === set.logicalName);
  if (api === undefined) throw dvErrors.segmentNotFound(`Microsoft.Dynamics.CRM.${action}`);
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const param = api.requestParameters.find((p) => p.uniqueName === name);
    if (param === undefined) throw dvErrors.badRequest(`The parameter '${name}' in the request payload is not a valid parameter for the operation '${action}'.`);
    if (param.type === "Boolean" && typeof value !== "boolean") throw dvErrors.valueType(JSON.stringify(value), "Edm.Boolean");
    input[name] = value;
  }
  // The webhook step runs outside the store's (synchronous) transaction.
  return async () => {
    await ctx.runCustomApi(api.uniqueName, { logicalName: set.logicalName, id }, input);
    return noContent();
  };
}

function navigation(ctx: DvContext, set: EntitySetInfo, row: RowValues, segment: Segment, rest: readonly Segment[], req: DvRequest, prefer: Prefer): DvResponse {
  const id = String(row[set.primaryId]);
  const collection = set.collections.get(segment.name);
  if (collection !== undefined) {
    const memberSet = ctx.schema.byLogicalName(collection.memberTable);
    if (memberSet === undefined) throw dvErrors.segmentNotFound(segment.name);
    const isRef = rest[0]?.name === "$ref";
    if (isRef && req.method === "POST") {
      const body = parseJsonObject(req.body);
      const ref = body["@odata.id"];
      if (typeof ref !== "string") throw dvErrors.badRequest('Associate with {"@odata.id": "<url of the member>"}.');
      if (memberSetOf(ctx, row).logicalName !== memberSet.logicalName) {
        throw dvErrors.badRequest(`The list ${id} is not targeted at ${memberSet.logicalName}: its members come from ${memberSetOf(ctx, row).entitySetName}.`);
      }
      ctx.store.addListMember(id, resolveReference(ctx, memberSet, ref, segment.name), memberSet.logicalName, toDataverseDate(ctx.clock.now()));
      return noContent();
    }
    if (isRef && req.method === "DELETE") {
      const memberId = segment.key ?? req.query.get("$id")?.match(/\(([0-9a-f-]{36})\)/i)?.[1];
      if (memberId === undefined) throw dvErrors.badRequest(`Name the member to remove: ${segment.name}(<id>)/$ref.`);
      if (!ctx.store.removeListMember(id, memberId)) throw dvErrors.recordNotFound(memberSet.logicalName, memberId);
      return noContent();
    }
    if (req.method !== "GET" || rest.length > 0) throw dvErrors.methodNotAllowed(req.method, req.path);
    const ids = new Set(ctx.store.membersOf(id));
    return queryCollection(ctx, memberSet, req, prefer, { path: `${set.entitySetName}(${id})/${segment.name}`, ids });
  }
  const oneToMany = set.oneToMany.get(segment.name);
  if (oneToMany !== undefined) {
    const related = ctx.schema.byLogicalName(oneToMany.referencingTable);
    if (related === undefined || req.method !== "GET" || rest.length > 0) throw dvErrors.methodNotAllowed(req.method, req.path);
    return queryCollection(ctx, related, req, prefer, { path: `${set.entitySetName}(${id})/${segment.name}`, ids: new Set(relatedIds(ctx, oneToMany, id)) });
  }
  const lookup = set.lookupsByNavigation.get(segment.name);
  if (lookup === undefined) throw dvErrors.segmentNotFound(segment.name);
  if (rest[0]?.name === "$ref" && req.method === "DELETE") {
    ctx.store.update(set.logicalName, id, { [lookup.column]: null, modifiedon: toDataverseDate(ctx.clock.now()) });
    return noContent();
  }
  if (req.method !== "GET") throw dvErrors.methodNotAllowed(req.method, req.path);
  const targetSet = ctx.schema.byLogicalName(lookup.target);
  const targetId = row[lookup.column];
  const target = targetSet === undefined || typeof targetId !== "string" ? undefined : ctx.store.get(targetSet.logicalName, targetId);
  if (target === undefined || targetSet === undefined) return noContent();
  return ok(representation(ctx, targetSet, target, req, prefer));
}

function serviceDocument(ctx: DvContext): DvResponse {
  return ok({
    "@odata.context": `${ctx.baseUrl}$metadata`,
    value: ctx.schema.sets.map((s) => ({ name: s.entitySetName, kind: "EntitySet", url: s.entitySetName })),
  });
}

/** Routes one Web API request and finishes it. Throws DataverseError for anything the client got wrong. */
export async function handle(ctx: DvContext, req: DvRequest, refs: ContentIdResolver = noRefs): Promise<DvResponse> {
  const outcome = route(ctx, req, refs);
  return typeof outcome === "function" ? outcome() : outcome;
}

/** Routes one Web API request; store writes happen synchronously, so a change set can wrap them in a transaction. */
export function route(ctx: DvContext, req: DvRequest, refs: ContentIdResolver = noRefs): Outcome {
  const prefer = parsePrefer(req.headers.prefer);
  const segments = parsePath(req.path);
  const [first, second, ...rest] = segments;
  if (first === undefined) {
    if (req.method !== "GET") throw dvErrors.methodNotAllowed(req.method, "/");
    return serviceDocument(ctx);
  }
  if (second === undefined && req.method === "GET") {
    if (first.name === "WhoAmI") {
      return ok({
        "@odata.context": `${ctx.baseUrl}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: ctx.org.businessUnitId,
        UserId: ctx.org.userId,
        OrganizationId: ctx.org.organizationId,
      });
    }
    if (first.name === "RetrieveVersion") {
      return ok({ "@odata.context": `${ctx.baseUrl}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse`, Version: ctx.org.version });
    }
  }
  const set = ctx.schema.byEntitySet(first.name);
  if (set === undefined) throw dvErrors.segmentNotFound(first.name);

  if (readOnlyTables.has(set.logicalName) && req.method !== "GET") {
    throw new DataverseError(405, "0x80040800", `The ${set.logicalName} entity cannot be written directly: use AddMemberList, RemoveMemberList or the list's $ref.`);
  }

  if (first.key === undefined) {
    if (second?.name === "$count" && req.method === "GET") {
      return { status: 200, headers: { "content-type": "text/plain", "odata-version": "4.0" }, body: String(Math.min(ctx.store.count(set.logicalName), 5000)) };
    }
    if (second !== undefined) throw dvErrors.segmentNotFound(second.name);
    if (req.method === "GET") return queryCollection(ctx, set, req, prefer, { path: set.entitySetName });
    if (req.method === "POST") return create(ctx, set, req, prefer, refs);
    throw dvErrors.methodNotAllowed(req.method, req.path);
  }

  const spec = parseKey(first.key);
  if (second === undefined) {
    switch (req.method) {
      case "GET":
        return retrieve(ctx, set, spec, req, prefer);
      case "PATCH":
        return upsert(ctx, set, spec, req, prefer, refs);
      case "DELETE":
        return remove(ctx, set, spec, req);
      default:
        throw dvErrors.methodNotAllowed(req.method, req.path);
    }
  }
  const row = findByKey(ctx, set, spec);
  if (row === undefined) throw notFound(set, spec);
  if (second.name.startsWith("Microsoft.Dynamics.CRM.")) {
    if (req.method !== "POST") throw dvErrors.methodNotAllowed(req.method, req.path);
    return boundAction(ctx, set, row, second.name.slice("Microsoft.Dynamics.CRM.".length), req);
  }
  return navigation(ctx, set, row, second, rest, req, prefer);
}

/** Any failure as the Web API answers it. */
export function errorResponse(error: DataverseError): DvResponse {
  return { status: error.status, headers: { ...JSON_HEADERS, ...error.headers }, body: error.toBody() };
}
