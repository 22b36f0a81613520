// Everything a page or a test needs to run the grid without Dataverse: the store, the subgrid's
// dataset over it and the form's context, wired together.
import { subscription, type RecordTable } from "@mps/model";
import { createHostContext, type HostContext, type HostContextOptions } from "./host-context";
import { HostDataSet } from "./host-dataset";
import { InMemoryDataverse, type InMemoryDataverseOptions, type Row } from "./in-memory-dataverse";
import { DEMO_CONTACT_ID } from "./demo-seed";
import { StoreSubscriptionSource } from "./store-source";

/** The columns a typical "Active Marketing Preference Subscriptions" subgrid view shows. */
export const DEFAULT_VIEW_COLUMNS = ["mps_name", "mps_marketingpreferenceid", "mps_optedin"] as const;

export interface InMemoryHostOptions extends Omit<HostContextOptions, "dataset" | "webAPI" | "record">, InMemoryDataverseOptions {
  readonly seed: Readonly<Record<string, readonly Row[]>>;
  readonly record?: { readonly entityTypeName: RecordTable; readonly entityId: string };
  readonly viewColumns?: readonly string[];
}

export interface InMemoryHost extends HostContext {
  readonly store: InMemoryDataverse;
  readonly dataset: HostDataSet;
}

export function createInMemoryHost(options: InMemoryHostOptions): InMemoryHost {
  const record = options.record ?? { entityTypeName: "contact", entityId: DEMO_CONTACT_ID };
  const store = new InMemoryDataverse(options.seed, options);
  const dataset = new HostDataSet(new StoreSubscriptionSource(store, record.entityTypeName, record.entityId), {
    targetEntity: subscription.logicalName,
    viewColumns: options.viewColumns ?? DEFAULT_VIEW_COLUMNS,
  });
  const host = createHostContext({ ...options, dataset, webAPI: store, record });
  return { ...host, store, dataset };
}
