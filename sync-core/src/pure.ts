// The browser-safe half of the public surface: pure functions over plain data, no IO, no clock.
// The web resources bundle this entry; the service uses index.ts, which re-exports it.
export { normaliseEmail } from "./domain/email";
export type { EmailResult, NormalisedEmail } from "./domain/email";
// schedule: when a Scheduled Sync Setting runs next (DESIGN.md §3); shared by the scheduler and the dialog.
export { isDue, nextSync, INTERVAL_MS, OUT_OF_OFFICE } from "./schedule/next-sync";
export { validateSchedule, windowUses, LAST_MINUTE_OF_DAY, SPECIFIC_TIME_INTERVALS } from "./schedule/validate";
export { intervalFromValue, intervalToValue, scheduleFromRow, scheduleToRow, syncWindowFromValue, syncWindowToValue, SCHEDULE_ROW_COLUMNS } from "./schedule/from-row";
export type { IntervalName, NextSync, ScheduleFromRow, ScheduleProblem, ScheduleProblemKind, ScheduleRow, ScheduleSettings, SyncWindowName } from "./schedule/types";
// domain: the people, values and catalogue a run reconciles (DESIGN.md §3).
export { PrefValue, dynamicsValue, valueFromLabel, valueFromOptedIn, valueLabel } from "./domain/preference-value";
export type { PreferenceValueLabel } from "./domain/preference-value";
export { RowState, stateFromLabel, stateLabel } from "./domain/sync-state";
export type { SyncStateLabel } from "./domain/sync-state";
export type { ConflictPolicyName, EmailAccount, EmailChangePolicyName } from "./domain/email-account";
export { subscriptionKey, syncedRecordKey } from "./domain/dynamics-record";
export type { RecordRef, RecordTable } from "./domain/dynamics-record";
export { CONTACT_MISSING, CONTACT_SUBSCRIBED, CREATED_CONTACT_OPT_IN_TYPE } from "./domain/dotdigital-contact";
export type { DotdigitalContactStatus } from "./domain/dotdigital-contact";
export type { DataversePreference, DotdigitalPreference, LeafPreference } from "./domain/catalogue";
// reconcile: the pure three-way merge of DESIGN.md §4 and the catalogue mirror.
export { reconcile } from "./reconcile/reconcile";
export { decide, Reason, reasonLabel, Side } from "./reconcile/decide";
export type { Decision } from "./reconcile/decide";
export { createInputBuilder } from "./reconcile/input-builder";
export type { ReconcileInputBuilder, RecordRead, SubscriptionRowRead } from "./reconcile/input-builder";
export { activeLeafPreferences, reconcileCatalogue } from "./reconcile/catalogue";
export type { CatalogueChange, CataloguePlanEntry } from "./reconcile/catalogue";
export type {
  AuditEntry,
  ChangeReasonLabel,
  ChangeSourceLabel,
  ClockOffsets,
  ContactCreation,
  DirectionLabel,
  DotdigitalContactInput,
  DotdigitalPreferenceChange,
  DotdigitalWrite,
  DynamicsRecordInput,
  ReconcileInput,
  ReconcilePlan,
  RecordWrites,
  RunCounters,
  Skip,
  SkipReason,
  SubscriptionBaseUpdate,
  SubscriptionRowWrite,
  SyncedRecordUpdate,
} from "./reconcile/types";
