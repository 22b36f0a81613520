import { randomUUID } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { runSyncApi } from "@mps/model";
import { createSandboxControls, installSandboxControls, listenOn, type SandboxControls } from "../common";
import { runBatch } from "./batch";
import { type DvContext, type DvResponse, type OrganizationInfo } from "./context";
import { DataverseError, dvErrors, toDataverseError } from "./errors";
import { errorResponse, handle, memberSetOf } from "./handler";
import { buildSchema } from "./schema";
import { Store } from "./store";
import { readOnlyTables, WEBHOOK_CONTRACT } from "./system-tables";
import { toDataverseDate, type RowValues } from "./values";
import { buildRemoteExecutionContext, deliverWebhook, serializeRemoteExecutionContext, type WebhookDelivery } from "./webhook";
import { checkRequired, newRowDefaults, seedToValues } from "./write";

export const API_PATH = "/api/data/v9.2/";
export const DEFAULT_ACCESS_TOKEN = "sandbox-token";

export interface DataverseStandInOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The bearer token every Web API request must carry. Default `sandbox-token`. */
  readonly accessToken?: string;
  /** Requests allowed per token in a sliding window before 429; default 6000 per 300 s; false turns it off. */
  readonly serviceProtection?: { readonly maxRequests: number; readonly windowSeconds: number } | false;
  /** Shared test controls (clock, stats, faults); a fresh set by default. */
  readonly controls?: SandboxControls;
  /** Organisation and calling user (WhoAmI, RetrieveVersion, webhook payloads). */
  readonly organization?: Partial<OrganizationInfo>;
  /** Webhook timeout; Dataverse's is 60 s. */
  readonly webhookTimeoutMs?: number;
}

export interface DataverseStandIn {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** e.g. `http://127.0.0.1:41234/api/data/v9.2/` */
  readonly apiUrl: string;
  readonly port: number;
  readonly accessToken: string;
  readonly controls: SandboxControls;
  readonly organization: OrganizationInfo;
  /** Adds a row (table = logical or entity set name; columns by logical name, lookups as plain ids). Returns its id. */
  insert(table: string, values: Record<string, unknown>): string;
  /** Adds many rows at once; returns their ids in order. */
  insertMany(table: string, rows: readonly Record<string, unknown>[]): string[];
  update(table: string, id: string, values: Record<string, unknown>): void;
  remove(table: string, id: string): void;
  /** A stored row (logical names, lookups as ids, plus createdon/modifiedon/versionnumber), or undefined. */
  get(table: string, id: string): Record<string, unknown> | undefined;
  /** Every row of a table, in id order. */
  rows(table: string): Record<string, unknown>[];
  count(table: string): number;
  /** Adds records (contacts, leads or accounts, per the list's createdfromcode) to a marketing list. */
  addListMembers(listId: string, memberIds: readonly string[]): void;
  listMembers(listId: string): string[];
  /** Every webhook call made so far. */
  webhookDeliveries(): readonly WebhookDelivery[];
  close(): Promise<void>;
}

const DEFAULT_ORG: OrganizationInfo = {
  organizationId: "8a2f9f4e-5c3b-4d0e-9a61-2d7c1b0e4f10",
  organizationName: "sandbox",
  userId: "5d0c3a4b-2e1f-4a8b-9c7d-6e5f4a3b2c1d",
  businessUnitId: "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
  version: "9.2.24044.00196",
};

function unauthorized(reply: FastifyReply, url: string): FastifyReply {
  return reply
    .code(401)
    .header("www-authenticate", `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=${url}/`)
    .send();
}

/** A sliding window of request times per token: Dataverse's request-count service protection limit. */
function createThrottle(maxRequests: number, windowMs: number) {
  const windows = new Map<string, number[]>();
  return (token: string, now: number): { retryAfterSeconds: number } | { remaining: number } => {
    let times = windows.get(token);
    if (times === undefined) {
      times = [];
      windows.set(token, times);
    }
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= now - windowMs) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length >= maxRequests) {
      const oldest = times[0] ?? now;
      return { retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    times.push(now);
    return { remaining: maxRequests - times.length };
  };
}

function send(reply: FastifyReply, response: DvResponse): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.body === undefined) return reply.send();
  return reply.send(typeof response.body === "string" ? response.body : JSON.stringify(response.body));
}

