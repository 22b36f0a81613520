import { z } from "zod";

// The body Dataverse posts to a webhook service endpoint: a Microsoft.Xrm.Sdk.RemoteExecutionContext
// in WCF DataContract JSON (research/dataverse.md §4.4). Its quirks: parameter bags are arrays of
// {key, value}, complex values carry "__type" hints, and dates are "/Date(ms±hhmm)/" strings.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

/** A Dataverse GUID, read case-insensitively and returned lower-case so ids compare with ===. */
export const guidSchema = z
  .string()
  .regex(GUID, { error: "must be a GUID such as 6d81597f-0f9f-e711-8122-000d3aa2331c" })
  .transform((s) => s.toLowerCase());

const WCF_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;

/**
 * A WCF JSON date, "/Date(1506409448000)/" or "/Date(1506409448000-0700)/". The number is
 * milliseconds since the Unix epoch in UTC; the offset only records the sender's local zone, so it
 * does not move the instant.
 */
export function parseWcfDate(text: string): Date | undefined {
  const match = WCF_DATE.exec(text);
  if (match === null) return undefined;
  const date = new Date(Number(match[1]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const wcfDateSchema = z.string().transform((text, ctx) => {
  const date = parseWcfDate(text);
  if (date === undefined) {
    ctx.issues.push({ code: "custom", input: text, message: 'must be a WCF date such as "/Date(1506409448000-0700)/"' });
    return z.NEVER;
  }
  return date;
});

/** One entry of a WCF parameter bag (InputParameters, SharedVariables, Attributes, …). */
export const keyValueSchema = z.object({ key: z.string(), value: z.unknown() });
export const parameterBagSchema = z.array(keyValueSchema);
export type KeyValue = z.infer<typeof keyValueSchema>;

/** The "__type" hint of an EntityReference value. */
export const ENTITY_REFERENCE_TYPE = "EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts";

export const entityReferenceSchema = z.object({
  __type: z.string().optional(),
  Id: guidSchema,
  LogicalName: z.string(),
  Name: z.string().nullable().optional(),
  KeyAttributes: parameterBagSchema.optional(),
  RowVersion: z.string().nullable().optional(),
});
export type EntityReference = z.infer<typeof entityReferenceSchema>;

const contextFields = {
  BusinessUnitId: guidSchema.optional(),
  CorrelationId: guidSchema,
  Depth: z.number().int().min(0),
  InitiatingUserId: guidSchema,
  // Dataverse strips these four when the payload would exceed 256 KB (x-ms-dynamics-msg-size-exceeded).
  InputParameters: parameterBagSchema.optional(),
  PreEntityImages: parameterBagSchema.optional(),
  PostEntityImages: parameterBagSchema.optional(),
  IsExecutingOffline: z.boolean().optional(),
  IsInTransaction: z.boolean().optional(),
  IsOfflinePlayback: z.boolean().optional(),
  IsolationMode: z.number().int().optional(),
  MessageName: z.string().min(1),
  /** 0 synchronous, 1 asynchronous. */
  Mode: z.number().int().min(0).max(1),
  OperationCreatedOn: wcfDateSchema.optional(),
  OperationId: guidSchema,
  OrganizationId: guidSchema,
  OrganizationName: z.string().optional(),
  OutputParameters: parameterBagSchema.optional(),
  OwningExtension: entityReferenceSchema.nullable().optional(),
  PrimaryEntityId: guidSchema,
  PrimaryEntityName: z.string().min(1),
  RequestId: guidSchema.nullable().optional(),
  SecondaryEntityName: z.string().optional(),
  SharedVariables: parameterBagSchema.optional(),
  /** 10 PreValidation, 20 PreOperation, 30 MainOperation, 40 PostOperation. */
  Stage: z.number().int(),
  UserId: guidSchema,
};

export interface RemoteExecutionContext extends z.infer<z.ZodObject<typeof contextFields>> {
  readonly ParentContext?: RemoteExecutionContext | null | undefined;
}

/** The RemoteExecutionContext, with its nested ParentContext (the same shape, or null). */
export const remoteExecutionContextSchema: z.ZodType<RemoteExecutionContext> = z.object({
  ...contextFields,
  get ParentContext(): z.ZodOptional<z.ZodNullable<z.ZodType<RemoteExecutionContext>>> {
    return remoteExecutionContextSchema.nullable().optional();
  },
});

/** The value of `key` in a parameter bag: absent, present once, or ambiguous (listed more than once). */
export function bagValue(bag: readonly KeyValue[], key: string): { readonly kind: "absent" } | { readonly kind: "one"; readonly value: unknown } | { readonly kind: "many" } {
  const found = bag.filter((kv) => kv.key === key);
  if (found.length === 0) return { kind: "absent" };
  if (found.length > 1) return { kind: "many" };
  return { kind: "one", value: found[0]?.value };
}
