import { type Clock, type Sleep } from "../http/clock";
import { defaultRetryPolicy, type RetryPolicy } from "../http/retry";
import { type CallGate, type HttpResponse, type ThrottleCheck } from "../http/transport";

/** What the X-RateLimit-* headers of one answer said. */
export interface RateLimitInfo {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  /** When the window resets, on OUR clock (epoch ms). */
  readonly resetAt: number | undefined;
  /** The tier the call counted against (tiered scheme), e.g. "Low". */
  readonly scope: string | undefined;
}

function headerNumber(headers: Headers, name: string): number | undefined {
  // Headers.get is case-insensitive, as the research asks (3.2).
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const value = Number(raw.trim());
  return Number.isFinite(value) ? value : undefined;
}

/**
 * X-RateLimit-Reset as an instant on our clock. Sources disagree on its unit (research 3.2): the
 * official SDK says "seconds until the reset", another summary says a UTC epoch. Both are
 * accepted: a value that could only be an epoch (≥ 1e8 s ≈ 1973) is one, in seconds or in
 * milliseconds; anything smaller is a number of seconds from now. An epoch is the server's clock,
 * so it is moved onto ours by the skew the Date header shows.
 */
export function resetToLocalMs(raw: number, localNow: number, serverDate?: number): number {
  if (raw >= 1e11) return raw - skew(localNow, serverDate);
  if (raw >= 1e8) return raw * 1000 - skew(localNow, serverDate);
  return localNow + Math.max(raw, 0) * 1000;
}

function skew(localNow: number, serverDate: number | undefined): number {
  // Positive when the server is ahead. The Date header drops the milliseconds, so the skew comes
  // out up to 1 s too small and the reset up to 1 s late: the safe direction.
  return serverDate === undefined ? 0 : serverDate - localNow;
}

export function parseRateLimitHeaders(headers: Headers, localNow: number): RateLimitInfo {
  const reset = headerNumber(headers, "x-ratelimit-reset");
  const date = headers.get("date");
  const serverDate = date === null ? undefined : Date.parse(date);
  return {
    limit: headerNumber(headers, "x-ratelimit-limit"),
    remaining: headerNumber(headers, "x-ratelimit-remaining"),
    resetAt: reset === undefined ? undefined : resetToLocalMs(reset, localNow, Number.isNaN(serverDate) ? undefined : serverDate),
    scope: headers.get("x-ratelimit-scope") ?? undefined,
  };
}

/** The hourly ("flat") scheme answers 400 with this token instead of 429 (research 3.2). */
export const API_USAGE_EXCEEDED = "ERROR_APIUSAGE_EXCEEDED";

export function isHourlyLimitAnswer(response: HttpResponse): boolean {
  return response.status === 400 && response.text.includes(API_USAGE_EXCEEDED);
}

/** How many calls may go out per window, whatever the server says. */
export interface BudgetOptions {
  /** Calls allowed in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * The flat scheme's cut-off (2000 calls per rolling hour) is also below the tiered scheme's lowest
 * published rate (35/min on Basic Low), so it is safe for any API user until configured otherwise.
 */
export const defaultBudget: BudgetOptions = { limit: 2000, windowMs: 60 * 60_000 };

export interface CallBudget extends CallGate {
  readonly options: BudgetOptions;
  /** Calls counted in the window that ends now. */
  used(): number;
  /** Until when calls are held back by the server (epoch ms), 0 when they are not. */
  pausedUntil(): number;
}

/**
 * A sliding-window budget: it remembers when each of the last `limit` calls went out and lets a
 * new one go only when fewer than `limit` fall in the last `windowMs`, so NO window of that length
 * ever holds more than `limit` calls (a fixed-window counter allows twice the limit across a
 * boundary). Check-and-record happens without an await in between, so concurrent callers of one
 * client cannot both take the last slot.
 *
 * Why not bottleneck (installed): its reservoir refills on its own setInterval/setTimeout, i.e. on
 * the real clock, which the injected clock cannot drive, and its refill is a fixed window. Its
 * Redis mode remains a candidate for the shared limiter of DESIGN.md §7 behind this same interface.
 */
export function createCallBudget(options: BudgetOptions & { clock: Clock; sleep: Sleep }): CallBudget {
  const { limit, windowMs, clock, sleep } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`budget.limit must be a whole number ≥ 1, got ${limit}`);
  if (!(windowMs > 0)) throw new RangeError(`budget.windowMs must be > 0, got ${windowMs}`);
  const sent: number[] = [];
  let head = 0;
  let paused = 0;

  function prune(now: number): void {
    while (head < sent.length && (sent[head] ?? 0) <= now - windowMs) head += 1;
    if (head > 1024 && head * 2 > sent.length) {
      sent.splice(0, head);
      head = 0;
    }
  }

  return {
    options: { limit, windowMs },
    used() {
      prune(clock.now());
      return sent.length - head;
    },
    pausedUntil: () => paused,
    pauseUntil(epochMs) {
      paused = Math.max(paused, epochMs);
    },
    async acquire() {
      for (;;) {
        const now = clock.now();
        if (paused > now) {
          await sleep(paused - now);
          continue;
        }
        prune(now);
        if (sent.length - head < limit) {
          sent.push(now);
          return;
        }
        await sleep((sent[head] ?? now) + windowMs - now);
      }
    },
  };
}

export interface DotdigitalRateLimiter {
  /** The gate every request of one client goes through. */
  readonly gate: CallGate;
  readonly throttle: ThrottleCheck;
  /** The most recent X-RateLimit-* values seen, for the run log. */
  lastSeen(): RateLimitInfo | undefined;
}

/**
 * With no Reset header (the hourly scheme sends none): the policy's fallback (a minute by
 * default), doubling per repeat, up to its longest wait (an hour: the flat scheme's window).
 */
function fallbackWaitMs(waitsSoFar: number, policy: Pick<RetryPolicy, "throttleFallbackMs" | "maxThrottleWaitMs">): number {
  return Math.min(policy.throttleFallbackMs * 2 ** waitsSoFar, policy.maxThrottleWaitMs);
}

/** Never retry sooner than this after a "slow down", even if Reset says 0 (it is rounded). */
const MIN_THROTTLE_WAIT_MS = 1000;

export function createDotdigitalRateLimiter(budget: CallBudget, clock: Clock, policy: RetryPolicy = defaultRetryPolicy): DotdigitalRateLimiter {
  let last: RateLimitInfo | undefined;

  function observe(response: HttpResponse): void {
    const info = parseRateLimitHeaders(response.headers, clock.now());
    if (info.limit === undefined && info.remaining === undefined && info.resetAt === undefined) return;
    last = info;
    // The server says the window is spent: wait for its reset instead of earning a 429.
    if (info.remaining !== undefined && info.remaining <= 0 && info.resetAt !== undefined) budget.pauseUntil(info.resetAt);
  }

  const throttle: ThrottleCheck = (response, waitsSoFar) => {
    if (response.status !== 429 && !isHourlyLimitAnswer(response)) return undefined;
    const now = clock.now();
    const reset = parseRateLimitHeaders(response.headers, now).resetAt;
    const wait = reset !== undefined ? reset - now : fallbackWaitMs(waitsSoFar, policy);
    return Math.max(wait, MIN_THROTTLE_WAIT_MS);
  };

  return {
    gate: { acquire: () => budget.acquire(), pauseUntil: (at) => budget.pauseUntil(at), observe },
    throttle,
    lastSeen: () => last,
  };
}
