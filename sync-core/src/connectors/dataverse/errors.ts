/** Why a Dataverse request failed, as the runner needs to react to it. */
export type DataverseErrorKind =
  | "auth" // 401/403: token or privileges; retrying will not help
  | "not-found" // 404
  | "conflict" // 412: the row changed since it was read (ETag)
  | "duplicate" // an alternate key or create-only upsert met an existing row
  | "throttled" // 429 that outlasted the retry budget
  | "bad-request" // 400: our request or the data is wrong
  | "server" // 5xx that outlasted the retry budget
  | "network" // no answer: connection refused, reset, timeout
  | "bad-response" // an answer we cannot read (HTML error page, missing fields)
  | "unsupported-version"; // Dynamics 2011 and older

export class DataverseError extends Error {
  override readonly name = "DataverseError";
  constructor(
    readonly kind: DataverseErrorKind,
    message: string,
    readonly status?: number,
    /** Dataverse's own error code, e.g. 0x80040217. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export function isDataverseError(e: unknown): e is DataverseError {
  return e instanceof DataverseError;
}

/** Maps an HTTP status (and Dataverse error code) to a kind. */
export function kindOfStatus(status: number | undefined, code?: string): DataverseErrorKind {
  if (status === undefined || status === 0) return "network";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not-found";
  if (status === 412) return code === "0x80060892" ? "duplicate" : "conflict";
  if (status === 429) return "throttled";
  if (status >= 500) return "server";
  if (code === "0x80040237" || code === "0x80060892") return "duplicate";
  return "bad-request";
}
