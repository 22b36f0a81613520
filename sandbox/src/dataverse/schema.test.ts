import { allTables, emailAccount, lookupValueProperty, marketingPreference, navigationPropertyOf, subscription } from "@mps/model";
import { buildSchema } from "./schema";

describe("entity sets come from the model", () => {
  it("has one entity set per model table, with the model's columns and keys", () => {
    const schema = buildSchema();
    for (const table of allTables) {
      const set = schema.byEntitySet(table.entitySetName);
      expect(set?.logicalName).toBe(table.logicalName);
      for (const column of Object.keys(table.columns)) expect(set?.columns.has(column)).toBe(true);
    }
    expect(schema.byLogicalName(subscription.logicalName)?.table.alternateKeys).toBe(subscription.alternateKeys);
  });

  it("names every lookup's navigation and value properties by the model's rule", () => {
    const schema = buildSchema();
    let lookups = 0;
    for (const table of allTables) {
      for (const lookup of schema.byLogicalName(table.logicalName)?.lookups.values() ?? []) {
        expect(lookup.navigationProperty).toBe(navigationPropertyOf(lookup.column));
        expect(lookup.valueProperty).toBe(lookupValueProperty(lookup.column));
        lookups++;
      }
    }
    expect(lookups).toBeGreaterThan(10);
    expect(schema.byLogicalName(marketingPreference.logicalName)?.lookupsByNavigation.get(navigationPropertyOf("mps_emailaccountid"))?.target).toBe(emailAccount.logicalName);
  });

  it("names the webhook step's polymorphic handler as the platform does", () => {
    expect(buildSchema().byLogicalName("sdkmessageprocessingstep")?.lookups.get("eventhandler")?.navigationProperty).toBe("eventhandler_serviceendpoint");
  });
});
