// A dataset property as a model-driven subgrid hands it to a control: records keyed by id, the view's
// columns plus those the control adds (linked ones as `<alias>.<column>`), paging, refresh. The rows
// come from a SubscriptionSource, so the same dataset runs on the in-memory store (tests, demo) or on
// a real Dataverse (a source that fetches).

/** One record as the source delivers it: raw values and the host's formatted text per column key. */
export interface HostRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly formatted: Readonly<Record<string, string>>;
}

export interface SubscriptionSource {
  load(): Promise<readonly HostRecord[]>;
}

type Column = ComponentFramework.PropertyHelper.DataSetApi.Column;
type EntityRecord = ComponentFramework.PropertyHelper.DataSetApi.EntityRecord;

export interface HostDataSetOptions {
  readonly targetEntity: string;
  /** The subgrid view's columns (the control may add more). */
  readonly viewColumns: readonly string[];
  readonly pageSize?: number;
  readonly title?: string;
}

class HostEntityRecord implements EntityRecord {
  public constructor(
    private readonly record: HostRecord,
    private readonly entityType: string,
    private readonly visible: ReadonlySet<string>,
  ) {}

  public getRecordId(): string {
    return this.record.id;
  }

  public getValue(columnName: string): ReturnType<EntityRecord["getValue"]> {
    // Like the platform, a column the query did not ask for has no value.
    if (!this.visible.has(columnName)) return null as unknown as string;
    return (this.record.values[columnName] ?? null) as ReturnType<EntityRecord["getValue"]>;
  }

  public getFormattedValue(columnName: string): string {
    if (!this.visible.has(columnName)) return "";
    return this.record.formatted[columnName] ?? "";
  }

  public getNamedReference(): ComponentFramework.EntityReference {
    return { id: { guid: this.record.id }, etn: this.entityType, name: "" };
  }
}

export class HostDataSet implements ComponentFramework.PropertyTypes.DataSet {
  public columns: Column[];
  public error = false;
  public errorMessage = "";
  public loading = false;
  public records: Record<string, EntityRecord> = {};
  public sortedRecordIds: string[] = [];
  public sorting: ComponentFramework.PropertyHelper.DataSetApi.SortStatus[] = [];
  public readonly linkedEntities: ComponentFramework.PropertyHelper.DataSetApi.LinkEntityExposedExpression[] = [];
  public refreshCount = 0;
  private selected: string[] = [];
  private all: readonly HostRecord[] = [];
  private pageSize: number;
  private readonly listeners = new Set<() => void>();

  public constructor(
    private readonly source: SubscriptionSource,
    private readonly options: HostDataSetOptions,
  ) {
    this.columns = options.viewColumns.map((name, i) => ({ name, displayName: name, dataType: "SingleLine.Text", alias: name, order: i, visualSizeFactor: 1 }));
    this.pageSize = options.pageSize ?? 25;
  }

  /** Called after each load; the host re-renders the control (the platform's updateView). */
  public onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  public addColumn = (name: string, entityAlias?: string): void => {
    const key = entityAlias ? `${entityAlias}.${name}` : name;
    if (this.columns.some((c) => c.name === key)) return;
    this.columns.push({ name: key, displayName: key, dataType: "SingleLine.Text", alias: key, order: this.columns.length, visualSizeFactor: 1 });
  };

  public readonly filtering: ComponentFramework.PropertyHelper.DataSetApi.Filtering = {
    getFilter: () => ({ conditions: [], filterOperator: 0 }),
    setFilter: () => undefined,
    clearFilter: () => undefined,
  };

  public readonly linking: ComponentFramework.PropertyHelper.DataSetApi.Linking = {
    getLinkedEntities: () => [...this.linkedEntities],
    addLinkedEntity: (expression) => {
      if (!this.linkedEntities.some((e) => e.alias === expression.alias)) this.linkedEntities.push(expression);
    },
  };

  public get paging(): ComponentFramework.PropertyHelper.DataSetApi.Paging {
    const total = this.all.length;
    return {
      totalResultCount: total,
      firstPageNumber: 1,
      lastPageNumber: Math.max(1, Math.ceil(total / this.pageSize)),
      pageSize: this.pageSize,
      hasNextPage: total > this.pageSize,
      hasPreviousPage: false,
      loadNextPage: () => undefined,
      loadPreviousPage: () => undefined,
      reset: () => undefined,
      setPageSize: (size: number) => {
        this.pageSize = size;
      },
      loadExactPage: () => undefined,
    };
  }

  /** Loads from the source (the platform does this after init and on refresh). */
  public refresh(): void {
    this.refreshCount++;
    this.loading = true;
    this.emit();
    this.source.load().then(
      (records) => {
        this.all = records;
        this.error = false;
        this.errorMessage = "";
        this.apply();
      },
      (error: unknown) => {
        this.error = true;
        this.errorMessage = typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error);
        this.loading = false;
        this.emit();
      },
    );
  }

  private apply(): void {
    const visible = new Set(this.columns.map((c) => c.name));
    const page = this.all.slice(0, this.pageSize);
    const records: Record<string, EntityRecord> = {};
    for (const r of page) records[r.id] = new HostEntityRecord(r, this.options.targetEntity, visible);
    // New objects on each load, as the platform does: the control compares identities to skip work.
    this.records = records;
    this.sortedRecordIds = page.map((r) => r.id);
    this.loading = false;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  public clearSelectedRecordIds(): void {
    this.selected = [];
  }
  public getSelectedRecordIds(): string[] {
    return [...this.selected];
  }
  public setSelectedRecordIds(ids: string[]): void {
    this.selected = [...ids];
  }
  public getTargetEntityType(): string {
    return this.options.targetEntity;
  }
  public getTitle(): string {
    return this.options.title ?? "";
  }
  public getViewId(): string {
    return "00000000-0000-0000-0000-000000000000";
  }
  public openDatasetItem(): void {
    throw new Error("HostDataSet: openDatasetItem is not supported by the harness.");
  }
}
