import { randomUUID } from "node:crypto";
import { WebhookAuthType } from "./system-tables";

// What Dataverse POSTs to a webhook: the RemoteExecutionContext serialised by WCF's
// DataContractJsonSerializer — parameter bags as [{key, value}] arrays, `__type` hints on complex
// values, dates as "\/Date(ms)\/" and every "/" escaped.

const CONTRACTS = "http://schemas.microsoft.com/xrm/2011/Contracts";

export interface EntityReferenceValue {
  readonly logicalName: string;
  readonly id: string;
  readonly name?: string | null;
}

export interface RemoteExecutionContextInput {
  readonly messageName: string;
  readonly primaryEntityName: string;
  readonly primaryEntityId: string;
  /** Request parameters by name; a bound API's `Target` is added from the primary entity. */
  readonly inputParameters: Readonly<Record<string, unknown>>;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly userId: string;
  readonly businessUnitId: string;
  readonly correlationId: string;
  readonly operationCreatedOn: Date;
  /** The step that fired (sdkmessageprocessingstep). */
  readonly owningExtension: { readonly id: string; readonly name: string };
  /** 0 synchronous, 1 asynchronous. */
  readonly mode: 0 | 1;
  /** 40 PostOperation (where webhook steps on a custom API run). */
  readonly stage?: number;
  readonly depth?: number;
  readonly operationId?: string;
  readonly requestId?: string;
}

export const wcfDate = (date: Date): string => `/Date(${date.getTime()})/`;

function entityReference(ref: EntityReferenceValue): Record<string, unknown> {
  return {
    __type: `EntityReference:${CONTRACTS}`,
    Id: ref.id,
    KeyAttributes: [],
    LogicalName: ref.logicalName,
    Name: ref.name ?? null,
    RowVersion: null,
  };
}

function wcfValue(value: unknown): unknown {
  if (value instanceof Date) return wcfDate(value);
  if (value !== null && typeof value === "object" && "logicalName" in value && "id" in value) return entityReference(value as EntityReferenceValue);
  return value;
}

/** The RemoteExecutionContext object (before serialisation) for one custom API call. */
export function buildRemoteExecutionContext(input: RemoteExecutionContextInput): Record<string, unknown> {
  const parameters: { key: string; value: unknown }[] = [
    { key: "Target", value: entityReference({ logicalName: input.primaryEntityName, id: input.primaryEntityId }) },
    ...Object.entries(input.inputParameters).map(([key, value]) => ({ key, value: wcfValue(value) })),
  ];
  return {
    BusinessUnitId: input.businessUnitId,
    CorrelationId: input.correlationId,
    Depth: input.depth ?? 1,
    InitiatingUserAzureActiveDirectoryObjectId: "00000000-0000-0000-0000-000000000000",
    InitiatingUserId: input.userId,
    InputParameters: parameters,
    IsExecutingOffline: false,
    IsInTransaction: input.mode === 0,
    IsOfflinePlayback: false,
    IsolationMode: 1,
    MessageName: input.messageName,
    Mode: input.mode,
    OperationCreatedOn: wcfDate(input.operationCreatedOn),
    OperationId: input.operationId ?? randomUUID(),
    OrganizationId: input.organizationId,
    OrganizationName: input.organizationName,
    OutputParameters: [],
    OwningExtension: { Id: input.owningExtension.id, KeyAttributes: [], LogicalName: "sdkmessageprocessingstep", Name: input.owningExtension.name, RowVersion: null },
    ParentContext: null,
    PostEntityImages: [],
    PreEntityImages: [],
    PrimaryEntityId: input.primaryEntityId,
    PrimaryEntityName: input.primaryEntityName,
    RequestId: input.requestId ?? randomUUID(),
    SecondaryEntityName: "none",
    SharedVariables: [],
    Stage: input.stage ?? 40,
    UserAzureActiveDirectoryObjectId: "00000000-0000-0000-0000-000000000000",
    UserId: input.userId,
  };
}

/** JSON as WCF writes it: forward slashes escaped ("\/Date(…)\/", "http:\/\/…"). */
export function serializeRemoteExecutionContext(context: Record<string, unknown>): string {
  return JSON.stringify(context).replace(/\//g, "\\/");
}

/** `<settings><setting name="x" value="y" /></settings>`: how HttpHeader/HttpQueryString auth values are stored. */
export function parseAuthSettings(authValue: string): [string, string][] {
  const decode = (s: string): string =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const pairs: [string, string][] = [];
  for (const m of authValue.matchAll(/<setting\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g)) pairs.push([decode(m[1] ?? ""), decode(m[2] ?? "")]);
  return pairs;
}

export interface WebhookEndpoint {
  readonly url: string;
  readonly authType: number;
  readonly authValue: string | null;
}

export interface WebhookDelivery {
  readonly url: string;
  readonly status: number | "timeout" | "network-error";
  readonly attempts: number;
  readonly at: string;
  readonly messageName: string;
}

/** The URL and headers Dataverse calls an endpoint with, per its auth type. */
export function endpointRequest(endpoint: WebhookEndpoint): { url: string; headers: Record<string, string> } {
  const url = new URL(endpoint.url);
  const headers: Record<string, string> = {};
  const value = endpoint.authValue ?? "";
  if (endpoint.authType === WebhookAuthType.WebhookKey) url.searchParams.set("code", value);
  else if (endpoint.authType === WebhookAuthType.HttpHeader) for (const [k, v] of parseAuthSettings(value)) headers[k] = v;
  else if (endpoint.authType === WebhookAuthType.HttpQueryString) for (const [k, v] of parseAuthSettings(value)) url.searchParams.set(k, v);
  return { url: url.toString(), headers };
}

const RETRIED = new Set([502, 503, 504]);

/** POSTs the context; 60 s timeout; one retry on 502/503/504 only, as Dataverse does. */
export async function deliverWebhook(
  endpoint: WebhookEndpoint,
  body: string,
  meta: { organizationName: string; entityName: string; messageName: string; correlationId: string },
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<{ status: number | "timeout" | "network-error"; attempts: number }> {
  const { url, headers } = endpointRequest(endpoint);
  let attempts = 0;
  let status: number | "timeout" | "network-error" = "network-error";
  while (attempts < 2) {
    attempts++;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-ms-dynamics-organization": meta.organizationName,
          "x-ms-dynamics-entity-name": meta.entityName,
          "x-ms-dynamics-request-name": meta.messageName,
          "x-ms-correlation-request-id": meta.correlationId,
          ...headers,
        },
        body,
        signal: cancel === undefined ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      // Duck-typed: the abort reason is a DOMException, which need not be an Error of this realm.
      const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
      status = name === "TimeoutError" || name === "AbortError" ? "timeout" : "network-error";
    }
    if (typeof status !== "number" || !RETRIED.has(status)) break;
  }
  return { status, attempts };
}
