#!/usr/bin/env node
// `npm run typecheck`: tsc over every part. The PCF control's generated types come from
// pcf-scripts, which a fresh clone has not run yet, so they are refreshed first.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PCF_DIR, refreshPcfTypes } from "./lib/pcf.mjs";

const root = new URL("..", import.meta.url).pathname;
refreshPcfTypes(root);
const tsc = join(root, "node_modules/typescript/bin/tsc");
for (const args of [["-b"], ["-p", PCF_DIR, "--noEmit"]]) {
  const r = spawnSync(process.execPath, [tsc, ...args], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
