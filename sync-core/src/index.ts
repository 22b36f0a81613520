// The public surface of sync-core. Other parts import only from here (or from ./pure in a browser).
export * from "./pure";
// The Dotdigital connector, and the HTTP plumbing (injected time, retries, call counts) connectors share.
export * from "./connectors/dotdigital";
export { ConnectorError, createManualClock, defaultRetryPolicy, realSleep, retryPolicy, systemClock } from "./connectors/http";
export type { CallCounts, Clock, ManualClock, RetryPolicy, Sleep } from "./connectors/http";
