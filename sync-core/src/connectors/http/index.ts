// Shared HTTP plumbing for the connectors: injected time, retry with backoff, a call counter,
// a gate for rate limiting and the typed-error base.
export { createCallCounter } from "./call-counter";
export type { CallCounter, CallCounts } from "./call-counter";
export { createManualClock, realSleep, systemClock } from "./clock";
export type { Clock, ManualClock, Sleep } from "./clock";
export { ConnectorError, redact, snippet } from "./errors";
export { backoffDelayMs, defaultRetryPolicy, isTransientStatus, retryPolicy } from "./retry";
export type { RetryPolicy } from "./retry";
export { createTransport, NetworkFailure } from "./transport";
export type { CallGate, HttpRequest, HttpResponse, ThrottleCheck, Transport, TransportOptions } from "./transport";
