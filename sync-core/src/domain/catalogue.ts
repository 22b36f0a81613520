/**
 * One entry of Dotdigital's catalogue (GET /v2/preferences, flattened): a category or a leaf
 * preference. Dotdigital is the master of the catalogue.
 */
export interface DotdigitalPreference {
  readonly id: number;
  readonly privateName: string;
  readonly publicName: string;
  /** false for a category. Only leaf preferences carry opt-in values. */
  readonly isPreference: boolean;
  readonly isPublic: boolean;
  readonly order: number;
  /** The parent category's Dotdigital id; 0 when the preference stands alone (and for categories). */
  readonly categoryId: number;
}

/**
 * One mps_marketingpreference row of an Email Account, as Dataverse holds it: the Dotdigital entry it
 * mirrors (`categoryId` resolved from mps_parentcategoryid to the parent's Dotdigital id; 0 for none),
 * plus its row id and whether it is active (removed preferences are deactivated, never deleted).
 */
export interface DataversePreference extends Omit<DotdigitalPreference, "id"> {
  /** mps_marketingpreferenceid */
  readonly rowId: string;
  readonly dotdigitalId: number;
  readonly active: boolean;
}

/**
 * A leaf preference a run syncs. A run's `preferences` array fixes the position every per-person value
 * array is indexed by, so the position is the preference's identity inside one run.
 */
export interface LeafPreference {
  /** Dotdigital id. */
  readonly id: number;
  /** Dotdigital id of its category (0 when standalone): the PUT body nests preferences under it. */
  readonly categoryId: number;
}
