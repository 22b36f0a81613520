// $filter: a small recursive-descent parser for the subset Dataverse clients use, compiled to a
// predicate over stored rows. Hand-written because the Dataverse-only functions
// (Microsoft.Dynamics.CRM.In with JSON-like arrays) and Dataverse's own error texts matter here.
import { type ColumnDef } from "@mps/model";
import { dvErrors } from "./errors";
import { type EntitySetInfo } from "./schema";
import { type CellValue, type RowValues } from "./values";

export type Literal =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "null" }
  | { kind: "guid"; value: string }
  | { kind: "datetime"; value: string };

type Operand = { kind: "prop"; name: string } | { kind: "lit"; lit: Literal };
type CmpOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type FilterExpr =
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; expr: FilterExpr }
  | { kind: "cmp"; op: CmpOp; left: Operand; right: Operand }
  | { kind: "text"; fn: "contains" | "startswith" | "endswith"; prop: string; value: string }
  | { kind: "in"; negate: boolean; prop: string; values: Literal[] };

type Token =
  | { t: "punct"; v: string; pos: number }
  | { t: "lit"; lit: Literal; pos: number }
  | { t: "ident"; v: string; pos: number };

// Sticky patterns match at lastIndex, so long filters (In() with hundreds of values) tokenise in linear time.
const GUID_AT = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y;
const DATETIME_AT = /\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/y;
const NUMBER_AT = /-?\d+(\.\d+)?/y;
const IDENT_AT = /[A-Za-z_$@][A-Za-z0-9_.$@]*/y;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if ("(),[]=/:".includes(c)) {
      tokens.push({ t: "punct", v: c, pos: i });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      // A quote inside a literal is written twice: 'O''Bryan'.
      let value = "";
      let j = i + 1;
      for (;;) {
        // Dataverse reports where the input ended.
        if (j >= text.length) throw dvErrors.querySyntax(`There is an unterminated literal at position ${text.length} in '${text}'.`);
        const d = text[j];
        if (d === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += d;
        j++;
      }
      tokens.push({ t: "lit", lit: { kind: "string", value }, pos: i });
      i = j + 1;
      continue;
    }
    const guid = matchAt(GUID_AT, text, i);
    if (guid !== undefined) {
      tokens.push({ t: "lit", lit: { kind: "guid", value: guid.toLowerCase() }, pos: i });
      i += guid.length;
      continue;
    }
    const dt = matchAt(DATETIME_AT, text, i);
    if (dt !== undefined) {
      tokens.push({ t: "lit", lit: { kind: "datetime", value: dt }, pos: i });
      i += dt.length;
      continue;
    }
    const num = matchAt(NUMBER_AT, text, i);
    if (num !== undefined) {
      tokens.push({ t: "lit", lit: { kind: "number", value: Number(num) }, pos: i });
      i += num.length;
      continue;
    }
    const v = matchAt(IDENT_AT, text, i);
    if (v !== undefined) {
      if (v === "null") tokens.push({ t: "lit", lit: { kind: "null" }, pos: i });
      else if (v === "true" || v === "false") tokens.push({ t: "lit", lit: { kind: "bool", value: v === "true" }, pos: i });
      else tokens.push({ t: "ident", v, pos: i });
      i += v.length;
      continue;
    }
    throw dvErrors.querySyntax(`Syntax error: character '${c}' is not valid at position ${i} in '${text}'.`);
  }
  return tokens;
}

