import type { Progress } from "../runner/ports";

/**
 * Stage-by-stage progress on a terminal: one line rewritten in place. Off a terminal (CI, a pipe,
 * --json) it prints nothing, so logs and machine-readable output stay clean.
 */
export function terminalProgress(stream: NodeJS.WriteStream, now: () => number = Date.now): Progress & { done(): void } {
  if (!stream.isTTY) return { stage: () => undefined, done: () => undefined };
  const started = now();
  let last = "";
  return {
    stage(name, detail) {
      const seconds = ((now() - started) / 1000).toFixed(1);
      const line = `[${seconds}s] ${name}${detail !== undefined ? ` (${detail})` : ""}`;
      stream.write(`\r${line.padEnd(last.length)}`);
      last = line;
    },
    done() {
      if (last !== "") stream.write("\n");
    },
  };
}
