// Dotdigital's two rate-limit schemes, chosen per API user (research/dotdigital.md §3.2).

/** Call tiers of the tiered scheme; each route of the stand-in belongs to one. */
export const TIERS = ["Low", "Medium", "High", "Unlimited"] as const;
export type Tier = (typeof TIERS)[number];

export type RateLimitSpec =
  | { scheme: "none" }
  /** Calls per window per tier (a tier left out is not limited); 429 with X-RateLimit-* headers on every response. */
  | { scheme: "tiered"; perMinute: Partial<Record<Tier, number>>; windowMs?: number; reset?: "seconds" | "epoch" }
  /** The older scheme: calls per rolling hour across every route; over it, 400 ERROR_APIUSAGE_EXCEEDED. */
  | { scheme: "flat"; perHour: number; windowMs?: number };

export interface RateDecision {
  allowed: boolean;
  /** Headers for the response (tiered scheme only). */
  headers: Record<string, string>;
  /** Whole seconds until the caller may try again. */
  retryInSeconds: number;
}

export interface RateLimiter {
  /** Counts one call of `tier`; says whether it may run. */
  take(tier: Tier): RateDecision;
  /** Calls in the current flat window (for account-info's ApiCallsInLastHour). */
  usedThisHour(): number;
  remainingThisHour(): number | undefined;
  reset(): void;
}

/** Real elapsed time, not the test clock: a frozen test clock must not freeze rate-limit windows. */
export type MonotonicNow = () => number;

export function createRateLimiter(spec: RateLimitSpec, now: MonotonicNow = () => performance.timeOrigin + performance.now()): RateLimiter {
  if (spec.scheme === "tiered") return tiered(spec, now);
  if (spec.scheme === "flat") return flat(spec, now);
  const hourly = hourCounter(now);
  return {
    take: () => {
      hourly.add();
      return { allowed: true, headers: {}, retryInSeconds: 0 };
    },
    usedThisHour: () => hourly.used(),
    remainingThisHour: () => undefined,
    reset: () => hourly.reset(),
  };
}

/** A cheap count of calls in the current hour, for the schemes that do not limit by the hour. */
function hourCounter(now: MonotonicNow): { add(): void; used(): number; reset(): void } {
  let start = now();
  let count = 0;
  const roll = (): void => {
    if (now() - start >= 3_600_000) {
      start = now();
      count = 0;
    }
  };
  return {
    add() {
      roll();
      count += 1;
    },
    used() {
      roll();
      return count;
    },
    reset() {
      start = now();
      count = 0;
    },
  };
}

function prune(calls: number[], before: number): void {
  let drop = 0;
  while (drop < calls.length && (calls[drop] as number) <= before) drop++;
  if (drop > 0) calls.splice(0, drop);
}

function tiered(spec: Extract<RateLimitSpec, { scheme: "tiered" }>, now: MonotonicNow): RateLimiter {
  const windowMs = spec.windowMs ?? 60_000;
  const windows = new Map<Tier, { start: number; used: number }>();
  const hourly = hourCounter(now);
  return {
    take(tier) {
      const t = now();
      hourly.add();
      const limit = spec.perMinute[tier];
      if (limit === undefined) return { allowed: true, headers: {}, retryInSeconds: 0 };
      let window = windows.get(tier);
      if (window === undefined || t >= window.start + windowMs) {
        window = { start: t, used: 0 };
        windows.set(tier, window);
      }
      const allowed = window.used < limit;
      if (allowed) window.used += 1;
      const resetAt = window.start + windowMs;
      const retryInSeconds = Math.max(1, Math.ceil((resetAt - t) / 1000));
      const reset = spec.reset === "epoch" ? String(Math.ceil(resetAt / 1000)) : String(retryInSeconds);
      return {
        allowed,
        retryInSeconds,
        headers: {
          "X-RateLimit-Limit": String(limit),
          "X-RateLimit-Remaining": String(Math.max(0, limit - window.used)),
          "X-RateLimit-Reset": reset,
          "X-RateLimit-Scope": tier,
        },
      };
    },
    usedThisHour: () => hourly.used(),
    remainingThisHour: () => undefined,
    reset() {
      windows.clear();
      hourly.reset();
    },
  };
}

function flat(spec: Extract<RateLimitSpec, { scheme: "flat" }>, now: MonotonicNow): RateLimiter {
  const windowMs = spec.windowMs ?? 3_600_000;
  const calls: number[] = [];
  return {
    take() {
      const t = now();
      prune(calls, t - windowMs);
      if (calls.length >= spec.perHour) {
        const oldest = calls[0] as number;
        return { allowed: false, headers: {}, retryInSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
      }
      calls.push(t);
      return { allowed: true, headers: {}, retryInSeconds: 0 };
    },
    usedThisHour: () => {
      prune(calls, now() - windowMs);
      return calls.length;
    },
    remainingThisHour: () => {
      prune(calls, now() - windowMs);
      return Math.max(0, spec.perHour - calls.length);
    },
    reset() {
      calls.length = 0;
    },
  };
}
