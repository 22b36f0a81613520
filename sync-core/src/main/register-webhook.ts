import { runSyncApi } from "@mps/model";
import type { DataverseClient } from "../connectors/dataverse/client";
import { eqString, filterGuid } from "../connectors/dataverse/odata";
import { ConfigError } from "../config/settings";

/** Names the command gives what it registers, so a second run finds and updates them. */
export const ENDPOINT_NAME = "Marketing Preferences Sync service";
export const STEP_NAME = "Marketing Preferences Sync: run on mps_RunMarketingPreferenceSync";
/** serviceendpoint.contract: 8 = Webhook. authtype: 4 = WebhookKey (sent as ?code=). */
const WEBHOOK_CONTRACT = 8;
const AUTH_WEBHOOK_KEY = 4;

export interface Registration {
  readonly endpointId: string;
  readonly stepId: string;
  readonly created: { readonly endpoint: boolean; readonly step: boolean };
}

function idOf(row: Record<string, unknown> | undefined, column: string): string | undefined {
  const v = row?.[column];
  return typeof v === "string" ? v : undefined;
}

/**
 * Registers the service's webhook on the custom API's message: a service endpoint (Webhook,
 * WebhookKey auth) and a synchronous PostOperation step. Idempotent: it finds both by name and
 * updates them, so it is also how the URL or key is changed. The key travels only in this request.
 */
export async function registerWebhook(client: DataverseClient, url: string, key: string): Promise<Registration> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("--url", `--url "${url}" is not a URL: give the public https address of \`mpsync serve\`, e.g. https://sync.example.com`);
  }
  if (parsed.protocol !== "https:" && parsed.hostname !== "127.0.0.1" && parsed.hostname !== "localhost") {
    throw new ConfigError("--url", `--url must be https: Dataverse only calls webhooks over https (ports 80 and 443); got ${parsed.protocol}`);
  }
  const messages = await client.queryAll("sdkmessages", { select: ["sdkmessageid", "name"], filter: eqString("name", runSyncApi.uniqueName) });
  const messageId = idOf(messages[0], "sdkmessageid");
  if (messageId === undefined) throw new ConfigError("solution", `The organisation has no ${runSyncApi.uniqueName} message: import the Marketing Preferences Sync solution first`);

  const endpointData = { name: ENDPOINT_NAME, contract: WEBHOOK_CONTRACT, url, authtype: AUTH_WEBHOOK_KEY, authvalue: key, messageformat: 2, userclaim: 1 };
  const endpoints = await client.queryAll("serviceendpoints", { select: ["serviceendpointid"], filter: eqString("name", ENDPOINT_NAME) });
  let endpointId = idOf(endpoints[0], "serviceendpointid");
  const endpointCreated = endpointId === undefined;
  if (endpointId === undefined) endpointId = await client.create("serviceendpoints", endpointData);
  else await client.update("serviceendpoints", endpointId, endpointData);

  const stepData = {
    name: STEP_NAME,
    stage: 40,
    mode: 0,
    rank: 1,
    supporteddeployment: 0,
    "sdkmessageid@odata.bind": `/sdkmessages(${messageId})`,
    "eventhandler_serviceendpoint@odata.bind": `/serviceendpoints(${endpointId})`,
  };
  const steps = await client.queryAll("sdkmessageprocessingsteps", {
    select: ["sdkmessageprocessingstepid"],
    filter: `_sdkmessageid_value eq ${filterGuid(messageId)} and ${eqString("name", STEP_NAME)}`,
  });
  let stepId = idOf(steps[0], "sdkmessageprocessingstepid");
  const stepCreated = stepId === undefined;
  if (stepId === undefined) stepId = await client.create("sdkmessageprocessingsteps", stepData);
  else await client.update("sdkmessageprocessingsteps", stepId, stepData);
  return { endpointId, stepId, created: { endpoint: endpointCreated, step: stepCreated } };
}
