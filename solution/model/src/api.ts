/** The custom API the Email Account form calls; a webhook step on it reaches the sync service. */
export const runSyncApi = {
  uniqueName: "mps_RunMarketingPreferenceSync",
  displayName: "Run Marketing Preference Sync",
  description: "Queues a marketing preference sync for the Email Account. Results are written to Sync Runs.",
  bindingType: "Entity",
  boundEntityLogicalName: "mps_emailaccount",
  isFunction: false,
  /** AllowedCustomProcessingStepType: 2 = Sync and Async. */
  allowedCustomProcessingStepType: 2,
  requestParameters: [
    { uniqueName: "DryRun", displayName: "Dry Run", description: "Plan only: write the plan to the Sync Run and nothing else.", type: "Boolean", isOptional: true },
  ],
  responseProperties: [],
} as const;

/** The security roles of DESIGN.md §3. */
export const securityRoles = {
  user: "Marketing Preferences User",
  admin: "Marketing Preferences Admin",
  service: "Marketing Preferences Sync Service",
} as const;

/** Publisher of every component in the solution. */
export const publisher = {
  uniqueName: "mpsync",
  displayName: "Marketing Preferences Sync",
  customizationPrefix: "mps",
  customizationOptionValuePrefix: 71700,
} as const;

export const solutionUniqueName = "MarketingPreferencesSync";
