import { type ColumnDef } from "@mps/model";
import { dvErrors } from "./errors";

export type CellValue = string | number | boolean | null;
export type RowValues = Record<string, CellValue>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** Dataverse stores and returns UTC date-times to the second. */
export function toDataverseDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function edmTypeOf(def: ColumnDef): string {
  switch (def.type) {
    case "string":
    case "memo":
      return "Edm.String";
    case "boolean":
      return "Edm.Boolean";
    case "integer":
    case "choice":
      return "Edm.Int32";
    case "datetime":
      return "Edm.DateTimeOffset";
    case "uniqueidentifier":
    case "lookup":
      return "Edm.Guid";
  }
}

/** Checks and normalises one value written through the API or the seeding API. */
export function coerceValue(table: string, column: string, def: ColumnDef, value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (def.type) {
    case "string":
    case "memo": {
      if (typeof value !== "string") throw dvErrors.valueType(JSON.stringify(value), "Edm.String");
      if (value.length > def.maxLength) {
        throw dvErrors.validation(`The length of the '${column}' attribute of the '${table}' entity exceeded the maximum allowed length of '${def.maxLength}'.`);
      }
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean") throw dvErrors.valueType(JSON.stringify(value), "Edm.Boolean");
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) throw dvErrors.valueType(JSON.stringify(value), "Edm.Int32");
      if (value < def.min || value > def.max) {
        throw dvErrors.validation(`The value ${value} of '${column}' on record of type '${table}' is outside the valid range (${def.min} to ${def.max}).`);
      }
      return value;
    case "choice": {
      if (typeof value !== "number" || !Number.isInteger(value)) throw dvErrors.valueType(JSON.stringify(value), "Edm.Int32");
      if (!def.choice.options.some((o) => o.value === value)) {
        throw dvErrors.validation(
          `The value ${value} of '${column}' on record of type '${table}' is outside the valid range. Accepted Values: ${def.choice.options.map((o) => o.value).join(",")}`,
        );
      }
      return value;
    }
    case "datetime": {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value)) {
        throw dvErrors.valueType(JSON.stringify(value), "Edm.DateTimeOffset");
      }
      // A value without an offset is taken as UTC, as Dataverse does for UserLocal columns.
      const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(value) || !value.includes("T");
      const ms = Date.parse(hasZone ? value : `${value}Z`);
      if (Number.isNaN(ms)) throw dvErrors.valueType(value, "Edm.DateTimeOffset");
      return toDataverseDate(new Date(ms));
    }
    case "uniqueidentifier":
    case "lookup":
      if (typeof value !== "string" || !isGuid(value)) throw dvErrors.valueType(JSON.stringify(value), "Edm.Guid");
      return value.toLowerCase();
  }
}

/** The label Dataverse sends as the FormattedValue annotation. */
export function formattedValue(def: ColumnDef, value: CellValue): string | undefined {
  if (value === null) return undefined;
  switch (def.type) {
    case "choice":
      return def.choice.options.find((o) => o.value === value)?.label;
    case "boolean":
      return value === true ? def.trueLabel : def.falseLabel;
    case "integer":
      return typeof value === "number" ? value.toLocaleString("en-US") : undefined;
    case "datetime": {
      const d = new Date(String(value));
      const h = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
      const mm = String(d.getUTCMinutes()).padStart(2, "0");
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${mm} ${d.getUTCHours() < 12 ? "AM" : "PM"}`;
    }
    default:
      return undefined;
  }
}
