import { emailAccount, runSyncApi } from "@mps/model";
import { bagValue, EMPTY_GUID, entityReferenceSchema, remoteExecutionContextSchema, type RemoteExecutionContext } from "./remote-execution-context";
import { presentedWebhookKey, single, verifyWebhookKey, WEBHOOK_KEY_HEADER, WEBHOOK_KEY_QUERY, type WebhookHeaders, type WebhookQuery } from "./webhook-key";

/**
 * Dataverse never posts more than 256 KB (above that it strips ParentContext, InputParameters and
 * the images, and says so in x-ms-dynamics-msg-size-exceeded); twice that leaves headroom for its
 * own rounding and refuses anything that is plainly not from Dataverse before parsing it.
 */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;
/** Deeper than any real context (ParentContext chains stop at the platform's depth limit of 8). */
export const MAX_JSON_DEPTH = 100;
const MAX_JSON_NODES = 200_000;
/** Object keys that could reach a prototype if any later code copied the body into an object. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export const SIZE_EXCEEDED_HEADER = "x-ms-dynamics-msg-size-exceeded";
const REQUEST_NAME_HEADER = "x-ms-dynamics-request-name";
const ENTITY_NAME_HEADER = "x-ms-dynamics-entity-name";
const CORRELATION_HEADER = "x-ms-correlation-request-id";

const [dryRunParameter] = runSyncApi.requestParameters;

/** A request to run the marketing preference sync for one Email Account, taken from a webhook call. */
export interface RunRequest {
  /** The Email Account (mps_emailaccount id, lower-case). */
  readonly emailAccountId: string;
  readonly dryRun: boolean;
  /** Same for every delivery of one call (Dataverse retries, System Job reruns): the queue's dedup key. */
  readonly dedupKey: string;
  readonly operationId: string;
  readonly correlationId: string;
  readonly requestId: string | null;
  /** The systemuser who called the custom API (InitiatingUserId). */
  readonly requestedBy: string;
  /** The systemuser the step ran as (UserId). */
  readonly userId: string;
  readonly organizationId: string;
  readonly organizationName: string | null;
  /** When Dataverse created the operation, if it said. */
  readonly requestedAt: Date | null;
  readonly mode: "synchronous" | "asynchronous";
  /** Things the run log should show about how the request arrived. */
  readonly warnings: readonly string[];
}

export type RunRequestRejection = {
  readonly ok: false;
  /** 401 no or wrong key; 413 body too large; 400 not a well-formed RemoteExecutionContext; 422 well-formed but not a request this service runs. */
  readonly status: 400 | 401 | 413 | 422;
  readonly kind: "unauthorized" | "too-large" | "malformed" | "not-a-run-request";
  /** Names the field and the fix. Never contains the key or more than a short excerpt of the body. */
  readonly reason: string;
};

export type RunRequestResult = { readonly ok: true; readonly request: RunRequest } | RunRequestRejection;

export interface ParseRunRequestOptions {
  /** The webhook key registered on the service endpoint. */
  readonly expectedKey: string;
  /** The request's query string (WebhookKey authentication sends `?code=`). */
  readonly query?: WebhookQuery;
  /** The header HttpHeader authentication sends the key in; default x-mps-webhook-key. */
  readonly keyHeader?: string;
  readonly maxBodyBytes?: number;
}

function reject(status: RunRequestRejection["status"], kind: RunRequestRejection["kind"], reason: string): RunRequestRejection {
  return { ok: false, status, kind, reason };
}

