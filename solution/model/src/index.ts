// The Dataverse data model of DESIGN.md §3, written once. The solution XML, the Dataverse stand-in,
// the connectors, the grid and the form scripts take their names and values from here.
export type { AlternateKeyDef, ChoiceDef, ChoiceOption, ColumnDef, ColumnType, TableDef } from "./types";
export * from "./choices";
export * from "./tables";
export * from "./api";
