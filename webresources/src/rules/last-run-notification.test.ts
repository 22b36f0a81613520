import { RunResult } from "@mps/model";
import { stringsFor } from "../strings";
import type { SyncRunRow } from "../lib/records";
import { lastRunNotification } from "./last-run-notification";

const at = (iso: string) => `at ${iso}`;
const run = (over: Partial<SyncRunRow>): SyncRunRow => ({ mps_result: RunResult["Partially succeeded"], mps_finishedon: "2026-11-28T10:00:00Z", ...over });

describe("the last run's form notification", () => {
  it("shows the gist of a partly successful run, not its whole problem list", () => {
    const summary = ["Wrote 3 value(s) to Dotdigital for 2 contact(s) and 5 to Dynamics.", "Skipped: 0 suppressed, 0 not eligible; failed: 2.", "Problems (2):", "- contact 1: no email address", "- contact 2: no email address"].join("\n");
    const note = lastRunNotification(run({ mps_summary: summary }), stringsFor(1033), at);
    expect(note?.level).toBe("WARNING");
    expect(note?.message).toContain("failed: 2.");
    expect(note?.message).not.toContain("Problems");
  });

  it("cuts a very long first line so the bar stays one sentence", () => {
    const note = lastRunNotification(run({ mps_result: RunResult.Failed, mps_summary: `Failed: ${"x".repeat(1000)}` }), stringsFor(1033), at);
    expect(note?.level).toBe("ERROR");
    expect(note?.message.length).toBeLessThan(400);
    expect(note?.message.endsWith("…")).toBe(true);
  });
});
