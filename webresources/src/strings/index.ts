import { en, type StringKey, type Strings } from "./en";

export type { StringKey, Strings };

/** Text modules by Dynamics language id (LCID). English is the fallback for any other language. */
const byLanguage: ReadonlyMap<number, Strings> = new Map([[1033, en]]);

export function stringsFor(languageId: number | undefined): Strings {
  return (languageId === undefined ? undefined : byLanguage.get(languageId)) ?? en;
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written so a missing value is visible. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
