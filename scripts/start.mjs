#!/usr/bin/env node
// `npm start`: runs the product. Until the local app lands (issue: npm start), this starts the
// two stand-ins with demo data when they exist and says plainly what is not built yet. It never
// pretends to sync.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const sandboxMain = join(root, "sandbox/src/main.ts");

if (!existsSync(sandboxMain)) {
  console.log("Marketing Preferences Sync: nothing to run yet.");
  console.log("The stand-ins (sandbox/), the sync service (sync-core/) and the local app are still being built;");
  console.log("`npm test` runs what exists. No sync was attempted.");
  process.exit(0);
}

const child = spawn(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), sandboxMain, "--seed", "demo", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