/** A short, printable excerpt of untrusted text for an error message. */
function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Why the parsed body is unsafe to go further (too deep, too big, a prototype key), or undefined. */
function hostileShape(root: unknown): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: "body" }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: unknown; depth: number; path: string };
    if (++nodes > MAX_JSON_NODES) return `body has more than ${MAX_JSON_NODES} values; a RemoteExecutionContext is far smaller`;
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_JSON_DEPTH) return `body nests deeper than ${MAX_JSON_DEPTH} levels at ${path}; a RemoteExecutionContext is far shallower`;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]` }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `body has the key ${show(key)} at ${path}; such keys are refused so they can never reach an object prototype`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: `${path}.${key}` });
    }
  }
  return undefined;
}

function readBody(body: unknown, maxBytes: number): { ok: true; json: unknown } | RunRequestRejection {
  if (typeof body !== "string" && !(body instanceof Uint8Array)) return { ok: true, json: body };
  const bytes = typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.byteLength;
  if (bytes > maxBytes) return reject(413, "too-large", `body is ${bytes} bytes, over the ${maxBytes}-byte limit; Dataverse never sends more than 256 KB`);
  const text = typeof body === "string" ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : "unreadable";
    return reject(400, "malformed", `body is not valid JSON (${detail}); send the RemoteExecutionContext as application/json`);
  }
}

function firstIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? "body" : issue.path.map(String).join(".")}: ${issue.message}`)
    .join("; ");
}

function sameName(a: string, b: string): boolean {
  // Dataverse message and table names are case-insensitive.
  return a.toLowerCase() === b.toLowerCase();
}

function checkHeaders(ctx: RemoteExecutionContext, headers: WebhookHeaders): RunRequestRejection | undefined {
  const requestName = single(headers, REQUEST_NAME_HEADER);
  if (requestName !== undefined && !sameName(requestName, ctx.MessageName)) {
    return reject(422, "not-a-run-request", `header ${REQUEST_NAME_HEADER} is ${show(requestName)} but MessageName is ${show(ctx.MessageName)}; the two must name the same message`);
  }
  const entityName = single(headers, ENTITY_NAME_HEADER);
  if (entityName !== undefined && !sameName(entityName, ctx.PrimaryEntityName)) {
    return reject(422, "not-a-run-request", `header ${ENTITY_NAME_HEADER} is ${show(entityName)} but PrimaryEntityName is ${show(ctx.PrimaryEntityName)}; the two must name the same table`);
  }
  return undefined;
}

/** The dedup key: the operation id when Dataverse gave one, else the request id, else the correlation id. */
function dedupKeyOf(ctx: RemoteExecutionContext, headers: WebhookHeaders): string {
  if (ctx.OperationId !== EMPTY_GUID) return `operation:${ctx.OperationId}`;
  if (ctx.RequestId !== undefined && ctx.RequestId !== null && ctx.RequestId !== EMPTY_GUID) return `request:${ctx.RequestId}`;
  if (ctx.CorrelationId !== EMPTY_GUID) return `correlation:${ctx.CorrelationId}`;
  return `correlation:${single(headers, CORRELATION_HEADER) ?? ctx.PrimaryEntityId}`;
}

/**
 * Reads a webhook call of the custom API mps_RunMarketingPreferenceSync into a RunRequest, or says
 * which HTTP status to answer and why. Checks, in order: the key (401, before reading anything
 * else), the size (413), the JSON and its shape (400), then that it really asks to run our sync for
 * one Email Account (422). Never throws.
 *
 * When Dataverse stripped InputParameters (payload over 256 KB, x-ms-dynamics-msg-size-exceeded),
 * the DryRun flag is unknown; the request is then run as a dry run, the kind that changes nothing,
 * with a warning for the run log, rather than risk pushing changes the caller only wanted to preview.
 */
