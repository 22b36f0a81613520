// Validates XML against Microsoft's solution XSDs (reference/dataverse-xsd/libxml: the set with the
// two .NET-only regex patterns rewritten for libxml2) using xmllint compiled to wasm.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateXML } from "xmllint-wasm";
import { attr, childrenOf, el, parseXml, setAttr, tagOf, toXml, type XmlNode } from "../xml/node";

// Microsoft's schemas live in the project's shared reference folder, which sits beside the
// repository (a CI clone gets a copy there too); MPS_DATAVERSE_XSD_DIR points elsewhere.
// The workplace's own copy is the last resort, for a clone made somewhere without shared/ beside it.
export const XSD_DIR =
  process.env.MPS_DATAVERSE_XSD_DIR ??
  [resolve(__dirname, "../../../../shared/reference/dataverse-xsd/libxml"), "/work/shared/reference/dataverse-xsd/libxml"].find((dir) => existsSync(dir)) ??
  resolve(__dirname, "../../../../shared/reference/dataverse-xsd/libxml");

/**
 * libxml2 refuses to compile FormXml.xsd's control `<parameters>`: a choice of choices whose
 * optional elements make the content model non-deterministic (Unique Particle Attribution; .NET
 * accepts it). Each such choice-of-choices becomes one repeatable choice of the union of their
 * elements (first declaration of a name wins). That accepts any mix of the listed parameters; every
 * other rule of the schema is untouched.
 */
export function determinise(node: XmlNode): XmlNode {
  const tag = tagOf(node);
  if (tag === undefined) return node;
  const kids = childrenOf(node).map(determinise);
  const elementKids = kids.filter((k) => tagOf(k) !== undefined);
  if (tag === "xs:choice" && elementKids.length > 1 && elementKids.every((k) => tagOf(k) === "xs:choice")) {
    const seen = new Set<string>();
    const union = elementKids.flatMap(childrenOf).filter((k) => {
      const t = tagOf(k);
      const name = t === "xs:element" ? attr(k, "name") : t === "xs:group" ? `group:${attr(k, "ref") ?? ""}` : undefined;
      if (name === undefined) return tagOf(k) !== undefined;
      if (seen.has(name)) return false;
      seen.add(name);
      return true;
    });
    return el("xs:choice", { minOccurs: 0, maxOccurs: "unbounded" }, union);
  }
  const copy: XmlNode = { [tag]: kids };
  if (node[":@"]) copy[":@"] = node[":@"];
  return copy;
}

/**
 * The schemas were written for .NET, where `^…$` in an xs:pattern are anchors; in XML Schema regexes
 * (and libxml2) they are literal characters, so every pattern would fail. XSD patterns are always
 * anchored, so dropping them keeps the meaning .NET gives them.
 */
export function unanchorPatterns(node: XmlNode): XmlNode {
  const tag = tagOf(node);
  if (tag === undefined) return node;
  const copy: XmlNode = { [tag]: childrenOf(node).map(unanchorPatterns) };
  if (node[":@"]) copy[":@"] = { ...node[":@"] };
  const value = attr(node, "value");
  if (tag === "xs:pattern" && value !== undefined) setAttr(copy, "value", value.replace(/^\^/, "").replace(/(?<!\\)\$$/, ""));
  return copy;
}

let cache: { fileName: string; contents: string }[] | undefined;
function schemaFiles(): { fileName: string; contents: string }[] {
  cache ??= readdirSync(XSD_DIR)
    .filter((f) => f.endsWith(".xsd"))
    .map((fileName) => {
      const contents = readFileSync(join(XSD_DIR, fileName), "utf8");
      return { fileName, contents: toXml(unanchorPatterns(fileName === "FormXml.xsd" ? determinise(parseXml(contents)) : parseXml(contents))) };
    });
  return cache;
}

export interface XsdResult {
  readonly valid: boolean;
  readonly errors: readonly string[];
}

/** Validates `xml` against `schema` (e.g. CustomizationsSolution.xsd); the other XSDs are preloaded for its includes. */
export async function validateAgainst(schema: string, xml: string | Uint8Array, fileName = "document.xml"): Promise<XsdResult> {
  const all = schemaFiles();
  const main = all.find((f) => f.fileName === schema);
  if (!main) throw new Error(`no ${schema} in ${XSD_DIR}`);
  const result = await validateXML({
    xml: [{ fileName, contents: typeof xml === "string" ? xml : Buffer.from(xml).toString("utf8") }],
    schema: [main],
    preload: all.filter((f) => f !== main),
    initialMemoryPages: 1024,
    maxMemoryPages: 16384,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
