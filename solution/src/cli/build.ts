// Root `npm run build`: the PCF control, the web resources, then both solution zips.
// pcf-scripts exits 0 even when its build fails, so its output is checked for the success line.
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../pack/paths";
import { PCF_BUILD_COMMAND, WEBRESOURCES_BUILD_COMMAND } from "../pack/read-source";

function run(command: string, mustPrint?: RegExp): void {
  process.stdout.write(`\n> ${command}\n`);
  const r = spawnSync(command, { cwd: REPO_ROOT, shell: true, encoding: "utf8", env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true" } });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0 || (mustPrint && !mustPrint.test(r.stdout))) {
    process.stderr.write(`build: \`${command}\` failed${mustPrint ? ` (no "${mustPrint.source}" in its output)` : ""}\n`);
    process.exit(1);
  }
}

run(PCF_BUILD_COMMAND, /\[build\] Succeeded/);
run(WEBRESOURCES_BUILD_COMMAND);
run("npm run pack -w @mps/solution");
