import { allChoices, allTables, OPTION_VALUE_PREFIX, publisher, subscription } from "@mps/model";
import { emailAccountHandlers, gridControl, gridControlName } from "../definitions/components";
import { ComponentType } from "../generate/solution-xml";
import { packageFixture, textOfFile, xmlOf } from "../testing/package-fixture";
import { attr, child, childrenNamed, childrenOf, descendants, tagOf, textOf, type XmlNode } from "../xml/node";

// The first call may build the PCF control and web resources (never faked): allow for it.
beforeAll(() => {
  packageFixture();
}, 300_000);

function fixtureDocs() {
  const { unmanaged, source } = packageFixture();
  const customizations = xmlOf(unmanaged, "customizations.xml");
  const solution = xmlOf(unmanaged, "solution.xml");
  return { unmanaged, source, customizations, roots: descendants(solution, "RootComponent") };
}
const textIn = (node: XmlNode, name: string): string => {
  const c = child(node, name);
  return c ? textOf(c) : "";
};
const entities = (c: XmlNode): XmlNode[] => childrenNamed(child(c, "Entities") ?? { x: [] }, "Entity");
const entityName = (e: XmlNode): string => textIn(e, "Name").toLowerCase();
const rootKeys = (roots: XmlNode[], type: number): string[] =>
  roots.filter((r) => attr(r, "type") === String(type)).map((r) => (attr(r, "schemaName") ?? attr(r, "id") ?? "").toLowerCase());