const CMP_OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly aliases: (name: string) => string | undefined,
  ) {}

  private fail(at?: Token): never {
    const pos = at?.pos ?? this.text.length;
    throw dvErrors.querySyntax(`Syntax error at position ${pos} in '${this.text}'.`);
  }
  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(): Token {
    const t = this.tokens[this.i++];
    if (t === undefined) this.fail();
    return t;
  }
  private isIdent(v: string): boolean {
    const t = this.peek();
    return t?.t === "ident" && t.v === v;
  }
  private expectPunct(v: string): void {
    const t = this.next();
    if (t.t !== "punct" || t.v !== v) this.fail(t);
  }

  parseAll(): FilterExpr {
    const e = this.parseOr();
    if (this.i < this.tokens.length) this.fail(this.peek());
    return e;
  }
  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.isIdent("or")) {
      this.i++;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }
  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (this.isIdent("and")) {
      this.i++;
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }
  private parseUnary(): FilterExpr {
    if (this.isIdent("not")) {
      this.i++;
      return { kind: "not", expr: this.parseUnary() };
    }
    const t = this.peek();
    if (t?.t === "punct" && t.v === "(") {
      this.i++;
      const e = this.parseOr();
      this.expectPunct(")");
      return e;
    }
    if (t?.t === "ident" && this.tokens[this.i + 1]?.t === "punct" && (this.tokens[this.i + 1] as { v: string }).v === "(") {
      return this.parseFunction();
    }
    const left = this.parseOperand();
    const op = this.next();
    if (op.t !== "ident" || !CMP_OPS.has(op.v)) this.fail(op);
    const right = this.parseOperand();
    return { kind: "cmp", op: op.v as CmpOp, left, right };
  }
  private parseOperand(): Operand {
    const t = this.next();
    if (t.t === "lit") return { kind: "lit", lit: t.lit };
    if (t.t === "ident") {
      if (t.v.startsWith("@")) return { kind: "lit", lit: this.aliasLiteral(t) };
      return { kind: "prop", name: this.pathFrom(t.v) };
    }
    return this.fail(t);
  }
  /** `nav/column`: a column of the row a lookup points at. */
  private pathFrom(first: string): string {
    const slash = this.peek();
    const next = this.tokens[this.i + 1];
    if (slash?.t === "punct" && slash.v === "/" && next?.t === "ident") {
      this.i += 2;
      return `${first}/${next.v}`;
    }
    return first;
  }
  private aliasText(t: Token & { t: "ident" }): string {
    const text = this.aliases(t.v);
    if (text === undefined) throw dvErrors.querySyntax(`The parameter alias '${t.v}' is not defined in the query string.`);
    return text;
  }
  private aliasLiteral(t: Token & { t: "ident" }): Literal {
    const tokens = tokenize(this.aliasText(t));
    const only = tokens[0];
    if (tokens.length !== 1 || only?.t !== "lit") this.fail(t);
    return only.lit;
  }
  private parseFunction(): FilterExpr {
    const nameTok = this.next() as Token & { t: "ident" };
    const name = nameTok.v;
    this.expectPunct("(");
    if (name === "contains" || name === "startswith" || name === "endswith") {
      const prop = this.next();
      if (prop.t !== "ident") this.fail(prop);
      const path = this.pathFrom(prop.v);
      this.expectPunct(",");
      const value = this.parseOperand();
      if (value.kind !== "lit" || value.lit.kind !== "string") this.fail(this.tokens[this.i - 1]);
      this.expectPunct(")");
      return { kind: "text", fn: name, prop: path, value: value.lit.value };
    }
    if (name === "Microsoft.Dynamics.CRM.In" || name === "Microsoft.Dynamics.CRM.NotIn") {
      let prop: string | undefined;
      let values: Literal[] | undefined;
      for (;;) {
        const pname = this.next();
        if (pname.t !== "ident") this.fail(pname);
        this.expectPunct("=");
        if (pname.v === "PropertyName") {
          const v = this.parseOperand();
          if (v.kind !== "lit" || v.lit.kind !== "string") this.fail(this.tokens[this.i - 1]);
          prop = v.lit.value;
        } else if (pname.v === "PropertyValues") {
          values = this.parseArray();
        } else this.fail(pname);
        const sep = this.next();
        if (sep.t === "punct" && sep.v === ")") break;
        if (sep.t !== "punct" || sep.v !== ",") this.fail(sep);
      }
      if (prop === undefined || values === undefined) this.fail(nameTok);
      return { kind: "in", negate: name.endsWith("NotIn"), prop, values };
    }
    throw dvErrors.querySyntax(`An unknown function with name '${name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`);
  }
  private parseArray(): Literal[] {
    const t = this.peek();
    if (t?.t === "ident" && t.v.startsWith("@")) {
      this.i++;
      const inner = new Parser(tokenize(this.aliasText(t)), this.text, this.aliases);
      return inner.parseArray();
    }
    this.expectPunct("[");
    const values: Literal[] = [];
    if (this.peek()?.t === "punct" && (this.peek() as { v: string }).v === "]") {
      this.i++;
      return values;
    }
    for (;;) {
      const v = this.next();
      if (v.t !== "lit") this.fail(v);
      values.push(v.lit);
      const sep = this.next();
      if (sep.t === "punct" && sep.v === "]") return values;
      if (sep.t !== "punct" || sep.v !== ",") this.fail(sep);
    }
  }
}

