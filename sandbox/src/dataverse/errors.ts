// Dataverse answers every failure as {"error":{"code":"0x…","message":"…"}}; clients branch on the
// status and the hex code, so the stand-in uses the codes the real service sends.

export class DataverseError extends Error {
  readonly kind = "dataverse-error";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const dvErrors = {
  segmentNotFound: (segment: string) => new DataverseError(404, "0x8006088a", `Resource not found for the segment '${segment}'.`),
  propertyNotFound: (property: string, logicalName: string) =>
    new DataverseError(400, "0x0", `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${logicalName}'.`),
  bodyPropertyNotFound: (property: string, logicalName: string) =>
    new DataverseError(
      400,
      "0x0",
      `The property '${property}' does not exist on type 'Microsoft.Dynamics.CRM.${logicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    ),
  recordNotFound: (logicalName: string, id: string) => new DataverseError(404, "0x80040217", `Entity '${logicalName}' With Id = ${id} Does Not Exist`),
  recordNotFoundByKey: (logicalName: string, key: string) =>
    new DataverseError(404, "0x80040217", `A record with the specified key values does not exist in ${logicalName} entity: ${key}`),
  querySyntax: (detail: string) => new DataverseError(400, "0x80060888", detail),
  badKey: (text: string) => new DataverseError(400, "0x80060888", `Bad Request - Error in query syntax. The key '${text}' is not a valid GUID or alternate key.`),
  badJson: (detail: string) => new DataverseError(400, "0x80040216", `Invalid JSON in the request body: ${detail}`),
  valueType: (value: unknown, edmType: string) => new DataverseError(400, "0x0", `Cannot convert the literal '${String(value)}' to the expected type '${edmType}'.`),
  duplicateKey: (keyDisplayName: string, values: string) =>
    new DataverseError(
      412,
      "0x80060892",
      `A record that has the attribute values ${values} already exists. The entity key ${keyDisplayName} requires that this set of attributes contains unique values. Select unique values and try again.`,
    ),
  alreadyExists: () => new DataverseError(412, "0x80060892", "A record with matching key values already exists."),
  versionMismatch: () => new DataverseError(412, "0x80060882", "The version of the existing record doesn't match the RowVersion property provided."),
  required: (column: string, displayName: string, logicalName: string) =>
    new DataverseError(400, "0x80040200", `Required field '${displayName}' (${column}) is missing on ${logicalName}: send a value for ${column}.`),
  validation: (message: string) => new DataverseError(400, "0x80044331", `A validation error occurred. ${message}`),
  skipNotSupported: () => new DataverseError(400, "0x80060888", "The query parameter $skip is not supported. Page with the @odata.nextLink of a response sent with Prefer: odata.maxpagesize."),
  notSupportedWithTracking: (option: string) =>
    new DataverseError(400, "0x80060888", `The ${option} query parameter isn't supported when Change Tracking is enabled.`),
  trackingDisabled: (logicalName: string) =>
    new DataverseError(400, "0x80044353", `Change tracking is not enabled for entity '${logicalName}'. Enable Track changes on the table to use odata.track-changes.`),
  deltaTokenExpired: () => new DataverseError(400, "0x80044352", "Version stamp associated with the client has been expired. Please perform a full sync."),
  badRequest: (message: string) => new DataverseError(400, "0x80060888", message),
  methodNotAllowed: (method: string, path: string) => new DataverseError(405, "0x80060888", `The HTTP method '${method}' is not supported on '${path}'.`),
  throttled: (limit: number, windowSeconds: number, retryAfterSeconds: number) =>
    new DataverseError(429, "0x80072322", `Number of requests exceeded the limit of ${limit} over time window of ${windowSeconds} seconds.`, {
      "retry-after": String(retryAfterSeconds),
    }),
};

/** Turns anything thrown into a Dataverse error, so bad input never becomes a bare 500. */
export function toDataverseError(error: unknown): DataverseError {
  if (error instanceof DataverseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DataverseError(500, "0x80040216", `An unexpected error occurred in the stand-in: ${message}`);
}
