import { readInteger } from "./settings";

type Env = Readonly<Record<string, string | undefined>>;

/** The container size the service is sized for when nobody says otherwise. */
export const DEFAULT_MAX_MEMORY_MB = 512;

/**
 * Share of the process's memory given to V8's old space. The rest is code, new space, and the
 * buffers HTTP and JSON parsing hold outside the heap: measured on bench/runner.bench.ts at 100,000
 * contacts, a 320 MB old space peaked at 395 MB RSS, so 60 % leaves a margin under the container.
 */
const OLD_SPACE_SHARE = 0.6;

export interface MemoryPolicy {
  readonly maxMemoryMb: number;
  readonly oldSpaceMb: number;
  /** The node options that apply it. */
  readonly nodeFlags: readonly string[];
}

/**
 * The memory policy MPS_MAX_MEMORY_MB asks for; without it, the container's memory limit when the
 * process has one (`process.constrainedMemory()`, passed in by the entry point), else 512 MB.
 * Throws ConfigError naming the setting when it is not a size.
 */
export function readMemoryPolicy(env: Env, constrainedBytes?: number): MemoryPolicy {
  const limitMb = constrainedBytes !== undefined && constrainedBytes > 0 && constrainedBytes < 2 ** 50 ? Math.floor(constrainedBytes / 1048576) : undefined;
  const fallback = limitMb !== undefined && limitMb >= 256 ? limitMb : DEFAULT_MAX_MEMORY_MB;
  const maxMemoryMb = readInteger(env, "MPS_MAX_MEMORY_MB", fallback, 256, 1_048_576);
  const oldSpaceMb = Math.floor(maxMemoryMb * OLD_SPACE_SHARE);
  // --expose-gc lets the heap gauge collect before it judges how full the heap is: garbage not yet
  // collected must not make a run shrink its slices or give up.
  return { maxMemoryMb, oldSpaceMb, nodeFlags: [`--max-old-space-size=${oldSpaceMb}`, "--expose-gc"] };
}

/**
 * Whether the heap of a process started with these arguments and environment is already sized by
 * someone (an operator's NODE_OPTIONS, or our own relaunch): then the service leaves it alone.
 */
export function heapAlreadySized(execArgv: readonly string[], env: Env): boolean {
  const sets = (s: string) => /--max[-_]old[-_]space[-_]size/.test(s);
  return execArgv.some(sets) || sets(env["NODE_OPTIONS"] ?? "");
}