export function parseRunRequest(body: unknown, headers: WebhookHeaders, options: ParseRunRequestOptions): RunRequestResult {
  const keyHeader = options.keyHeader ?? WEBHOOK_KEY_HEADER;
  const presented = presentedWebhookKey(headers, options.query, keyHeader);
  if (!verifyWebhookKey(presented, options.expectedKey)) {
    return reject(
      401,
      "unauthorized",
      presented === undefined
        ? `no webhook key: send it in the ${keyHeader} header or as ?${WEBHOOK_KEY_QUERY}=`
        : "the webhook key does not match: register the service endpoint again with the service's current key",
    );
  }

  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = Number(single(headers, "content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    return reject(413, "too-large", `content-length is ${declared} bytes, over the ${maxBytes}-byte limit; Dataverse never sends more than 256 KB`);
  }
  const read = readBody(body, maxBytes);
  if (!read.ok) return read;
  const json = read.json;
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return reject(400, "malformed", `body is ${kindOf(json)}; it must be a JSON object (the RemoteExecutionContext Dataverse posts)`);
  }
  const hostile = hostileShape(json);
  if (hostile !== undefined) return reject(400, "malformed", hostile);

  const parsed = remoteExecutionContextSchema.safeParse(json);
  if (!parsed.success) return reject(400, "malformed", `body is not a RemoteExecutionContext: ${firstIssues(parsed.error)}`);
  const ctx = parsed.data;

  if (!sameName(ctx.MessageName, runSyncApi.uniqueName)) {
    return reject(422, "not-a-run-request", `MessageName is ${show(ctx.MessageName)}; this endpoint only runs ${runSyncApi.uniqueName}: register the webhook step on that message`);
  }
  if (!sameName(ctx.PrimaryEntityName, runSyncApi.boundEntityLogicalName)) {
    return reject(422, "not-a-run-request", `PrimaryEntityName is ${show(ctx.PrimaryEntityName)}; ${runSyncApi.uniqueName} runs on ${emailAccount.logicalName}: call it bound to an Email Account`);
  }
  if (ctx.PrimaryEntityId === EMPTY_GUID) {
    return reject(422, "not-a-run-request", `PrimaryEntityId is the empty GUID; call ${runSyncApi.uniqueName} bound to one Email Account`);
  }
  const headerProblem = checkHeaders(ctx, headers);
  if (headerProblem !== undefined) return headerProblem;

  const warnings: string[] = [];
  let dryRun: boolean;
  if (ctx.InputParameters === undefined) {
    dryRun = true;
    warnings.push(
      single(headers, SIZE_EXCEEDED_HEADER) !== undefined
        ? `Dataverse left out the input parameters (the call was over 256 KB), so ${dryRunParameter.uniqueName} was unknown and the run was a dry run; call it again with a smaller request to sync for real`
        : `the call had no input parameters, so ${dryRunParameter.uniqueName} was unknown and the run was a dry run`,
    );
  } else {
    const target = bagValue(ctx.InputParameters, "Target");
    if (target.kind === "many") return reject(422, "not-a-run-request", "InputParameters lists Target more than once; send it once");
    if (target.kind === "one") {
      const ref = entityReferenceSchema.safeParse(target.value);
      if (!ref.success) return reject(422, "not-a-run-request", `InputParameters Target is not an EntityReference: ${firstIssues(ref.error)}`);
      if (!sameName(ref.data.LogicalName, emailAccount.logicalName)) {
        return reject(422, "not-a-run-request", `InputParameters Target refers to ${show(ref.data.LogicalName)}; it must be an ${emailAccount.logicalName}`);
      }
      if (ref.data.Id !== ctx.PrimaryEntityId) {
        return reject(422, "not-a-run-request", `InputParameters Target is ${ref.data.Id} but PrimaryEntityId is ${ctx.PrimaryEntityId}; they must be the same Email Account`);
      }
    }
    const flag = bagValue(ctx.InputParameters, dryRunParameter.uniqueName);
    if (flag.kind === "many") return reject(422, "not-a-run-request", `InputParameters lists ${dryRunParameter.uniqueName} more than once; send it once`);
    if (flag.kind === "one" && flag.value !== null && typeof flag.value !== "boolean") {
      return reject(422, "not-a-run-request", `${dryRunParameter.uniqueName} is ${kindOf(flag.value)} ${show(flag.value)}; it must be true or false (or left out for a real run)`);
    }
    dryRun = flag.kind === "one" && flag.value === true;
  }

  return {
    ok: true,
    request: {
      emailAccountId: ctx.PrimaryEntityId,
      dryRun,
      dedupKey: dedupKeyOf(ctx, headers),
      operationId: ctx.OperationId,
      correlationId: ctx.CorrelationId,
      requestId: ctx.RequestId ?? null,
      requestedBy: ctx.InitiatingUserId,
      userId: ctx.UserId,
      organizationId: ctx.OrganizationId,
      organizationName: ctx.OrganizationName ?? null,
      requestedAt: ctx.OperationCreatedOn ?? null,
      mode: ctx.Mode === 0 ? "synchronous" : "asynchronous",
      warnings,
    },
  };
}
