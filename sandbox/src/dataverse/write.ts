import { type DvContext } from "./context";
import { dvErrors } from "./errors";
import { findByKey, notFound, parseKey, parsePath } from "./keys";
import { type EntitySetInfo } from "./schema";
import { coerceValue, type RowValues } from "./values";

export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw dvErrors.badJson(error instanceof Error ? error.message : String(error));
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw dvErrors.badJson("the body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

const IGNORED = new Set(["@odata.type", "@odata.etag", "@odata.context"]);

/** `/contacts(<id>)`, `contacts(<id>)` or a full URL → the row id it names, checked to exist in `targetSet`. */
export function resolveReference(ctx: DvContext, targetSet: EntitySetInfo, reference: string, navigationProperty: string): string {
  const marker = "/api/data/v9.2/";
  const at = reference.indexOf(marker);
  const path = at >= 0 ? reference.slice(at + marker.length) : reference.replace(/^\//, "");
  const segments = parsePath(path);
  const only = segments[0];
  if (segments.length !== 1 || only?.key === undefined) {
    throw dvErrors.badRequest(`The value '${reference}' of ${navigationProperty}@odata.bind is not an entity reference such as '/${targetSet.entitySetName}(<id>)'.`);
  }
  if (only.name !== targetSet.entitySetName) {
    throw dvErrors.badRequest(`The entity set '${only.name}' does not match the navigation property '${navigationProperty}', which refers to ${targetSet.entitySetName}.`);
  }
  const spec = parseKey(only.key);
  const row = findByKey(ctx, targetSet, spec);
  if (row === undefined) throw notFound(targetSet, spec);
  return String(row[targetSet.primaryId]);
}

/**
 * A POST/PATCH body → column values. Lookups are written only through `<NavigationProperty>@odata.bind`;
 * `resolveContentId` turns `$1` (a change set's Content-ID) into the path of the row it created.
 */
export function bodyToValues(ctx: DvContext, set: EntitySetInfo, body: Record<string, unknown>, resolveContentId: (ref: string) => string | undefined): RowValues {
  const values: RowValues = {};
  for (const [name, raw] of Object.entries(body)) {
    if (IGNORED.has(name)) continue;
    if (name.endsWith("@odata.bind")) {
      const nav = name.slice(0, -"@odata.bind".length);
      const lookup = set.lookupsByNavigation.get(nav);
      if (lookup === undefined) throw dvErrors.bodyPropertyNotFound(nav, set.logicalName);
      if (raw === null) {
        values[lookup.column] = null;
        continue;
      }
      if (typeof raw !== "string") throw dvErrors.badRequest(`The value of ${name} must be a string such as '/${lookup.target}s(<id>)'.`);
      const target = ctx.schema.byLogicalName(lookup.target);
      if (target === undefined) throw dvErrors.bodyPropertyNotFound(nav, set.logicalName);
      const reference = raw.startsWith("$") ? resolveContentId(raw) : raw;
      if (reference === undefined) throw dvErrors.badRequest(`Content-ID Reference: '${raw}' does not exist in the batch context.`);
      values[lookup.column] = resolveReference(ctx, target, reference, nav);
      continue;
    }
    if (set.lookupsByValueProperty.has(name)) {
      throw dvErrors.badRequest("CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.");
    }
    const lookup = set.lookups.get(name);
    if (lookup !== undefined) {
      throw dvErrors.badRequest(
        `The property '${name}' does not exist on type 'Microsoft.Dynamics.CRM.${set.logicalName}'. Set the lookup with "${lookup.navigationProperty}@odata.bind": "/${ctx.schema.byLogicalName(lookup.target)?.entitySetName ?? lookup.target}(<id>)".`,
      );
    }
    const def = set.columns.get(name);
    if (def === undefined) throw dvErrors.bodyPropertyNotFound(name, set.logicalName);
    if (set.readOnly.has(name)) continue;
    values[name] = coerceValue(set.logicalName, name, def, raw);
  }
  return values;
}

/** Values given by logical name (the seeding API): lookups are plain ids under the column name. */
export function seedToValues(set: EntitySetInfo, input: Record<string, unknown>): RowValues {
  const values: RowValues = {};
  for (const [name, raw] of Object.entries(input)) {
    const def = set.columns.get(name);
    if (def === undefined) throw dvErrors.bodyPropertyNotFound(name, set.logicalName);
    values[name] = coerceValue(set.logicalName, name, def, raw);
  }
  return values;
}

/** Required columns must be present after a create (ApplicationRequired, as the model says). */
export function checkRequired(set: EntitySetInfo, row: RowValues): void {
  for (const [name, def] of set.columns) {
    if (def.required === true && (row[name] === null || row[name] === undefined)) throw dvErrors.required(name, def.displayName, set.logicalName);
  }
}

/** Defaults from the model (choices and booleans) and the system columns of a new row. */
export function newRowDefaults(set: EntitySetInfo, now: string): RowValues {
  const row: RowValues = { createdon: now, modifiedon: now, statecode: 0, statuscode: 1 };
  for (const [name, def] of set.columns) {
    if (def.type === "boolean") row[name] = def.default;
    else if (def.type === "choice" && def.default !== undefined) row[name] = def.default;
  }
  return row;
}
