import { eqString, filterGuid, inStrings, keySegment } from "./odata";

describe("OData literals", () => {
  it("doubles single quotes so o'brien cannot end the literal early", () => {
    expect(eqString("emailaddress1", "o'brien+news@example.com")).toBe("emailaddress1 eq 'o''brien+news@example.com'");
  });

  it("puts apostrophe values of In() in double quotes and the rest in single quotes", () => {
    expect(inStrings("mps_emailaddress", ["a@x.com", "o'b@x.com"])).toBe(
      `Microsoft.Dynamics.CRM.In(PropertyName='mps_emailaddress',PropertyValues=['a@x.com',"o'b@x.com"])`,
    );
  });

  it("URL-encodes alternate key values, including + and @", () => {
    expect(keySegment({ mps_key: "acc|7|contact|o'b+1@x.com" })).toBe("mps_key='acc%7C7%7Ccontact%7Co''b%2B1%40x.com'");
  });

  it("refuses a GUID literal that is not a GUID instead of building a broken filter", () => {
    expect(() => filterGuid("1 eq 1) or (1")).toThrow("is not a GUID");
  });
});
