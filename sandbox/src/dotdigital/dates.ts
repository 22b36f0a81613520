// Dates as the v2 API reads and writes them.

/** `documented`: `2020-01-01 09:40:18.527000+00:00`, the form of every example in the official docs; `iso`: `2020-01-01T09:40:18.527Z`. */
export type TimestampFormat = "documented" | "iso";

export function formatTimestamp(ms: number, format: TimestampFormat): string {
  const iso = new Date(ms).toISOString();
  if (format === "iso") return iso;
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}

const PATH_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a date given in a URL path (`2024-03-01`, `2024-03-01T10:00:00Z`, `2024-03-01T10:00:00.5+01:00`,
 * or the documented `2024-03-01 10:00:00.000000+00:00`); a date without an offset is UTC, as the API runs on UTC.
 * Returns epoch ms, or undefined when the text is not such a date.
 */
export function parsePathDate(text: string): number | undefined {
  const m = PATH_DATE.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(utc).getUTCDate() !== day) return undefined; // 2024-02-30 and the like
  if (zone.toUpperCase() === "Z") return utc;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return utc - sign * offsetMinutes * 60_000;
}
