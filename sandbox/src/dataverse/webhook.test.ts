import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { emailAccount, runSyncApi } from "@mps/model";
import { startDataverseStandIn, type DataverseStandIn } from "./server";
import { WEBHOOK_CONTRACT, WebhookAuthType } from "./system-tables";
import { dvClient } from "./test-client";
import { buildRemoteExecutionContext, serializeRemoteExecutionContext } from "./webhook";

interface Received {
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let dv: DataverseStandIn;
let call: ReturnType<typeof dvClient>;
let hook: Server;
let hookUrl: string;
let received: Received[];
/** Statuses the receiving server answers with, in order; 202 once they run out. */
let answers: number[];
/** How long the receiving server waits before it answers. */
let delayMs: number;

beforeEach(async () => {
  received = [];
  answers = [];
  delayMs = 0;
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = answers.shift() ?? 202;
      setTimeout(() => res.end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/webhook`;
  dv = await startDataverseStandIn({ serviceProtection: false });
  call = dvClient(dv);
});
afterEach(async () => {
  await dv.close();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
});

/** What a register-webhook command does: find the message, create the endpoint and the step. */
async function register(auth: { authtype: number; authvalue: string }, mode = 0): Promise<{ endpointId: string; stepId: string }> {
  const messages = await call("GET", `sdkmessages?$select=sdkmessageid,name&$filter=name eq '${runSyncApi.uniqueName}'`);
  const messageId = messages.json<{ value: { sdkmessageid: string }[] }>().value[0]?.sdkmessageid;
  expect(messageId).toBeDefined();
  const endpoint = await call("POST", "serviceendpoints", {
    body: { name: "Marketing Preferences Sync", contract: WEBHOOK_CONTRACT, url: hookUrl, messageformat: 2, userclaim: 1, ...auth },
  });
  expect(endpoint.status).toBe(204);
  const endpointId = /\(([^)]+)\)$/.exec(endpoint.headers.get("odata-entityid") ?? "")?.[1] ?? "";
  const step = await call("POST", "sdkmessageprocessingsteps", {
    body: {
      name: "Run sync webhook",
      stage: 40,
      mode,
      rank: 1,
      supporteddeployment: 0,
      "sdkmessageid@odata.bind": `/sdkmessages(${messageId ?? ""})`,
      "eventhandler_serviceendpoint@odata.bind": `/serviceendpoints(${endpointId})`,
    },
  });
  expect(step.status).toBe(204);
  return { endpointId, stepId: /\(([^)]+)\)$/.exec(step.headers.get("odata-entityid") ?? "")?.[1] ?? "" };
}

const newAccount = (): string => dv.insert(emailAccount.logicalName, { mps_name: "Main", mps_apiuser: "api@example.com", mps_credentialname: "MAIN" });
const runSync = (id: string, body: unknown = {}) => call("POST", `${emailAccount.entitySetName}(${id})/Microsoft.Dynamics.CRM.${runSyncApi.uniqueName}`, { body });

describe("custom API and webhook", () => {
  it("POSTs a RemoteExecutionContext with the webhook key as ?code= when the bound action is called", async () => {
    const { stepId } = await register({ authtype: WebhookAuthType.WebhookKey, authvalue: "k3y+/=" });
    dv.controls.clock.set(new Date("2024-03-01T10:00:00Z"));
    const accountId = newAccount();
    const response = await runSync(accountId, { DryRun: true });
    expect(response.status).toBe(204);
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(new URL(`http://x${hit?.url ?? ""}`).searchParams.get("code")).toBe("k3y+/=");
    expect(hit?.headers["content-type"]).toBe("application/json");
    expect(hit?.headers["x-ms-dynamics-request-name"]).toBe(runSyncApi.uniqueName);
    expect(hit?.headers["x-ms-dynamics-entity-name"]).toBe("mps_emailaccount");
    expect(hit?.headers["x-ms-correlation-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    // WCF escapes forward slashes.
    expect(hit?.body).toContain('"OperationCreatedOn":"\\/Date(1709287200000)\\/"');
    const context = JSON.parse(hit?.body ?? "{}") as Record<string, unknown>;
    expect(context).toMatchObject({
      MessageName: runSyncApi.uniqueName,
      PrimaryEntityName: "mps_emailaccount",
      PrimaryEntityId: accountId,
      Mode: 0,
      Stage: 40,
      OrganizationId: dv.organization.organizationId,
      UserId: dv.organization.userId,
      OperationCreatedOn: "/Date(1709287200000)/",
      OwningExtension: { Id: stepId, LogicalName: "sdkmessageprocessingstep", Name: "Run sync webhook" },
      InputParameters: [
        { key: "Target", value: { __type: "EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts", Id: accountId, LogicalName: "mps_emailaccount" } },
        { key: "DryRun", value: true },
      ],
      OutputParameters: [],
      SharedVariables: [],
    });
    expect(dv.webhookDeliveries()).toEqual([expect.objectContaining({ status: 202, attempts: 1 })]);
  });

  it("sends HttpHeader auth as headers and never returns the auth value", async () => {
    const { endpointId } = await register({ authtype: WebhookAuthType.HttpHeader, authvalue: '<settings><setting name="x-api-key" value="s3cret&amp;more" /></settings>' });
    const read = await call("GET", `serviceendpoints(${endpointId})`);
    expect(read.text).not.toContain("s3cret");
    expect((await runSync(newAccount())).status).toBe(204);
    expect(received[0]?.headers["x-api-key"]).toBe("s3cret&more");
    expect(received[0]?.url).toBe("/webhook");
  });

  it("sends HttpQueryString auth as query parameters after the endpoint is updated", async () => {
    const { endpointId } = await register({ authtype: WebhookAuthType.WebhookKey, authvalue: "old" });
    const patched = await call("PATCH", `serviceendpoints(${endpointId})`, {
      body: { authtype: WebhookAuthType.HttpQueryString, authvalue: '<settings><setting name="token" value="abc" /></settings>' },
      headers: { "if-match": "*" },
    });
    expect(patched.status).toBe(204);
    await runSync(newAccount());
    const url = new URL(`http://x${received[0]?.url ?? ""}`);
    expect(url.searchParams.get("token")).toBe("abc");
    expect(url.searchParams.has("code")).toBe(false);
  });

  it("retries once on 503 and then succeeds", async () => {
    await register({ authtype: WebhookAuthType.WebhookKey, authvalue: "k" });
    answers = [503];
    expect((await runSync(newAccount())).status).toBe(204);
    expect(received).toHaveLength(2);
    expect(dv.webhookDeliveries()[0]).toMatchObject({ status: 202, attempts: 2 });
  });

  it("does not retry on 500, and a failing synchronous step fails the call without leaking the key", async () => {
    await register({ authtype: WebhookAuthType.WebhookKey, authvalue: "secret-key" });
    answers = [500];
    const response = await runSync(newAccount());
    expect(response.status).toBe(400);
    expect(response.text).toContain("answered 500");
    expect(response.text).not.toContain("secret-key");
    expect(received).toHaveLength(1);
  });

  it("gives up on an endpoint that does not answer within the timeout, without retrying", async () => {
    await dv.close();
    dv = await startDataverseStandIn({ serviceProtection: false, webhookTimeoutMs: 100 });
    call = dvClient(dv);
    await register({ authtype: WebhookAuthType.WebhookKey, authvalue: "k" });
    delayMs = 1000;
    const response = await runSync(newAccount());
    expect(response.status).toBe(400);
    expect(response.text).toContain("answered timeout");
    expect(dv.webhookDeliveries()).toEqual([expect.objectContaining({ status: "timeout", attempts: 1 })]);
  });

  it("runs an asynchronous step after the call has returned", async () => {
    await register({ authtype: WebhookAuthType.WebhookKey, authvalue: "k" }, 1);
    answers = [500];
    expect((await runSync(newAccount())).status).toBe(204);
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(JSON.parse(received[0]?.body ?? "{}")).toMatchObject({ Mode: 1 });
  });

  it("refuses an unknown parameter, a non-boolean DryRun and a missing Email Account", async () => {
    const id = newAccount();
    expect((await runSync(id, { Dry: true })).status).toBe(400);
    expect((await runSync(id, { DryRun: "yes" })).status).toBe(400);
    expect((await runSync("00000000-0000-4000-8000-000000000001")).status).toBe(404);
    expect(received).toHaveLength(0);
  });
});

describe("buildRemoteExecutionContext", () => {
  it("serialises dates and slashes as WCF does, with parameters as key/value arrays", () => {
    const context = buildRemoteExecutionContext({
      messageName: runSyncApi.uniqueName,
      primaryEntityName: "mps_emailaccount",
      primaryEntityId: "11111111-1111-4111-8111-111111111111",
      inputParameters: { DryRun: false, When: new Date(0) },
      organizationId: "o",
      organizationName: "org",
      userId: "u",
      businessUnitId: "b",
      correlationId: "c",
      operationCreatedOn: new Date(1000),
      owningExtension: { id: "s", name: "step" },
      mode: 1,
    });
    const text = serializeRemoteExecutionContext(context);
    expect(text).toContain('"OperationCreatedOn":"\\/Date(1000)\\/"');
    expect(text).toContain('"__type":"EntityReference:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts"');
    expect((JSON.parse(text) as { InputParameters: unknown }).InputParameters).toEqual([
      expect.objectContaining({ key: "Target" }),
      { key: "DryRun", value: false },
      { key: "When", value: "/Date(0)/" },
    ]);
  });
});
