/**
 * @jest-environment node
 */
// The tab's five filters on a person with mixed preferences: each count matches what Dataverse holds
// for the record after the first sync, and each filter shows exactly those rows.
import { marketingPreference } from "@mps/model";
import { type Page } from "playwright-core";
import { filterTab, openPreferencesTab, screenshot, useProduct, subscriptionsOf, until, type Harness } from "./product";

let h: Harness;
let page: Page;
useProduct(async (harness, p) => {
  h = harness;
  page = p;
  // Tall enough that the list renders every row (it virtualises what is off screen).
  await page.setViewportSize({ width: 1360, height: 3200 });
});

it("All, Opted in, Opted out, Private and Public count and show the record's rows", async () => {
  const maya = h.product.sandbox.demo!.people.mixed;
  const dv = h.product.sandbox.dataverse;
  const subscriptions = subscriptionsOf(h.product, "contact", maya.contactId);
  const isPublic = (s: Record<string, unknown>) => dv.get(marketingPreference.logicalName, String(s.mps_marketingpreferenceid))?.mps_ispublic === true;
  const expected = {
    All: subscriptions.length,
    "Opted in": subscriptions.filter((s) => s.mps_optedin === true).length,
    "Opted out": subscriptions.filter((s) => s.mps_optedin !== true).length,
    Private: subscriptions.filter((s) => !isPublic(s)).length,
    Public: subscriptions.filter(isPublic).length,
  };
  // Mixed: every filter has something in it and leaves something out.
  for (const name of ["Opted in", "Opted out", "Private", "Public"] as const) {
    expect(expected[name]).toBeGreaterThan(0);
    expect(expected[name]).toBeLessThan(expected.All);
  }

  await openPreferencesTab(page, h.product, "contact", maya.contactId);
  const dataRows = page.locator('[role="grid"] [role="row"]').filter({ hasText: /Opted (in|out)/ });
  for (const [name, count] of Object.entries(expected)) {
    expect((await filterTab(page, name).textContent())?.trim()).toBe(`${name} (${count})`);
    await filterTab(page, name).click();
    await expect(filterTab(page, name).getAttribute("aria-selected")).resolves.toBe("true");
    // The list re-renders after the click; wait for it, then compare (a timeout reports the real count).
    const shown = await until(`${count} rows under ${name}`, async () => ((await dataRows.count()) === count ? count : undefined), 5000).catch(() => dataRows.count());
    expect(shown).toBe(count);
    if (name === "Opted in") await expect(dataRows.filter({ hasText: "Opted out" }).count()).resolves.toBe(0);
    if (name === "Opted out") await expect(dataRows.filter({ hasText: "Opted in" }).count()).resolves.toBe(0);
  }
  await filterTab(page, "All").click();
  await page.setViewportSize({ width: 1360, height: 900 });
  await screenshot(page, "app-contact-tab-filters");
});
