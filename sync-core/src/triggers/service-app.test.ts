import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { microsoftUpdateContactBody } from "./fixtures/microsoft-update-contact";
import { ACCOUNT_ID, runSyncBody } from "./fixtures/run-sync-context";
import type { RunRequest } from "./run-request";
import { EmbeddedRunQueue, type QueuedRunRequest } from "./run-queue";
import { buildServiceApp, WEBHOOK_PATH } from "./service-app";

const KEY = "service-key-+/=";

describe("the service's webhook over HTTP", () => {
  let app: FastifyInstance;
  let base: string;
  let runs: { accountId: string; dryRun: boolean }[];
  let release: () => void;

  beforeEach(async () => {
    runs = [];
    let gate = Promise.resolve();
    release = () => undefined;
    gate = new Promise<void>((r) => (release = r));
    const queue = new EmbeddedRunQueue<QueuedRunRequest>({
      run: async (job) => {
        runs.push({ accountId: job.accountId, dryRun: job.dryRun });
        await gate;
      },
    });
    app = buildServiceApp({
      webhookKey: KEY,
      enqueue: (r: RunRequest) => queue.enqueue(r.emailAccountId, { dryRun: r.dryRun, dedupKey: r.dedupKey }),
      health: () => ({ queue: queue.stats() }),
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    release();
    await app.close();
  });

  const deliver = (body: string, query = `?code=${encodeURIComponent(KEY)}`, headers: Record<string, string> = {}) =>
    fetch(`${base}${WEBHOOK_PATH}${query}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  it("queues a documented-shape call of the custom API and answers 202 at once", async () => {
    const response = await deliver(runSyncBody(true));
    expect(response.status).toBe(202);
    expect(runs).toEqual([{ accountId: ACCOUNT_ID, dryRun: true }]);
  });

  it("starts one run for repeated deliveries of the same operation", async () => {
    for (let i = 0; i < 3; i++) expect((await deliver(runSyncBody())).status).toBe(202);
    expect(runs).toHaveLength(1);
  });

  it.each([
    ["a wrong key", runSyncBody(), "?code=guess", 401],
    ["no key", runSyncBody(), "", 401],
    ["truncated JSON", runSyncBody().slice(0, 100), undefined, 400],
    ["another message (Microsoft's Update sample)", microsoftUpdateContactBody, undefined, 422],
    ["a body over 1 MB", runSyncBody().padEnd(1_200_000, " "), undefined, 413],
  ] as const)("refuses %s with the right status and queues nothing", async (_name, body, query, status) => {
    const response = await deliver(body, query);
    expect(response.status).toBe(status);
    const reply = (await response.json()) as { error: string };
    expect(reply.error.length).toBeGreaterThan(0);
    expect(reply.error).not.toContain(KEY);
    expect(runs).toHaveLength(0);
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(await response.json()).toMatchObject({ status: "ok", queue: { running: 0 } });
  });
});
