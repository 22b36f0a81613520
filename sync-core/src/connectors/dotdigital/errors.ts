import { ConnectorError } from "../http/errors";

/**
 * Why a Dotdigital call failed:
 * - auth: 401, the API user or password is wrong (fix the Email Account's credentials);
 * - forbidden-region: 403, the account lives in another region (run region discovery);
 * - not-found: 404 (reads that expect a miss return undefined instead);
 * - rate-limited: the server kept saying "slow down" after every wait allowed;
 * - bad-request: another 4xx: the request is wrong and repeating it will not help;
 * - server: 5xx after every retry;
 * - network: no answer after every retry;
 * - bad-response: an answer that is not the documented JSON (names the endpoint and the field);
 * - suppressed: a write refused because the contact is suppressed (ERROR_CONTACT_SUPPRESSED...).
 */
export type DotdigitalErrorKind =
  | "auth"
  | "forbidden-region"
  | "not-found"
  | "rate-limited"
  | "bad-request"
  | "server"
  | "network"
  | "bad-response"
  | "suppressed";

export class DotdigitalError extends ConnectorError<DotdigitalErrorKind> {
  override name = "DotdigitalError";
  /** The ERROR_* token of a v2 error answer, e.g. "ERROR_CONTACT_SUPPRESSED". */
  readonly errorCode: string | undefined;
  /** For bad-response: the field that was wrong, e.g. "[3].contact.email". */
  readonly field: string | undefined;

  constructor(
    kind: DotdigitalErrorKind,
    endpoint: string,
    message: string,
    options: { status?: number; errorCode?: string; field?: string; cause?: unknown } = {},
  ) {
    super(kind, endpoint, message, options);
    this.errorCode = options.errorCode;
    this.field = options.field;
  }
}

export function isDotdigitalError(error: unknown): error is DotdigitalError {
  return error instanceof DotdigitalError;
}
