import { createHash, timingSafeEqual } from "node:crypto";

// A webhook service endpoint authenticates in one of three ways (register-web-hook, research/
// dataverse.md §4.3): WebhookKey sends `?code=<key>`; HttpHeader sends headers the registrant
// chose; HttpQueryString sends query pairs the registrant chose. We accept the key from our own
// header (HttpHeader, the register-webhook default) or from `code` (WebhookKey).

/** The header our register-webhook command configures for HttpHeader authentication. */
export const WEBHOOK_KEY_HEADER = "x-mps-webhook-key";
/** The query string parameter of WebhookKey authentication (Azure Functions style). */
export const WEBHOOK_KEY_QUERY = "code";

/** Request headers as Node and fastify give them: lower-case names, repeated headers as arrays. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;
export type WebhookQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The one value of a header or query parameter; a repeated one counts as absent (ambiguous). */
export function single(bag: WebhookHeaders | WebhookQuery | undefined, name: string): string | undefined {
  if (bag === undefined) return undefined;
  const wanted = name.toLowerCase();
  const entry = Object.entries(bag).find(([k]) => k.toLowerCase() === wanted);
  const value = entry?.[1];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") return value[0];
  return undefined;
}

/** The key the caller presented: the header if sent, else `?code=`. */
export function presentedWebhookKey(headers: WebhookHeaders, query?: WebhookQuery, headerName: string = WEBHOOK_KEY_HEADER): string | undefined {
  return single(headers, headerName) ?? single(query, WEBHOOK_KEY_QUERY);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether the presented key is the expected one, in time that does not depend on where they differ
 * or how long either is: both are hashed to 32 bytes before timingSafeEqual, which would otherwise
 * throw on different lengths (and an early length check would leak the key's length).
 * An empty expected key never matches, so a missing configuration cannot open the door.
 */
export function verifyWebhookKey(presented: string | undefined, expected: string): boolean {
  const same = timingSafeEqual(digest(presented ?? ""), digest(expected));
  return same && presented !== undefined && expected.length > 0;
}
