// The Dataverse Web API as ComponentFramework.WebApi and Xrm.WebApi give it to a control or a form
// script, over fetch to /api/data/v9.2 on the page's own origin (the app server adds the token).
import { tableByLogicalName } from "@mps/model";

export const API_PATH = "/api/data/v9.2/";

/** A rejection shaped like the platform's ErrorResponse: errorCode and message from the Web API body. */
export class WebApiFailure extends Error {
  public constructor(
    public readonly errorCode: number,
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = "WebApiFailure";
  }
}

export function entitySetOf(logicalName: string): string {
  const table = tableByLogicalName(logicalName);
  if (!table) throw new WebApiFailure(0x80040217, `${logicalName} is not a table of this app.`, 404);
  return table.entitySetName;
}

const bare = (id: string): string => id.replace(/[{}]/g, "").toLowerCase();

async function failure(response: Response): Promise<never> {
  let message = `${response.status} ${response.statusText}`.trim();
  let code = 0;
  try {
    const body = (await response.json()) as { error?: { message?: string; code?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = Number.parseInt(body.error.code, 16) || 0;
  } catch (_notJson) {
    // Keep the status line.
  }
  throw new WebApiFailure(code, message, response.status);
}

/** One Web API call; `pathAndQuery` is relative to /api/data/v9.2/. */
export async function webApiFetch(method: string, pathAndQuery: string, body?: unknown, prefer?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0" };
  if (body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
  if (prefer !== undefined) headers.Prefer = prefer;
  const response = await fetch(API_PATH + pathAndQuery, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return response.ok ? response : failure(response);
}

/** A nextLink from the Web API, as a path relative to /api/data/v9.2/ on this origin. */
export function sameOrigin(nextLink: string): string {
  const url = new URL(nextLink, window.location.href);
  const at = url.pathname.indexOf(API_PATH);
  return url.pathname.slice(at + API_PATH.length) + url.search;
}

const ANNOTATIONS = 'odata.include-annotations="*"';
const question = (options: string | undefined): string => (options === undefined || options === "" ? "" : options.startsWith("?") ? options : `?${options}`);

export function createWebApi(): ComponentFramework.WebApi {
  return {
    async createRecord(entityType, data) {
      const response = await webApiFetch("POST", entitySetOf(entityType), data);
      const id = /\(([^)]+)\)\s*$/.exec(response.headers.get("OData-EntityId") ?? "")?.[1] ?? "";
      return { id, entityType };
    },
    async updateRecord(entityType, id, data) {
      await webApiFetch("PATCH", `${entitySetOf(entityType)}(${bare(id)})`, data, undefined);
      return { id: bare(id), entityType };
    },
    async deleteRecord(entityType, id) {
      await webApiFetch("DELETE", `${entitySetOf(entityType)}(${bare(id)})`);
      return { id: bare(id), entityType };
    },
    async retrieveRecord(entityType, id, options) {
      const response = await webApiFetch("GET", `${entitySetOf(entityType)}(${bare(id)})${question(options)}`, undefined, ANNOTATIONS);
      return (await response.json()) as ComponentFramework.WebApi.Entity;
    },
    async retrieveMultipleRecords(entityType, options, maxPageSize) {
      const prefer = maxPageSize === undefined ? ANNOTATIONS : `${ANNOTATIONS},odata.maxpagesize=${maxPageSize}`;
      // A nextLink passed back as options continues that page.
      const path = options?.includes("$skiptoken") && options.includes(API_PATH) ? sameOrigin(options) : `${entitySetOf(entityType)}${question(options)}`;
      const body = (await (await webApiFetch("GET", path, undefined, prefer)).json()) as { value: ComponentFramework.WebApi.Entity[]; "@odata.nextLink"?: string };
      const next = body["@odata.nextLink"];
      return { entities: body.value, nextLink: next ?? "" };
    },
  };
}
