import type { changeReasonChoice, changeSourceChoice, directionChoice } from "@mps/model";
import type { DotdigitalContactStatus } from "../domain/dotdigital-contact";
import type { EmailAccount } from "../domain/email-account";
import type { LeafPreference } from "../domain/catalogue";
import type { NormalisedEmail } from "../domain/email";
import type { RecordRef } from "../domain/dynamics-record";
import type { PreferenceValueLabel } from "../domain/preference-value";
import type { SyncStateLabel } from "../domain/sync-state";

export type ChangeReasonLabel = (typeof changeReasonChoice.labels)[number];
export type DirectionLabel = (typeof directionChoice.labels)[number];
export type ChangeSourceLabel = (typeof changeSourceChoice.labels)[number];

/**
 * Clock corrections: true time = reported time + offset (ms). The runner measures them once per run
 * (Dotdigital GET /v2/server-time, Dataverse response Date header) against one local clock.
 */
export interface ClockOffsets {
  readonly dotdigitalMs: number;
  readonly dynamicsMs: number;
}

/**
 * Everything Dotdigital says about one email address. Arrays are indexed by the run's preference
 * position (ReconcileInput.preferences) and must have exactly that length.
 */
export interface DotdigitalContactInput {
  /** As read; reconcile normalises it. */
  readonly email: string;
  readonly status: DotdigitalContactStatus;
  /** PrefValue codes: 0 absent, 1 opted in, 2 opted out. */
  readonly values: Uint8Array;
  /** dateModifed per preference, epoch ms on Dotdigital's clock; NaN when unknown. */
  readonly changedOn: Float64Array;
}

/** One Contact, Lead or Account with its subscription rows for this account, indexed by preference position. */
export interface DynamicsRecordInput {
  readonly record: RecordRef;
  /** emailaddress1 as read now. */
  readonly email: string | null;
  /** mps_syncedrecord.mps_emailaddress: the address it last synced under; null before its first sync. */
  readonly syncedEmail: string | null;
  /** Ever in an email-activated marketing list of this account (mps_firsteligibleon set). */
  readonly eligible: boolean;
  /** PrefValue codes of the rows, see `dynamicsValue` (a never-agreed Status No row is absent). */
  readonly values: Uint8Array;
  /** mps_syncedvalue codes: the base. */
  readonly base: Uint8Array;
  /** RowState codes: 0 = no row yet, else the row's mps_syncstate. */
  readonly state: Uint8Array;
  /** modifiedon per row, epoch ms on Dataverse's clock; NaN when unknown or no row. */
  readonly changedOn: Float64Array;
}

/**
 * The input of one run for ONE Email Account. Nothing of another account can be passed in, so a run
 * cannot read or write another account's data (R6). Only the emails that changed on either side need
 * to be present, each with its full current state on both sides: every Dotdigital contact and every
 * Dynamics record under that address.
 */
export interface ReconcileInput {
  readonly account: EmailAccount;
  /** The account's active leaf preferences; their positions index every values array. */
  readonly preferences: readonly LeafPreference[];
  readonly clock: ClockOffsets;
  readonly contacts: readonly DotdigitalContactInput[];
  readonly records: readonly DynamicsRecordInput[];
  /** Data problems found while building the input (e.g. an unknown preference): carried into the plan as "Failed" skips. */
  readonly problems?: readonly Skip[];
}

/** A Dotdigital contact the sync must create before writing its preferences (rule 9). */
export interface ContactCreation {
  readonly email: NormalisedEmail;
  readonly optInType: "Unknown";
}

export interface DotdigitalPreferenceChange {
  readonly preferenceId: number;
  /** Dotdigital id of its category (0 when standalone): nest it there in the PUT body. */
  readonly categoryId: number;
  readonly optedIn: boolean;
}

/** One PUT /v2/contacts/{email}/preferences: every changed preference of one contact. */
export interface DotdigitalWrite {
  readonly email: NormalisedEmail;
  readonly changes: readonly DotdigitalPreferenceChange[];
}

