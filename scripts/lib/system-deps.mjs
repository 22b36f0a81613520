// System packages the tests need beyond npm: installed when we can, named when we cannot.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

function aptInstall(pkg) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error(`${pkg} is missing: run \`sudo apt-get update && sudo apt-get install -y ${pkg}\` and try again.`);
    process.exit(1);
  }
  console.log(`Installing Debian's ${pkg} (needed by the tests)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", pkg]]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(" ")} failed: run \`apt-get update && apt-get install -y ${pkg}\` by hand and try again.`);
      process.exit(1);
    }
  }
}

export function ensureChromium() {
  if (!existsSync(CHROMIUM)) aptInstall("chromium");
  return CHROMIUM;
}

export function ensureRedis() {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
  } catch {
    aptInstall("redis-server");
  }
}
