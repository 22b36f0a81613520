import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import { readInteger, readString, ConfigError } from "../config/settings";
import type { TriggerLabel } from "../connectors/dataverse/store";
import { systemClock } from "../connectors/http";
import { runSync } from "../runner/run-sync";
import type { RunLog } from "../runner/ports";
import { EmbeddedRunQueue, type QueuedRunRequest } from "../triggers/run-queue";
import { createSchedulePoller, every } from "../triggers/schedule-poller";
import { buildServiceApp, WEBHOOK_PATH } from "../triggers/service-app";
import { compose } from "./compose";
import { memoryHealth } from "./memory";

type Env = Readonly<Record<string, string | undefined>>;

interface QueuedSync extends QueuedRunRequest {
  readonly trigger: TriggerLabel;
  readonly correlationId: string;
}

export interface Service {
  readonly url: string;
  readonly webhookUrl: string;
  readonly logger: Logger;
  /** Polls schedules now instead of waiting for the next tick (tests, "Next Sync: Now" demos). */
  pollNow(): Promise<number>;
  /** Resolves when no run is going or waiting. */
  idle(): Promise<void>;
  /** Stops taking work, lets running syncs finish, closes the server. */
  stop(): Promise<void>;
}

/** The logger: JSON lines, and nothing that looks like a credential ever printed. */
export function createLogger(env: Env, destination?: pino.DestinationStream): Logger {
  const level = readString(env, "MPS_LOG_LEVEL") ?? "info";
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(level)) throw new ConfigError("MPS_LOG_LEVEL", `MPS_LOG_LEVEL is "${level}": use fatal, error, warn, info or debug`);
  return pino(
    { level, base: { service: "mpsync" }, redact: { paths: ["password", "*.password", "authorization", "*.authorization", "headers.authorization", "key", "*.key", "secret", "*.secret", "token", "*.token"], censor: "[redacted]" } },
    destination,
  );
}

function runLog(logger: Logger): RunLog {
  return { info: (m, f) => logger.info(f ?? {}, m), warn: (m, f) => logger.warn(f ?? {}, m) };
}

/**
 * `mpsync serve`: the webhook for the custom API, the schedule poller and the run queue in one
 * process. Every copy is stateless (watermarks, bases and logs live in Dataverse), so more copies
 * can run against one organisation: the ETag claim keeps a schedule row to one of them.
 */
export async function startService(env: Env, options: { logDestination?: pino.DestinationStream } = {}): Promise<Service> {
  const logger = createLogger(env, options.logDestination);
  const webhookKey = readString(env, "MPS_WEBHOOK_KEY");
  if (webhookKey === undefined) throw new ConfigError("MPS_WEBHOOK_KEY", "MPS_WEBHOOK_KEY is not set: it is the key Dataverse sends with each webhook call (the same value `mpsync register-webhook` registers)");
  const port = readInteger(env, "MPS_PORT", 8080, 0, 65535);
  const host = readString(env, "MPS_HOST") ?? "127.0.0.1";
  const pollSeconds = readInteger(env, "MPS_POLL_SECONDS", 30, 1, 3600);
  const maxParallel = readInteger(env, "MPS_MAX_PARALLEL_RUNS", 4, 1, 64);
  const composition = compose(env);
  await composition.store.checkVersion();

  const queue = new EmbeddedRunQueue<QueuedSync>({
    maxParallel,
    run: async (job) => {
      const outcome = await runSync(
        { account: { id: job.accountId }, trigger: job.request.trigger, dryRun: job.dryRun, correlationId: job.request.correlationId },
        composition.deps(runLog(logger.child({ accountId: job.accountId, correlationId: job.request.correlationId }))),
      );
      logger.info({ accountId: job.accountId, result: outcome.result, runId: outcome.runId, coalesced: job.coalesced, ...outcome.counters }, "run done");
    },
    onError: (error, job) => logger.error({ accountId: job.accountId, error: error instanceof Error ? error.message : String(error) }, "run crashed"),
  });

  const poller = createSchedulePoller({
    client: composition.client,
    clock: systemClock,
    onClaimed: async (claim) => {
      const result = await queue.enqueue(claim.accountId, { dryRun: false, trigger: "Schedule", correlationId: randomUUID(), dedupKey: `schedule:${claim.scheduleId}:${Date.now()}` });
      logger.info({ accountId: claim.accountId, scheduleId: claim.scheduleId, outcome: result.outcome }, "schedule due");
    },
    onError: (error) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, "schedule claim failed"),
  });
  const pollLoop = every(pollSeconds * 1000, () =>
    poller.pollOnce().catch((error: unknown) => {
      logger.warn({ error: error instanceof Error ? error.message : String(error) }, "schedule poll failed");
      return 0;
    }),
  );

  const app = buildServiceApp({
    webhookKey,
    enqueue: (request) => queue.enqueue(request.emailAccountId, { dryRun: request.dryRun, dedupKey: request.dedupKey, trigger: "Sync now", correlationId: request.correlationId }),
    health: () => ({ queue: queue.stats(), pollSeconds, memory: memoryHealth() }),
    log: { info: (o, m) => logger.info(o, m), warn: (o, m) => logger.warn(o, m) },
  });
  const address = await app.listen({ port, host });
  const url = address.replace(/\/$/, "");
  logger.info({ url, webhook: `${url}${WEBHOOK_PATH}`, pollSeconds }, "mpsync serve is listening");

  return {
    url,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    logger,
    pollNow: () => poller.pollOnce(),
    idle: () => queue.onIdle(),
    async stop() {
      await pollLoop.stop();
      const dropped = await queue.close();
      // Runs that never started stay due in Dataverse (their schedule row is still set): nothing is lost.
      if (dropped.length > 0) logger.info({ dropped: dropped.length }, "runs not started will be picked up again");
      await app.close();
      logger.info({}, "stopped");
    },
  };
}
