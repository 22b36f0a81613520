// Flattens the unpacked layout into customizations.xml, in the element order of
// CustomizationsSolution.xsd's ImportExportXml sequence.
import { LANGUAGE } from "../generate/labels";
import { childrenOf, el, leaf, parseXml, tagOf, type XmlNode } from "../xml/node";

const XSI = "xmlns:xsi";

function withoutXsi(node: XmlNode): XmlNode {
  const attrs = node[":@"];
  if (!attrs) return node;
  const rest = Object.fromEntries(Object.entries(attrs).filter(([k]) => k !== `@_${XSI}`));
  const copy: XmlNode = { ...node };
  if (Object.keys(rest).length > 0) copy[":@"] = rest;
  else delete copy[":@"];
  return copy;
}

const byPath = (layout: ReadonlyMap<string, Uint8Array>, test: (p: string) => boolean): [string, Uint8Array][] =>
  [...layout.entries()].filter(([p]) => test(p)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function entityXml(layout: ReadonlyMap<string, Uint8Array>, folder: string, entityDoc: Uint8Array): XmlNode {
  const entity = parseXml(entityDoc);
  const parts = childrenOf(entity).filter((c) => ["Name", "ObjectTypeCode", "EntityInfo"].includes(tagOf(c) ?? ""));
  const formFiles = byPath(layout, (p) => p.startsWith(`${folder}/FormXml/`));
  const formTypes = [...new Set(formFiles.map(([p]) => p.split("/")[3] ?? ""))];
  const formXml = el(
    "FormXml",
    {},
    formTypes.map((type) =>
      el(
        "forms",
        { type },
        formFiles.filter(([p]) => p.split("/")[3] === type).flatMap(([, bytes]) => childrenOf(parseXml(bytes))),
      ),
    ),
  );
  const views = byPath(layout, (p) => p.startsWith(`${folder}/SavedQueries/`)).flatMap(([, bytes]) => childrenOf(parseXml(bytes)));
  const ribbon = layout.get(`${folder}/RibbonDiff.xml`);
  return el(
    "Entity",
    {},
    parts,
    formXml,
    views.length > 0 ? el("SavedQueries", {}, el("savedqueries", {}, views)) : undefined,
    ribbon ? withoutXsi(parseXml(ribbon)) : undefined,
  );
}

export interface PackagedComponents {
  readonly webResources: readonly XmlNode[];
  readonly customControls: readonly XmlNode[];
}

/** Builds the customizations.xml tree from the layout plus the pack-time web resources and control. */
export function customizationsXml(layout: ReadonlyMap<string, Uint8Array>, components: PackagedComponents): XmlNode {
  const entityFolders = byPath(layout, (p) => /^Entities\/[^/]+\/Entity\.xml$/.test(p));
  const roles = byPath(layout, (p) => p.startsWith("Roles/")).map(([, b]) => withoutXsi(parseXml(b)));
  const relationships = byPath(layout, (p) => p.startsWith("Other/Relationships/")).flatMap(([, b]) => childrenOf(parseXml(b)));
  const optionSets = byPath(layout, (p) => p.startsWith("OptionSets/")).map(([, b]) => withoutXsi(parseXml(b)));
  const siteMaps = byPath(layout, (p) => /^AppModuleSiteMaps\/[^/]+\/AppModuleSiteMap\.xml$/.test(p)).map(([, b]) => withoutXsi(parseXml(b)));
  const apps = byPath(layout, (p) => /^AppModules\/[^/]+\/AppModule\.xml$/.test(p)).map(([, b]) => withoutXsi(parseXml(b)));
  return el(
    "ImportExportXml",
    { [XSI]: "http://www.w3.org/2001/XMLSchema-instance" },
    el("Entities", {}, entityFolders.map(([p, b]) => entityXml(layout, p.replace(/\/Entity\.xml$/, ""), b))),
    el("Roles", {}, roles),
    el("Workflows"),
    el("FieldSecurityProfiles"),
    el("Templates"),
    el("EntityMaps"),
    el("EntityRelationships", {}, relationships),
    el("OrganizationSettings"),
    el("optionsets", {}, optionSets),
    el("WebResources", {}, components.webResources),
    el("CustomControls", {}, components.customControls),
    el("SolutionPluginAssemblies"),
    el("SdkMessageProcessingSteps"),
    el("ServiceEndpoints"),
    el("AppModuleSiteMaps", {}, siteMaps),
    apps.length > 0 ? el("AppModules", {}, apps) : undefined,
    el("EntityDataProviders"),
    el("Languages", {}, leaf("Language", LANGUAGE)),
  );
}
