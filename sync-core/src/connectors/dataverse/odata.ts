// Every literal that goes into a Dataverse URL is escaped here and nowhere else. Emails contain
// `'` and `+`; a missed escape either breaks the query or, worse, matches the wrong person.

/** A string literal for `$filter`: single quotes doubled. dynamics-web-api URL-encodes the whole filter. */
export function filterString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `column eq 'value'` with the value escaped. */
export function eqString(column: string, value: string): string {
  return `${column} eq ${filterString(value)}`;
}

/** A GUID literal for `$filter` (unquoted in OData v4). Rejects anything that is not a GUID. */
export function filterGuid(value: string): string {
  if (!GUID.test(value)) throw new TypeError(`"${value}" is not a GUID`);
  return value.toLowerCase();
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `Microsoft.Dynamics.CRM.In` over string values. Values holding an apostrophe go in double quotes,
 * as Microsoft documents for array-valued query functions.
 */
export function inStrings(column: string, values: readonly string[]): string {
  const items = values.map((v) => (v.includes("'") ? JSON.stringify(v) : filterString(v)));
  return `Microsoft.Dynamics.CRM.In(PropertyName=${filterString(column)},PropertyValues=[${items.join(",")}])`;
}

/**
 * An alternate-key segment for a URL path, e.g. `mps_key='a%2Bb%40x.com'`. dynamics-web-api puts
 * keys into the path as given, so the value is quoted, its quotes doubled, then URL-encoded here.
 */
export function keySegment(keys: Readonly<Record<string, string | number>>): string {
  return Object.entries(keys)
    .map(([column, value]) => (typeof value === "number" ? `${column}=${value}` : `${column}=${encodeURIComponent(filterString(value))}`))
    .join(",");
}
