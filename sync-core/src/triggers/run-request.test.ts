import { emailAccount, runSyncApi } from "@mps/model";
import { microsoftUpdateContactBody } from "./fixtures/microsoft-update-contact";
import { ACCOUNT_ID, CORRELATION_ID, OPERATION_ID, ORGANIZATION_ID, runSyncBody, runSyncContext, target, USER_ID } from "./fixtures/run-sync-context";
import { parseWcfDate, remoteExecutionContextSchema } from "./remote-execution-context";
import { parseRunRequest, type ParseRunRequestOptions, type RunRequestResult } from "./run-request";
import { WEBHOOK_KEY_HEADER } from "./webhook-key";

const KEY = "k3y-0f-the-service-endpoint-9f8e7d";
const headers = { [WEBHOOK_KEY_HEADER]: KEY, "content-type": "application/json" };
const options: ParseRunRequestOptions = { expectedKey: KEY };

function accepted(result: RunRequestResult) {
  if (!result.ok) throw new Error(`expected the request to be accepted, got ${result.status}: ${result.reason}`);
  return result.request;
}

function withField(field: string, value: unknown): Record<string, unknown> {
  return { ...runSyncContext(), [field]: value };
}

describe("the RemoteExecutionContext schema", () => {
  it("reads Microsoft's documented webhook body, verbatim", () => {
    const parsed = remoteExecutionContextSchema.parse(JSON.parse(microsoftUpdateContactBody));
    expect(parsed.MessageName).toBe("Update");
    expect(parsed.PrimaryEntityName).toBe("contact");
    expect(parsed.PrimaryEntityId).toBe("6d81597f-0f9f-e711-8122-000d3aa2331c");
    expect(parsed.OperationCreatedOn?.toISOString()).toBe("2017-09-26T07:04:08.000Z");
    expect(parsed.InputParameters?.[0]?.key).toBe("Target");
    expect(parsed.ParentContext?.Stage).toBe(30);
    expect(parsed.ParentContext?.OrganizationName).toBe("OneFarm");
    expect(parsed.ParentContext?.ParentContext).toBeNull();
    expect(parsed.Mode).toBe(1);
  });

  it.each([
    { text: "/Date(1506384247000)/", want: "2017-09-26T00:04:07.000Z" },
    { text: "/Date(1700000000000+0100)/", want: "2023-11-14T22:13:20.000Z" },
    { text: "/Date(1506409448000-0700)/", want: "2017-09-26T07:04:08.000Z" },
    { text: "/Date(-1000)/", want: "1969-12-31T23:59:59.000Z" },
  ])("reads the WCF date $text as the UTC instant it counts from the epoch", ({ text, want }) => {
    expect(parseWcfDate(text)?.toISOString()).toBe(want);
  });

  it.each(["2017-09-26T00:04:07Z", "/Date(abc)/", "/Date(1506384247000+01)/", "Date(1506384247000)", "/Date(99999999999999999999)/"])("refuses %s as a WCF date", (text) => {
    expect(parseWcfDate(text)).toBeUndefined();
  });
});

