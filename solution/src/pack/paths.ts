import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root (solution/src/pack → ../../..). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const SOURCE_DIR = join(REPO_ROOT, "solution", "src");
export const PCF_OUT_DIR = join(REPO_ROOT, "pcf", "MarketingPreferencesGrid", "out", "controls", "MarketingPreferencesGrid");
export const WEBRESOURCES_DIST_DIR = join(REPO_ROOT, "webresources", "dist");
export const DIST_DIR = join(REPO_ROOT, "dist");

/** The one version source: the root package.json "version" (x.y.z) → Dataverse's x.y.z.0. */
export function toSolutionVersion(semver: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?$/.exec(semver.replace(/[-+].*$/, ""));
  if (!m) throw new Error(`package.json version "${semver}" is not x.y.z: set it to numbers like 1.2.3`);
  return `${m[1]}.${m[2]}.${m[3]}.${m[4] ?? "0"}`;
}

export function readRootVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error("the root package.json has no \"version\": add one (x.y.z)");
  return toSolutionVersion(pkg.version);
}
