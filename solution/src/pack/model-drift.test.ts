import { allChoices, allTables, type ColumnDef, type TableDef } from "@mps/model";
import { packageFixture, xmlOf } from "../testing/package-fixture";
import { attr, child, childrenNamed, descendants, textOf, type XmlNode } from "../xml/node";

// The first call may build the PCF control and web resources (never faked): allow for it.
beforeAll(() => {
  packageFixture();
}, 300_000);

const CRM_TYPE: Record<ColumnDef["type"], string> = {
  uniqueidentifier: "primarykey",
  string: "nvarchar",
  memo: "ntext",
  boolean: "bit",
  integer: "int",
  datetime: "datetime",
  choice: "picklist",
  lookup: "lookup",
};
const textIn = (node: XmlNode, name: string): string => {
  const c = child(node, name);
  return c ? textOf(c) : "";
};

/** What the package says about each table: columns with type, requirement and choice. */
function packagedTables(): Map<string, { setName: string; changeTracking: string; audit: string; columns: Map<string, string> }> {
  const c = xmlOf(packageFixture().unmanaged, "customizations.xml");
  const out = new Map<string, { setName: string; changeTracking: string; audit: string; columns: Map<string, string> }>();
  for (const e of childrenNamed(child(c, "Entities") ?? { x: [] }, "Entity")) {
    const entity = descendants(e, "entity")[0];
    const attributes = entity ? childrenNamed(child(entity, "attributes") ?? { x: [] }, "attribute") : [];
    out.set(textIn(e, "Name").toLowerCase(), {
      setName: entity ? textIn(entity, "EntitySetName") : "",
      changeTracking: entity ? textIn(entity, "ChangeTrackingEnabled") : "",
      audit: entity ? textIn(entity, "IsAuditEnabled") : "",
      columns: new Map(
        attributes
          .filter((a) => !["statecode", "statuscode"].includes(textIn(a, "LogicalName")))
          .map((a) => [textIn(a, "LogicalName"), `${textIn(a, "Type")}|${textIn(a, "RequiredLevel")}|${textIn(a, "OptionSetName")}`]),
      ),
    });
  }
  return out;
}

function expectedColumns(table: TableDef): Map<string, string> {
  const cols = Object.entries<ColumnDef>(table.columns).filter(([n]) => table.custom || n.startsWith("mps_"));
  return new Map(
    cols.map(([name, def]) => [
      name,
      `${CRM_TYPE[def.type]}|${def.type === "uniqueidentifier" ? "systemrequired" : def.required === true ? "required" : "none"}|${def.type === "choice" ? def.choice.name : ""}`,
    ]),
  );
}

describe("the packaged data model equals @mps/model", () => {
  it("has exactly the model's tables, each with its columns, types, requirement levels and choices", () => {
    const packaged = packagedTables();
    expect([...packaged.keys()].sort()).toEqual(allTables.map((t) => t.logicalName).sort());
    for (const table of allTables) {
      const p = packaged.get(table.logicalName);
      expect({ table: table.logicalName, columns: Object.fromEntries(p?.columns ?? []) }).toEqual({ table: table.logicalName, columns: Object.fromEntries(expectedColumns(table)) });
    }
  });

  it("custom tables carry the model's entity set name, change tracking and auditing", () => {
    const packaged = packagedTables();
    for (const table of allTables.filter((t) => t.custom)) {
      const p = packaged.get(table.logicalName);
      expect({ table: table.logicalName, setName: p?.setName, changeTracking: p?.changeTracking, audit: p?.audit }).toEqual({
        table: table.logicalName,
        setName: table.entitySetName,
        changeTracking: table.changeTracking ? "1" : "0",
        audit: table.auditing ? "1" : "0",
      });
    }
  });

  it("has exactly the model's global choices with their values and labels", () => {
    const c = xmlOf(packageFixture().unmanaged, "customizations.xml");
    const packaged = childrenNamed(child(c, "optionsets") ?? { x: [] }, "optionset").map((o) => ({
      name: attr(o, "Name"),
      options: descendants(o, "option").map((opt) => ({ value: Number(attr(opt, "value")), label: attr(descendants(opt, "label")[0] ?? { x: [] }, "description") })),
    }));
    expect(packaged.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
      allChoices.map((ch) => ({ name: ch.name, options: ch.options.map((o) => ({ value: o.value, label: o.label })) })).sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it("declares the model's alternate keys", () => {
    const c = xmlOf(packageFixture().unmanaged, "customizations.xml");
    const keys = descendants(c, "EntityKey").map((k) => ({ name: textIn(k, "Name"), columns: descendants(k, "AttributeName").map(textOf) }));
    expect(keys.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      allTables.flatMap((t) => t.alternateKeys.map((k) => ({ name: k.name, columns: [...k.columns] }))).sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
