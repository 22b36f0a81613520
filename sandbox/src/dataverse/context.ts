import { type TestClock } from "../common";
import { type Schema } from "./schema";
import { type Store } from "./store";

/** One Web API request, as the router sees it (also each operation inside a $batch). */
export interface DvRequest {
  readonly method: string;
  /** The path after `/api/data/v9.2/`, still percent-encoded, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface DvResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body, or a string sent as is. */
  body?: unknown;
}

/** Identity of the organisation and the calling user (WhoAmI, webhook payloads). */
export interface OrganizationInfo {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly userId: string;
  readonly businessUnitId: string;
  readonly version: string;
}

export interface DvContext {
  readonly schema: Schema;
  readonly store: Store;
  readonly clock: TestClock;
  readonly org: OrganizationInfo;
  /** e.g. `http://127.0.0.1:4321/api/data/v9.2/` (with the trailing slash). */
  baseUrl: string;
  /** Runs the custom API's registered webhook steps; set by the server. */
  runCustomApi(messageName: string, target: { logicalName: string; id: string }, input: Record<string, unknown>): Promise<void>;
}

export interface Prefer {
  readonly maxPageSize: number | undefined;
  readonly trackChanges: boolean;
  readonly annotations: boolean;
  readonly returnRepresentation: boolean;
  readonly continueOnError: boolean;
}

export function parsePrefer(header: string | undefined): Prefer {
  let maxPageSize: number | undefined;
  let trackChanges = false;
  let annotations = false;
  let returnRepresentation = false;
  let continueOnError = false;
  for (const part of (header ?? "").split(",")) {
    const [rawName, ...rest] = part.split("=");
    const name = (rawName ?? "").trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"|"$/g, "");
    if (name === "odata.maxpagesize") {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) maxPageSize = n;
    } else if (name === "odata.track-changes") trackChanges = true;
    else if (name === "odata.include-annotations") annotations = value === "*" || value.includes("FormattedValue") || value.includes("Microsoft.Dynamics.CRM");
    else if (name === "return" && value === "representation") returnRepresentation = true;
    else if (name === "odata.continue-on-error") continueOnError = true;
  }
  return { maxPageSize, trackChanges, annotations, returnRepresentation, continueOnError };
}

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; odata.metadata=minimal",
  "odata-version": "4.0",
};
