import { childrenOf, descendants, parseXml, toXml } from "../xml/node";
import { packageFixture, textOfFile } from "../testing/package-fixture";
import { validateAgainst } from "../validate/xsd";

// The first call may build the PCF control and web resources (never faked): allow for it.
beforeAll(() => {
  packageFixture();
}, 300_000);

describe("customizations.xml against Microsoft's CustomizationsSolution.xsd", () => {
  it("validates: tables, forms (FormXml), views (FetchXML), ribbon (RibbonCore), site map, roles, web resources, control", async () => {
    const { unmanaged } = packageFixture();
    const result = await validateAgainst("CustomizationsSolution.xsd", textOfFile(unmanaged, "customizations.xml"), "customizations.xml");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("validates the managed package's customizations.xml too", async () => {
    const { managed } = packageFixture();
    expect((await validateAgainst("CustomizationsSolution.xsd", textOfFile(managed, "customizations.xml"))).errors).toEqual([]);
  });

  it("rejects a customizations.xml with a form control the schema does not know (the check can fail)", async () => {
    const { unmanaged } = packageFixture();
    const doc = parseXml(textOfFile(unmanaged, "customizations.xml"));
    const firstCell = descendants(doc, "cell")[0];
    if (!firstCell) throw new Error("no form cell in the package");
    childrenOf(firstCell).push({ notAFormElement: [] });
    const result = await validateAgainst("CustomizationsSolution.xsd", toXml(doc), "broken.xml");
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(/notAFormElement/);
  });

  it("rejects a ribbon button without its required Id (RibbonCore is enforced)", async () => {
    const { unmanaged } = packageFixture();
    const doc = parseXml(textOfFile(unmanaged, "customizations.xml"));
    const button = descendants(doc, "Button")[0];
    if (!button?.[":@"]) throw new Error("no ribbon button in the package");
    delete button[":@"]["@_Id"];
    const result = await validateAgainst("CustomizationsSolution.xsd", toXml(doc), "broken.xml");
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(/Button.*'Id'/);
  });
});
