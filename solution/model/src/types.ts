/** The kinds of column our solution uses, named as the maker portal names them. */
export type ColumnType =
  | "uniqueidentifier"
  | "string"
  | "memo"
  | "boolean"
  | "integer"
  | "datetime"
  | "choice"
  | "lookup";

export interface ChoiceOption {
  readonly value: number;
  readonly label: string;
}

/** A global choice (option set). Values start at the publisher's option value prefix, 717000000. */
export interface ChoiceDef {
  readonly name: string;
  readonly displayName: string;
  readonly options: readonly ChoiceOption[];
}

interface ColumnBase {
  readonly displayName: string;
  readonly description: string;
  /** ApplicationRequired in Dataverse terms: the form and the Web API refuse a row without it. */
  readonly required?: boolean;
}

export type ColumnDef =
  | (ColumnBase & { readonly type: "uniqueidentifier" })
  | (ColumnBase & { readonly type: "string"; readonly maxLength: number; readonly format?: "email" | "url" | "text" })
  | (ColumnBase & { readonly type: "memo"; readonly maxLength: number })
  | (ColumnBase & { readonly type: "boolean"; readonly trueLabel: string; readonly falseLabel: string; readonly default: boolean })
  | (ColumnBase & { readonly type: "integer"; readonly min: number; readonly max: number })
  | (ColumnBase & { readonly type: "datetime" })
  | (ColumnBase & { readonly type: "choice"; readonly choice: ChoiceDef; readonly default?: number })
  | (ColumnBase & {
      readonly type: "lookup";
      /** Logical name of the table the lookup points at. */
      readonly target: string;
      /** Schema name of the 1:N relationship behind the lookup; the navigation property is the column's schema name. */
      readonly relationship: string;
    });

export interface AlternateKeyDef {
  readonly name: string;
  readonly displayName: string;
  readonly columns: readonly string[];
}

export interface TableDef<C extends string = string> {
  readonly logicalName: string;
  /** The Web API entity set name (the URL segment). */
  readonly entitySetName: string;
  readonly displayName: string;
  readonly pluralName: string;
  readonly description: string;
  /** false for the standard tables (contact, lead, account, list) we only extend or read. */
  readonly custom: boolean;
  readonly primaryIdColumn: string;
  readonly primaryNameColumn: string;
  /** Our columns; on a standard table, the columns we add or read. */
  readonly columns: { readonly [K in C]: ColumnDef };
  readonly alternateKeys: readonly AlternateKeyDef[];
  readonly changeTracking: boolean;
  readonly auditing: boolean;
}
