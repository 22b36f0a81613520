import { toSolutionVersion } from "./paths";

describe("toSolutionVersion", () => {
  it("turns the package.json x.y.z into Dataverse's four-part version", () => {
    expect(toSolutionVersion("1.4.2")).toBe("1.4.2.0");
    expect(toSolutionVersion("1.4.2-beta.1")).toBe("1.4.2.0");
  });

  it("refuses a version Dataverse cannot read, saying what to set", () => {
    expect(() => toSolutionVersion("next")).toThrow(/x\.y\.z/);
  });
});
