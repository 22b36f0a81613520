/**
 * @jest-environment node
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { buildWebResources } from "./build";

let outDir = "";
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "mps-webresources-"));
  await buildWebResources(outDir);
}, 60_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

const read = (file: string) => readFile(path.join(outDir, file), "utf8");

describe("web resource build", () => {
  it("lists every built file in webresources.json with the names the solution packer expects", async () => {
    const manifest = JSON.parse(await read("webresources.json")) as { name: string; type: string; file: string; displayName: string }[];
    expect(manifest.map((m) => [m.name, m.type])).toEqual([
      ["mps_/emailaccount/form.js", "JavaScript"],
      ["mps_/syncsettings/dialog.html", "HTML"],
      ["mps_/syncsettings/dialog.js", "JavaScript"],
      ["mps_/syncsettings/dialog.css", "CSS"],
    ]);
    for (const entry of manifest) {
      expect(entry.displayName).not.toBe("");
      await expect(read(entry.file)).resolves.not.toBe("");
    }
  });

  it("makes the form library a self-contained script that defines Mps.EmailAccountForm", async () => {
    const code = await read("mps_/emailaccount/form.js");
    expect(code).not.toMatch(/\brequire\(|\bimport\s*\(|^import |^export /m);
    // Run it the way a form loads a library: as a classic script in a browser-like global scope.
    const sandbox: { Mps?: { EmailAccountForm?: Record<string, unknown> } } = {};
    vm.runInNewContext(code, sandbox);
    expect(Object.keys(sandbox.Mps?.EmailAccountForm ?? {}).sort()).toEqual(["dryRun", "onLoad", "openScheduledSyncSettings", "syncNow"]);
    for (const handler of Object.values(sandbox.Mps?.EmailAccountForm ?? {})) expect(typeof handler).toBe("function");
  });

  it("makes the dialog a page that loads its own script and style by relative path", async () => {
    const html = await read("mps_/syncsettings/dialog.html");
    expect(html).toContain('<script src="dialog.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="dialog.css">');
    const code = await read("mps_/syncsettings/dialog.js");
    expect(code).not.toMatch(/\brequire\(|^import |^export /m);
  });
});
