/** An email address after normalisation: the identity a person syncs under on both sides. */
export type NormalisedEmail = string & { readonly __brand: "NormalisedEmail" };

export type EmailResult =
  | { readonly ok: true; readonly email: NormalisedEmail }
  | { readonly ok: false; readonly reason: string };

// Deliberately permissive local part (RFC 5322 atext plus dots): Dynamics and Dotdigital both accept
// addresses such as o'brien+news@example.com, and refusing them would silently drop people.
// Checked with a character table rather than regular expressions: a run normalises every address it
// reads (hundreds of thousands), and this is several times faster than the equivalent
//   local  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
//   label  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/
const ATEXT = new Uint8Array(128);
const ALNUM = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) ALNUM[c] = 1;
  if (/[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/.test(ch)) ATEXT[c] = 1;
}
const DOT = 46;
const HYPHEN = 45;

function validLocal(s: string, end: number): boolean {
  let segment = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT) {
      if (segment === 0) return false;
      segment = 0;
    } else if (c < 128 && ATEXT[c] === 1) segment++;
    else return false;
  }
  return segment > 0;
}

function validDomain(s: string, start: number): boolean {
  let labels = 0;
  let labelStart = start;
  for (let i = start; i <= s.length; i++) {
    const c = i === s.length ? DOT : s.charCodeAt(i);
    if (c === DOT) {
      const len = i - labelStart;
      if (len < 1 || len > 63) return false;
      if (ALNUM[s.charCodeAt(labelStart)] !== 1 || ALNUM[s.charCodeAt(i - 1)] !== 1) return false;
      labels++;
      labelStart = i + 1;
    } else if (c >= 128 || (ALNUM[c] !== 1 && c !== HYPHEN)) return false;
  }
  return labels >= 2;
}

/**
 * The normalised address, or null when it is not valid: the allocation-free check a run makes per
 * address read. Call normaliseEmail for the reason when this says null.
 */
export function normalisedOrNull(raw: string | null | undefined): NormalisedEmail | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf("@");
  if (trimmed.length > 254 || at <= 0 || at > 64 || at === trimmed.length - 1) return null;
  if (!validLocal(trimmed, at) || !validDomain(trimmed, at + 1)) return null;
  return trimmed.toLowerCase() as NormalisedEmail;
}

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
  if (at > 64) return { ok: false, reason: `"${trimmed}" has a local part longer than 64 characters` };
  if (!validLocal(trimmed, at)) return { ok: false, reason: `"${trimmed}" has characters not allowed before the @` };
  if (!validDomain(trimmed, at + 1)) return { ok: false, reason: `"${trimmed}" has an invalid domain` };
  return { ok: true, email: trimmed.toLowerCase() as NormalisedEmail };
}
