import { emailAccount, marketingPreference } from "@mps/model";
import { startDataverseStandIn, type DataverseStandIn } from "./server";

let dv: DataverseStandIn;

beforeEach(async () => {
  dv = await startDataverseStandIn({ serviceProtection: false });
});
afterEach(async () => {
  await dv.close();
});

interface Op {
  method: string;
  url: string;
  body?: unknown;
  contentId?: string;
  headers?: Record<string, string>;
}

function httpPart(op: Op): string {
  const lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"];
  if (op.contentId !== undefined) lines.push(`Content-ID: ${op.contentId}`);
  lines.push("", `${op.method} ${op.url} HTTP/1.1`);
  if (op.body !== undefined) lines.push("Content-Type: application/json");
  for (const [k, v] of Object.entries(op.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push("");
  if (op.body !== undefined) lines.push(JSON.stringify(op.body));
  return lines.join("\r\n");
}

/** Builds a $batch body: each item is one request or a change set (an array of requests). */
function batchBody(boundary: string, items: (Op | Op[])[]): string {
  const parts = items.map((item, i) => {
    if (!Array.isArray(item)) return `--${boundary}\r\n${httpPart(item)}`;
    const cs = `changeset_${i}`;
    return [`--${boundary}`, `Content-Type: multipart/mixed; boundary=${cs}`, "", ...item.map((op) => `--${cs}\r\n${httpPart(op)}`), `--${cs}--`].join("\r\n");
  });
  return `${parts.join("\r\n")}\r\n--${boundary}--\r\n`;
}

async function batch(items: (Op | Op[])[], prefer?: string): Promise<{ status: number; text: string; statuses: number[] }> {
  const boundary = "batch_abc123";
  const response = await fetch(`${dv.apiUrl}$batch`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${dv.accessToken}`,
      "content-type": `multipart/mixed; boundary="${boundary}"`,
      ...(prefer === undefined ? {} : { prefer }),
    },
    body: batchBody(boundary, items),
  });
  const text = await response.text();
  expect(response.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
  return { status: response.status, text, statuses: [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1])) };
}

const account = { mps_name: "Main", mps_apiuser: "api@example.com", mps_credentialname: "MAIN" };

describe("$batch", () => {
  it("runs requests and change sets in order and answers each part", async () => {
    const existing = dv.insert("contact", { fullname: "Existing" });
    const result = await batch([
      { method: "GET", url: `contacts(${existing})?$select=fullname` },
      [
        { method: "POST", url: "contacts", body: { fullname: "New 1" }, contentId: "1" },
        { method: "PATCH", url: `${dv.apiUrl}contacts(${existing})`, body: { lastname: "Patched" }, contentId: "2" },
      ],
    ]);
    expect(result.status).toBe(200);
    expect(result.statuses).toEqual([200, 204, 204]);
    expect(result.text).toContain('"fullname":"Existing"');
    expect(result.text).toMatch(/--changesetresponse_/);
    expect(dv.get("contact", existing)).toMatchObject({ lastname: "Patched" });
    expect(dv.count("contact")).toBe(2);
  });

  it("resolves Content-ID references ($1) in a later part's URL and @odata.bind", async () => {
    const result = await batch([
      [
        { method: "POST", url: emailAccount.entitySetName, body: account, contentId: "1" },
        { method: "POST", url: marketingPreference.entitySetName, body: { mps_name: "Pref", "mps_emailaccountid@odata.bind": "$1" }, contentId: "2" },
        { method: "PATCH", url: "$1", body: { mps_description: "patched through $1" }, contentId: "3" },
      ],
    ]);
    expect(result.statuses).toEqual([204, 204, 204]);
    const [acc] = dv.rows(emailAccount.logicalName);
    expect(acc).toMatchObject({ mps_description: "patched through $1" });
    expect(dv.rows(marketingPreference.logicalName)[0]).toMatchObject({ mps_emailaccountid: acc?.mps_emailaccountid });
  });

  it("rolls a change set back as a whole when one of its requests fails", async () => {
    const kept = dv.insert("contact", { fullname: "Kept" });
    const result = await batch([
      [
        { method: "POST", url: "contacts", body: { fullname: "Rolled back" }, contentId: "1" },
        { method: "PATCH", url: `contacts(${kept})`, body: { fullname: "Should not stay" }, contentId: "2" },
        { method: "DELETE", url: `contacts(${kept})`, contentId: "3" },
        { method: "POST", url: "contacts", body: { nickname: "unknown column" }, contentId: "4" },
      ],
    ]);
    expect(result.status).toBe(400);
    expect(result.statuses).toEqual([400]);
    expect(result.text).toContain("nickname");
    expect(dv.rows("contact")).toEqual([expect.objectContaining({ contactid: kept, fullname: "Kept" })]);
  });

  it("stops at the first failure by default, and goes on with Prefer: odata.continue-on-error", async () => {
    const missing = "00000000-0000-4000-8000-000000000009";
    const ops: Op[] = [
      { method: "POST", url: "contacts", body: { fullname: "One" } },
      { method: "GET", url: `contacts(${missing})` },
      { method: "POST", url: "contacts", body: { fullname: "Two" } },
    ];
    const stopped = await batch(ops);
    expect(stopped.status).toBe(400);
    expect(stopped.statuses).toEqual([204, 404]);
    expect(dv.count("contact")).toBe(1);

    const continued = await batch(ops, "odata.continue-on-error");
    expect(continued.status).toBe(200);
    expect(continued.statuses).toEqual([204, 404, 204]);
    expect(dv.count("contact")).toBe(3);
  });

  it("refuses more than 1000 operations", async () => {
    const ops: Op[] = Array.from({ length: 1001 }, (_, i) => ({ method: "POST", url: "contacts", body: { fullname: `C${i}` } }));
    const response = await fetch(`${dv.apiUrl}$batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${dv.accessToken}`, "content-type": "multipart/mixed; boundary=b" },
      body: batchBody("b", ops),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("1000");
    expect(dv.count("contact")).toBe(0);
  });

  it("accepts exactly 1000 operations", async () => {
    const ops: Op[] = Array.from({ length: 1000 }, (_, i) => ({ method: "POST", url: "contacts", body: { fullname: `C${i}` } }));
    const result = await batch([ops]);
    expect(result.status).toBe(200);
    expect(dv.count("contact")).toBe(1000);
  });

  it("refuses a GET inside a change set and a body that is not multipart", async () => {
    const result = await batch([[{ method: "GET", url: "contacts" }]]);
    expect(result.statuses).toEqual([400]);
    const bad = await fetch(`${dv.apiUrl}$batch`, { method: "POST", headers: { authorization: `Bearer ${dv.accessToken}`, "content-type": "application/json" }, body: "{}" });
    expect(bad.status).toBe(400);
  });
});
