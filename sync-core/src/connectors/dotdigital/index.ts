// The Dotdigital connector: a v2 API client with region discovery, a shared call budget,
// rate-limit waits, retries, validated answers and typed errors.
export { createDotdigitalClient, encodePathSegment, PAGE_SIZE } from "./client";
export type { AccountRegion, DotdigitalClient, DotdigitalClientOptions, ServerTime } from "./client";
export { formatPathDate, parseApiDate } from "./dates";
export { DotdigitalError, isDotdigitalError } from "./errors";
export type { DotdigitalErrorKind } from "./errors";
export { buildSetPreferencesBody, isSuppressedStatus } from "./mapping";
export type {
  CatalogueCategory,
  CataloguePreference,
  ContactSubscriptions,
  DotdigitalContact,
  ItemProblem,
  Page,
  PreferenceCatalogue,
  PreferenceChangeRow,
  PreferenceChanges,
  PreferenceOptIn,
  SuppressionRow,
} from "./mapping";
export { createCallBudget, defaultBudget, parseRateLimitHeaders, resetToLocalMs } from "./rate-limiter";
export type { BudgetOptions, CallBudget, RateLimitInfo } from "./rate-limiter";
