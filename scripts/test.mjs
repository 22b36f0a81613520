#!/usr/bin/env node
// `npm test`: every test of every part, in one jest run. Before jest starts it sees to what the
// tests need beyond npm packages, so a fresh clone needs nothing but `npm ci`:
//  - the PCF control's generated types (pcf-scripts refreshTypes), which a clone does not have;
//  - Debian's chromium for the browser tests: installed with apt-get when running as root,
//    otherwise we stop with the one command to run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium } from "./lib/system-deps.mjs";
import { refreshPcfTypes } from "./lib/pcf.mjs";

const root = new URL("..", import.meta.url).pathname;

function hasBrowserTests(dir) {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".browser.test.ts")) return true;
  }
  return false;
}

refreshPcfTypes(root);
if (hasBrowserTests(join(root, "test")) || hasBrowserTests(join(root, "pcf")) || hasBrowserTests(join(root, "webresources"))) {
  ensureChromium();
}

const jest = spawnSync(process.execPath, [join(root, "node_modules/jest/bin/jest.js"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true" },
});
process.exit(jest.status ?? 1);
