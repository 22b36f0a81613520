// pcf-scripts writes generated/ManifestTypes.d.ts, which a fresh clone lacks; tsc and jest need it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const PCF_DIR = "pcf/MarketingPreferencesGrid";

export function refreshPcfTypes(root) {
  const dir = join(root, PCF_DIR);
  const manifest = join(dir, "MarketingPreferencesGrid", "ControlManifest.Input.xml");
  if (!existsSync(manifest)) return;
  if (existsSync(join(dir, "MarketingPreferencesGrid", "generated", "ManifestTypes.d.ts"))) return;
  const r = spawnSync("npm", ["run", "refreshTypes", "-w", PCF_DIR], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true" },
  });
  if (r.status !== 0) {
    console.error("pcf-scripts refreshTypes failed: run `npm run refreshTypes -w pcf/MarketingPreferencesGrid` to see why.");
    process.exit(1);
  }
}
