import { allChoices, allTables, customTables, OPTION_VALUE_PREFIX, tableByLogicalName } from "./index";

describe("the data model", () => {
  it("gives every choice value from the publisher's prefix, without gaps or repeats", () => {
    for (const c of allChoices) {
      expect(c.options.map((o) => o.value)).toEqual(c.options.map((_, i) => OPTION_VALUE_PREFIX + i));
    }
  });

  it("points every lookup at a table of the model", () => {
    for (const t of allTables) {
      for (const [name, col] of Object.entries(t.columns)) {
        if (col.type === "lookup") expect({ column: `${t.logicalName}.${name}`, target: tableByLogicalName(col.target)?.logicalName }).toEqual({ column: `${t.logicalName}.${name}`, target: col.target });
      }
    }
  });

  it("prefixes every custom table and column with mps_ and builds alternate keys from real columns", () => {
    for (const t of customTables) {
      expect(t.logicalName.startsWith("mps_")).toBe(true);
      for (const name of Object.keys(t.columns)) expect(name.startsWith("mps_")).toBe(true);
      expect(Object.keys(t.columns)).toContain(t.primaryIdColumn);
      expect(Object.keys(t.columns)).toContain(t.primaryNameColumn);
      for (const k of t.alternateKeys) for (const c of k.columns) expect(Object.keys(t.columns)).toContain(c);
    }
  });
});