describe("parseRunRequest accepts", () => {
  it("a call of the custom API with DryRun true, as a dry run of that Email Account", () => {
    const request = accepted(parseRunRequest(runSyncBody(true), headers, options));
    expect(request).toEqual({
      emailAccountId: ACCOUNT_ID,
      dryRun: true,
      dedupKey: `operation:${OPERATION_ID}`,
      operationId: OPERATION_ID,
      correlationId: CORRELATION_ID,
      requestId: null,
      requestedBy: USER_ID,
      userId: USER_ID,
      organizationId: ORGANIZATION_ID,
      organizationName: "OrgName",
      requestedAt: new Date(1700000000000),
      mode: "asynchronous",
      warnings: [],
    });
  });

  it("a call without DryRun (it is optional) as a real run", () => {
    expect(accepted(parseRunRequest(runSyncBody(), headers, options)).dryRun).toBe(false);
  });

  it("DryRun false as a real run", () => {
    expect(accepted(parseRunRequest(runSyncBody(false), headers, options)).dryRun).toBe(false);
  });

  it("the key as ?code= (WebhookKey authentication)", () => {
    const result = parseRunRequest(runSyncBody(), { "content-type": "application/json" }, { expectedKey: KEY, query: { code: KEY } });
    expect(accepted(result).emailAccountId).toBe(ACCOUNT_ID);
  });

  it("a body the HTTP server already parsed, or left as bytes", () => {
    expect(accepted(parseRunRequest(runSyncContext(), headers, options)).emailAccountId).toBe(ACCOUNT_ID);
    expect(accepted(parseRunRequest(Buffer.from(runSyncBody()), headers, options)).emailAccountId).toBe(ACCOUNT_ID);
  });

  it("upper-case GUIDs, returning the id lower-case", () => {
    const ctx = { ...runSyncContext(), PrimaryEntityId: ACCOUNT_ID.toUpperCase(), InputParameters: [{ key: "Target", value: target(ACCOUNT_ID.toUpperCase()) }] };
    expect(accepted(parseRunRequest(ctx, headers, options)).emailAccountId).toBe(ACCOUNT_ID);
  });

  it("a payload Dataverse trimmed above 256 KB, as a dry run with a warning, since DryRun is unknown", () => {
    const { InputParameters: _i, ParentContext: _p, PreEntityImages: _pre, PostEntityImages: _post, ...trimmed } = runSyncContext(false);
    const request = accepted(parseRunRequest(JSON.stringify(trimmed), { ...headers, "x-ms-dynamics-msg-size-exceeded": "" }, options));
    expect(request.emailAccountId).toBe(ACCOUNT_ID);
    expect(request.dryRun).toBe(true);
    expect(request.warnings).toEqual([expect.stringMatching(/over 256 KB.*dry run/)]);
  });

  it("a synchronous step without an operation id, deduplicated by its request id", () => {
    const requestId = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
    const ctx = { ...runSyncContext(), Mode: 0, OperationId: "00000000-0000-0000-0000-000000000000", RequestId: requestId };
    const request = accepted(parseRunRequest(ctx, headers, options));
    expect(request.mode).toBe("synchronous");
    expect(request.dedupKey).toBe(`request:${requestId}`);
  });

  it("the Dataverse headers when they agree with the body", () => {
    const dvHeaders = { ...headers, "x-ms-dynamics-request-name": runSyncApi.uniqueName, "x-ms-dynamics-entity-name": emailAccount.logicalName, "x-ms-dynamics-organization": "org.crm.dynamics.com" };
    expect(accepted(parseRunRequest(runSyncBody(), dvHeaders, options)).dryRun).toBe(false);
  });
});

