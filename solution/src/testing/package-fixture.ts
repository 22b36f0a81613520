// Test setup: the real PCF and web-resource builds (built here when missing, never faked), read
// once, and plans for both package kinds.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { planPackage } from "../pack/plan-package";
import { PCF_OUT_DIR, readRootVersion, REPO_ROOT, WEBRESOURCES_DIST_DIR } from "../pack/paths";
import { PCF_BUILD_COMMAND, readPackageSource, WEBRESOURCES_BUILD_COMMAND } from "../pack/read-source";
import { type PackagePlan, type PackageSource } from "../pack/types";
import { parseXml, type XmlNode } from "../xml/node";

export function ensureBuilds(): void {
  if (!existsSync(join(PCF_OUT_DIR, "bundle.js"))) execSync(PCF_BUILD_COMMAND, { cwd: REPO_ROOT, stdio: "pipe" });
  if (!existsSync(join(WEBRESOURCES_DIST_DIR, "webresources.json"))) execSync(WEBRESOURCES_BUILD_COMMAND, { cwd: REPO_ROOT, stdio: "pipe" });
}

export interface Fixture {
  readonly version: string;
  readonly source: PackageSource;
  readonly unmanaged: PackagePlan;
  readonly managed: PackagePlan;
}

let fixture: Fixture | undefined;
export function packageFixture(): Fixture {
  if (fixture) return fixture;
  ensureBuilds();
  const version = readRootVersion();
  const source = readPackageSource();
  fixture = { version, source, unmanaged: planPackage(source, version, false), managed: planPackage(source, version, true) };
  return fixture;
}

export function fileOf(plan: PackagePlan, path: string): Uint8Array {
  const f = plan.files.find((x) => x.path === path);
  if (!f) throw new Error(`${path} is not in ${plan.fileName}`);
  return f.bytes;
}

export const xmlOf = (plan: PackagePlan, path: string): XmlNode => parseXml(fileOf(plan, path));
export const textOfFile = (plan: PackagePlan, path: string): string => Buffer.from(fileOf(plan, path)).toString("utf8");
