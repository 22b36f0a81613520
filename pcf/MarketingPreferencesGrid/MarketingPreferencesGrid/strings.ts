// Every text the grid shows comes from strings/MarketingPreferencesGrid.1033.resx through
// context.resources.getString; the keys are listed once here so a missing one fails the tests.
export const STRING_KEYS = [
  "Grid_AriaLabel",
  "Filter_AriaLabel",
  "Filter_All",
  "Filter_OptedIn",
  "Filter_OptedOut",
  "Filter_Private",
  "Filter_Public",
  "Search_Placeholder",
  "Search_AriaLabel",
  "Command_Edit",
  "Command_Refresh",
  "Column_Preference",
  "Column_Visibility",
  "Column_Status",
  "Column_LastChanged",
  "Column_Sync",
  "Column_EmailAccount",
  "Value_Public",
  "Value_Private",
  "Value_OptedIn",
  "Value_OptedOut",
  "Value_Never",
  "LastChanged_Format",
  "Source_Dynamics",
  "Source_Dotdigital",
  "PrivateName_Format",
  "Group_Uncategorised",
  "Sync_Synced",
  "Sync_Pending",
  "Sync_SkippedSuppressed",
  "Sync_SkippedNotEligible",
  "Sync_Error",
  "Sync_Unknown",
  "Suppressed_Warning",
  "Suppressed_NoReason",
  "Empty_Title",
  "Empty_Body",
  "Empty_NoMatch",
  "Dialog_Title",
  "Dialog_Selected",
  "Dialog_Status",
  "Dialog_Yes",
  "Dialog_No",
  "Dialog_Hint",
  "Dialog_Save",
  "Dialog_Cancel",
  "Dialog_Saving",
  "Save_Success",
  "Save_PartialFailure",
  "Save_RowFailed",
  "Save_UnknownError",
  "ReadOnly_Notice",
  "Load_Error",
  "More_Rows",
  "Selection_RowAriaLabel",
  "Selection_AllAriaLabel",
  "Selection_ColumnAriaLabel",
  "Selection_GroupAriaLabel",
  "Group_ToggleAriaLabel",
] as const;

export type StringKey = (typeof STRING_KEYS)[number];
export type Strings = Readonly<Record<StringKey, string>>;

/** Reads every key once per updateView; a key the host cannot resolve shows as the key itself. */
export function readStrings(getString: (key: string) => string): Strings {
  const out = {} as Record<StringKey, string>;
  for (const key of STRING_KEYS) out[key] = getString(key) || key;
  return out;
}

/** Fills {0}, {1}… placeholders, the resx convention. */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const arg = args[Number(i)];
    return arg === undefined ? whole : String(arg);
  });
}