describe("root components and packaged components", () => {
  it("every table in customizations.xml is a root component, and every table root component is packaged", () => {
    const { customizations, roots } = fixtureDocs();
    expect(entities(customizations).map(entityName).sort()).toEqual(rootKeys(roots, ComponentType.entity).sort());
  });

  it("every global choice, role, app module and site map is both packaged and a root component", () => {
    const { customizations, roots } = fixtureDocs();
    const optionSets = childrenNamed(child(customizations, "optionsets") ?? { x: [] }, "optionset").map((o) => (attr(o, "Name") ?? "").toLowerCase());
    expect(optionSets.sort()).toEqual(rootKeys(roots, ComponentType.optionSet).sort());
    const roles = childrenNamed(child(customizations, "Roles") ?? { x: [] }, "Role").map((r) => (attr(r, "id") ?? "").toLowerCase());
    expect(roles.sort()).toEqual(rootKeys(roots, ComponentType.role).sort());
    const apps = descendants(child(customizations, "AppModules") ?? { x: [] }, "AppModule").map((a) => textIn(a, "UniqueName").toLowerCase());
    expect(apps).toEqual(rootKeys(roots, ComponentType.appModule));
    const siteMaps = childrenNamed(child(customizations, "AppModuleSiteMaps") ?? { x: [] }, "AppModuleSiteMap").map((s) => textIn(s, "SiteMapUniqueName").toLowerCase());
    expect(siteMaps).toEqual(rootKeys(roots, ComponentType.siteMap));
  });

  it("every form root component is a form in the package (our forms on the standard tables)", () => {
    const { customizations, roots } = fixtureDocs();
    const formIds = new Set(descendants(customizations, "systemform").map((f) => textIn(f, "formid").toLowerCase()));
    const formRoots = rootKeys(roots, ComponentType.systemForm);
    expect(formRoots.length).toBe(3);
    for (const id of formRoots) expect(formIds.has(id)).toBe(true);
  });

  it("every web resource is listed, has its file, and is a root component; every file under WebResources/ is listed", () => {
    const { customizations, roots, unmanaged, source } = fixtureDocs();
    const listed = descendants(customizations, "WebResource");
    expect(listed.map((w) => textIn(w, "Name")).sort()).toEqual(source.webResources.map((w) => w.name).sort());
    for (const w of listed) {
      const file = textIn(w, "FileName").replace(/^\//, "");
      expect(unmanaged.files.some((f) => f.path === file)).toBe(true);
    }
    const files = unmanaged.files.filter((f) => f.path.startsWith("WebResources/")).map((f) => `/${f.path}`);
    expect(files.sort()).toEqual(listed.map((w) => textIn(w, "FileName")).sort());
    expect(rootKeys(roots, ComponentType.webResource).sort()).toEqual(listed.map((w) => textIn(w, "Name").toLowerCase()).sort());
  });

  it("every form library and ribbon command calls a web resource in the package, with a handler the form script defines", () => {
    const { customizations, source } = fixtureDocs();
    const names = new Set(source.webResources.map((w) => w.name));
    const libraries = descendants(customizations, "Library").map((l) => attr(l, "name") ?? "");
    const ribbonLibraries = descendants(customizations, "JavaScriptFunction").map((j) => (attr(j, "Library") ?? "").replace(/^\$webresource:/, ""));
    expect(libraries.length).toBeGreaterThan(0);
    expect(ribbonLibraries).toHaveLength(3);
    for (const l of [...libraries, ...ribbonLibraries]) expect(names.has(l)).toBe(true);
    const script = source.webResources.find((w) => w.name === libraries[0]);
    const body = Buffer.from(script?.bytes ?? []).toString("utf8");
    const handlers = [...descendants(customizations, "Handler").map((h) => attr(h, "functionName") ?? ""), ...descendants(customizations, "JavaScriptFunction").map((j) => attr(j, "FunctionName") ?? "")];
    expect(new Set(handlers)).toEqual(new Set(Object.values(emailAccountHandlers)));
    for (const h of handlers) expect(body).toContain(h.split(".").pop());
    for (const j of descendants(customizations, "JavaScriptFunction")) expect(childrenOf(j).map((p) => attr(p, "Value"))).toEqual(["PrimaryControl"]);
  });
});

describe("the PCF control", () => {
  it("has one name in CustomControl, its folder, the root component and every form's customControl", () => {
    const { customizations, roots, unmanaged } = fixtureDocs();
    expect(gridControlName).toBe(`${publisher.customizationPrefix}_${gridControl.namespace}.${gridControl.constructorName}`);
    const controls = descendants(child(customizations, "CustomControls") ?? { x: [] }, "CustomControl");
    expect(controls.map((c) => textIn(c, "Name"))).toEqual([gridControlName]);
    expect(controls.map((c) => textIn(c, "FileName"))).toEqual([`/Controls/${gridControlName}/ControlManifest.xml`]);
    expect(textOfFile(unmanaged, `Controls/${gridControlName}/ControlManifest.xml`)).toContain(`constructor="${gridControl.constructorName}"`);
    expect(rootKeys(roots, ComponentType.customControl)).toEqual([gridControlName.toLowerCase()]);
    const formControls = descendants(customizations, "customControl").filter((c) => attr(c, "name") !== undefined);
    expect(formControls.length).toBe(9);
    for (const c of formControls) expect(attr(c, "name")).toBe(gridControlName);
  });

  it("each controlDescription points at a subgrid's uniqueid on the same form, with the grid on form factors 0, 1 and 2", () => {
    const { customizations } = fixtureDocs();
    const forms = descendants(customizations, "form");
    const described = forms.filter((f) => descendants(f, "controlDescription").length > 0);
    expect(described).toHaveLength(3);
    for (const form of described) {
      const uniqueIds = new Set(descendants(form, "control").map((c) => attr(c, "uniqueid")).filter(Boolean));
      for (const d of descendants(form, "controlDescription")) {
        expect(uniqueIds.has(attr(d, "forControl"))).toBe(true);
        const pcf = childrenNamed(d, "customControl").filter((c) => attr(c, "name") === gridControlName);
        expect(pcf.map((c) => attr(c, "formFactor"))).toEqual(["0", "1", "2"]);
        for (const c of pcf) expect(descendants(c, "data-set").map((s) => attr(s, "name"))).toEqual([gridControl.dataSetName]);
      }
    }
  });

  it("the Marketing Preferences tab sits on a Contact, a Lead and an Account form, listing subscriptions", () => {
    const { customizations } = fixtureDocs();
    const withTab = entities(customizations).filter((e) => descendants(e, "tab").some((t) => attr(t, "name") === "marketingpreferences"));
    expect(withTab.map(entityName).sort()).toEqual(["account", "contact", "lead"]);
    for (const e of withTab) expect(descendants(e, "TargetEntityType").every((t) => textOf(t) === subscription.logicalName)).toBe(true);
  });
});

describe("references inside customizations.xml", () => {
  it("every lookup's relationship points at a table that exists (ours or a standard one)", () => {
    const { customizations } = fixtureDocs();
    const known = new Set(allTables.map((t) => t.logicalName));
    const rels = descendants(customizations, "EntityRelationship");
    expect(rels.length).toBeGreaterThan(10);
    for (const r of rels) {
      expect(known.has(textIn(r, "ReferencedEntityName").toLowerCase())).toBe(true);
      expect(known.has(textIn(r, "ReferencingEntityName").toLowerCase())).toBe(true);
    }
    const lookups = descendants(customizations, "attribute").filter((a) => textIn(a, "Type") === "lookup");
    const referencing = new Set(rels.map((r) => `${textIn(r, "ReferencingEntityName").toLowerCase()}.${textIn(r, "ReferencingAttributeName")}`));
    for (const e of entities(customizations))
      for (const a of descendants(e, "attribute").filter((x) => lookups.includes(x))) expect(referencing.has(`${entityName(e)}.${textIn(a, "LogicalName")}`)).toBe(true);
  });

  it("every choice value we own is in the publisher's range (717000000 up)", () => {
    const { customizations } = fixtureDocs();
    const globals = descendants(child(customizations, "optionsets") ?? { x: [] }, "option").map((o) => Number(attr(o, "value")));
    expect(globals.length).toBe(allChoices.reduce((n, c) => n + c.options.length, 0));
    for (const v of globals) {
      expect(v).toBeGreaterThanOrEqual(OPTION_VALUE_PREFIX);
      expect(v).toBeLessThan(OPTION_VALUE_PREFIX + 10000);
    }
  });

  it("every view and subgrid names columns and views that exist", () => {
    const { customizations } = fixtureDocs();
    const viewIds = new Set(descendants(customizations, "savedqueryid").map((v) => textOf(v).toLowerCase()));
    for (const v of descendants(customizations, "ViewId")) expect(viewIds.has(textOf(v).toLowerCase())).toBe(true);
    for (const e of entities(customizations)) {
      const table = allTables.find((t) => t.logicalName === entityName(e));
      const columns = new Set([...Object.keys(table?.columns ?? {}), "statecode", "statuscode", "createdon"]);
      for (const cell of descendants(child(e, "SavedQueries") ?? { x: [] }, "cell")) expect(columns.has(attr(cell, "name") ?? "")).toBe(true);
      for (const c of descendants(child(e, "FormXml") ?? { x: [] }, "control").filter((x) => attr(x, "datafieldname"))) expect(columns.has(attr(c, "datafieldname") ?? "")).toBe(true);
    }
  });

  it("the subscription form leads with Status (mps_optedin), the Email Account form runs its onLoad and shows Sync Runs", () => {
    const { customizations } = fixtureDocs();
    const byName = (n: string): XmlNode => entities(customizations).find((e) => entityName(e) === n) ?? { x: [] };
    const firstField = descendants(byName(subscription.logicalName), "control")[0];
    expect(firstField && attr(firstField, "datafieldname")).toBe("mps_optedin");
    const account = byName("mps_emailaccount");
    expect(descendants(account, "event").map((e) => attr(e, "name"))).toEqual(["onload"]);
    expect(descendants(account, "Handler").map((h) => attr(h, "passExecutionContext"))).toEqual(["true"]);
    expect(descendants(account, "TargetEntityType").map(textOf)).toContain("mps_syncrun");
    expect(descendants(account, "Button").map((b) => tagOf(b))).toHaveLength(3);
  });

  it("roles grant privileges on tables that exist, and the app and site map use packaged roles and tables", () => {
    const { customizations } = fixtureDocs();
    const tables = new Set(allTables.map((t) => t.logicalName));
    const privileges = descendants(customizations, "RolePrivilege").map((p) => attr(p, "name") ?? "");
    expect(privileges.length).toBeGreaterThan(30);
    for (const p of privileges) expect({ p, table: tables.has(p.replace(/^prv(Create|Read|Write|Delete|AppendTo|Append|Assign|Share)/, "").toLowerCase()) }).toEqual({ p, table: true });
    const roleIds = new Set(descendants(child(customizations, "Roles") ?? { x: [] }, "Role").map((r) => attr(r, "id")));
    const appRoles = descendants(child(customizations, "AppModules") ?? { x: [] }, "Role").map((r) => attr(r, "id"));
    expect(appRoles.length).toBeGreaterThan(0);
    for (const id of appRoles) expect(roleIds.has(id)).toBe(true);
    const subAreas = descendants(customizations, "SubArea").map((a) => attr(a, "Entity") ?? "");
    expect(subAreas.sort()).toEqual(["mps_emailaccount", "mps_marketingpreference", "mps_preferencechange", "mps_syncrun", "mps_syncschedule"]);
  });
});
