// The Dataverse Web API stand-in: a real HTTP server speaking Web API v9.2 over the model's tables.
export {
  startDataverseStandIn,
  DEFAULT_ACCESS_TOKEN as DATAVERSE_DEFAULT_TOKEN,
  API_PATH as DATAVERSE_API_PATH,
  type DataverseStandIn,
  type DataverseStandInOptions,
} from "./server";
export { type OrganizationInfo as DataverseOrganization } from "./context";
export { MAX_BATCH_OPERATIONS as DATAVERSE_MAX_BATCH_OPERATIONS } from "./batch";
export { DEFAULT_PAGE_SIZE as DATAVERSE_DEFAULT_PAGE_SIZE } from "./query";
export { WebhookAuthType, WEBHOOK_CONTRACT } from "./system-tables";
export {
  buildRemoteExecutionContext,
  serializeRemoteExecutionContext,
  endpointRequest,
  parseAuthSettings,
  wcfDate,
  type RemoteExecutionContextInput,
  type WebhookDelivery,
  type EntityReferenceValue,
} from "./webhook";
