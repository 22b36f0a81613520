// The local host for the grid: a model-driven form's context and subgrid dataset, in the page or in
// jest. Swap InMemoryDataverse/StoreSubscriptionSource for fetch-backed ones to run against Dataverse.
export { createHostContext, FormFactor, parseResx, type HostContext, type HostContextOptions } from "./host-context";
export { HostDataSet, type HostRecord, type SubscriptionSource } from "./host-dataset";
export { InMemoryDataverse, parseQuery, WebApiError, type FailureRule, type Row } from "./in-memory-dataverse";
export { StoreSubscriptionSource } from "./store-source";
export { mountControl, type ControlConstructor, type MountedControl, type Renderer } from "./mount";
export { createInMemoryHost, DEFAULT_VIEW_COLUMNS, type InMemoryHost, type InMemoryHostOptions } from "./in-memory-host";
export { buildSeed, demoSeed, largeSeed, DEMO_CONTACT_ID, type PreferenceSpec, type SeedOptions } from "./demo-seed";
