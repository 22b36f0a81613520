// Dotdigital writes the same instant in several ways: "2020-01-01T09:40:18.527Z", the docs'
// "2020-01-01 09:40:18.527000+00:00" (space, microseconds, offset) and, on some v2 fields, no zone
// at all. The API runs on UTC, so a date without a zone is read as UTC.
const API_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The instant a Dotdigital date string names, or undefined when it is not one. */
export function parseApiDate(text: string): Date | undefined {
  const m = API_DATE.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offsetMinutes * 60_000;
  const date = new Date(utc);
  // Rejects 2020-02-31 and friends, which Date.UTC would roll over silently.
  const check = new Date(utc + offsetMinutes * 60_000);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A since-date for a path segment: UTC to the second, "2013-02-01T15:30:45Z" (the form clients
 * have long sent). Truncating the milliseconds moves the date earlier, never later, so a feed read
 * from it can repeat a change but never miss one.
 */
export function formatPathDate(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
