// The process entry of `mpsync`: the only place that touches process.argv, env and exit.
import { spawn } from "node:child_process";
import { heapAlreadySized, readMemoryPolicy } from "../config/memory";
import { ConfigError } from "../config/settings";
import { EXIT, runCli } from "./main";

const args = process.argv.slice(2);

function run(): void {
  void runCli(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Node sizes its heap from the machine, not the container: on a large host a 512 MB container is
 * killed before V8 thinks of collecting. So mpsync sizes its own heap (MPS_MAX_MEMORY_MB, else the
 * container's limit, else 512 MB) by running
 * itself again with the flag, unless an operator already set one.
 */
function relaunchWithMemoryPolicy(): void {
  let flags: readonly string[];
  try {
    flags = readMemoryPolicy(process.env, process.constrainedMemory()).nodeFlags;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`mpsync: ${e.message}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const script = process.argv[1];
  if (script === undefined) return run();
  // An IPC channel tells the child when this process is gone, even by SIGKILL: it then stops too,
  // so killing the pid an operator sees never leaves a second service running.
  const child = spawn(process.execPath, [...flags, ...process.execArgv, script, ...args], { stdio: ["inherit", "inherit", "inherit", "ipc"], env: { ...process.env, MPS_MEMORY_POLICY_CHILD: "1" } });
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  process.on("SIGTERM", forward("SIGTERM"));
  process.on("SIGHUP", forward("SIGHUP"));
  // Ctrl-C reaches the child from the terminal too; one sent to this pid alone must still stop it.
  process.on("SIGINT", forward("SIGTERM"));
  child.on("exit", (code, signal) => {
    if (signal === null) {
      process.exitCode = code ?? EXIT.runFailed;
      return;
    }
    // End the way the child ended, so a supervisor sees the same signal it would without the relaunch.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

if (process.send !== undefined && process.env["MPS_MEMORY_POLICY_CHILD"] === "1") {
  // The channel only watches the parent: it must not keep this process alive once its work is done.
  process.channel?.unref();
  process.on("disconnect", () => process.exit(EXIT.runFailed));
}

if (heapAlreadySized(process.execArgv, process.env)) run();
else relaunchWithMemoryPolicy();
