import type { DotdigitalClient } from "../connectors/dotdigital";

/**
 * What the runner needs of Dotdigital: the connector's client satisfies it. A small interface the
 * runner owns, so a second implementation (a recorded fake, a v3 client) only has to do this much.
 */
export type DotdigitalPort = Pick<
  DotdigitalClient,
  "serverTime" | "getCatalogue" | "readPreferenceChanges" | "readSuppressions" | "getSubscriptions" | "setPreferences" | "createContact" | "calls"
>;

/** Injected time: the runner never reads the clock itself. */
export interface RunnerClock {
  now(): number;
}

/** Structured logging; the entry point decides where it goes (pino, a test array). */
export interface RunLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface Progress {
  stage(name: string, detail?: string): void;
}

/**
 * How full the process's heap is, from 0 to 1. The runner works in smaller slices as it nears the
 * cap, so a large run slows down instead of dying of an out-of-memory error.
 */
export interface MemoryGauge {
  pressure(): number;
}

export const silentLog: RunLog = { info: () => undefined, warn: () => undefined };
export const noProgress: Progress = { stage: () => undefined };
export const noMemoryPressure: MemoryGauge = { pressure: () => 0 };
