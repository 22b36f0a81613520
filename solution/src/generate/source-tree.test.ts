import { readLayout } from "../pack/read-source";
import { readRootVersion } from "../pack/paths";
import { generateSource } from "./source-tree";

describe("the committed solution source", () => {
  it("is exactly what the generator writes from @mps/model (run `npm run generate -w @mps/solution` if not)", () => {
    const generated = generateSource(readRootVersion());
    const committed = readLayout();
    expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [path, xml] of generated) expect({ path, xml: Buffer.from(committed.get(path) ?? []).toString("utf8") }).toEqual({ path, xml });
  });

  it("generates the same bytes twice (stable ids, stable order)", () => {
    expect([...generateSource("1.2.3.0")]).toEqual([...generateSource("1.2.3.0")]);
  });
});
