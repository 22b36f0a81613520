import * as React from "react";
import {
  ActionButton,
  CheckboxVisibility,
  ConstrainMode,
  DetailsList,
  DetailsListLayoutMode,
  type IGroup,
  MessageBar,
  MessageBarType,
  type PartialTheme,
  Pivot,
  PivotItem,
  SearchBox,
  Selection,
  SelectionMode,
  Stack,
  Text,
  ThemeProvider,
} from "@fluentui/react";
import { type SaveOutcome, type Suppression } from "../data-access";
import { type Category, countByFilter, type Filter, FILTERS, filterRows, groupRows, hasSeveralAccounts, type PreferenceRow } from "../mapping";
import { format, type StringKey, type Strings } from "../strings";
import { EditDialog } from "./edit-dialog";
import { buildColumns, type DisplayRow } from "./grid-columns";

/** Everything the grid shows, as plain values: the lifecycle adapter builds it from the PCF context. */
export interface PreferencesGridProps {
  readonly rows: readonly PreferenceRow[];
  readonly categories: ReadonlyMap<string, Category>;
  readonly strings: Strings;
  /** The form is read-only or the user cannot write subscriptions. */
  readonly readOnly: boolean;
  /** Phone or a narrow column: one stacked column per row. */
  readonly compact: boolean;
  readonly loading: boolean;
  /** Why the dataset could not load; empty when it did. */
  readonly loadError: string;
  /** More subscriptions exist than the page the host returned. */
  readonly hasMore: boolean;
  readonly suppression: Suppression | null;
  readonly theme: PartialTheme | undefined;
  readonly onSave: (ids: readonly string[], optedIn: boolean) => Promise<SaveOutcome>;
  readonly onRefresh: () => void;
}

const FILTER_KEYS: Readonly<Record<Filter, StringKey>> = {
  all: "Filter_All",
  optedIn: "Filter_OptedIn",
  optedOut: "Filter_OptedOut",
  private: "Filter_Private",
  public: "Filter_Public",
};

interface LastSave {
  readonly total: number;
  readonly saved: number;
  readonly failures: readonly { readonly name: string; readonly message: string }[];
  readonly errors: ReadonlyMap<string, string>;
}

const NO_ERRORS: ReadonlyMap<string, string> = new Map();

// On a phone the five filters wrap onto a second line rather than widen the page.
const WRAP_TABS = { root: { display: "flex", flexWrap: "wrap" } } as const;

function isFilter(key: string | undefined): key is Filter {
  return FILTERS.includes(key as Filter);
}

