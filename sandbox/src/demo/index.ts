// The demo data generator and the sandbox (both stand-ins, seeded) as one programmatic start.
export {
  seedDemo,
  DEMO_ACCOUNTS,
  DEMO_PEOPLE,
  DEFAULT_DEMO_PEOPLE,
  MIN_DEMO_PEOPLE,
  DemoOptionError,
  type DemoAccount,
  type DemoAccountKey,
  type DemoOptions,
  type DemoResult,
} from "./seed-demo";
export { BASE_CATALOGUE, BASE_CATEGORY_COUNT, BASE_PREFERENCE_COUNT, type BaseCategoryKey, type BasePreferenceKey, type SeededCatalogue, type SeededPreference } from "./catalogue";
export { createRandom, type Random } from "./random";
export { startSandbox, type Sandbox, type SandboxOptions, type SandboxSeed } from "./start-sandbox";
export { describeSandbox } from "./describe";
