/**
 * @jest-environment node
 */
// The production bundle in Chromium: the page hosts it with React, ReactDOM and the Fluent platform
// library from node_modules and an in-memory Dataverse, as a model-driven form would.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { demoSeed } from "../harness/demo-seed";
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureProductionBundle, openHarness, PCF_DIR, readStrings } from "../harness/page";

const RESULTS = join(PCF_DIR, "..", "..", "test-results");

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureProductionBundle();
  mkdirSync(RESULTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterEach(async () => {
  await page.close();
});

const tab = (name: string) => page.getByRole("tab", { name: new RegExp(`^${name} \\(`) });
const row = (name: string) => page.getByRole("row").filter({ hasText: name });

async function visibleNames(): Promise<string[]> {
  return page.locator('[role="grid"] [role="row"] [title^="Private name"] > :first-child').allTextContents();
}

it("filters by status and visibility with the right counts", async () => {
  await openHarness(page, { seed: demoSeed({ suppressed: true }), strings: readStrings() });
  await row("Weekly newsletter").waitFor();
  const expected: Record<string, { count: number; names: string[] }> = {
    All: { count: 5, names: ["Weekly newsletter", "Monthly digest", "Partner offers", "Seasonal sales", "Product research panel"] },
    "Opted in": { count: 2, names: ["Weekly newsletter", "Seasonal sales"] },
    "Opted out": { count: 3, names: ["Monthly digest", "Partner offers", "Product research panel"] },
    Private: { count: 2, names: ["Partner offers", "Product research panel"] },
    Public: { count: 3, names: ["Weekly newsletter", "Monthly digest", "Seasonal sales"] },
  };
  for (const [name, { count, names }] of Object.entries(expected)) {
    await tab(name).click();
    await expect(tab(name).getAttribute("aria-selected")).resolves.toBe("true");
    expect(await tab(name).textContent()).toContain(`(${count})`);
    expect(await visibleNames()).toEqual(names);
  }
  await page.getByText(/suppressed in Dotdigital \(Unsubscribed\)/).waitFor();
});

it("edits two rows at once, saves both through the Web API and shows the new status", async () => {
  await openHarness(page, { seed: demoSeed(), strings: readStrings() });
  await row("Monthly digest").getByRole("checkbox").click();
  await row("Partner offers").getByRole("checkbox").click();
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByText("2 marketing preferences selected").waitFor();
  await dialog.getByRole("radio", { name: "Yes" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Marketing preferences saved: 2. The next sync sends the changes to Dotdigital.").waitFor();
  const writes = await page.evaluate(() => window.mpsHarness?.host.store.writes.map((w) => ({ table: w.table, data: w.data })));
  expect(writes).toEqual([
    { table: "mps_marketingpreferencesubscription", data: { mps_optedin: true } },
    { table: "mps_marketingpreferencesubscription", data: { mps_optedin: true } },
  ]);
  await row("Monthly digest").getByText("Opted in", { exact: true }).waitFor();
  await row("Partner offers").getByText("Opted in", { exact: true }).waitFor();
  await row("Partner offers").getByText(/in Dynamics$/).waitFor();
  await row("Partner offers").getByText("Waiting for the next sync").waitFor();
  expect(await tab("Opted in").textContent()).toContain("(4)");
  await page.screenshot({ path: join(RESULTS, "pcf-grid-after-save.png"), fullPage: true });
});

it("keeps a row that failed to save selected and says why", async () => {
  await openHarness(page, { seed: demoSeed(), strings: readStrings() });
  const failing = await page.evaluate(() => {
    const h = window.mpsHarness;
    const id = h?.host.store.rows("mps_marketingpreferencesubscription").find((r) => r.mps_name === "Partner offers - Demo Contact")?.mps_marketingpreferencesubscriptionid;
    if (typeof id !== "string") throw new Error("seed has no Partner offers subscription");
    h?.failUpdates([id], "Record is locked");
    return id;
  });
  expect(failing).toMatch(/^[0-9a-f-]{36}$/);
  await row("Monthly digest").getByRole("checkbox").click();
  await row("Partner offers").getByRole("checkbox").click();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("alertdialog").getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("alertdialog").getByRole("button", { name: "Save" }).click();
  await page.getByText("1 of 2 marketing preferences were not saved.").waitFor();
  await row("Partner offers").getByText("Not saved: Record is locked").waitFor();
  await page.waitForFunction(() => document.querySelector('[role="row"][aria-selected="true"]')?.textContent?.includes("Partner offers") === true);
  expect(await row("Monthly digest").getAttribute("aria-selected")).toBe("false");
  await row("Monthly digest").getByText("Opted in", { exact: true }).waitFor();
});

it("shows the compact layout on a phone", async () => {
  await page.setViewportSize({ width: 390, height: 800 });
  await openHarness(page, { seed: demoSeed(), strings: readStrings(), formFactor: 3, allocatedWidth: 360 });
  await row("Weekly newsletter").getByText("Opted in · Public").waitFor();
  expect(await page.getByRole("columnheader", { name: /Public \/ Private/ }).count()).toBe(0);
  await page.screenshot({ path: join(RESULTS, "pcf-grid-phone.png"), fullPage: true });
});

it("can be driven from the keyboard: arrow to a filter, select a row with Space", async () => {
  await openHarness(page, { seed: demoSeed(), strings: readStrings() });
  await tab("All").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(tab("Opted in").getAttribute("aria-selected")).resolves.toBe("true");
  expect(await visibleNames()).toEqual(["Weekly newsletter", "Seasonal sales"]);
  await row("Weekly newsletter").focus();
  await page.keyboard.press("Space");
  await expect(row("Weekly newsletter").getAttribute("aria-selected")).resolves.toBe("true");
  await expect(page.getByRole("button", { name: "Edit" }).isEnabled()).resolves.toBe(true);
});
