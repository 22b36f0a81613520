import { setTimeout as sleep } from "node:timers/promises";
import { type FastifyInstance, type FastifyPluginCallback, type FastifyRequest } from "fastify";
import { z } from "zod";
import { createTestClock, type TestClock } from "./clock";
import { createFaultInjector, faultRuleSchema, type FaultInjector } from "./faults";
import { createRequestStats, type RequestStats } from "./stats";

/** The test controls every stand-in shares: its clock, its call counts and its faults. */
export interface SandboxControls {
  clock: TestClock;
  stats: RequestStats;
  faults: FaultInjector;
}

export function createSandboxControls(clock: TestClock = createTestClock()): SandboxControls {
  return { clock, stats: createRequestStats(), faults: createFaultInjector() };
}

export interface SandboxControlsOptions {
  controls: SandboxControls;
  /** The body a stand-in answers an injected `status` with when the fault names none (its own error shape). */
  faultBody?: (status: number) => unknown;
}

/** Paths under this prefix are the controls themselves: never counted, never faulted. */
export const CONTROL_PREFIX = "/_sandbox";

/** `METHOD /route/pattern` for a request; unmatched requests are counted as `METHOD (no route)`. */
export function routeKeyOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? "(no route)"}`;
}

const clockBodySchema = z.union([
  z.strictObject({ now: z.union([z.iso.datetime({ offset: true }), z.null()]) }),
  z.strictObject({ advanceMs: z.number().int() }),
]);

function badRequest(message: string): { kind: "bad-request"; message: string } {
  return { kind: "bad-request", message };
}

function clockState(clock: TestClock): { now: string; fixed: boolean } {
  return { now: clock.now().toISOString(), fixed: clock.isSet };
}

/**
 * Adds the hooks (count, then fault) and the /_sandbox routes to `app` itself, not to a child
 * scope, so they see every route the stand-in registers.
 */
export function installSandboxControls(app: FastifyInstance, options: SandboxControlsOptions): void {
  const { clock, stats, faults } = options.controls;
  const faultBody = options.faultBody ?? ((status: number) => ({ message: `Injected fault: HTTP ${status}` }));

  app.addHook("onRequest", async (request, reply) => {
    const path = request.url.split("?", 1)[0] ?? request.url;
    if (path.startsWith(CONTROL_PREFIX)) return;
    stats.record(routeKeyOf(request));
    const fault = faults.pick(request.method, request.routeOptions.url, path);
    if (fault === undefined) return;
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.drop) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.status !== undefined) {
      return reply
        .code(fault.status)
        .headers(fault.headers)
        .send(fault.body ?? faultBody(fault.status));
    }
    return;
  });

  app.get(`${CONTROL_PREFIX}/clock`, () => clockState(clock));
  app.post(`${CONTROL_PREFIX}/clock`, (request, reply) => {
    const parsed = clockBodySchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send(badRequest('Send {"now": "<ISO 8601 date-time with offset>"}, {"now": null} for real time, or {"advanceMs": <integer>}.'));
    }
    if ("now" in parsed.data) clock.set(parsed.data.now === null ? null : new Date(parsed.data.now));
    else clock.advance(parsed.data.advanceMs);
    return clockState(clock);
  });

  app.get(`${CONTROL_PREFIX}/stats`, () => stats.snapshot());
  app.post(`${CONTROL_PREFIX}/stats/reset`, () => {
    stats.reset();
    return stats.snapshot();
  });

  app.get(`${CONTROL_PREFIX}/faults`, () => ({ faults: faults.list() }));
  app.post(`${CONTROL_PREFIX}/faults`, (request, reply) => {
    const parsed = faultRuleSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") ?? "";
      return reply.code(400).send(badRequest(`Bad fault rule${field === "" ? "" : ` at \`${field}\``}: ${issue?.message ?? "invalid"}.`));
    }
    return reply.code(201).send({ id: faults.add(parsed.data) });
  });
  app.delete(`${CONTROL_PREFIX}/faults`, (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
}

/** The same as {@link installSandboxControls}, as a fastify plugin that is not encapsulated. */
export const sandboxControlsPlugin: FastifyPluginCallback<SandboxControlsOptions> = Object.assign(
  (app: FastifyInstance, options: SandboxControlsOptions, done: (err?: Error) => void) => {
    installSandboxControls(app, options);
    done();
  },
  // What fastify-plugin sets: register into the parent scope so the hooks cover sibling routes.
  { [Symbol.for("skip-override")]: true },
);
