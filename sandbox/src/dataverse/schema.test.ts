import { allTables, emailAccount, marketingPreference, subscription } from "@mps/model";
import { buildSchema, lookupSchemaName } from "./schema";

describe("navigation property names", () => {
  it("follow the schema-name rule: prefix kept, display-name words and the trailing Id capitalised", () => {
    expect(lookupSchemaName("mps_emailaccountid", "Email Account")).toBe("mps_EmailAccountId");
    expect(lookupSchemaName("mps_parentcategoryid", "Category")).toBe("mps_ParentCategoryId");
    expect(lookupSchemaName("mps_syncrunid", "Sync Run")).toBe("mps_SyncRunId");
    expect(lookupSchemaName("sdkmessageid", "Sdk Message")).toBe("sdkmessageid");
  });

  it("lower-case back to the logical name for every lookup of the model, so they can never point at another column", () => {
    const schema = buildSchema();
    for (const table of allTables) {
      const set = schema.byLogicalName(table.logicalName);
      for (const lookup of set?.lookups.values() ?? []) expect(lookup.navigationProperty.toLowerCase()).toBe(lookup.column);
    }
  });
});

describe("entity sets come from the model", () => {
  it("has one entity set per model table, with the model's columns and keys", () => {
    const schema = buildSchema();
    for (const table of allTables) {
      const set = schema.byEntitySet(table.entitySetName);
      expect(set?.logicalName).toBe(table.logicalName);
      for (const column of Object.keys(table.columns)) expect(set?.columns.has(column)).toBe(true);
    }
    expect(schema.byLogicalName(subscription.logicalName)?.table.alternateKeys).toBe(subscription.alternateKeys);
    expect(schema.byLogicalName(marketingPreference.logicalName)?.lookupsByNavigation.get("mps_EmailAccountId")?.target).toBe(emailAccount.logicalName);
  });
});
