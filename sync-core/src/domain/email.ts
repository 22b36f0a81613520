/** An email address after normalisation: the identity a person syncs under on both sides. */
export type NormalisedEmail = string & { readonly __brand: "NormalisedEmail" };

export type EmailResult =
  | { readonly ok: true; readonly email: NormalisedEmail }
  | { readonly ok: false; readonly reason: string };

// Deliberately permissive local part (RFC 5322 atext plus dots): Dynamics and Dotdigital both accept
// addresses such as o'brien+news@example.com, and refusing them would silently drop people.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Trims and case-folds an address, keeping `+` tags (they are a different mailbox to Dotdigital).
 * Never throws: data from either system is reported back as a reason, not an exception.
 */
export function normaliseEmail(raw: string | null | undefined): EmailResult {
  if (raw === null || raw === undefined) return { ok: false, reason: "no email address" };
  const trimmed = raw.trim();
  if (trimmed === "") return { ok: false, reason: "no email address" };
  if (trimmed.length > 254) return { ok: false, reason: `email address is longer than 254 characters` };
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, reason: `"${trimmed}" has no local part or domain around @` };
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  if (local.length > 64) return { ok: false, reason: `"${trimmed}" has a local part longer than 64 characters` };
  if (!LOCAL.test(local)) return { ok: false, reason: `"${trimmed}" has characters not allowed before the @` };
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return { ok: false, reason: `"${trimmed}" has an invalid domain` };
  return { ok: true, email: trimmed.toLowerCase() as NormalisedEmail };
}
