// The custom API's webhook under load: 50 concurrent deliveries for 30 s (MPS_BENCH_SECONDS,
// MPS_BENCH_CONCURRENCY), each a RemoteExecutionContext as the Dataverse stand-in writes it, with a
// fresh operation id, over loopback HTTP to `mpsync serve`'s webhook app and run queue. Reports
// p50/p99 latency and errors (target: p99 < 200 ms, no errors). The runs themselves are not
// measured: the queue's runner only counts them, as the webhook answers before a run starts.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { runSyncApi } from "@mps/model";
import { buildRemoteExecutionContext, serializeRemoteExecutionContext } from "@mps/sandbox";
import { buildServiceApp, EmbeddedRunQueue, WEBHOOK_PATH, type QueuedRunRequest } from "@mps/sync-core";

const SECONDS = Number(process.env["MPS_BENCH_SECONDS"] ?? 30);
const CONCURRENCY = Number(process.env["MPS_BENCH_CONCURRENCY"] ?? 50);
const KEY = "bench-webhook-key";

async function main(): Promise<void> {
  let runs = 0;
  const queue = new EmbeddedRunQueue<QueuedRunRequest>({ maxParallel: 8, run: () => Promise.resolve(void runs++) });
  const app = buildServiceApp({ webhookKey: KEY, enqueue: (r) => queue.enqueue(r.emailAccountId, { dryRun: r.dryRun, dedupKey: r.dedupKey }), health: () => ({}) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${WEBHOOK_PATH}?code=${KEY}`;
  const accounts = Array.from({ length: 20 }, () => randomUUID());

  const body = (i: number) =>
    serializeRemoteExecutionContext(
      buildRemoteExecutionContext({
        messageName: runSyncApi.uniqueName,
        primaryEntityName: "mps_emailaccount",
        primaryEntityId: accounts[i % accounts.length]!,
        inputParameters: { DryRun: i % 5 === 0 },
        organizationId: "4ef5b371-e89e-e711-8122-000d3aa2331c",
        organizationName: "bench",
        userId: "75c2dd85-e89e-e711-8122-000d3aa2331c",
        businessUnitId: "e2b9dd85-e89e-e711-8122-000d3aa2331c",
        correlationId: randomUUID(),
        operationCreatedOn: new Date(),
        owningExtension: { id: randomUUID(), name: "bench step" },
        mode: 0,
        operationId: randomUUID(),
      }),
    );

  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const payload = body(sent++);
      const started = performance.now();
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-ms-dynamics-request-name": runSyncApi.uniqueName }, body: payload });
        await response.arrayBuffer();
        if (response.status !== 202) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await queue.close();
  await app.close();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  console.log(`webhook bench: ${CONCURRENCY} concurrent deliveries for ${SECONDS} s over loopback`);
  console.log(`deliveries ${latencies.length}, errors ${errors}, ${(latencies.length / SECONDS).toFixed(0)} per second; runs started ${runs}`);
  console.log(`latency p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(latencies[latencies.length - 1] ?? NaN).toFixed(1)} ms (target p99 < 200 ms, 0 errors)`);
}

void main();
