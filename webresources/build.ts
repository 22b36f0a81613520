// Builds the web resources into dist/: one self-contained IIFE per script, the dialog page and style
// copied beside its script (web resources are served under one folder, so they load by relative path),
// and dist/webresources.json, the list the solution packer reads.
import { build, type Metafile } from "esbuild";
import { copyFile, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { DIALOG_PAGE, DIALOG_SCRIPT, DIALOG_STYLE, FORM_GLOBAL, FORM_SCRIPT, webResources } from "./src/web-resources";

// tsx runs this file as CommonJS (the package is not "type": "module"), as does ts-jest.
const here = __dirname;

export interface BuildResult {
  readonly outDir: string;
  readonly files: readonly { readonly file: string; readonly bytes: number }[];
}

async function bundle(entry: string, outFile: string, globalName?: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [path.join(here, entry)],
    outfile: outFile,
    bundle: true,
    format: "iife",
    ...(globalName === undefined ? {} : { globalName }),
    platform: "browser",
    target: ["es2020"],
    minify: true,
    sourcemap: false,
    legalComments: "none",
    metafile: true,
    logLevel: "silent",
  });
  return result.metafile;
}

/**
 * Browser bundles must not pull in Node or the service: only the pure parts of sync-core (DESIGN.md §2:
 * domain, reconcile, schedule) may reach them, through pure.ts.
 */
function assertBrowserOnly(metafile: Metafile): void {
  const nodeOnly = Object.keys(metafile.inputs).filter((input) => input.startsWith("node:") || /(^|\/)sync-core\/src\/(?!pure\.ts|domain\/|schedule\/|reconcile\/)/.test(input));
  if (nodeOnly.length > 0) throw new Error(`web resource bundle includes server-only modules: ${nodeOnly.join(", ")}`);
}

export async function buildWebResources(outDir = path.join(here, "dist")): Promise<BuildResult> {
  await rm(path.join(outDir, "mps_"), { recursive: true, force: true });
  await mkdir(path.join(outDir, path.dirname(DIALOG_PAGE)), { recursive: true });
  const metafiles = await Promise.all([
    bundle("src/forms/email-account-entry.ts", path.join(outDir, FORM_SCRIPT), FORM_GLOBAL),
    bundle("src/dialog/dialog-entry.ts", path.join(outDir, DIALOG_SCRIPT)),
  ]);
  metafiles.forEach(assertBrowserOnly);
  await copyFile(path.join(here, "src/dialog/dialog.html"), path.join(outDir, DIALOG_PAGE));
  await copyFile(path.join(here, "src/dialog/dialog.css"), path.join(outDir, DIALOG_STYLE));
  await writeFile(path.join(outDir, "webresources.json"), `${JSON.stringify(webResources, null, 2)}\n`);
  const files = await Promise.all(webResources.map(async (w) => ({ file: w.file, bytes: (await stat(path.join(outDir, w.file))).size })));
  return { outDir, files };
}

if (require.main === module) {
  buildWebResources()
    .then((result) => {
      for (const f of result.files) console.log(`${f.file}  ${(f.bytes / 1024).toFixed(1)} KiB`);
      console.log(`wrote ${path.relative(process.cwd(), path.join(result.outDir, "webresources.json"))}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
