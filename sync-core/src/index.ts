// The public surface of sync-core. Other parts import only from here (or from ./pure in a browser).
export * from "./pure";
// The Dotdigital connector, and the HTTP plumbing (injected time, retries, call counts) connectors share.
export * from "./connectors/dotdigital";
export { ConnectorError, createManualClock, defaultRetryPolicy, realSleep, retryPolicy, systemClock } from "./connectors/http";
export type { CallCounts, Clock, ManualClock, RetryPolicy, Sleep } from "./connectors/http";
// Triggers: the custom API webhook's payload and key check, and the run queue (Node only).
export { EMPTY_GUID, ENTITY_REFERENCE_TYPE, bagValue, entityReferenceSchema, guidSchema, keyValueSchema, parameterBagSchema, parseWcfDate, remoteExecutionContextSchema, wcfDateSchema } from "./triggers/remote-execution-context";
export type { EntityReference, KeyValue, RemoteExecutionContext } from "./triggers/remote-execution-context";
export { DEFAULT_MAX_BODY_BYTES, MAX_JSON_DEPTH, SIZE_EXCEEDED_HEADER, parseRunRequest } from "./triggers/run-request";
export type { ParseRunRequestOptions, RunRequest, RunRequestRejection, RunRequestResult } from "./triggers/run-request";
export { WEBHOOK_KEY_HEADER, WEBHOOK_KEY_QUERY, presentedWebhookKey, verifyWebhookKey } from "./triggers/webhook-key";
export type { WebhookHeaders, WebhookQuery } from "./triggers/webhook-key";
export { EmbeddedRunQueue } from "./triggers/run-queue";
export type { EmbeddedRunQueueOptions, EnqueueOutcome, EnqueueResult, QueuedRunRequest, RunJob, RunQueue } from "./triggers/run-queue";
// The Dataverse connector and the runner.
export * from "./connectors/dataverse";
export { DataverseStore } from "./connectors/dataverse/store";
export type { RecordEmail, RecordKey, RunResultLabel, TriggerLabel } from "./connectors/dataverse/store";
export { runSync, slicePeople } from "./runner/run-sync";
export type { RunDeps, RunOutcome, SyncRequest } from "./runner/run-sync";
export type { DotdigitalPort, MemoryGauge, Progress, RunLog, RunnerClock } from "./runner/ports";
export { RunError } from "./runner/errors";
export { compose } from "./main/compose";
export type { Composition } from "./main/compose";
export { ConfigError, readDataverseSettings, readSecret, secretVariable, settingsHelp, SETTINGS } from "./config/settings";
export { runCli, EXIT } from "./cli/main";
export { DEFAULT_MAX_MEMORY_MB, heapAlreadySized, readMemoryPolicy } from "./config/memory";
export type { MemoryPolicy } from "./config/memory";
// The service: webhook app, schedule poller, serve and register-webhook.
export { buildServiceApp, WEBHOOK_PATH } from "./triggers/service-app";
export { createSchedulePoller, every } from "./triggers/schedule-poller";
export { startService, createLogger } from "./main/serve";
export type { Service } from "./main/serve";
export { registerWebhook, ENDPOINT_NAME, STEP_NAME } from "./main/register-webhook";
