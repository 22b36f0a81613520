// `npm run pack -w @mps/solution` (and the tail of the root `npm run build`): writes both zips to dist/.
import { join } from "node:path";
import { planPackage } from "../pack/plan-package";
import { DIST_DIR, readRootVersion } from "../pack/paths";
import { MissingBuildError, readPackageSource } from "../pack/read-source";
import { writePackage } from "../pack/write-package";

async function main(): Promise<void> {
  const version = readRootVersion();
  const source = readPackageSource();
  for (const managed of [false, true]) {
    const plan = planPackage(source, version, managed);
    const out = join(DIST_DIR, plan.fileName);
    await writePackage(plan, out);
    process.stdout.write(`solution: wrote dist/${plan.fileName} (${plan.files.length} files)\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`solution: ${err instanceof MissingBuildError ? "" : "pack failed: "}${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
