import { z } from "zod";

/** One injected fault, as posted to POST /_sandbox/faults. */
export const faultRuleSchema = z
  .strictObject({
    /** Answer with this HTTP status instead of running the route. */
    status: z.number().int().min(100).max(599).optional(),
    /** Body sent with `status`; without it the stand-in's own error body for that status is sent. */
    body: z.unknown().optional(),
    /** Extra headers sent with `status` (e.g. `Retry-After`). */
    headers: z.record(z.string(), z.string()).optional(),
    /** Wait this long before answering (alone: the route then runs normally). */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Destroy the socket without answering, as a network failure would. */
    drop: z.boolean().optional(),
    /** How many times the fault fires before it is used up; unlimited without it. */
    count: z.number().int().min(1).optional(),
    /** Fraction of matching requests that get the fault (default 1). */
    ratio: z.number().min(0).max(1).optional(),
    /** Makes `ratio` deterministic: the same seed picks the same requests. */
    seed: z.number().int().optional(),
    /** Only requests whose route is this pattern, with or without the method: `GET /:region/v2/preferences` or `/:region/v2/preferences`. */
    route: z.string().min(1).optional(),
    /** Only requests whose concrete path starts with this, e.g. `/r1/v2/contacts`. */
    pathPrefix: z.string().min(1).optional(),
  })
  .refine((r) => r.status !== undefined || r.latencyMs !== undefined || r.drop === true, {
    message: "A fault needs at least one of `status`, `latencyMs` or `drop: true`.",
  })
  .refine((r) => !(r.drop === true && r.status !== undefined), {
    message: "`drop` and `status` exclude each other: a dropped request gets no answer.",
  });

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What should happen to one request. */
export interface FaultAction {
  latencyMs: number;
  drop: boolean;
  status?: number;
  body?: unknown;
  headers: Record<string, string>;
}

interface ActiveRule {
  id: number;
  rule: FaultRule;
  remaining: number;
  random: () => number;
}

export interface FaultInjector {
  /** Adds a rule; returns its id. Rules are tried in the order they were added. */
  add(rule: FaultRule): number;
  clear(): void;
  list(): Array<FaultRule & { id: number; remaining: number | null }>;
  /** Decides the fault for one request (and uses up one count of the rule that fires). */
  pick(method: string, routePattern: string | undefined, path: string): FaultAction | undefined;
}

// mulberry32: a tiny, well-known PRNG, so a seeded ratio picks the same requests on every run.
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(rule: FaultRule, method: string, routePattern: string | undefined, path: string): boolean {
  if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) return false;
  if (rule.route !== undefined) {
    if (routePattern === undefined) return false;
    if (rule.route !== routePattern && rule.route !== `${method} ${routePattern}`) return false;
  }
  return true;
}

export function createFaultInjector(): FaultInjector {
  let rules: ActiveRule[] = [];
  let nextId = 1;
  return {
    add(rule) {
      const id = nextId++;
      rules.push({
        id,
        rule,
        remaining: rule.count ?? Number.POSITIVE_INFINITY,
        random: rule.seed === undefined ? Math.random : seededRandom(rule.seed),
      });
      return id;
    },
    clear() {
      rules = [];
    },
    list: () => rules.map((r) => ({ ...r.rule, id: r.id, remaining: Number.isFinite(r.remaining) ? r.remaining : null })),
    pick(method, routePattern, path) {
      for (const active of rules) {
        if (!matches(active.rule, method, routePattern, path)) continue;
        const ratio = active.rule.ratio ?? 1;
        if (ratio < 1 && active.random() >= ratio) continue;
        active.remaining -= 1;
        if (active.remaining <= 0) rules = rules.filter((r) => r !== active);
        const { rule } = active;
        const action: FaultAction = { latencyMs: rule.latencyMs ?? 0, drop: rule.drop === true, headers: rule.headers ?? {} };
        if (rule.status !== undefined) action.status = rule.status;
        if (rule.body !== undefined) action.body = rule.body;
        return action;
      }
      return undefined;
    },
  };
}