/** One mps_marketingpreferencesubscription upsert by mps_key that sets the value. */
export interface SubscriptionRowWrite {
  readonly key: string;
  readonly preferenceId: number;
  /** The row does not exist yet: create it (with the record and preference lookups). */
  readonly isNew: boolean;
  readonly emailAddress: NormalisedEmail;
  /** mps_optedin (Status). */
  readonly optedIn: boolean;
  /** mps_syncedvalue: the agreed value, null when neither side has one. */
  readonly base: PreferenceValueLabel | null;
  readonly state: SyncStateLabel;
  readonly lastChangeSource: ChangeSourceLabel | null;
  /** mps_dotdigitalmodifiedon, epoch ms on Dotdigital's clock; null when unknown. */
  readonly dotdigitalModifiedOn: number | null;
  readonly message: string | null;
}

/** One subscription row update where only the base, state or address changes (no value change). */
export interface SubscriptionBaseUpdate {
  readonly key: string;
  readonly preferenceId: number;
  readonly emailAddress: NormalisedEmail;
  readonly base: PreferenceValueLabel | null;
  readonly state: SyncStateLabel;
  readonly message: string | null;
}

export interface RecordWrites<Row> {
  readonly record: RecordRef;
  readonly rows: readonly Row[];
}

/** mps_syncedrecord changes: the address the record now syncs under. */
export interface SyncedRecordUpdate {
  readonly record: RecordRef;
  readonly syncedEmail: NormalisedEmail;
}

/** One mps_preferencechange row (consent audit trail): one per value the sync writes. */
export interface AuditEntry {
  readonly email: NormalisedEmail;
  readonly preferenceId: number;
  /** The subscription row it concerns: the row written (To Dynamics) or the row the value came from (To Dotdigital); null when none. */
  readonly record: RecordRef | null;
  readonly subscriptionKey: string | null;
  readonly oldValue: PreferenceValueLabel | null;
  readonly newValue: PreferenceValueLabel | null;
  readonly direction: DirectionLabel;
  readonly reason: ChangeReasonLabel;
  /** When the winning side changed it: epoch ms, clock-corrected; null when unknown. */
  readonly changedOn: number | null;
}

export type SkipReason = "Skipped: suppressed" | "Skipped: not eligible" | "Not in Dynamics" | "Failed";

/** Something the run did not sync, and why. One per email or record, not per preference. */
export interface Skip {
  readonly reason: SkipReason;
  /** Normalised when valid, else as read. */
  readonly email: string | null;
  readonly record: RecordRef | null;
  readonly message: string;
}

/** The mps_syncrun counters the plan decides (the runner adds call counts and failures of its own). */
export interface RunCounters {
  /** Values written to Dynamics (per subscription row). */
  pulled: number;
  /** Values written to Dotdigital (per email and preference). */
  pushed: number;
  /** Values both sides changed, settled by the conflict policy (per email and preference). */
  conflicts: number;
  /** Values not synced because the contact is suppressed (per email and preference). */
  skippedSuppressed: number;
  /** Values not synced because the record was never eligible (per record and preference). */
  skippedIneligible: number;
  /** Values that could not be synced because of bad data (per record or email, and preference). */
  failed: number;
}

/**
 * What a run must do, as data. Apply in this order so a run that dies half way is safe to repeat
 * (rule 8, side effects first, base last): contactCreations, dotdigitalWrites, dynamicsWrites, audit,
 * baseUpdates, syncedRecordUpdates.
 */
export interface ReconcilePlan {
  readonly accountId: string;
  readonly contactCreations: readonly ContactCreation[];
  readonly dotdigitalWrites: readonly DotdigitalWrite[];
  readonly dynamicsWrites: readonly RecordWrites<SubscriptionRowWrite>[];
  readonly baseUpdates: readonly RecordWrites<SubscriptionBaseUpdate>[];
  readonly syncedRecordUpdates: readonly SyncedRecordUpdate[];
  readonly audit: readonly AuditEntry[];
  readonly skips: readonly Skip[];
  readonly counters: Readonly<RunCounters>;
}
