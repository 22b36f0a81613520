export { createDataverseClient } from "./client";
export type { DataverseClient, DataverseClientOptions, DeltaResult, QueryOptions, WriteOp, WriteResult } from "./client";
export { tokenProvider } from "./auth";
export type { DataverseAuth } from "./auth";
export { DataverseError, isDataverseError } from "./errors";
export type { DataverseErrorKind } from "./errors";
export { eqString, filterGuid, filterString, inStrings, keySegment } from "./odata";
