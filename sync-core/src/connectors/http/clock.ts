import { setTimeout as delay } from "node:timers/promises";

/** Milliseconds since the epoch. Injected so tests move time instead of waiting for it. */
export interface Clock {
  now(): number;
}

/** Waits `ms` milliseconds. Injected for the same reason as Clock. */
export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = async (ms) => {
  if (ms > 0) await delay(ms);
};

/**
 * A clock that only moves when something sleeps on it: `sleep(ms)` moves `now` to the moment the
 * sleeper wakes (never backwards, so concurrent sleepers behave like timers) and resolves at once, so a test can wait out an hour-long rate-limit window in microseconds and
 * still see exactly how long the code would have waited (`slept`).
 */
export interface ManualClock extends Clock {
  readonly sleep: Sleep;
  advance(ms: number): void;
  /** Every wait asked for, in order. */
  readonly slept: readonly number[];
}

export function createManualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    slept,
    sleep: async (ms) => {
      slept.push(ms);
      const wake = now + Math.max(ms, 0);
      // Yield first: every sleeper that started at the same moment wakes at its own time.
      await Promise.resolve();
      now = Math.max(now, wake);
    },
  };
}
