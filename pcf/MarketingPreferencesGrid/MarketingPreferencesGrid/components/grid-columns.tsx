import * as React from "react";
import { type IColumn, Text } from "@fluentui/react";
import { type PreferenceRow, type SyncStateName } from "../mapping";
import { format, type StringKey, type Strings } from "../strings";

/** A row as displayed: the mapped subscription plus why its last save failed, if it did. */
export interface DisplayRow extends PreferenceRow {
  readonly saveError?: string;
}

const SYNC_KEYS: Readonly<Record<SyncStateName, StringKey>> = {
  synced: "Sync_Synced",
  pending: "Sync_Pending",
  skippedSuppressed: "Sync_SkippedSuppressed",
  skippedNotEligible: "Sync_SkippedNotEligible",
  error: "Sync_Error",
  unknown: "Sync_Unknown",
};

const errorText = { root: { color: "#a4262c" } };

// Every cell renders values as React text children: names with markup or scripts stay text.

export function statusText(row: PreferenceRow, s: Strings): string {
  return row.optedIn ? s.Value_OptedIn : s.Value_OptedOut;
}

export function visibilityText(row: PreferenceRow, s: Strings): string {
  return row.isPublic ? s.Value_Public : s.Value_Private;
}

export function lastChangedText(row: PreferenceRow, s: Strings): string {
  if (row.lastChangedText === "") return s.Value_Never;
  if (row.lastChangeSource === null) return row.lastChangedText;
  return format(s.LastChanged_Format, row.lastChangedText, row.lastChangeSource === "dotdigital" ? s.Source_Dotdigital : s.Source_Dynamics);
}

export function syncText(row: PreferenceRow, s: Strings): string {
  return s[SYNC_KEYS[row.syncState]];
}

function PreferenceName({ row, s }: { row: DisplayRow; s: Strings }): React.ReactElement {
  const secondary = row.privateName !== "" && row.privateName !== row.publicName ? format(s.PrivateName_Format, row.privateName) : "";
  return (
    <div title={secondary || undefined}>
      <Text block>{row.publicName}</Text>
      {secondary ? (
        <Text block variant="small">
          {secondary}
        </Text>
      ) : null}
    </div>
  );
}

/** Why saving this row failed, announced to screen readers; nothing when it did not. */
function SaveError({ row, s }: { row: DisplayRow; s: Strings }): React.ReactElement | null {
  return row.saveError ? (
    <Text block variant="small" styles={errorText} role="alert">
      {format(s.Save_RowFailed, row.saveError)}
    </Text>
  ) : null;
}

function Status({ row, s }: { row: DisplayRow; s: Strings }): React.ReactElement {
  return (
    <div>
      <Text block>{statusText(row, s)}</Text>
      <SaveError row={row} s={s} />
    </div>
  );
}

function Sync({ row, s }: { row: DisplayRow; s: Strings }): React.ReactElement {
  return (
    <div title={row.syncMessage || undefined}>
      <Text block>{syncText(row, s)}</Text>
      {row.syncMessage ? (
        <Text block variant="small">
          {row.syncMessage}
        </Text>
      ) : null}
    </div>
  );
}

/** The phone layout: one column, everything stacked under the name. */
function CompactRow({ row, s, showAccount }: { row: DisplayRow; s: Strings; showAccount: boolean }): React.ReactElement {
  const details = [statusText(row, s), visibilityText(row, s), ...(showAccount && row.emailAccountName ? [row.emailAccountName] : [])].join(" · ");
  return (
    <div>
      <PreferenceName row={row} s={s} />
      <Text block variant="small">
        {details}
      </Text>
      <Text block variant="small">
        {`${syncText(row, s)} · ${lastChangedText(row, s)}`}
      </Text>
      <SaveError row={row} s={s} />
    </div>
  );
}

const multiline = { isMultiline: true, isResizable: true } as const;

export function buildColumns(s: Strings, compact: boolean, showAccount: boolean): IColumn[] {
  if (compact) {
    return [
      {
        key: "preference",
        name: s.Column_Preference,
        minWidth: 160,
        isMultiline: true,
        onRender: (row: DisplayRow) => <CompactRow row={row} s={s} showAccount={showAccount} />,
      },
    ];
  }
  const columns: IColumn[] = [
    { key: "preference", name: s.Column_Preference, minWidth: 180, maxWidth: 320, ...multiline, onRender: (row: DisplayRow) => <PreferenceName row={row} s={s} /> },
    { key: "visibility", name: s.Column_Visibility, minWidth: 90, maxWidth: 120, isResizable: true, onRender: (row: DisplayRow) => visibilityText(row, s) },
    { key: "status", name: s.Column_Status, minWidth: 90, maxWidth: 220, ...multiline, onRender: (row: DisplayRow) => <Status row={row} s={s} /> },
    { key: "lastChanged", name: s.Column_LastChanged, minWidth: 150, maxWidth: 240, ...multiline, onRender: (row: DisplayRow) => lastChangedText(row, s) },
    { key: "sync", name: s.Column_Sync, minWidth: 140, maxWidth: 300, ...multiline, onRender: (row: DisplayRow) => <Sync row={row} s={s} /> },
  ];
  if (showAccount) {
    columns.push({ key: "emailAccount", name: s.Column_EmailAccount, minWidth: 120, maxWidth: 220, ...multiline, onRender: (row: DisplayRow) => row.emailAccountName });
  }
  return columns;
}