export const PreferencesGrid = React.memo(function PreferencesGrid(props: PreferencesGridProps): React.ReactElement {
  const { rows, categories, strings: s, readOnly, compact, loading, loadError, hasMore, suppression, theme, onSave, onRefresh } = props;
  const [filter, setFilter] = React.useState<Filter>("all");
  const [search, setSearch] = React.useState("");
  const [selectedIds, setSelectedIds] = React.useState<readonly string[]>([]);
  const [dialogOpen, setDialogOpen] = React.useState(false);
  const [saving, setSaving] = React.useState(false);
  const [lastSave, setLastSave] = React.useState<LastSave | null>(null);
  const [collapsed, setCollapsed] = React.useState<ReadonlySet<string>>(new Set());

  const selection = React.useMemo(() => {
    // Fluent's DetailsList types its selection over IObjectWithKey; the keys are the subscription ids.
    const sel: Selection = new Selection({
      getKey: (row) => (row as DisplayRow).id,
      // Fluent reports a "change" whenever the items change (each filter switch); keep the state when
      // the selected ids are the same, which saves a second render of the whole list.
      onSelectionChanged: () => {
        const next = sel.getSelection().map((r) => (r as DisplayRow).id);
        setSelectedIds((prev) => (prev.length === next.length && prev.every((id, i) => id === next[i]) ? prev : next));
      },
    });
    return sel;
  }, []);

  const counts = React.useMemo(() => countByFilter(rows), [rows]);
  const showAccount = React.useMemo(() => hasSeveralAccounts(rows), [rows]);
  const errors = lastSave?.errors ?? NO_ERRORS;
  const view = React.useMemo(() => {
    const grouped = groupRows(filterRows(rows, filter, search, categories), categories, s.Group_Uncategorised);
    // Rows only become new objects when a save failed: unchanged items let Fluent skip their re-render.
    const items: readonly DisplayRow[] = errors.size === 0 ? grouped.items : grouped.items.map((r) => ({ ...r, saveError: errors.get(r.id) ?? "" }));
    const groups: IGroup[] = grouped.groups.map((g) => ({ key: g.key, name: g.name, startIndex: g.startIndex, count: g.count, level: 0, isCollapsed: collapsed.has(g.key) }));
    return { items, groups };
  }, [rows, filter, search, categories, s, errors, collapsed]);
  const columns = React.useMemo(() => buildColumns(s, compact, showAccount), [s, compact, showAccount]);

  const selectedRows = React.useMemo(() => rows.filter((r) => selectedIds.includes(r.id)), [rows, selectedIds]);
  const initialStatus = selectedRows.length > 0 && selectedRows.every((r) => r.optedIn === selectedRows[0]?.optedIn) ? (selectedRows[0]?.optedIn ?? null) : null;

  const onLinkClick = React.useCallback((item?: PivotItem) => {
    const key = item?.props.itemKey;
    if (isFilter(key)) setFilter(key);
  }, []);
  const onSearch = React.useCallback((_e?: React.ChangeEvent<HTMLInputElement>, value?: string) => setSearch(value ?? ""), []);
  const openDialog = React.useCallback(() => setDialogOpen(true), []);
  const closeDialog = React.useCallback(() => setDialogOpen(false), []);
  const toggleGroup = React.useCallback((group: IGroup) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(group.key)) next.delete(group.key);
      else next.add(group.key);
      return next;
    });
  }, []);

  const save = React.useCallback(
    (optedIn: boolean) => {
      const ids = [...selectedIds];
      const names = new Map(rows.map((r) => [r.id, r.publicName]));
      setSaving(true);
      void onSave(ids, optedIn)
        .then((outcome) => {
          setLastSave({
            total: ids.length,
            saved: outcome.saved.length,
            failures: outcome.failed.map((f) => ({ name: names.get(f.id) ?? f.id, message: f.message })),
            errors: new Map(outcome.failed.map((f) => [f.id, f.message])),
          });
          // The rows that failed stay selected, ready for another try.
          selection.setChangeEvents(false);
          selection.setAllSelected(false);
          for (const f of outcome.failed) selection.setKeySelected(f.id, true, false);
          selection.setChangeEvents(true);
        })
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : s.Save_UnknownError;
          setLastSave({ total: ids.length, saved: 0, failures: ids.map((id) => ({ name: names.get(id) ?? id, message })), errors: new Map(ids.map((id) => [id, message])) });
        })
        .finally(() => {
          setSaving(false);
          setDialogOpen(false);
        });
    },
    [selectedIds, rows, onSave, selection, s],
  );

  const emptyText = rows.length === 0 ? null : view.items.length === 0 ? s.Empty_NoMatch : null;

  return (
    <ThemeProvider {...(theme ? { theme } : {})}>
      <Stack tokens={{ childrenGap: 8 }}>
        {suppression?.suppressed ? (
          <MessageBar messageBarType={MessageBarType.severeWarning} isMultiline>
            {format(s.Suppressed_Warning, suppression.reasons.length > 0 ? suppression.reasons.join(", ") : s.Suppressed_NoReason)}
          </MessageBar>
        ) : null}
        {loadError ? (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {format(s.Load_Error, loadError)}
          </MessageBar>
        ) : null}
        {readOnly ? <MessageBar messageBarType={MessageBarType.info}>{s.ReadOnly_Notice}</MessageBar> : null}
        {lastSave && lastSave.failures.length === 0 ? (
          <MessageBar messageBarType={MessageBarType.success} onDismiss={() => setLastSave(null)} dismissButtonAriaLabel={s.Dialog_Cancel}>
            {format(s.Save_Success, lastSave.saved)}
          </MessageBar>
        ) : null}
        {lastSave && lastSave.failures.length > 0 ? (
          <MessageBar messageBarType={MessageBarType.error} isMultiline onDismiss={() => setLastSave(null)} dismissButtonAriaLabel={s.Dialog_Cancel}>
            <div>{format(s.Save_PartialFailure, lastSave.failures.length, lastSave.total)}</div>
            <ul>
              {lastSave.failures.map((f, i) => (
                <li key={i}>{`${f.name}: ${f.message}`}</li>
              ))}
            </ul>
          </MessageBar>
        ) : null}

        <Stack horizontal={!compact} wrap tokens={{ childrenGap: 8 }} verticalAlign="center">
          <Pivot aria-label={s.Filter_AriaLabel} headersOnly selectedKey={filter} onLinkClick={onLinkClick} {...(compact ? { styles: WRAP_TABS } : {})}>
            {FILTERS.map((f) => (
              <PivotItem key={f} itemKey={f} headerText={s[FILTER_KEYS[f]]} itemCount={counts[f]} />
            ))}
          </Pivot>
          <Stack.Item grow>
            <SearchBox placeholder={s.Search_Placeholder} ariaLabel={s.Search_AriaLabel} value={search} onChange={onSearch} />
          </Stack.Item>
          <Stack horizontal tokens={{ childrenGap: 4 }}>
            {readOnly ? null : <ActionButton text={s.Command_Edit} disabled={selectedIds.length === 0} onClick={openDialog} />}
            <ActionButton text={s.Command_Refresh} onClick={onRefresh} disabled={loading} />
          </Stack>
        </Stack>

        {hasMore ? <MessageBar messageBarType={MessageBarType.info}>{format(s.More_Rows, rows.length)}</MessageBar> : null}

        {rows.length === 0 && !loading && !loadError ? (
          <div role="status">
            <Text block variant="large">
              {s.Empty_Title}
            </Text>
            <Text block>{s.Empty_Body}</Text>
          </div>
        ) : (
          <DetailsList
            items={view.items as DisplayRow[]}
            groups={view.groups}
            columns={columns}
            setKey="subscriptions"
            selection={selection}
            selectionMode={readOnly ? SelectionMode.none : SelectionMode.multiple}
            checkboxVisibility={readOnly ? CheckboxVisibility.hidden : CheckboxVisibility.always}
            selectionPreservedOnEmptyClick
            layoutMode={DetailsListLayoutMode.justified}
            constrainMode={ConstrainMode.unconstrained}
            compact={compact}
            useReducedRowRenderer
            isHeaderVisible={!compact}
            ariaLabelForGrid={s.Grid_AriaLabel}
            ariaLabelForSelectionColumn={s.Selection_ColumnAriaLabel}
            ariaLabelForSelectAllCheckbox={s.Selection_AllAriaLabel}
            checkButtonAriaLabel={s.Selection_ColumnAriaLabel}
            checkButtonGroupAriaLabel={s.Selection_GroupAriaLabel}
            groupProps={{ showEmptyGroups: false, headerProps: { onToggleCollapse: toggleGroup, expandButtonProps: { "aria-label": s.Group_ToggleAriaLabel } } }}
          />
        )}
        {emptyText ? (
          <Text block role="status">
            {emptyText}
          </Text>
        ) : null}

        <EditDialog open={dialogOpen} count={selectedIds.length} initial={initialStatus} saving={saving} strings={s} onSave={save} onDismiss={closeDialog} />
      </Stack>
    </ThemeProvider>
  );
});