export async function startDataverseStandIn(options: DataverseStandInOptions = {}): Promise<DataverseStandIn> {
  const controls = options.controls ?? createSandboxControls();
  const accessToken = options.accessToken ?? DEFAULT_ACCESS_TOKEN;
  const org: OrganizationInfo = { ...DEFAULT_ORG, ...options.organization };
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 60_000;
  const protection = options.serviceProtection ?? { maxRequests: 6000, windowSeconds: 300 };
  const throttle = protection === false ? undefined : createThrottle(protection.maxRequests, protection.windowSeconds * 1000);
  const schema = buildSchema();
  const store = new Store(schema);
  const deliveries: WebhookDelivery[] = [];
  const closing = new AbortController();
  const pending = new Set<Promise<unknown>>();

  const resolveSet = (table: string) => {
    const set = schema.resolve(table);
    if (set === undefined) throw dvErrors.segmentNotFound(table);
    return set;
  };
  const now = (): string => toDataverseDate(controls.clock.now());
  const insert = (table: string, values: Record<string, unknown>): string => {
    const set = resolveSet(table);
    if (readOnlyTables.has(set.logicalName)) throw dvErrors.badRequest(`Add ${set.logicalName} rows with addListMembers.`);
    const row: RowValues = { ...newRowDefaults(set, now()), ...seedToValues(set, values) };
    checkRequired(set, row);
    return String(store.insert(set.logicalName, row)[set.primaryId]);
  };

  // The platform rows behind our custom APIs: the message a webhook step is registered on.
  for (const api of [runSyncApi]) {
    const messageId = insert("sdkmessage", { name: api.uniqueName, isprivate: false });
    insert("sdkmessagefilter", { name: `${api.uniqueName} ${api.boundEntityLogicalName}`, sdkmessageid: messageId, primaryobjecttypecode: api.boundEntityLogicalName });
    insert("customapi", {
      uniquename: api.uniqueName,
      name: api.uniqueName,
      displayname: api.displayName,
      bindingtype: 1,
      boundentitylogicalname: api.boundEntityLogicalName,
      isfunction: api.isFunction,
      allowedcustomprocessingsteptype: api.allowedCustomProcessingStepType,
      sdkmessageid: messageId,
    });
  }
  for (const name of ["Create", "Update", "Delete"]) insert("sdkmessage", { name, isprivate: false });

  async function runCustomApi(messageName: string, target: { logicalName: string; id: string }, input: Record<string, unknown>): Promise<void> {
    const message = store.sortedIds("sdkmessage").map((id) => store.get("sdkmessage", id)).find((m) => m?.name === messageName);
    if (message === undefined) return;
    const steps = store
      .sortedIds("sdkmessageprocessingstep")
      .map((id) => store.get("sdkmessageprocessingstep", id))
      .filter((s): s is RowValues => s !== undefined && s.sdkmessageid === message.sdkmessageid && s.statecode === 0)
      .sort((a, b) => Number(a.rank ?? 1) - Number(b.rank ?? 1));
    for (const step of steps) {
      const endpoint = typeof step.eventhandler === "string" ? store.get("serviceendpoint", step.eventhandler) : undefined;
      if (endpoint === undefined || endpoint.contract !== WEBHOOK_CONTRACT || typeof endpoint.url !== "string") continue;
      const mode = step.mode === 1 ? 1 : 0;
      const correlationId = randomUUID();
      const context = buildRemoteExecutionContext({
        messageName,
        primaryEntityName: target.logicalName,
        primaryEntityId: target.id,
        inputParameters: input,
        organizationId: org.organizationId,
        organizationName: org.organizationName,
        userId: org.userId,
        businessUnitId: org.businessUnitId,
        correlationId,
        operationCreatedOn: controls.clock.now(),
        owningExtension: { id: String(step.sdkmessageprocessingstepid), name: String(step.name ?? "") },
        mode,
      });
      const endpointInfo = { url: endpoint.url, authType: Number(endpoint.authtype ?? 0), authValue: typeof endpoint.authvalue === "string" ? endpoint.authvalue : null };
      const delivery = deliverWebhook(
        endpointInfo,
        serializeRemoteExecutionContext(context),
        { organizationName: org.organizationName, entityName: target.logicalName, messageName, correlationId },
        webhookTimeoutMs,
        closing.signal,
      ).then((result) => {
        deliveries.push({ url: endpoint.url as string, status: result.status, attempts: result.attempts, at: new Date().toISOString(), messageName });
        return result;
      });
      if (mode === 1) {
        // Asynchronous steps run after the call returns, as system jobs do.
        pending.add(delivery);
        void delivery.finally(() => pending.delete(delivery));
        continue;
      }
      const result = await delivery;
      if (typeof result.status !== "number" || result.status < 200 || result.status > 299) {
        const where = new URL(endpointInfo.url);
        throw new DataverseError(
          400,
          "0x80040265",
          `The webhook step '${String(step.name ?? "")}' failed: ${where.origin}${where.pathname} answered ${String(result.status)}${result.attempts > 1 ? " after a retry" : ""}.`,
        );
      }
    }
  }

  const ctx: DvContext = { schema, store, clock: controls.clock, org, baseUrl: "", runCustomApi };

  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  installSandboxControls(app, {
    controls,
    faultBody: (status) => ({ error: { code: "0x80040216", message: `Injected fault: the stand-in answered HTTP ${status}.` } }),
  });
  let baseUrl = "";
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match?.[1] !== accessToken) return unauthorized(reply, baseUrl);
    if (throttle === undefined) return;
    const verdict = throttle(match[1], controls.clock.now().getTime());
    if ("retryAfterSeconds" in verdict && protection !== false) {
      return send(reply, errorResponse(dvErrors.throttled(protection.maxRequests, protection.windowSeconds, verdict.retryAfterSeconds)));
    }
    if ("remaining" in verdict) void reply.header("x-ms-ratelimit-burst-remaining-xrm-requests", String(verdict.remaining));
    return;
  });

  await app.register((api, _opts, done) => {
    // Bodies reach the handlers as text: bad JSON must become a Dataverse error, and $batch is multipart.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser("*", { parseAs: "string" }, (_request, body, parsed) => parsed(null, body));
    const webApi = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const raw = request.url;
      const q = raw.indexOf("?");
      const pathPart = q < 0 ? raw : raw.slice(0, q);
      const path = pathPart.startsWith(API_PATH) ? pathPart.slice(API_PATH.length) : "";
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
      const body = typeof request.body === "string" ? request.body : "";
      let response: DvResponse;
      try {
        response =
          path === "$batch" && request.method === "POST"
            ? await runBatch(ctx, body, headers["content-type"], headers.prefer)
            : await handle(ctx, { method: request.method, path, query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)), headers, body });
      } catch (error) {
        response = errorResponse(toDataverseError(error));
      }
      return send(reply, response);
    };
    const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"];
    // One route per entity set, so /_sandbox/stats counts calls per table.
    for (const set of schema.sets) api.route({ method: methods, url: `${API_PATH}${set.entitySetName}*`, handler: webApi });
    api.route({ method: "POST", url: `${API_PATH}$batch`, handler: webApi });
    api.route({ method: methods, url: `${API_PATH}*`, handler: webApi });
    done();
  });

  const listening = await listenOn(app, options.port ?? 0, options.host ?? "127.0.0.1");
  baseUrl = listening.url;
  ctx.baseUrl = `${listening.url}${API_PATH}`;

  return {
    url: listening.url,
    apiUrl: ctx.baseUrl,
    port: listening.port,
    accessToken,
    controls,
    organization: org,
    insert,
    insertMany: (table, rows) => rows.map((r) => insert(table, r)),
    update(table, id, values) {
      const set = resolveSet(table);
      store.update(set.logicalName, id, { modifiedon: now(), ...seedToValues(set, values) });
    },
    remove(table, id) {
      store.remove(resolveSet(table).logicalName, id);
    },
    get(table, id) {
      const row = store.get(resolveSet(table).logicalName, id);
      return row === undefined ? undefined : { ...row };
    },
    rows(table) {
      const set = resolveSet(table);
      return store.sortedIds(set.logicalName).map((id) => ({ ...store.get(set.logicalName, id) }));
    },
    count: (table) => store.count(resolveSet(table).logicalName),
    addListMembers(listId, memberIds) {
      const list = store.get("list", listId);
      if (list === undefined) throw dvErrors.recordNotFound("list", listId);
      const memberSet = memberSetOf(ctx, list);
      for (const id of memberIds) {
        if (store.get(memberSet.logicalName, id) === undefined) throw dvErrors.recordNotFound(memberSet.logicalName, id);
        store.addListMember(listId, id, memberSet.logicalName, now());
      }
    },
    listMembers: (listId) => store.membersOf(listId),
    webhookDeliveries: () => deliveries,
    async close() {
      closing.abort();
      await Promise.allSettled([...pending]);
      await listening.close();
    },
  };
}
