// The process entry of `mpsync`: the only place that touches process.argv, env and exit.
import { runCli } from "./main";

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
