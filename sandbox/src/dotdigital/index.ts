// The Dotdigital API stand-in: a real HTTP server speaking the v2 API of several accounts.
export {
  buildDotdigitalApp,
  startDotdigitalStandIn,
  type ContactView,
  type DotdigitalAccountHandle,
  type DotdigitalStandIn,
  type DotdigitalStandInOptions,
  type OptInView,
  type PreferenceView,
} from "./stand-in";
export { AccountRegistry, type AccountSpec } from "./accounts";
export { type NewContact } from "./account-data";
export { type TimestampFormat } from "./dates";
export { CONTACT_STATUSES, REGIONS, WRITABLE_STATUSES, type ContactStatus, type EmailType, type OptInType, type Region } from "./model";
export { TIERS, type RateLimitSpec, type Tier } from "./rate-limit";
export { FEED_PAGE_SIZE } from "./routes";
