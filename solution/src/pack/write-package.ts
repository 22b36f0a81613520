import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { ZipFile } from "yazl";
import { type PackagePlan } from "./types";

// A fixed local-time date and DOS-only timestamps: the same plan gives byte-identical zips
// whatever the clock or time zone (yazl's extended timestamp field would carry UTC seconds).
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/** Writes the plan's entries, in plan order, to `outFile`. */
export function writePackage(plan: PackagePlan, outFile: string): Promise<void> {
  mkdirSync(dirname(outFile), { recursive: true });
  const zip = new ZipFile();
  for (const f of plan.files) zip.addBuffer(Buffer.from(f.bytes), f.path, { mtime: FIXED_MTIME, mode: 0o100644, compress: true, forceDosTimestamp: true });
  zip.end();
  return new Promise((resolve, reject) => {
    const out = createWriteStream(outFile);
    out.on("close", () => resolve());
    out.on("error", reject);
    zip.outputStream.on("error", reject).pipe(out);
  });
}
