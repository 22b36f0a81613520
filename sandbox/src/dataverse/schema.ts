import { allTables, listMemberRelationships, lookupValueProperty, navigationPropertyOf, recordTables, type ColumnDef, type TableDef } from "@mps/model";
import { navigationPropertyOverrides, systemTables, writeOnlyColumns } from "./system-tables";

/** A single-valued lookup as the Web API exposes it. */
export interface LookupInfo {
  /** Logical name of the column, e.g. `mps_emailaccountid`. */
  readonly column: string;
  /** The navigation property, used in `@odata.bind` and `$expand` (the model's navigationPropertyOf). */
  readonly navigationProperty: string;
  /** The read-only computed property, e.g. `_mps_emailaccountid_value`. */
  readonly valueProperty: string;
  /** Logical name of the table it points at. */
  readonly target: string;
}

/** A collection-valued navigation property: list membership (N:N through listmember). */
export interface MemberCollectionInfo {
  readonly navigationProperty: string;
  /** Logical name of the member table (contact, lead, account). */
  readonly memberTable: string;
  /** list.createdfromcode value of lists of this member type. */
  readonly memberTypeCode: number;
}

/** A one-to-many collection: the rows of another table whose lookup points here (named by the relationship). */
export interface OneToManyInfo {
  readonly navigationProperty: string;
  readonly referencingTable: string;
  readonly column: string;
}

export interface EntitySetInfo {
  readonly table: TableDef;
  readonly logicalName: string;
  readonly entitySetName: string;
  readonly primaryId: string;
  /** Every column, model columns plus the platform's system columns. */
  readonly columns: ReadonlyMap<string, ColumnDef>;
  readonly lookups: ReadonlyMap<string, LookupInfo>;
  readonly lookupsByNavigation: ReadonlyMap<string, LookupInfo>;
  readonly lookupsByValueProperty: ReadonlyMap<string, LookupInfo>;
  readonly collections: ReadonlyMap<string, MemberCollectionInfo>;
  readonly oneToMany: ReadonlyMap<string, OneToManyInfo>;
  /** Set by the server only (createdon, modifiedon, versionnumber). */
  readonly readOnly: ReadonlySet<string>;
  readonly writeOnly: ReadonlySet<string>;
}

const systemColumns: Readonly<Record<string, ColumnDef>> = {
  createdon: { type: "datetime", displayName: "Created On", description: "Set by the server (UTC)." },
  modifiedon: { type: "datetime", displayName: "Modified On", description: "Set by the server (UTC)." },
  versionnumber: { type: "integer", displayName: "Version Number", description: "Row version, the ETag.", min: 0, max: Number.MAX_SAFE_INTEGER },
  statecode: { type: "integer", displayName: "Status", description: "0 Active, 1 Inactive.", min: 0, max: 1 },
  statuscode: { type: "integer", displayName: "Status Reason", description: "1 Active, 2 Inactive.", min: 0, max: 2147483647 },
};
const READ_ONLY = new Set(["createdon", "modifiedon", "versionnumber"]);

function buildEntitySet(table: TableDef): EntitySetInfo {
  const columns = new Map<string, ColumnDef>(Object.entries(table.columns));
  for (const [name, def] of Object.entries(systemColumns)) if (!columns.has(name)) columns.set(name, def);
  const lookups = new Map<string, LookupInfo>();
  for (const [name, def] of columns) {
    if (def.type !== "lookup") continue;
    // The model's one schema-name rule; only the platform's polymorphic lookups differ.
    const navigationProperty = navigationPropertyOverrides[`${table.logicalName}.${name}`] ?? navigationPropertyOf(name);
    lookups.set(name, { column: name, navigationProperty, valueProperty: lookupValueProperty(name), target: def.target });
  }
  const collections = new Map<string, MemberCollectionInfo>();
  if (table.logicalName === "list") {
    const codes: Record<string, number> = { account: 1, contact: 2, lead: 4 };
    for (const [memberTable, rel] of Object.entries(listMemberRelationships)) {
      collections.set(rel.schemaName, { navigationProperty: rel.schemaName, memberTable, memberTypeCode: codes[memberTable] ?? 0 });
    }
  }
  return {
    table,
    logicalName: table.logicalName,
    entitySetName: table.entitySetName,
    primaryId: table.primaryIdColumn,
    columns,
    lookups,
    lookupsByNavigation: new Map([...lookups.values()].map((l) => [l.navigationProperty, l])),
    lookupsByValueProperty: new Map([...lookups.values()].map((l) => [l.valueProperty, l])),
    collections,
    oneToMany: new Map(),
    readOnly: READ_ONLY,
    writeOnly: new Set(writeOnlyColumns[table.logicalName] ?? []),
  };
}

export interface Schema {
  readonly sets: readonly EntitySetInfo[];
  byEntitySet(name: string): EntitySetInfo | undefined;
  byLogicalName(name: string): EntitySetInfo | undefined;
  /** Resolves either an entity set name or a logical name (for the seeding API). */
  resolve(name: string): EntitySetInfo | undefined;
}

/** Every table of the model plus the platform tables, so a column added to the model needs no change here. */
export function buildSchema(tables: readonly TableDef[] = [...allTables, ...systemTables]): Schema {
  const sets = tables.map(buildEntitySet);
  const byLogicalName = new Map(sets.map((s) => [s.logicalName, s]));
  for (const set of sets) {
    for (const lookup of set.lookups.values()) {
      const def = set.columns.get(lookup.column);
      const target = byLogicalName.get(lookup.target);
      if (def?.type !== "lookup" || target === undefined) continue;
      (target.oneToMany as Map<string, OneToManyInfo>).set(def.relationship, {
        navigationProperty: def.relationship,
        referencingTable: set.logicalName,
        column: lookup.column,
      });
    }
  }
  const bySet = new Map(sets.map((s) => [s.entitySetName, s]));
  const byLogical = new Map(sets.map((s) => [s.logicalName, s]));
  return {
    sets,
    byEntitySet: (name) => bySet.get(name),
    byLogicalName: (name) => byLogical.get(name),
    resolve: (name) => bySet.get(name) ?? byLogical.get(name),
  };
}

/** The record tables list members can come from. */
export const memberTables: readonly string[] = Object.keys(recordTables);
