import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publisher, runSyncApi, solutionUniqueName } from "@mps/model";
import { packageFixture, textOfFile, xmlOf } from "../testing/package-fixture";
import { attr, child, childrenNamed, childrenOf, descendants, tagOf, textOf } from "../xml/node";
import { planPackage, ROOT_FILES } from "./plan-package";
import { readZip } from "./read-zip";
import { writePackage } from "./write-package";

// The first call may build the PCF control and web resources (never faked): allow for it.
beforeAll(() => {
  packageFixture();
}, 300_000);

const manifestOf = (plan: ReturnType<typeof packageFixture>["unmanaged"]) => {
  const m = child(xmlOf(plan, "solution.xml"), "SolutionManifest");
  if (!m) throw new Error("no SolutionManifest");
  return m;
};
const text = (node: ReturnType<typeof manifestOf>, name: string): string => {
  const c = child(node, name);
  return c ? textOf(c) : "";
};

describe("the zip layout", () => {
  it("has the three root files and otherwise only Controls/, WebResources/ and customapis/ folders, like an export", () => {
    const { unmanaged } = packageFixture();
    const paths = unmanaged.files.map((f) => f.path);
    expect(paths.filter((p) => !p.includes("/")).sort()).toEqual([...ROOT_FILES].sort());
    for (const p of paths.filter((x) => x.includes("/"))) expect(p).toMatch(/^(Controls|WebResources|customapis)\//);
    expect(paths.some((p) => p.startsWith("Controls/"))).toBe(true);
    expect(paths.some((p) => p.startsWith("WebResources/"))).toBe(true);
    expect(paths.some((p) => p.startsWith("customapis/"))).toBe(true);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("is named like a Dataverse export of this version", () => {
    const { unmanaged, managed, version } = packageFixture();
    const v = version.replace(/\./g, "_");
    expect(unmanaged.fileName).toBe(`${solutionUniqueName}_${v}_unmanaged.zip`);
    expect(managed.fileName).toBe(`${solutionUniqueName}_${v}_managed.zip`);
  });

  it("[Content_Types].xml declares every file extension in the zip", () => {
    const { unmanaged } = packageFixture();
    const declared = new Set(childrenNamed(xmlOf(unmanaged, "[Content_Types].xml"), "Default").map((d) => attr(d, "Extension")));
    for (const f of unmanaged.files) expect({ path: f.path, declared: declared.has(/\.([^./]+)$/.exec(f.path)?.[1]?.toLowerCase()) }).toEqual({ path: f.path, declared: true });
  });
});

describe("solution.xml", () => {
  it("names the solution, its version, and the publisher with prefix mps and option values from 717000000", () => {
    const { unmanaged, version } = packageFixture();
    const m = manifestOf(unmanaged);
    expect(text(m, "UniqueName")).toBe(solutionUniqueName);
    expect(text(m, "Version")).toBe(version);
    expect(text(m, "Managed")).toBe("0");
    const pub = child(m, "Publisher");
    if (!pub) throw new Error("no Publisher");
    expect(text(pub, "UniqueName")).toBe(publisher.uniqueName);
    expect(text(pub, "CustomizationPrefix")).toBe("mps");
    expect(Number(text(pub, "CustomizationOptionValuePrefix")) * 10000).toBe(717000000);
  });

  it("lists each root component once, by schema name or id, with a behavior", () => {
    const { unmanaged } = packageFixture();
    const roots = descendants(manifestOf(unmanaged), "RootComponent");
    expect(roots.length).toBeGreaterThan(20);
    const keys = roots.map((r) => `${attr(r, "type") ?? "?"}:${attr(r, "schemaName") ?? attr(r, "id") ?? "?"}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of roots) expect(attr(r, "behavior")).toMatch(/^[0-2]$/);
  });

  it("stamps the version it is given", () => {
    const { source } = packageFixture();
    expect(text(manifestOf(planPackage(source, "3.2.1.7", false)), "Version")).toBe("3.2.1.7");
    expect(() => planPackage(source, "3.2", false)).toThrow(/four numeric parts/);
  });
});

describe("managed and unmanaged packages", () => {
  it("differ only in solution.xml's Managed flag", () => {
    const { unmanaged, managed } = packageFixture();
    expect(managed.files.map((f) => f.path)).toEqual(unmanaged.files.map((f) => f.path));
    for (const f of unmanaged.files.filter((x) => x.path !== "solution.xml"))
      expect({ path: f.path, same: Buffer.compare(Buffer.from(f.bytes), Buffer.from(managed.files.find((m) => m.path === f.path)?.bytes ?? [])) === 0 }).toEqual({ path: f.path, same: true });
    expect(text(manifestOf(managed), "Managed")).toBe("1");
    expect(textOfFile(managed, "solution.xml").replace("<Managed>1</Managed>", "<Managed>0</Managed>")).toBe(textOfFile(unmanaged, "solution.xml"));
  });
});

describe("writePackage", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mps-pack-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes byte-identical zips for the same inputs, holding exactly the planned files", async () => {
    const { managed } = packageFixture();
    await writePackage(managed, join(dir, "a.zip"));
    await writePackage(managed, join(dir, "b.zip"));
    const a = readFileSync(join(dir, "a.zip"));
    expect(Buffer.compare(a, readFileSync(join(dir, "b.zip")))).toBe(0);
    const entries = readZip(a);
    expect(entries.map((e) => e.path)).toEqual(managed.files.map((f) => f.path));
    for (const e of entries) expect(Buffer.compare(e.bytes, Buffer.from(managed.files.find((f) => f.path === e.path)?.bytes ?? []))).toBe(0);
  });
});

describe("the custom API", () => {
  it("ships mps_RunMarketingPreferenceSync bound to the Email Account with an optional Boolean DryRun", () => {
    const { unmanaged } = packageFixture();
    const base = `customapis/${runSyncApi.uniqueName}`;
    const api = xmlOf(unmanaged, `${base}/customapi.xml`);
    const field = (n: string): string => textOf(child(api, n) ?? { x: [] });
    expect(tagOf(api)).toBe("customapi");
    expect(attr(api, "uniquename")).toBe(runSyncApi.uniqueName);
    expect(field("bindingtype")).toBe("1");
    expect(field("boundentitylogicalname")).toBe(runSyncApi.boundEntityLogicalName);
    expect(field("isfunction")).toBe("0");
    expect(field("allowedcustomprocessingsteptype")).toBe("2");
    expect(attr(child(api, "displayname") ?? { x: [] }, "default")).toBe(runSyncApi.displayName);
    const p = xmlOf(unmanaged, `${base}/customapirequestparameters/DryRun/customapirequestparameter.xml`);
    expect(attr(p, "uniquename")).toBe("DryRun");
    expect(textOf(child(p, "type") ?? { x: [] })).toBe("0");
    expect(textOf(child(p, "isoptional") ?? { x: [] })).toBe("1");
    expect(unmanaged.files.some((f) => f.path.includes("customapiresponseproperties"))).toBe(false);
    expect(childrenOf(api).length).toBeGreaterThan(5);
  });
});

describe("no secrets and no machine details", () => {
  it("no packaged file holds a local URL, a machine path, a key or a password value", () => {
    const { unmanaged, managed } = packageFixture();
    const forbidden = [/127\.0\.0\.1/, /localhost/i, /\/work\//, /\/home\//, /\/tmp\//, /\/root\//, /[A-Za-z]:\\\\Users/, /-----BEGIN [A-Z ]*PRIVATE KEY/, /MPS_SECRET_[A-Z0-9_]+=/, /password\s*[:=]\s*["'][^"']+["']/i, /sourceMappingURL/];
    for (const f of [...unmanaged.files, ...managed.files]) {
      const body = Buffer.from(f.bytes).toString("utf8");
      for (const re of forbidden) expect({ path: f.path, pattern: String(re), found: re.test(body) }).toEqual({ path: f.path, pattern: String(re), found: false });
    }
  });
});
