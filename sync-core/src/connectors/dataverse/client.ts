import { DynamicsWebApi, type RequestError } from "dynamics-web-api";
import { DataverseError, kindOfStatus } from "./errors";

/**
 * The Dataverse Web API client the runner uses. Requests go through dynamics-web-api; this layer
 * adds what the library lacks: one throttle for every request (a 429's Retry-After pauses all
 * callers, concurrency is capped below the service's 52), retries with backoff on 5xx and network
 * errors, typed errors, and a count of HTTP calls for the run log.
 */
export interface DataverseClientOptions {
  /** The organisation root, e.g. https://contoso.crm.dynamics.com (no /api/data). */
  readonly url: string;
  /** Returns a bearer token; called before requests, so it should cache (msal does). */
  readonly getToken: () => Promise<string>;
  readonly maxConcurrent?: number;
  readonly maxAttempts?: number;
  readonly pageSize?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface QueryOptions {
  readonly select: readonly string[];
  readonly filter?: string;
  readonly orderBy?: readonly string[];
  readonly expand?: readonly { readonly property: string; readonly select: readonly string[] }[];
  readonly top?: number;
}

export interface DeltaResult {
  readonly changed: readonly Record<string, unknown>[];
  readonly removedIds: readonly string[];
  readonly deltaLink: string;
}

export type WriteOp =
  | { readonly kind: "upsert"; readonly entitySet: string; readonly key: string; readonly data: Record<string, unknown> }
  | { readonly kind: "create"; readonly entitySet: string; readonly data: Record<string, unknown> }
  | { readonly kind: "update"; readonly entitySet: string; readonly id: string; readonly data: Record<string, unknown>; readonly ifMatch?: string };

export type WriteResult = { readonly ok: true; readonly id?: string } | { readonly ok: false; readonly error: DataverseError };

export interface DataverseClient {
  /** All rows of a query, page by page (`@odata.nextLink`). */
  queryPages(entitySet: string, query: QueryOptions): AsyncGenerator<Record<string, unknown>[]>;
  queryAll(entitySet: string, query: QueryOptions): Promise<Record<string, unknown>[]>;
  /** Change tracking: from a delta link, or a full read that starts tracking when there is none. */
  delta(entitySet: string, select: readonly string[], deltaLink: string | null): Promise<DeltaResult>;
  create(entitySet: string, data: Record<string, unknown>): Promise<string>;
  update(entitySet: string, id: string, data: Record<string, unknown>, ifMatch?: string): Promise<void>;
  /** Writes in `$batch` requests of at most 1000 operations, continuing past failed ones. */
  write(ops: readonly WriteOp[]): Promise<WriteResult[]>;
  callBoundAction(entitySet: string, id: string, action: string, data: Record<string, unknown>): Promise<unknown>;
  /** The organisation's version (asked once per client). */
  retrieveVersion(): Promise<string>;
  /** HTTP calls made so far (retries included: each is a call the service counts). */
  readonly calls: () => number;
}

const MAX_BATCH = 1000;

export function createDataverseClient(options: DataverseClientOptions): DataverseClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxConcurrent = options.maxConcurrent ?? 8;
  const pageSize = options.pageSize ?? 5000;
  const config = {
    serverUrl: options.url.replace(/\/+$/, "") + "/",
    dataApi: { version: "9.2" },
    onTokenRefresh: options.getToken,
    maxPageSize: pageSize,
    timeout: options.timeoutMs ?? 120_000,
    propagateErrors: true,
  };
  const api = new DynamicsWebApi(config);

  let callCount = 0;
  let version: Promise<string> | undefined;
  let active = 0;
  let blockedUntil = 0;
  const waiting: (() => void)[] = [];

  async function slot(): Promise<void> {
    while (active >= maxConcurrent) await new Promise<void>((r) => waiting.push(r));
    active++;
  }
  function release(): void {
    active--;
    waiting.shift()?.();
  }

