import { type DvContext } from "./context";
import { type EntitySetInfo, type OneToManyInfo } from "./schema";
import { formattedValue, type RowValues } from "./values";

export const etagOf = (row: RowValues): string => `W/"${String(row.versionnumber)}"`;

/** What $expand asked for on one navigation property. */
export interface ExpandItem {
  readonly navigationProperty: string;
  readonly select: readonly string[] | undefined;
  /** Members of a list (collection-valued) or the row a lookup points at (single-valued). */
  readonly kind: "lookup" | "members" | "oneToMany";
  readonly filter?: ((row: RowValues) => boolean) | undefined;
  readonly top?: number | undefined;
}

/** The properties a row is returned with when there is no $select. */
export function defaultSelect(set: EntitySetInfo): string[] {
  const names: string[] = [];
  for (const [name, def] of set.columns) {
    if (set.writeOnly.has(name)) continue;
    names.push(def.type === "lookup" ? `_${name}_value` : name);
  }
  return names;
}

/** Ids of the rows whose lookup points at `parentId` (a scan: these tables are small). */
export function relatedIds(ctx: DvContext, info: OneToManyInfo, parentId: string): string[] {
  const ids: string[] = [];
  const parent = parentId.toLowerCase();
  for (const [id, row] of ctx.store.rowsOf(info.referencingTable)) if (row[info.column] === parent) ids.push(id);
  return ids.sort();
}

function primaryName(ctx: DvContext, logicalName: string, id: string): string | undefined {
  const target = ctx.schema.byLogicalName(logicalName);
  if (target === undefined) return undefined;
  const row = ctx.store.get(logicalName, id);
  const name = row?.[target.table.primaryNameColumn];
  return typeof name === "string" ? name : undefined;
}

/** A stored row as the Web API returns it: `@odata.etag`, selected columns, `_x_value` lookups, annotations, expansions. */
export function formatRow(
  ctx: DvContext,
  set: EntitySetInfo,
  row: RowValues,
  select: readonly string[] | undefined,
  annotations: boolean,
  expand: readonly ExpandItem[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { "@odata.etag": etagOf(row) };
  const names = select ?? defaultSelect(set);
  for (const name of names) {
    const lookup = set.lookupsByValueProperty.get(name);
    if (lookup !== undefined) {
      const value = row[lookup.column] ?? null;
      if (annotations && typeof value === "string") {
        // listmember.entityid is polymorphic: its row says which table it points at.
        const target = lookup.column === "entityid" && typeof row.entitytype === "string" ? row.entitytype : lookup.target;
        const label = primaryName(ctx, target, value);
        if (label !== undefined) out[`${name}@OData.Community.Display.V1.FormattedValue`] = label;
        out[`${name}@Microsoft.Dynamics.CRM.associatednavigationproperty`] = lookup.navigationProperty;
        out[`${name}@Microsoft.Dynamics.CRM.lookuplogicalname`] = target;
      }
      out[name] = value;
      continue;
    }
    const def = set.columns.get(name);
    const value = row[name] ?? null;
    if (annotations && def !== undefined) {
      const label = formattedValue(def, value);
      if (label !== undefined) out[`${name}@OData.Community.Display.V1.FormattedValue`] = label;
    }
    out[name] = value;
  }
  out[set.primaryId] = row[set.primaryId];
  for (const item of expand) {
    if (item.kind === "lookup") {
      const lookup = set.lookupsByNavigation.get(item.navigationProperty);
      const targetSet = lookup === undefined ? undefined : ctx.schema.byLogicalName(lookup.target);
      const targetId = lookup === undefined ? null : (row[lookup.column] ?? null);
      const target = targetSet === undefined || typeof targetId !== "string" ? undefined : ctx.store.get(targetSet.logicalName, targetId);
      out[item.navigationProperty] = target === undefined || targetSet === undefined ? null : formatRow(ctx, targetSet, target, item.select, annotations);
    } else {
      const parentId = String(row[set.primaryId]);
      const collection = set.collections.get(item.navigationProperty);
      const oneToMany = set.oneToMany.get(item.navigationProperty);
      const memberSet = ctx.schema.byLogicalName(collection?.memberTable ?? oneToMany?.referencingTable ?? "");
      const memberIds = oneToMany !== undefined ? relatedIds(ctx, oneToMany, parentId) : ctx.store.membersOf(parentId);
      const members: Record<string, unknown>[] = [];
      if (memberSet !== undefined) {
        for (const memberId of memberIds) {
          const member = ctx.store.get(memberSet.logicalName, memberId);
          if (member === undefined || (item.filter !== undefined && !item.filter(member))) continue;
          members.push(formatRow(ctx, memberSet, member, item.select, annotations));
          if (item.top !== undefined && members.length >= item.top) break;
        }
      }
      out[item.navigationProperty] = members;
    }
  }
  return out;
}
