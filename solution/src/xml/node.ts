// XML is built and read as fast-xml-parser "preserveOrder" trees, never by string patching:
// element order matters to the Dataverse schemas (xs:sequence), and this form keeps it.
import { XMLBuilder, XMLParser } from "fast-xml-parser";

/** One element or text node in fast-xml-parser's preserveOrder shape. */
export type XmlNode = { [tag: string]: XmlNode[] | string | number | Record<string, string> | undefined } & {
  ":@"?: Record<string, string>;
};

const ATTR = "@_";

export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;
export type Child = XmlNode | string | number | null | undefined | false | readonly Child[];

function flatten(children: readonly Child[], out: XmlNode[]): XmlNode[] {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) flatten(c as readonly Child[], out);
    else if (typeof c === "string" || typeof c === "number") out.push({ "#text": String(c) });
    else out.push(c as XmlNode);
  }
  return out;
}

function attrsOf(attrs: Attrs): Record<string, string> | undefined {
  const entries = Object.entries(attrs).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [ATTR + k, typeof v === "boolean" ? (v ? "true" : "false") : String(v)]));
}

/** An element: `el("Name", { attr: "v" }, "text", el("Child"))`. */
export function el(name: string, attrs: Attrs = {}, ...children: Child[]): XmlNode {
  const node: XmlNode = { [name]: flatten(children, []) };
  const a = attrsOf(attrs);
  if (a) node[":@"] = a;
  return node;
}

/** An element holding only text (or nothing). */
export const leaf = (name: string, value: string | number | boolean, attrs: Attrs = {}): XmlNode =>
  el(name, attrs, typeof value === "boolean" ? (value ? "1" : "0") : value);

/** Dataverse's 0/1 flags. */
export const flag = (name: string, on: boolean): XmlNode => leaf(name, on ? "1" : "0");

const declaration: XmlNode = { "?xml": [{ "#text": "" }], ":@": { [`${ATTR}version`]: "1.0", [`${ATTR}encoding`]: "utf-8" } };

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
  processEntities: true,
});

/** Serialises a document with the XML declaration and two-space indentation, as Dataverse exports do. */
export function toXml(root: XmlNode): string {
  return String(builder.build([declaration, root])).replace(/^\n/, "");
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
});

/** Parses a document; returns its root element. */
export function parseXml(xml: string | Uint8Array): XmlNode {
  const text = typeof xml === "string" ? xml : Buffer.from(xml).toString("utf8");
  const nodes = parser.parse(text) as XmlNode[];
  const root = nodes.find((n) => tagOf(n) !== undefined);
  if (!root) throw new Error("XML document has no root element");
  return root;
}

/** The element name of a node, or undefined for text/comments. */
export function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ":@" && !k.startsWith("#") && !k.startsWith("?"));
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const c = tag === undefined ? undefined : node[tag];
  return Array.isArray(c) ? c : [];
}

export function attr(node: XmlNode, name: string): string | undefined {
  return node[":@"]?.[ATTR + name];
}

export function setAttr(node: XmlNode, name: string, value: string): void {
  node[":@"] = { ...(node[":@"] ?? {}), [ATTR + name]: value };
}

export function textOf(node: XmlNode): string {
  return childrenOf(node)
    .map((c) => (typeof c["#text"] === "string" || typeof c["#text"] === "number" ? String(c["#text"]) : ""))
    .join("");
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return childrenOf(node).find((c) => tagOf(c) === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return childrenOf(node).filter((c) => tagOf(c) === name);
}

/** Every descendant element with this name, depth first. */
export function descendants(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode): void => {
    for (const c of childrenOf(n)) {
      if (tagOf(c) === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** Replaces the text of a direct child element (used to stamp Version/Managed through the tree). */
export function setChildText(node: XmlNode, name: string, value: string): void {
  const c = child(node, name);
  if (!c) throw new Error(`<${tagOf(node) ?? "?"}> has no <${name}> to set`);
  const tag = tagOf(c);
  if (tag) c[tag] = [{ "#text": value }];
}