export function parseFilter(text: string, aliases: (name: string) => string | undefined = () => undefined): FilterExpr {
  return new Parser(tokenize(text), text, aliases).parseAll();
}

/** Where a filterable property's value lives in a stored row, and its column type. */
export function resolveProperty(set: EntitySetInfo, name: string): { column: string; def: ColumnDef } {
  const lookup = set.lookupsByValueProperty.get(name);
  if (lookup !== undefined) {
    const def = set.columns.get(lookup.column);
    if (def !== undefined) return { column: lookup.column, def };
  }
  const def = set.columns.get(name);
  if (def === undefined || def.type === "lookup" || set.writeOnly.has(name)) throw dvErrors.propertyNotFound(name, set.logicalName);
  return { column: name, def };
}

/** How a filter reaches the row behind a lookup (for `nav/column` paths). */
export interface RowSource {
  setOf(logicalName: string): EntitySetInfo | undefined;
  row(logicalName: string, id: string): RowValues | undefined;
}

interface Accessor {
  readonly def: ColumnDef;
  readonly get: (row: RowValues) => CellValue | undefined;
}

/** A property or a one-level `nav/column` path, as a typed getter. */
export function resolveAccessor(set: EntitySetInfo, name: string, source?: RowSource): Accessor {
  const slash = name.indexOf("/");
  if (slash < 0) {
    const { column, def } = resolveProperty(set, name);
    return { def, get: (row) => row[column] };
  }
  const navName = name.slice(0, slash);
  const lookup = set.lookupsByNavigation.get(navName);
  const target = lookup === undefined ? undefined : source?.setOf(lookup.target);
  if (lookup === undefined || target === undefined || source === undefined) throw dvErrors.propertyNotFound(navName, set.logicalName);
  const inner = resolveProperty(target, name.slice(slash + 1));
  return {
    def: inner.def,
    get: (row) => {
      const id = row[lookup.column];
      return typeof id === "string" ? source.row(target.logicalName, id)?.[inner.column] : undefined;
    },
  };
}

type Comparable = string | number | boolean | null;

function normalizeCell(def: ColumnDef, value: CellValue | undefined): Comparable {
  if (value === undefined || value === null) return null;
  switch (def.type) {
    case "string":
    case "memo":
    case "uniqueidentifier":
    case "lookup":
      // String comparisons in Dataverse are case-insensitive.
      return String(value).toLowerCase();
    case "datetime":
      return Date.parse(String(value));
    default:
      return value;
  }
}

function normalizeLiteral(def: ColumnDef, lit: Literal, set: EntitySetInfo): Comparable {
  if (lit.kind === "null") return null;
  const bad = (): never => {
    throw dvErrors.querySyntax(`A binary operator with incompatible types was detected. Found operand types '${def.type}' and '${lit.kind}' in the $filter of ${set.entitySetName}.`);
  };
  switch (def.type) {
    case "string":
    case "memo":
      return lit.kind === "string" ? lit.value.toLowerCase() : bad();
    case "uniqueidentifier":
    case "lookup":
      return lit.kind === "guid" || lit.kind === "string" ? lit.value.toLowerCase() : bad();
    case "datetime": {
      if (lit.kind !== "datetime" && lit.kind !== "string") return bad();
      const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(lit.value) || !lit.value.includes("T");
      const ms = Date.parse(hasZone ? lit.value : `${lit.value}Z`);
      return Number.isNaN(ms) ? bad() : ms;
    }
    case "boolean":
      return lit.kind === "bool" ? lit.value : bad();
    case "integer":
    case "choice":
      return lit.kind === "number" ? lit.value : bad();
  }
}