describe("parseRunRequest rejects", () => {
  const deep = (levels: number): unknown => {
    let value: unknown = "bottom";
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };

  it.each<{ name: string; body: unknown; headers?: Record<string, string>; options?: Partial<ParseRunRequestOptions>; status: number; says: RegExp }>([
    // 401: the key, checked before anything else is read.
    { name: "a call with no key", body: runSyncBody(), headers: { "content-type": "application/json" }, status: 401, says: /no webhook key: send it in the x-mps-webhook-key header or as \?code=/ },
    { name: "a wrong key in the header", body: runSyncBody(), headers: { [WEBHOOK_KEY_HEADER]: "guess" }, status: 401, says: /does not match/ },
    { name: "a wrong key as ?code=", body: runSyncBody(), headers: {}, options: { query: { code: "guess" } }, status: 401, says: /does not match/ },
    { name: "the key with its last character missing", body: runSyncBody(), headers: { [WEBHOOK_KEY_HEADER]: KEY.slice(0, -1) }, status: 401, says: /does not match/ },
    { name: "an empty key when the service has none configured", body: runSyncBody(), headers: { [WEBHOOK_KEY_HEADER]: "" }, options: { expectedKey: "" }, status: 401, says: /does not match/ },
    { name: "the key sent twice as ?code=", body: runSyncBody(), headers: {}, options: { query: { code: [KEY, KEY] } }, status: 401, says: /no webhook key/ },
    // 413: size.
    { name: "a body over the size limit", body: runSyncBody().padEnd(600 * 1024, " "), status: 413, says: /over the 524288-byte limit/ },
    { name: "a content-length over the size limit", body: runSyncBody(), headers: { ...headers, "content-length": String(10 * 1024 * 1024) }, status: 413, says: /content-length is 10485760 bytes/ },
    // 400: not a well-formed RemoteExecutionContext.
    { name: "a truncated JSON string", body: runSyncBody().slice(0, 200), status: 400, says: /not valid JSON/ },
    { name: "an empty body", body: "", status: 400, says: /not valid JSON/ },
    { name: "an array instead of an object", body: "[" + runSyncBody() + "]", status: 400, says: /body is an array; it must be a JSON object/ },
    { name: "a JSON string instead of an object", body: '"mps_RunMarketingPreferenceSync"', status: 400, says: /body is a string/ },
    { name: "null", body: "null", status: 400, says: /body is null/ },
    { name: "a __proto__ key", body: runSyncBody().replace(/^\{/, '{"__proto__":{"isAdmin":true},'), status: 400, says: /"__proto__" at body/ },
    { name: "a constructor key nested in a parameter", body: withField("InputParameters", [{ key: "Target", value: { ...target(), constructor: { prototype: { polluted: true } } } }]), status: 400, says: /"constructor" at body\.InputParameters\[0\]\.value/ },
    { name: "nested garbage ten thousand levels deep", body: withField("SharedVariables", deep(10_000)), status: 400, says: /nests deeper than 100 levels/ },
    { name: "a missing PrimaryEntityId", body: withField("PrimaryEntityId", undefined), status: 400, says: /PrimaryEntityId: / },
    { name: "a PrimaryEntityId that is not a GUID", body: withField("PrimaryEntityId", "../../systemusers"), status: 400, says: /PrimaryEntityId: must be a GUID/ },
    { name: "Depth as a string", body: withField("Depth", "1"), status: 400, says: /Depth: / },
    { name: "InputParameters as an object instead of a key/value array", body: withField("InputParameters", { Target: target(), DryRun: true }), status: 400, says: /InputParameters: / },
    { name: "a parameter without a key", body: withField("InputParameters", [{ value: target() }]), status: 400, says: /InputParameters\.0\.key/ },
    { name: "an OperationCreatedOn that is not a WCF date", body: withField("OperationCreatedOn", "2026-01-14T10:00:00Z"), status: 400, says: /OperationCreatedOn: must be a WCF date/ },
    { name: "MessageName as a number", body: withField("MessageName", 42), status: 400, says: /MessageName: / },
    { name: "a Mode that is neither sync nor async", body: withField("Mode", 7), status: 400, says: /Mode: / },
    { name: "a ParentContext of the wrong shape", body: withField("ParentContext", { MessageName: "Update" }), status: 400, says: /ParentContext\./ },
    // 422: well formed, but not a request this service runs.
    { name: "Microsoft's documented Update of a contact (another message)", body: microsoftUpdateContactBody, status: 422, says: /MessageName is "Update"; this endpoint only runs mps_RunMarketingPreferenceSync/ },
    { name: "our message bound to another table", body: { ...withField("PrimaryEntityName", "contact"), InputParameters: [{ key: "Target", value: target(ACCOUNT_ID, "contact") }] }, status: 422, says: /PrimaryEntityName is "contact"; mps_RunMarketingPreferenceSync runs on mps_emailaccount/ },
    { name: "the empty GUID as the Email Account", body: { ...withField("PrimaryEntityId", "00000000-0000-0000-0000-000000000000"), InputParameters: [] }, status: 422, says: /empty GUID/ },
    { name: "DryRun as the string \"true\"", body: runSyncBody("true"), status: 422, says: /DryRun is a string "true"; it must be true or false/ },
    { name: "DryRun as 1", body: runSyncBody(1), status: 422, says: /DryRun is a number "1"/ },
    { name: "DryRun as an object", body: runSyncBody({ value: true }), status: 422, says: /DryRun is an object/ },
    { name: "DryRun listed twice", body: withField("InputParameters", [{ key: "Target", value: target() }, { key: "DryRun", value: false }, { key: "DryRun", value: true }]), status: 422, says: /DryRun more than once/ },
    { name: "a Target naming another Email Account", body: withField("InputParameters", [{ key: "Target", value: target("11111111-2222-4333-8444-555555555555") }]), status: 422, says: /Target is 11111111-2222-4333-8444-555555555555 but PrimaryEntityId is/ },
    { name: "a Target of another table", body: withField("InputParameters", [{ key: "Target", value: target(ACCOUNT_ID, "systemuser") }]), status: 422, says: /Target refers to "systemuser"/ },
    { name: "a Target that is not an EntityReference", body: withField("InputParameters", [{ key: "Target", value: "mps_emailaccount" }]), status: 422, says: /Target is not an EntityReference/ },
    { name: "a request-name header that disagrees with the body", body: runSyncBody(), headers: { ...headers, "x-ms-dynamics-request-name": "Delete" }, status: 422, says: /x-ms-dynamics-request-name is "Delete" but MessageName is "mps_RunMarketingPreferenceSync"/ },
  ])("$name → $status", ({ body, headers: h, options: o, status, says }) => {
    const result = parseRunRequest(body, h ?? headers, { ...options, ...o });
    expect(result).toMatchObject({ ok: false, status });
    if (result.ok) return;
    expect(result.reason).toMatch(says);
    expect(result.reason).not.toContain(KEY);
  });

  it("checks the key before reading the body, so an unauthenticated caller learns nothing about it", () => {
    expect(parseRunRequest("{not json", {}, options)).toMatchObject({ status: 401 });
    expect(parseRunRequest("x".repeat(2_000_000), {}, options)).toMatchObject({ status: 401 });
  });

  it("keeps error messages short when the body carries huge values", () => {
    const result = parseRunRequest(withField("MessageName", "A".repeat(100_000)), headers, options);
    expect(result).toMatchObject({ ok: false, status: 422 });
    if (!result.ok) expect(result.reason.length).toBeLessThan(300);
  });

  it("never lets a __proto__ key change any object's prototype", () => {
    parseRunRequest(runSyncBody().replace(/^\{/, '{"__proto__":{"polluted":true},'), headers, options);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
