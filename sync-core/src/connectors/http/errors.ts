/**
 * The base of every connector error. `kind` is a closed union per connector so the runner can
 * decide retry / skip / stop by kind without parsing messages.
 */
export class ConnectorError<K extends string> extends Error {
  override name = "ConnectorError";
  readonly kind: K;
  /** The endpoint label, e.g. "GET /v2/preferences" (a pattern: no email or id in it). */
  readonly endpoint: string;
  /** The HTTP status, when an answer came back. */
  readonly status: number | undefined;

  constructor(kind: K, endpoint: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.endpoint = endpoint;
    this.status = options.status;
  }
}

/** Removes every occurrence of the given secrets (and their Basic-auth forms) from a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** The first `max` characters of a body, on one line, for an error message. */
export function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
