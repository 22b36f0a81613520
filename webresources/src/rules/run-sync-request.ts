import { emailAccount, runSyncApi } from "@mps/model";

/** What `Xrm.WebApi.online.execute` needs to call a bound custom API (Client API reference: execute). */
export interface RunSyncRequest {
  readonly entity: { readonly entityType: string; readonly id: string };
  readonly DryRun: boolean;
  getMetadata(): {
    readonly boundParameter: "entity";
    readonly parameterTypes: Readonly<Record<string, { readonly typeName: string; readonly structuralProperty: number }>>;
    /** 0 = Action, 1 = Function, 2 = CRUD. */
    readonly operationType: 0;
    readonly operationName: string;
  };
}

/** StructuralProperty values of the execute metadata: 1 = primitive type, 5 = entity type. */
const PRIMITIVE = 1;
const ENTITY_TYPE = 5;

/** The request that queues a sync (or a dry run) of one Email Account through mps_RunMarketingPreferenceSync. */
export function runSyncRequest(accountId: string, dryRun: boolean): RunSyncRequest {
  // Typed as the literal so this stops compiling if the model renames the parameter.
  const parameter: "DryRun" = runSyncApi.requestParameters[0].uniqueName;
  return {
    entity: { entityType: emailAccount.logicalName, id: accountId },
    [parameter]: dryRun,
    getMetadata: () => ({
      boundParameter: "entity",
      parameterTypes: {
        entity: { typeName: `mscrm.${runSyncApi.boundEntityLogicalName}`, structuralProperty: ENTITY_TYPE },
        [parameter]: { typeName: "Edm.Boolean", structuralProperty: PRIMITIVE },
      },
      operationType: 0,
      operationName: runSyncApi.uniqueName,
    }),
  };
}
