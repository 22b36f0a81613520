// The lifecycle adapter: the only file that touches ComponentFramework. It reads the context, asks
// the dataset for the columns it needs, and hands plain props to the memoised React view.
import * as React from "react";
import { type PartialTheme } from "@fluentui/react";
import { marketingPreference, subscription } from "@mps/model";
import { type IInputs, type IOutputs } from "./generated/ManifestTypes";
import { linked, MODIFIED_ON, PREFERENCE_ALIAS, PreferenceColumns, SubscriptionColumns } from "./columns";
import { PreferencesGrid, type PreferencesGridProps } from "./components/preferences-grid";
import { errorMessage, isRecordTable, loadCategories, loadSuppression, saveStatus, type SaveOutcome, type Suppression } from "./data-access";
import { type Category, type PreferenceRow, toRows } from "./mapping";
import { readStrings, type Strings } from "./strings";
import { themeFromDesignLanguage } from "./theme";

type DataSet = ComponentFramework.PropertyTypes.DataSet;

/** PrivilegeType.Write and PrivilegeDepth.Basic (the lowest depth that still allows a write). */
const WRITE = 3;
const BASIC = 0;
const PHONE = 3;
/** Below this width the full table no longer fits: switch to the stacked phone layout. */
const COMPACT_WIDTH = 640;
/** One person rarely has more subscriptions than this; more shows a notice rather than paging. */
const PAGE_SIZE = 5000;

/**
 * `context.mode.contextInfo` is present on model-driven forms but missing from the published typings;
 * it names the record the form shows.
 */
interface ContextInfo {
  readonly entityId?: string;
  readonly entityTypeName?: string;
}

export class MarketingPreferencesGrid implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private context: ComponentFramework.Context<IInputs> | undefined;
  private categories: ReadonlyMap<string, Category> = new Map();
  private suppression: Suppression | null = null;
  private sideDataError = "";
  private destroyed = false;
  private rowsCache: { ids: readonly string[]; records: DataSet["records"]; rows: readonly PreferenceRow[] } | undefined;
  // Strings and theme keep their identity between updateViews, so the memoised view does not re-render
  // for a resize or an unrelated property change.
  private strings: Strings | undefined;
  private themeCache: { source: ComponentFramework.FluentDesignState | undefined; theme: PartialTheme | undefined } | undefined;

  public init(context: ComponentFramework.Context<IInputs>, _notifyOutputChanged: () => void, _state: ComponentFramework.Dictionary): void {
    this.context = context;
    context.mode.trackContainerResize(true);
    const dataset = context.parameters.subscriptions;
    if (this.requestColumns(dataset)) dataset.refresh();
    void this.loadSideData(context);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    this.context = context;
    return React.createElement(PreferencesGrid, this.buildProps(context));
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    this.destroyed = true;
  }

  /**
   * The subgrid's view decides its columns; the grid needs more (the preference's names, order,
   * category and visibility live on the linked mps_marketingpreference). Adding them to the query here
   * means any view works. Returns whether the query changed and needs a refresh.
   */
  private requestColumns(dataset: DataSet): boolean {
    let changed = false;
    const has = (name: string): boolean => dataset.columns.some((c) => c.name === name);
    dataset.linking.addLinkedEntity({
      name: marketingPreference.logicalName,
      from: PreferenceColumns.id,
      to: SubscriptionColumns.preference,
      linkType: "outer",
      alias: PREFERENCE_ALIAS,
    });
    for (const column of [...Object.values(SubscriptionColumns), MODIFIED_ON]) {
      if (!has(column)) {
        dataset.addColumn?.(column);
        changed = true;
      }
    }
    for (const column of [PreferenceColumns.privateName, PreferenceColumns.publicName, PreferenceColumns.isPublic, PreferenceColumns.order, PreferenceColumns.category]) {
      if (!has(linked(column))) {
        dataset.addColumn?.(column, PREFERENCE_ALIAS);
        changed = true;
      }
    }
    if (dataset.paging.pageSize < PAGE_SIZE) {
      dataset.paging.setPageSize(PAGE_SIZE);
      changed = true;
    }
    return changed;
  }

  private async loadSideData(context: ComponentFramework.Context<IInputs>): Promise<void> {
    const info = (context.mode as ComponentFramework.Mode & { contextInfo?: ContextInfo }).contextInfo;
    const table = info?.entityTypeName ?? "";
    const id = info?.entityId ?? "";
    const unknown = context.resources.getString("Save_UnknownError");
    const [categories, suppression] = await Promise.allSettled([
      loadCategories(context.webAPI),
      isRecordTable(table) && id !== "" ? loadSuppression(context.webAPI, table, id) : Promise.resolve(null),
    ]);
    if (this.destroyed) return;
    if (categories.status === "fulfilled") this.categories = categories.value;
    if (suppression.status === "fulfilled") this.suppression = suppression.value;
    const failure = [categories, suppression].find((r) => r.status === "rejected");
    this.sideDataError = failure ? errorMessage(failure.reason, unknown) : "";
    context.factory.requestRender();
  }

  private rows(dataset: DataSet): readonly PreferenceRow[] {
    // updateView runs for resizes and other properties too; map the records only when they changed.
    const cache = this.rowsCache;
    if (cache && cache.ids === dataset.sortedRecordIds && cache.records === dataset.records) return cache.rows;
    const rows = toRows(dataset.sortedRecordIds, dataset.records);
    this.rowsCache = { ids: dataset.sortedRecordIds, records: dataset.records, rows };
    return rows;
  }

  private theme(source: ComponentFramework.FluentDesignState | undefined): PartialTheme | undefined {
    const cached = this.themeCache;
    if (cached && cached.source === source) return cached.theme;
    const theme = themeFromDesignLanguage(source);
    this.themeCache = { source, theme };
    return theme;
  }

  private canWrite(context: ComponentFramework.Context<IInputs>): boolean {
    if (context.mode.isControlDisabled) return false;
    return context.utils.hasEntityPrivilege(subscription.logicalName, WRITE, BASIC);
  }

  private readonly onSave = async (ids: readonly string[], optedIn: boolean): Promise<SaveOutcome> => {
    const context = this.context;
    if (!context) return { saved: [], failed: ids.map((id) => ({ id, message: "not initialised" })) };
    const outcome = await saveStatus(context.webAPI, ids, optedIn, context.resources.getString("Save_UnknownError"));
    if (outcome.saved.length > 0) context.parameters.subscriptions.refresh();
    return outcome;
  };

  private readonly onRefresh = (): void => {
    const context = this.context;
    if (!context) return;
    context.parameters.subscriptions.refresh();
    void this.loadSideData(context);
  };

  private buildProps(context: ComponentFramework.Context<IInputs>): PreferencesGridProps {
    const dataset = context.parameters.subscriptions;
    const width = context.mode.allocatedWidth;
    return {
      rows: this.rows(dataset),
      categories: this.categories,
      strings: (this.strings ??= readStrings((key) => context.resources.getString(key))),
      readOnly: !this.canWrite(context),
      compact: context.client.getFormFactor() === PHONE || (width > 0 && width < COMPACT_WIDTH),
      loading: dataset.loading,
      loadError: dataset.error ? dataset.errorMessage || context.resources.getString("Save_UnknownError") : this.sideDataError,
      hasMore: dataset.paging.hasNextPage,
      suppression: this.suppression,
      theme: this.theme(context.fluentDesignLanguage),
      onSave: this.onSave,
      onRefresh: this.onRefresh,
    };
  }
}