  /** Runs one HTTP request under the throttle, retrying what is worth retrying. */
  async function send<T>(what: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const pause = blockedUntil - now();
      if (pause > 0) await sleep(pause);
      await slot();
      try {
        callCount++;
        return await request();
      } catch (e) {
        const error = toDataverseError(what, e);
        const retryAfterMs = retryAfter(e);
        if (error.kind === "throttled" && retryAfterMs !== undefined) blockedUntil = Math.max(blockedUntil, now() + retryAfterMs);
        const retriable = error.kind === "throttled" || error.kind === "server" || error.kind === "network";
        if (!retriable || attempt >= maxAttempts) throw error;
        // Retry-After governs 429s; otherwise capped exponential backoff with full jitter.
        const backoff = retryAfterMs ?? Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + random() / 2);
        await sleep(backoff);
      } finally {
        release();
      }
    }
  }

  function retrieveRequest(entitySet: string, query: QueryOptions) {
    return {
      collection: entitySet,
      select: [...query.select],
      ...(query.filter !== undefined ? { filter: query.filter } : {}),
      ...(query.orderBy !== undefined ? { orderBy: [...query.orderBy] } : {}),
      ...(query.top !== undefined ? { top: query.top } : {}),
      ...(query.expand !== undefined ? { expand: query.expand.map((e) => ({ property: e.property, select: [...e.select] })) } : {}),
    };
  }

  async function* queryPages(entitySet: string, query: QueryOptions): AsyncGenerator<Record<string, unknown>[]> {
    let next: string | undefined;
    do {
      const link = next;
      const page = await send(`GET ${entitySet}`, () => api.retrieveMultiple<Record<string, unknown>>(retrieveRequest(entitySet, query), link));
      yield page.value ?? [];
      next = page.oDataNextLink;
    } while (next !== undefined && next !== "");
  }

  return {
    queryPages,
    async queryAll(entitySet, query) {
      const rows: Record<string, unknown>[] = [];
      for await (const page of queryPages(entitySet, query)) rows.push(...page);
      return rows;
    },
    async delta(entitySet, select, deltaLink) {
      const changed: Record<string, unknown>[] = [];
      const removedIds: string[] = [];
      let link: string | undefined = deltaLink ?? undefined;
      let first = true;
      for (;;) {
        const current = link;
        const request = first && deltaLink === null ? { collection: entitySet, select: [...select], trackChanges: true } : { collection: entitySet };
        const page = await send(`GET ${entitySet} (changes)`, () => api.retrieveMultiple<Record<string, unknown>>(request, current));
        first = false;
        for (const row of page.value ?? []) {
          const context = row["oDataContext"] ?? row["@odata.context"];
          if (typeof context === "string" && context.endsWith("$deletedEntity")) removedIds.push(String(row["id"]));
          else changed.push(row);
        }
        if (page.oDataNextLink) {
          link = page.oDataNextLink;
          continue;
        }
        if (!page.oDataDeltaLink) throw new DataverseError("bad-response", `GET ${entitySet} with change tracking returned no @odata.deltaLink: is change tracking enabled on the table?`);
        return { changed, removedIds, deltaLink: page.oDataDeltaLink };
      }
    },
    async create(entitySet, data) {
      const id = await send(`POST ${entitySet}`, () => api.create<Record<string, unknown>, string>({ collection: entitySet, data }));
      return String(id);
    },
    async update(entitySet, id, data, ifMatch) {
      await send(`PATCH ${entitySet}`, () => api.update({ collection: entitySet, key: id, data, ...(ifMatch !== undefined ? { ifmatch: ifMatch } : {}) }));
    },
    async write(ops) {
      const results: WriteResult[] = [];
      for (let i = 0; i < ops.length; i += MAX_BATCH) {
        const chunk = ops.slice(i, i + MAX_BATCH);
        const responses = await send(`POST $batch (${chunk.length})`, async () => {
          // A batch is built on its own instance: dynamics-web-api keeps batch state per instance.
          const batch = api.initializeInstance(config);
          batch.startBatch();
          for (const op of chunk) {
            if (op.kind === "upsert") void batch.upsert({ collection: op.entitySet, key: op.key, data: op.data });
            else if (op.kind === "create") void batch.create({ collection: op.entitySet, data: op.data });
            else void batch.update({ collection: op.entitySet, key: op.id, data: op.data, ...(op.ifMatch !== undefined ? { ifmatch: op.ifMatch } : {}) });
          }
          return (await batch.executeBatch({ continueOnError: true, inChangeSet: false })) as unknown[];
        });
        chunk.forEach((op, j) => {
          const response = responses[j];
          if (response instanceof Error) results.push({ ok: false, error: toDataverseError(`${op.kind} ${op.entitySet}`, response) });
          else results.push(typeof response === "string" ? { ok: true, id: response } : { ok: true });
        });
      }
      return results;
    },
    async callBoundAction(entitySet, id, action, data) {
      return send(`POST ${entitySet}/${action}`, () => api.callAction<unknown>({ collection: entitySet, key: id, actionName: action, action: data }));
    },
    retrieveVersion() {
      // The organisation's version does not change under a running process: ask once.
      version ??= send("GET RetrieveVersion", () => api.callFunction<{ Version?: unknown }>({ functionName: "RetrieveVersion" })).then((response) => {
        if (typeof response?.Version !== "string") throw new DataverseError("bad-response", "RetrieveVersion answered without a Version");
        return response.Version;
      });
      void version.catch(() => (version = undefined));
      return version;
    },
    calls: () => callCount,
  };
}

function toDataverseError(what: string, e: unknown): DataverseError {
  if (e instanceof DataverseError) return e;
  const err = e as Partial<RequestError> & { code?: string };
  const status = typeof err.status === "number" ? err.status : undefined;
  const code = typeof err.code === "string" ? err.code : undefined;
  const kind = status === undefined ? (err instanceof SyntaxError ? "bad-response" : "network") : kindOfStatus(status, code);
  const message = typeof err.message === "string" && err.message !== "" ? err.message : (err.statusText ?? "no message");
  return new DataverseError(kind, `${what}: ${status !== undefined ? `${status} ` : ""}${message}`, status, code);
}

function retryAfter(e: unknown): number | undefined {
  const headers = (e as Partial<RequestError>).headers as Record<string, unknown> | undefined;
  const raw = headers?.["retry-after"] ?? headers?.["Retry-After"];
  const seconds = Number(raw);
  return raw !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