function compare(op: CmpOp, a: Comparable, b: Comparable): boolean {
  if (op === "eq") return a === b;
  if (op === "ne") return a !== b;
  if (a === null || b === null) return false;
  switch (op) {
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
  }
}

export type RowPredicate = (row: RowValues) => boolean;

/** Checks every property name against the table and returns a fast predicate. */
export function compileFilter(expr: FilterExpr, set: EntitySetInfo, source?: RowSource): RowPredicate {
  switch (expr.kind) {
    case "and": {
      const l = compileFilter(expr.left, set, source);
      const r = compileFilter(expr.right, set, source);
      return (row) => l(row) && r(row);
    }
    case "or": {
      // `x eq a or x eq b or …` (how clients ask for "one of these" without In()) becomes one set
      // lookup per row instead of a chain of comparisons: big pages of ids stay fast.
      const oneOf = sameColumnEquals(expr);
      if (oneOf !== undefined) {
        const { def, get } = resolveAccessor(set, oneOf.prop, source);
        const wanted = new Set(oneOf.values.map((v) => normalizeLiteral(def, v, set)));
        return (row) => wanted.has(normalizeCell(def, get(row)));
      }
      const l = compileFilter(expr.left, set, source);
      const r = compileFilter(expr.right, set, source);
      return (row) => l(row) || r(row);
    }
    case "not": {
      const e = compileFilter(expr.expr, set, source);
      return (row) => !e(row);
    }
    case "text": {
      const { def, get } = resolveAccessor(set, expr.prop, source);
      const needle = expr.value.toLowerCase();
      return (row) => {
        const v = normalizeCell(def, get(row));
        if (typeof v !== "string") return false;
        return expr.fn === "contains" ? v.includes(needle) : expr.fn === "startswith" ? v.startsWith(needle) : v.endsWith(needle);
      };
    }
    case "in": {
      const { def, get } = resolveAccessor(set, expr.prop, source);
      const wanted = new Set(expr.values.map((v) => normalizeLiteral(def, v, set)));
      return (row) => wanted.has(normalizeCell(def, get(row))) !== expr.negate;
    }
    case "cmp": {
      const { left, right, op } = expr;
      if (left.kind === "prop" && right.kind === "prop") {
        const a = resolveAccessor(set, left.name, source);
        const b = resolveAccessor(set, right.name, source);
        return (row) => compare(op, normalizeCell(a.def, a.get(row)), normalizeCell(b.def, b.get(row)));
      }
      if (left.kind === "prop" && right.kind === "lit") {
        const a = resolveAccessor(set, left.name, source);
        const lit = normalizeLiteral(a.def, right.lit, set);
        return (row) => compare(op, normalizeCell(a.def, a.get(row)), lit);
      }
      if (left.kind === "lit" && right.kind === "prop") {
        const b = resolveAccessor(set, right.name, source);
        const lit = normalizeLiteral(b.def, left.lit, set);
        return (row) => compare(op, lit, normalizeCell(b.def, b.get(row)));
      }
      throw dvErrors.querySyntax(`A comparison needs a property on at least one side in the $filter of ${set.entitySetName}.`);
    }
  }
}

/** The property and literals of an or-chain of `prop eq literal` on one property (no nulls), else undefined. */
function sameColumnEquals(expr: FilterExpr): { prop: string; values: Literal[] } | undefined {
  const values: Literal[] = [];
  let prop: string | undefined;
  const stack: FilterExpr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === "or") {
      stack.push(e.left, e.right);
      continue;
    }
    if (e.kind !== "cmp" || e.op !== "eq" || e.left.kind !== "prop" || e.right.kind !== "lit" || e.right.lit.kind === "null") return undefined;
    if (prop !== undefined && prop !== e.left.name) return undefined;
    prop = e.left.name;
    values.push(e.right.lit);
  }
  return prop === undefined ? undefined : { prop, values };
}

/** Sort key of a cell, for $orderby (nulls first when ascending, as SQL sorts them). */
export function sortKey(def: ColumnDef, value: CellValue | undefined): Comparable {
  return normalizeCell(def, value);
}
