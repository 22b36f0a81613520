// The Node side of the local host: the files of a page that runs the control's PRODUCTION bundle with
// React, ReactDOM and Fluent served from node_modules (nothing from the internet), and a Playwright
// route that serves them. `npm start` can serve the same files over HTTP.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { type HarnessConfig } from "./browser-entry";
import { parseResx } from "./host-context";

export const PCF_DIR = join(__dirname, "..");
export const CONTROL_DIR = join(PCF_DIR, "MarketingPreferencesGrid");
export const OUT_DIR = join(PCF_DIR, "out", "controls", "MarketingPreferencesGrid");
export const BUNDLE = join(OUT_DIR, "bundle.js");
const ROOT = join(PCF_DIR, "..", "..");

/** The origin the page is served under; requests anywhere else are refused. */
export const HARNESS_ORIGIN = "http://mps-harness.local";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith(".test.ts") || entry.name.endsWith(".test.tsx")) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.includes(`${join("generated")}`)) continue; // pcf-scripts rewrites it on every build
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the production bundle when out/ is missing or older than the control's sources. pcf-scripts
 * exits 0 even when the build fails, so success is read from its "[build] Succeeded" line.
 */
export function ensureProductionBundle(): { built: boolean } {
  const manifest = join(OUT_DIR, "ControlManifest.xml");
  const sources = Math.max(newestSource(CONTROL_DIR), newestSource(join(ROOT, "solution", "model", "src")));
  if (existsSync(BUNDLE) && existsSync(manifest) && statSync(BUNDLE).mtimeMs >= sources) return { built: false };
  const result = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build", "-w", "pcf/MarketingPreferencesGrid", "--", "--buildMode", "production"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true" },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (!output.includes("[build] Succeeded")) {
    throw new Error(`pcf-scripts production build failed; run \`npm run build -w pcf/MarketingPreferencesGrid -- --buildMode production\` to see why.\n${output.slice(-4000)}`);
  }
  return { built: true };
}

/** The control's English strings, from its resx. */
export function readStrings(): Record<string, string> {
  return parseResx(readFileSync(join(CONTROL_DIR, "strings", "MarketingPreferencesGrid.1033.resx"), "utf8"));
}

/** harness/browser-entry.ts as one classic script, using the page's React and ReactDOM globals. */
export async function buildHarnessScript(): Promise<string> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(__dirname, "browser-entry.ts")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    platform: "browser",
    tsconfig: join(PCF_DIR, "tsconfig.json"),
    logLevel: "silent",
    plugins: [
      {
        // The control gets React from the platform library; the harness must share that instance.
        name: "page-globals",
        setup(build) {
          build.onResolve({ filter: /^react(-dom)?$/ }, (args) => ({ path: args.path, namespace: "page-global" }));
          build.onLoad({ filter: /.*/, namespace: "page-global" }, (args) => ({
            contents: `module.exports = window.${args.path === "react" ? "React" : "ReactDOM"};`,
            loader: "js",
          }));
        },
      },
    ],
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no harness script.");
  return file.text;
}

export interface HarnessFile {
  readonly contentType: string;
  readonly body: string | Buffer;
}

function resolvePackageFile(specifier: string): string {
  return require.resolve(specifier, { paths: [PCF_DIR] });
}

/** Every file of the page by URL path. The page starts the control once all scripts have run. */
export async function harnessFiles(config: HarnessConfig): Promise<Map<string, HarnessFile>> {
  const js = "text/javascript; charset=utf-8";
  const pcfStartLib = join(dirname(resolvePackageFile("pcf-start/package.json")), "lib");
  const files = new Map<string, HarnessFile>([
    ["/react.js", { contentType: js, body: readFileSync(resolvePackageFile("react/umd/react.production.min.js")) }],
    ["/react-dom.js", { contentType: js, body: readFileSync(resolvePackageFile("react-dom/umd/react-dom.production.min.js")) }],
    // The names pcf-scripts externalises React under, as the platform defines them.
    ["/platform-aliases.js", { contentType: js, body: "window.Reactv16 = window.React; window.ReactDOMv16 = window.ReactDOM;" }],
    ["/fluent.js", { contentType: js, body: readFileSync(join(pcfStartLib, "fluent_8_121_1.js")) }],
    ["/harness.js", { contentType: js, body: await buildHarnessScript() }],
    ["/bundle.js", { contentType: js, body: readFileSync(BUNDLE) }],
    ["/start.js", { contentType: js, body: `window.mpsHarnessStart(${JSON.stringify(config).replace(/</g, "\\u003c")});` }],
  ]);
  const scripts = ["/react.js", "/react-dom.js", "/platform-aliases.js", "/fluent.js", "/harness.js", "/bundle.js", "/start.js"].map((s) => `<script src="${s}"></script>`).join("");
  files.set("/index.html", {
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Marketing Preferences</title><style>body{margin:0;padding:16px;font-family:"Segoe UI",sans-serif}</style></head><body><div id="root"></div>${scripts}</body></html>`,
  });
  return files;
}

/**
 * Serves the page to a Playwright page and opens it. One route handler answers everything: local files
 * are fulfilled, every other request (fonts, CDNs) is aborted, so the test never touches the network.
 */
export async function openHarness(page: Page, config: HarnessConfig): Promise<void> {
  const files = await harnessFiles(config);
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === HARNESS_ORIGIN ? files.get(url.pathname) : undefined;
    if (file) await route.fulfill({ status: 200, contentType: file.contentType, body: file.body });
    else await route.abort();
  });
  await page.goto(`${HARNESS_ORIGIN}/index.html`);
  await page.waitForFunction(() => window.mpsHarness !== undefined);
}

/**
 * Serves the page over HTTP on 127.0.0.1 (port 0 = any free port) for a person with a browser, e.g. a
 * local model-driven app; the files are built once up front.
 */
export async function startHarnessServer(config: HarnessConfig, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const files = await harnessFiles(config);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const file = files.get(path === "/" ? "/index.html" : path);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file.contentType, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The Chromium flags this project's browser tests use (no network, no sandbox as root). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];
export const CHROMIUM_PATH = "/usr/bin/chromium";
