// The dataset columns the grid reads. Names are checked against @mps/model by the compiler
// (`satisfies ColumnName<…>`): a renamed column breaks the build instead of the grid. They are written
// as literals rather than read from the table objects so the bundle does not carry the whole model.
import type { ColumnName, marketingPreference, subscription } from "@mps/model";

type SubscriptionColumn = ColumnName<typeof subscription>;
type PreferenceColumn = ColumnName<typeof marketingPreference>;

/** Columns of mps_marketingpreferencesubscription, the dataset's own table. */
export const SubscriptionColumns = {
  optedIn: "mps_optedin",
  syncedValue: "mps_syncedvalue",
  preference: "mps_marketingpreferenceid",
  emailAccount: "mps_emailaccountid",
  lastChangeSource: "mps_lastchangesource",
  dotdigitalModifiedOn: "mps_dotdigitalmodifiedon",
  syncState: "mps_syncstate",
  syncMessage: "mps_syncmessage",
} as const satisfies Record<string, SubscriptionColumn>;

/** Standard audit column every Dataverse table has (not part of our model's column list). */
export const MODIFIED_ON = "modifiedon";

/** Alias of the mps_marketingpreference link the control adds to the dataset query. */
export const PREFERENCE_ALIAS = "pref";

/** Columns of the linked mps_marketingpreference, read as `${PREFERENCE_ALIAS}.${column}`. */
export const PreferenceColumns = {
  id: "mps_marketingpreferenceid",
  privateName: "mps_name",
  publicName: "mps_publicname",
  isPublic: "mps_ispublic",
  order: "mps_order",
  category: "mps_parentcategoryid",
  isPreference: "mps_ispreference",
} as const satisfies Record<string, PreferenceColumn>;

export function linked(column: PreferenceColumn): string {
  return `${PREFERENCE_ALIAS}.${column}`;
}
