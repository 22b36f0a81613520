// Shared by the stand-ins: the test clock, request stats, fault injection and listen-on-port-0.
export { createTestClock, type TestClock } from "./clock";
export { createRequestStats, type RequestStats, type StatsSnapshot } from "./stats";
export { createFaultInjector, faultRuleSchema, type FaultAction, type FaultInjector, type FaultRule } from "./faults";
export {
  CONTROL_PREFIX,
  createSandboxControls,
  installSandboxControls,
  routeKeyOf,
  sandboxControlsPlugin,
  type SandboxControls,
  type SandboxControlsOptions,
} from "./controls";
export { listenOn, type Listening } from "./listen";
