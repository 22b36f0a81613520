import { type DvContext } from "./context";
import { dvErrors } from "./errors";
import { tokenize, type Literal } from "./filter";
import { type EntitySetInfo } from "./schema";
import { coerceValue, isGuid, type CellValue, type RowValues } from "./values";

export interface Segment {
  readonly name: string;
  /** The text inside the parentheses, decoded; undefined when there are none. */
  readonly key: string | undefined;
}

/** Splits a percent-encoded path into segments like `contacts(…)`, decoding each one. */
export function parsePath(path: string): Segment[] {
  return path
    .split("/")
    .filter((s) => s.length > 0)
    .map((raw) => {
      let text: string;
      try {
        text = decodeURIComponent(raw);
      } catch {
        throw dvErrors.badRequest(`The path segment '${raw}' is not valid percent-encoding.`);
      }
      const open = text.indexOf("(");
      if (open < 0 || !text.endsWith(")")) return { name: text, key: undefined };
      return { name: text.slice(0, open), key: text.slice(open + 1, -1) };
    });
}

/** A parsed key: the primary id, or alternate key column values by name. */
export type KeySpec = { kind: "id"; id: string } | { kind: "alternate"; pairs: Map<string, Literal>; text: string };

export function parseKey(text: string): KeySpec {
  const trimmed = text.trim();
  if (isGuid(trimmed)) return { kind: "id", id: trimmed.toLowerCase() };
  let tokens;
  try {
    tokens = tokenize(trimmed);
  } catch {
    throw dvErrors.badKey(text);
  }
  const pairs = new Map<string, Literal>();
  for (let i = 0; i < tokens.length; i += 4) {
    const name = tokens[i];
    const eq = tokens[i + 1];
    const value = tokens[i + 2];
    const sep = tokens[i + 3];
    if (name?.t !== "ident" || eq?.t !== "punct" || eq.v !== "=" || value?.t !== "lit") throw dvErrors.badKey(text);
    if (sep !== undefined && (sep.t !== "punct" || sep.v !== ",")) throw dvErrors.badKey(text);
    pairs.set(name.v, value.lit);
  }
  if (pairs.size === 0) throw dvErrors.badKey(text);
  return { kind: "alternate", pairs, text };
}

function literalValue(lit: Literal): unknown {
  return lit.kind === "null" ? null : lit.value;
}

/** The alternate key a key spec names, with its column values normalised; throws when none matches. */
export function alternateKeyValues(set: EntitySetInfo, spec: KeySpec & { kind: "alternate" }): { keyName: string; columns: readonly string[]; values: CellValue[] } {
  // Lookup columns of a key may be written as `_x_value` or by their logical name.
  const byColumn = new Map<string, Literal>();
  for (const [name, lit] of spec.pairs) byColumn.set(set.lookupsByValueProperty.get(name)?.column ?? name, lit);
  for (const key of set.table.alternateKeys) {
    if (key.columns.length !== byColumn.size || !key.columns.every((c) => byColumn.has(c))) continue;
    const values = key.columns.map((c) => {
      const def = set.columns.get(c);
      const lit = byColumn.get(c);
      if (def === undefined || lit === undefined) throw dvErrors.badKey(spec.text);
      return coerceValue(set.logicalName, c, def, literalValue(lit));
    });
    return { keyName: key.name, columns: key.columns, values };
  }
  throw dvErrors.badRequest(
    `The key '${spec.text}' does not match an alternate key of ${set.logicalName}.${set.table.alternateKeys.length === 0 ? " The table has no alternate keys." : ` Its keys: ${set.table.alternateKeys.map((k) => `(${k.columns.join(",")})`).join(", ")}.`}`,
  );
}

/** Finds the row a key names; undefined when there is none. */
export function findByKey(ctx: DvContext, set: EntitySetInfo, spec: KeySpec): RowValues | undefined {
  if (spec.kind === "id") return ctx.store.get(set.logicalName, spec.id);
  const { keyName, values } = alternateKeyValues(set, spec);
  return ctx.store.findByKey(set.logicalName, keyName, values);
}

export function notFound(set: EntitySetInfo, spec: KeySpec): Error {
  return spec.kind === "id" ? dvErrors.recordNotFound(set.logicalName, spec.id) : dvErrors.recordNotFoundByKey(set.logicalName, spec.text);
}
