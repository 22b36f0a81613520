// An XrmLike over the Dataverse Web API with fetch, for hosts that serve the dialog outside Dynamics
// (the sandbox's local app, the browser test). Same-origin and relative, as a web resource would be;
// the host adds authentication. Inside Dynamics the dialog uses the real Xrm instead.
import { tableByLogicalName } from "@mps/model";
import type { WebApiRow, XrmLike } from "./xrm-like";

function entitySet(logicalName: string): string {
  const table = tableByLogicalName(logicalName);
  if (!table) throw new Error(`${logicalName} is not a table of the model: use a logical name such as mps_syncschedule.`);
  return table.entitySetName;
}

/** Rejects the way Xrm.WebApi does: with `{ message, errorCode }` from the Web API error body. */
async function failure(response: Response): Promise<never> {
  let message = `${response.status} ${response.statusText}`.trim();
  let errorCode: string | number | undefined;
  try {
    const body = (await response.json()) as { error?: { message?: string; code?: string } };
    if (body.error?.message) message = body.error.message;
    errorCode = body.error?.code;
  } catch (_notJson) {
    // Keep the status line.
  }
  return Promise.reject(Object.assign(new Error(message), { errorCode }));
}

export function createWebApiXrm(apiPath = "/api/data/v9.2/"): XrmLike {
  const headers = { Accept: "application/json", "Content-Type": "application/json; charset=utf-8", "OData-MaxVersion": "4.0", "OData-Version": "4.0" };
  const call = async (method: string, path: string, body?: WebApiRow): Promise<Response> => {
    const response = await fetch(apiPath + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return response.ok ? response : failure(response);
  };
  return {
    WebApi: {
      async retrieveRecord(logicalName, id, options = "") {
        return (await (await call("GET", `${entitySet(logicalName)}(${id})${options}`)).json()) as WebApiRow;
      },
      async retrieveMultipleRecords(logicalName, options = "") {
        const body = (await (await call("GET", `${entitySet(logicalName)}${options}`)).json()) as { value: WebApiRow[] };
        return { entities: body.value };
      },
      async createRecord(logicalName, data) {
        const response = await call("POST", entitySet(logicalName), data);
        // The new row's URL comes back in OData-EntityId, e.g. .../mps_syncschedules(<id>).
        const id = /\(([^)]+)\)\s*$/.exec(response.headers.get("OData-EntityId") ?? "")?.[1] ?? "";
        return { id };
      },
      async updateRecord(logicalName, id, data) {
        await call("PATCH", `${entitySet(logicalName)}(${id})`, data);
        return { id };
      },
    },
  };
}
