// The records one stand-in account keeps, with the enums of the official v2 swagger.

export const CONTACT_STATUSES = [
  "Subscribed",
  "Unsubscribed",
  "SoftBounced",
  "HardBounced",
  "IspComplained",
  "MailBlocked",
  "PendingOptIn",
  "DirectComplaint",
  "Deleted",
  "SharedSuppression",
  "Suppressed",
  "NotAllowed",
  "DomainSuppression",
  "NoMxRecord",
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/**
 * Statuses whose preferences may still be written. Every other status is a suppression (it shows in
 * suppressed-since) and preference writes are refused with ERROR_CONTACT_SUPPRESSED.
 * Soft bounces are temporary in Dotdigital and pending opt-ins are not yet suppressed.
 */
export const WRITABLE_STATUSES: ReadonlySet<ContactStatus> = new Set<ContactStatus>(["Subscribed", "SoftBounced", "PendingOptIn"]);

/** Suppressions a contact may lift by resubscribing; complaints, bounces and the like cannot be lifted. */
export const RESUBSCRIBABLE_REASONS: ReadonlySet<ContactStatus> = new Set<ContactStatus>(["Unsubscribed", "Suppressed"]);

export const OPT_IN_TYPES = ["Unknown", "Single", "Double", "VerifiedDouble"] as const;
export type OptInType = (typeof OPT_IN_TYPES)[number];
export const EMAIL_TYPES = ["PlainText", "Html"] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

export const REGIONS = ["r1", "r2", "r3"] as const;
export type Region = (typeof REGIONS)[number];

export interface DataField {
  key: string;
  value: unknown;
}

export interface ContactRecord {
  id: number;
  email: string;
  optInType: OptInType;
  emailType: EmailType;
  dataFields: DataField[] | null;
  status: ContactStatus;
}

/** A category (`isPreference: false`) or a preference; a preference outside any category has categoryId 0. */
export interface PreferenceRecord {
  id: number;
  publicName: string;
  privateName: string;
  isPreference: boolean;
  isPublic: boolean;
  categoryId: number;
  order: number;
  created: number;
  lastModified: number;
}

export interface OptInRecord {
  isOptedIn: boolean;
  /** Epoch ms of the last write, on the stand-in's clock (the API's `dateModifed`). */
  dateModified: number;
  addressBookId: number;
}

export interface SuppressionRecord {
  contactId: number;
  dateRemoved: number;
  reason: ContactStatus;
}

export interface AddressBookRecord {
  id: number;
  name: string;
  visibility: "Private" | "Public";
  members: Set<number>;
}
