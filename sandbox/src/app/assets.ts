// The files the app's pages load, all from this machine: React/ReactDOM UMD and the Fluent platform
// library from node_modules (as the PCF platform provides them), the control's production bundle, the
// built web resources, and the app's own browser scripts bundled from ./client with esbuild.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { APP_CSS } from "./html";

export interface AssetPaths {
  /** pcf/MarketingPreferencesGrid: where React, ReactDOM and pcf-start resolve from. */
  readonly pcfPackageDir: string;
  /** The control's build output (bundle.js, strings/). */
  readonly pcfOutDir: string;
  /** webresources/dist: mps_/… as Dynamics serves them under /WebResources/. */
  readonly webResourcesDir: string;
}

const ROOT = join(__dirname, "..", "..", "..");

export const DEFAULT_ASSET_PATHS: AssetPaths = {
  pcfPackageDir: join(ROOT, "pcf", "MarketingPreferencesGrid"),
  pcfOutDir: join(ROOT, "pcf", "MarketingPreferencesGrid", "out", "controls", "MarketingPreferencesGrid"),
  webResourcesDir: join(ROOT, "webresources", "dist"),
};

export interface Asset {
  readonly contentType: string;
  readonly body: string | Buffer;
}

const JS = "text/javascript; charset=utf-8";

/** A missing build output, named with the command that makes it. */
export class MissingBuildError extends Error {
  public readonly kind = "missing-build" as const;
  public constructor(file: string, command: string) {
    super(`${file} is missing: run \`${command}\` (npm start does this for you).`);
    this.name = "MissingBuildError";
  }
}

function need(file: string, command: string): Buffer {
  if (!existsSync(file)) throw new MissingBuildError(file, command);
  return readFileSync(file);
}

async function bundleClient(entry: string): Promise<string> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(__dirname, "client", entry)],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    platform: "browser",
    tsconfig: join(__dirname, "client", "tsconfig.json"),
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}.`);
  return file.text;
}

/** The scripts a record form loads, in order: the platform, the host, then the control's bundle. */
export const PCF_SCRIPTS = ["/static/react.js", "/static/react-dom.js", "/static/platform-aliases.js", "/static/fluent.js", "/static/pcf-host.js", "/pcf/bundle.js"] as const;
export const EMAIL_ACCOUNT_SCRIPTS = ["/WebResources/mps_/emailaccount/form.js", "/static/email-account-form.js"] as const;

/** Every fixed file by URL path. Built once when the app starts. */
export async function loadAssets(paths: AssetPaths = DEFAULT_ASSET_PATHS): Promise<Map<string, Asset>> {
  const resolve = (specifier: string): string => require.resolve(specifier, { paths: [paths.pcfPackageDir] });
  const pcfStartLib = join(dirname(resolve("pcf-start/package.json")), "lib");
  const buildPcf = "npm run build -w pcf/MarketingPreferencesGrid -- --buildMode production";
  const [pcfHost, emailAccountForm] = await Promise.all([bundleClient("pcf-host.ts"), bundleClient("email-account-form.ts")]);
  // esbuild keeps a helper process for later builds; the app builds once, so let it go.
  await (await import("esbuild")).stop();
  return new Map<string, Asset>([
    ["/static/app.css", { contentType: "text/css; charset=utf-8", body: APP_CSS }],
    ["/static/react.js", { contentType: JS, body: readFileSync(resolve("react/umd/react.production.min.js")) }],
    ["/static/react-dom.js", { contentType: JS, body: readFileSync(resolve("react-dom/umd/react-dom.production.min.js")) }],
    // The names pcf-scripts externalises React under, as the platform defines them.
    ["/static/platform-aliases.js", { contentType: JS, body: "window.Reactv16 = window.React; window.ReactDOMv16 = window.ReactDOM;" }],
    ["/static/fluent.js", { contentType: JS, body: readFileSync(join(pcfStartLib, "fluent_8_121_1.js")) }],
    ["/static/pcf-host.js", { contentType: JS, body: pcfHost }],
    ["/static/email-account-form.js", { contentType: JS, body: emailAccountForm }],
    ["/pcf/bundle.js", { contentType: JS, body: need(join(paths.pcfOutDir, "bundle.js"), buildPcf) }],
    ["/pcf/strings/MarketingPreferencesGrid.1033.resx", { contentType: "application/xml; charset=utf-8", body: need(join(paths.pcfOutDir, "strings", "MarketingPreferencesGrid.1033.resx"), buildPcf) }],
  ]);
}

const TYPES: Record<string, string> = { ".js": JS, ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml" };

/** A web resource by its name under /WebResources/, or undefined (never a file outside the folder). */
export function webResource(paths: AssetPaths, name: string): Asset | undefined {
  const file = normalize(join(paths.webResourcesDir, name));
  if (!file.startsWith(paths.webResourcesDir + sep) || !existsSync(file)) return undefined;
  const ext = /\.[a-z]+$/.exec(file)?.[0] ?? "";
  const type = TYPES[ext];
  return type === undefined ? undefined : { contentType: type, body: readFileSync(file) };
}

export function checkWebResources(paths: AssetPaths): void {
  need(join(paths.webResourcesDir, "mps_", "emailaccount", "form.js"), "npm run build -w webresources");
}
