// `npm run generate -w @mps/solution`: rewrites the generated XML layout under solution/src.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LAYOUT_FOLDERS, generateSource } from "../generate/source-tree";
import { readRootVersion, SOURCE_DIR } from "../pack/paths";

const files = generateSource(readRootVersion());
for (const folder of LAYOUT_FOLDERS) rmSync(join(SOURCE_DIR, folder), { recursive: true, force: true });
for (const [path, xml] of files) {
  const full = join(SOURCE_DIR, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, xml);
}
process.stdout.write(`solution: wrote ${files.size} files under solution/src\n`);
