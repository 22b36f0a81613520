// planPackage: pure. Turns the unpacked source + built artifacts into the list of zip entries a
// Dataverse export would contain. writePackage (write-package.ts) does the IO.
import { solutionUniqueName } from "@mps/model";
import { gridControl, gridControlName } from "../definitions/components";
import { stableGuid } from "../definitions/ids";
import { INTRODUCED_VERSION } from "../generate/entity-xml";
import { LANGUAGE } from "../generate/labels";
import { Behavior, ComponentType, rootComponentXml } from "../generate/solution-xml";
import { attr, child, childrenOf, descendants, el, flag, leaf, parseXml, setChildText, toXml, type XmlNode } from "../xml/node";
import { customizationsXml } from "./customizations";
import { type PackageFile, type PackagePlan, type PackageSource, type WebResourceArtifact } from "./types";

/** WebResourceType codes (pcf-solution.md §4.3; RESX = 12 in current Dataverse). */
export const WebResourceTypeCode: Readonly<Record<WebResourceArtifact["type"], number>> = { HTML: 1, CSS: 2, JavaScript: 3, RESX: 12 };

export const ROOT_FILES = ["[Content_Types].xml", "customizations.xml", "solution.xml"] as const;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export class PackageError extends Error {
  readonly kind = "package-error";
}

export const webResourceFileName = (name: string): string => `WebResources/${name}`;
export const controlFolder = `Controls/${gridControlName}`;

function webResourceXml(w: WebResourceArtifact): XmlNode {
  return el(
    "WebResource",
    {},
    leaf("WebResourceId", stableGuid(`webresource:${w.name}`)),
    leaf("Name", w.name),
    leaf("DisplayName", w.displayName),
    leaf("LanguageCode", LANGUAGE),
    leaf("WebResourceType", WebResourceTypeCode[w.type]),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    flag("IsEnabledForMobileClient", false),
    flag("IsAvailableForMobileOffline", false),
    flag("IsCustomizable", true),
    flag("CanBeDeleted", true),
    flag("IsHidden", false),
    leaf("FileName", `/${webResourceFileName(w.name)}`),
  );
}

/** Checks the built manifest declares the control and data-set the forms bind to; returns the files it references. */
function checkManifest(manifest: Uint8Array): string[] {
  const root = parseXml(manifest);
  const control = child(root, "control");
  const ns = control && attr(control, "namespace");
  const ctor = control && attr(control, "constructor");
  if (ns !== gridControl.namespace || ctor !== gridControl.constructorName)
    throw new PackageError(
      `ControlManifest.xml declares ${String(ns)}.${String(ctor)} but the forms bind ${gridControl.namespace}.${gridControl.constructorName}: rename one of them (solution/src/definitions/components.ts)`,
    );
  const dataSets = descendants(root, "data-set").map((d) => attr(d, "name"));
  if (!dataSets.includes(gridControl.dataSetName))
    throw new PackageError(`ControlManifest.xml has no <data-set name="${gridControl.dataSetName}"> (found: ${dataSets.join(", ") || "none"}): the forms bind the subgrid to it`);
  const resources = control && child(control, "resources");
  return resources ? childrenOf(resources).flatMap((r) => attr(r, "path") ?? []) : [];
}

/** The control folder as Dataverse exports it: the manifest and the files it references, nothing else. */
function controlFiles(control: ReadonlyMap<string, Uint8Array>, manifest: Uint8Array): PackageFile[] {
  const referenced = checkManifest(manifest);
  return ["ControlManifest.xml", ...referenced].map((p) => {
    const bytes = control.get(p);
    if (!bytes) throw new PackageError(`ControlManifest.xml references ${p} but the PCF build has no such file: rebuild the control`);
    return { path: `${controlFolder}/${p}`, bytes };
  });
}

function contentTypes(paths: readonly string[]): Uint8Array {
  const extensions = [...new Set(paths.map((p) => /\.([^./]+)$/.exec(p)?.[1]?.toLowerCase()).filter((e): e is string => e !== undefined))].sort();
  // Exports declare every part as octet-stream; import only needs each extension covered.
  return utf8(
    toXml(
      el(
        "Types",
        { xmlns: "http://schemas.openxmlformats.org/package/2006/content-types" },
        extensions.map((e) => el("Default", { Extension: e, ContentType: "application/octet-stream" })),
      ),
    ),
  );
}

function stampSolution(solutionDoc: Uint8Array, version: string, managed: boolean, extraRoots: readonly XmlNode[]): XmlNode {
  const root = parseXml(solutionDoc);
  const manifest = child(root, "SolutionManifest");
  if (!manifest) throw new PackageError("Other/Solution.xml has no <SolutionManifest>: run `npm run generate -w @mps/solution`");
  setChildText(manifest, "Version", version);
  setChildText(manifest, "Managed", managed ? "1" : "0");
  const roots = child(manifest, "RootComponents");
  if (!roots) throw new PackageError("Other/Solution.xml has no <RootComponents>: run `npm run generate -w @mps/solution`");
  roots.RootComponents = [...childrenOf(roots), ...extraRoots];
  return root;
}

const byPath = (a: PackageFile, b: PackageFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The zip file name Dataverse exports use: <UniqueName>_<x_y_z_w>[_managed].zip. */
export function packageFileName(version: string, managed: boolean): string {
  return `${solutionUniqueName}_${version.replace(/\./g, "_")}_${managed ? "managed" : "unmanaged"}.zip`;
}

export function planPackage(source: PackageSource, version: string, managed: boolean): PackagePlan {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(version)) throw new PackageError(`version "${version}" must have four numeric parts, e.g. 1.0.0.0`);
  const solutionDoc = source.layout.get("Other/Solution.xml");
  if (!solutionDoc) throw new PackageError("solution/src/Other/Solution.xml is missing: run `npm run generate -w @mps/solution`");
  const manifest = source.control.get("ControlManifest.xml");
  if (!manifest) throw new PackageError("the PCF build has no ControlManifest.xml");
  const control = controlFiles(source.control, manifest);

  const webResources = [...source.webResources].sort((a, b) => (a.name < b.name ? -1 : 1));
  const customizations = customizationsXml(source.layout, {
    webResources: webResources.map(webResourceXml),
    customControls: [el("CustomControl", {}, leaf("Name", gridControlName), leaf("FileName", `/${controlFolder}/ControlManifest.xml`))],
  });
  const extraRoots = [
    ...webResources.map((w) => rootComponentXml({ type: ComponentType.webResource, schemaName: w.name, behavior: Behavior.includeSubcomponents })),
    rootComponentXml({ type: ComponentType.customControl, schemaName: gridControlName, behavior: Behavior.includeSubcomponents }),
  ];
  const solution = stampSolution(solutionDoc, version, managed, extraRoots);

  const folders: PackageFile[] = [
    ...control,
    ...webResources.map((w) => ({ path: webResourceFileName(w.name), bytes: w.bytes })),
    ...[...source.layout.entries()].filter(([p]) => p.startsWith("customapis/")).map(([path, bytes]) => ({ path, bytes })),
  ].sort(byPath);
  const rootFiles: PackageFile[] = [
    { path: "solution.xml", bytes: utf8(toXml(solution)) },
    { path: "customizations.xml", bytes: utf8(toXml(customizations)) },
  ];
  const contentTypesFile = { path: "[Content_Types].xml", bytes: contentTypes([...rootFiles, ...folders].map((f) => f.path).concat("[Content_Types].xml")) };
  return { fileName: packageFileName(version, managed), files: [contentTypesFile, ...rootFiles, ...folders] };
}

