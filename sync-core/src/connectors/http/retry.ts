/** How a connector retries a call that failed for a reason that may go away by itself. */
export interface RetryPolicy {
  /** Attempts in all, the first included, for 5xx answers and network failures. */
  readonly maxAttempts: number;
  /** Cap of the first backoff; each next attempt doubles it. */
  readonly baseDelayMs: number;
  /** No single backoff is longer than this. */
  readonly maxDelayMs: number;
  /** How many times in a row the server may tell us to slow down before the call gives up. */
  readonly maxThrottleWaits: number;
  /** No single rate-limit wait is longer than this (the hourly scheme may ask for up to an hour). */
  readonly maxThrottleWaitMs: number;
  /** The first wait when the server says "slow down" without saying until when; doubles per repeat. */
  readonly throttleFallbackMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxThrottleWaits: 6,
  maxThrottleWaitMs: 60 * 60_000,
  // The tiered scheme's window is a minute.
  throttleFallbackMs: 60_000,
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...defaultRetryPolicy, ...overrides };
}

/**
 * "Full jitter" backoff: a random wait between 0 and min(max, base·2^retry). Spreading the waits
 * keeps several runners that failed together from hammering the API together again.
 * @param retry 0 for the first retry
 * @param random a number in [0, 1)
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(ceiling * random());
}

/**
 * Server errors are worth retrying; 4xx are not (the same request would fail the same way),
 * except the rate-limit answers, which the rate limiter handles by waiting.
 */
export function isTransientStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}
