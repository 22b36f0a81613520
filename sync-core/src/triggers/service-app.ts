import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { DEFAULT_MAX_BODY_BYTES, parseRunRequest, type RunRequest } from "./run-request";
import type { EnqueueResult } from "./run-queue";

/** The path Dataverse's service endpoint posts the custom API's RemoteExecutionContext to. */
export const WEBHOOK_PATH = "/webhooks/run-marketing-preference-sync";

export interface ServiceAppOptions {
  readonly webhookKey: string;
  /** Queues the run; answers at once. */
  readonly enqueue: (request: RunRequest) => Promise<EnqueueResult>;
  /** What /healthz reports besides "ok". */
  readonly health: () => Record<string, unknown>;
  readonly log?: { info(o: Record<string, unknown>, m: string): void; warn(o: Record<string, unknown>, m: string): void };
}

/**
 * The HTTP side of `mpsync serve`: the webhook and /healthz. Dataverse ignores the reply body and
 * gives a webhook 60 s, so the route validates, queues and answers 202 without waiting for the run;
 * results go to mps_syncrun.
 */
export function buildServiceApp(options: ServiceAppOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  // The body is read raw: parseRunRequest checks the key before it parses anything, and measures size itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get("/healthz", () => ({ status: "ok", ...options.health() }));

  app.post(WEBHOOK_PATH, async (request, reply) => {
    const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    if (body.length > DEFAULT_MAX_BODY_BYTES * 2) return reply.code(413).send({ error: "The body is larger than any RemoteExecutionContext Dataverse sends; nothing was queued." });
    const parsed = parseRunRequest(body, request.headers, { expectedKey: options.webhookKey, query: request.query as Record<string, string | string[] | undefined> });
    if (!parsed.ok) {
      options.log?.warn({ status: parsed.status, kind: parsed.kind }, `webhook refused: ${parsed.reason}`);
      return reply.code(parsed.status).send({ error: parsed.reason });
    }
    const queued = await options.enqueue(parsed.request);
    if (!queued.accepted) return reply.code(503).header("Retry-After", "30").send({ error: "The service is shutting down; nothing was queued. Dataverse retries once on 503." });
    options.log?.info({ accountId: parsed.request.emailAccountId, dryRun: parsed.request.dryRun, outcome: queued.outcome, correlationId: parsed.request.correlationId }, "run requested");
    return reply.code(202).send({ accepted: true, outcome: queued.outcome });
  });

  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `Nothing here: ${request.method} ${request.url}. The webhook is POST ${WEBHOOK_PATH}.` }));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ error: status === 413 ? "The body is too large; nothing was queued." : status === 500 ? "Internal error; nothing was queued." : error.message });
  });
  return app;
}
