import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MissingBuildError, PCF_BUILD_COMMAND, readControl, readWebResources, WEBRESOURCES_BUILD_COMMAND } from "./read-source";

describe("packing without the builds", () => {
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), "mps-empty-"));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("names the missing PCF build and the command that makes it", () => {
    expect(() => readControl(empty)).toThrow(MissingBuildError);
    expect(() => readControl(empty)).toThrow(PCF_BUILD_COMMAND);
  });

  it("names the missing web resource build and the command that makes it", () => {
    expect(() => readWebResources(empty)).toThrow(MissingBuildError);
    expect(() => readWebResources(empty)).toThrow(WEBRESOURCES_BUILD_COMMAND);
  });
});
