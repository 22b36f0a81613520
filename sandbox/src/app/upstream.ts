// The app server's two upstreams: the Dataverse Web API (bearer token) and Dotdigital (basic auth per
// account). The app speaks HTTP only, as a browser in a model-driven app would through its session.
import { z } from "zod";

/** A failed upstream call, with the upstream's own message (never the credentials). */
export class UpstreamError extends Error {
  public readonly kind = "upstream" as const;
  public constructor(
    public readonly upstream: "dataverse" | "dotdigital",
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

const dataverseError = z.object({ error: z.object({ message: z.string() }) });
const dotdigitalError = z.object({ message: z.string() });

export type Row = Record<string, unknown>;

export interface DataverseTarget {
  /** The org URL, e.g. http://127.0.0.1:41234 (no trailing slash needed). */
  readonly url: string;
  readonly token: string;
}

export const API_PATH = "/api/data/v9.2/";

export function dataverseApi(target: DataverseTarget): string {
  return `${target.url.replace(/\/+$/, "")}${API_PATH}`;
}

export interface Page {
  readonly rows: Row[];
  /** The query string of the next page (`?...$skiptoken=...`), when there is one. */
  readonly next: string | undefined;
}

/** One GET of the Web API with formatted values, as a model-driven list asks for them. */
export async function dataverseGet(target: DataverseTarget, pathAndQuery: string, pageSize?: number): Promise<Row & { value?: Row[] }> {
  const prefer = ['odata.include-annotations="*"', ...(pageSize === undefined ? [] : [`odata.maxpagesize=${pageSize}`])].join(",");
  const response = await fetch(dataverseApi(target) + pathAndQuery, {
    headers: { authorization: `Bearer ${target.token}`, accept: "application/json", "odata-version": "4.0", "odata-maxversion": "4.0", prefer },
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const parsed = dataverseError.safeParse(body);
    throw new UpstreamError("dataverse", response.status, parsed.success ? parsed.data.error.message : `Dataverse answered ${response.status}.`);
  }
  return body as Row & { value?: Row[] };
}

export async function dataversePage(target: DataverseTarget, pathAndQuery: string, pageSize: number): Promise<Page> {
  const body = await dataverseGet(target, pathAndQuery, pageSize);
  const nextLink = body["@odata.nextLink"];
  return { rows: body.value ?? [], next: typeof nextLink === "string" ? new URL(nextLink).search : undefined };
}

export interface DotdigitalAccount {
  /** The region base URL with its trailing slash (mps_apiendpoint). */
  readonly apiEndpoint: string;
  readonly apiUser: string;
  readonly password: string;
}

export async function dotdigitalCall(account: DotdigitalAccount, method: "GET" | "PUT", path: string, body?: unknown): Promise<unknown> {
  const base = account.apiEndpoint.endsWith("/") ? account.apiEndpoint : `${account.apiEndpoint}/`;
  const response = await fetch(base + path.replace(/^\//, ""), {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${account.apiUser}:${account.password}`).toString("base64")}`,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = dotdigitalError.safeParse(parsed);
    throw new UpstreamError("dotdigital", response.status, error.success ? error.data.message : `Dotdigital answered ${response.status}.`);
  }
  return parsed;
}
