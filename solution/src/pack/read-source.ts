// The IO half of packing: reads the committed layout and the two builds, with a clear message
// naming the build to run when one is missing. Nothing here is faked: no build, no package.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { LAYOUT_FOLDERS } from "../generate/source-tree";
import { PCF_OUT_DIR, SOURCE_DIR, WEBRESOURCES_DIST_DIR } from "./paths";
import { type PackageSource, type WebResourceArtifact } from "./types";

export class MissingBuildError extends Error {
  readonly kind = "missing-build";
}

export const PCF_BUILD_COMMAND = "npm run build -w pcf/MarketingPreferencesGrid -- --buildMode production";
export const WEBRESOURCES_BUILD_COMMAND = "npm run build -w webresources";

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

const rel = (root: string, file: string): string => relative(root, file).split(sep).join("/");

export function readLayout(sourceDir = SOURCE_DIR): Map<string, Uint8Array> {
  const files = LAYOUT_FOLDERS.flatMap((f) => listFiles(join(sourceDir, f)));
  return new Map(files.map((f) => [rel(sourceDir, f), readFileSync(f)]));
}

export function readControl(outDir = PCF_OUT_DIR): Map<string, Uint8Array> {
  for (const required of ["ControlManifest.xml", "bundle.js"])
    if (!existsSync(join(outDir, required)))
      throw new MissingBuildError(`The PCF control is not built (${required} missing in pcf/MarketingPreferencesGrid/out/controls/MarketingPreferencesGrid): run \`${PCF_BUILD_COMMAND}\``);
  // Source maps would ship machine paths; Dataverse does not need them.
  return new Map(listFiles(outDir).filter((f) => !f.endsWith(".map")).map((f) => [rel(outDir, f), readFileSync(f)]));
}

const TYPES = new Set<WebResourceArtifact["type"]>(["JavaScript", "HTML", "CSS", "RESX"]);

export function readWebResources(distDir = WEBRESOURCES_DIST_DIR): WebResourceArtifact[] {
  const listFile = join(distDir, "webresources.json");
  if (!existsSync(listFile)) throw new MissingBuildError(`The web resources are not built (webresources/dist/webresources.json missing): run \`${WEBRESOURCES_BUILD_COMMAND}\``);
  const list: unknown = JSON.parse(readFileSync(listFile, "utf8"));
  if (!Array.isArray(list)) throw new MissingBuildError("webresources/dist/webresources.json must be an array of {name, displayName, type, file}");
  return list.map((entry: unknown, i) => {
    const e = entry as Partial<Record<"name" | "displayName" | "type" | "file", unknown>>;
    if (typeof e.name !== "string" || typeof e.displayName !== "string" || typeof e.file !== "string" || !TYPES.has(e.type as WebResourceArtifact["type"]))
      throw new MissingBuildError(`webresources/dist/webresources.json entry ${i}: needs string name, displayName, file and type JavaScript|HTML|CSS|RESX`);
    const file = join(distDir, e.file);
    if (!existsSync(file)) throw new MissingBuildError(`webresources.json lists ${e.file} but webresources/dist/${e.file} is missing: run \`${WEBRESOURCES_BUILD_COMMAND}\``);
    return { name: e.name, displayName: e.displayName, type: e.type as WebResourceArtifact["type"], bytes: readFileSync(file) };
  });
}

export function readPackageSource(): PackageSource {
  return { layout: readLayout(), control: readControl(), webResources: readWebResources() };
}
