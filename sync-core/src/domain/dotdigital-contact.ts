/** What Dotdigital says about the contact behind an email address. */
export type DotdigitalContactStatus =
  | { readonly exists: false }
  | { readonly exists: true; readonly suppressed: false }
  | {
      readonly exists: true;
      readonly suppressed: true;
      /** Dotdigital's reason, e.g. "Unsubscribed", "HardBounced". */
      readonly reason: string;
    };

export const CONTACT_MISSING: DotdigitalContactStatus = { exists: false };
export const CONTACT_SUBSCRIBED: DotdigitalContactStatus = { exists: true, suppressed: false };

/** The opt-in type a contact the sync creates gets: the sync never claims a consent it did not see. */
export const CREATED_CONTACT_OPT_IN_TYPE = "Unknown" as const;
