/**
 * @jest-environment node
 */
// One address, two records: a Contact and a Lead share Sam Taylor's email, so one Dotdigital contact fans
// out to both. After a change in Dotdigital and a sync, both tabs show the same agreed value.
import { PreferenceValue } from "@mps/model";
import { type Page } from "playwright-core";
import { gridRow, openPreferencesTab, preferenceRowId, screenshot, useProduct, subscriptionsOf, syncNowFromForm, type Harness } from "./product";

let h: Harness;
let page: Page;
useProduct((harness, p) => {
  h = harness;
  page = p;
});

it("a Contact and a Lead with one address both show the agreed value after a sync", async () => {
  const demo = h.product.sandbox.demo!;
  const sam = demo.people.sharedEmail;
  const account = demo.accounts.demo;
  const productUpdates = account.catalogue.preferences.productUpdates;
  const preferenceId = preferenceRowId(h.product, account.emailAccountId, productUpdates);
  const valueOn = (table: "contact" | "lead", id: string) => subscriptionsOf(h.product, table, id).find((s) => s.mps_marketingpreferenceid === preferenceId);
  // The first sync gave both records Dotdigital's value.
  expect(valueOn("contact", sam.contactId)).toMatchObject({ mps_optedin: false, mps_syncedvalue: PreferenceValue["Opted out"] });
  expect(valueOn("lead", sam.leadId)).toMatchObject({ mps_optedin: false, mps_syncedvalue: PreferenceValue["Opted out"] });

  await page.goto(`${h.product.urls.app}/dotdigital/${account.emailAccountId}?email=${encodeURIComponent(sam.email)}`);
  await page.getByRole("button", { name: "Opt in to Product updates" }).click();
  await page.getByText("Saved in Dotdigital.").waitFor();

  await syncNowFromForm(page, h.product, account.emailAccountId);
  for (const [table, id] of [["contact", sam.contactId], ["lead", sam.leadId]] as const) {
    expect(valueOn(table, id)).toMatchObject({ mps_optedin: true, mps_syncedvalue: PreferenceValue["Opted in"] });
    await openPreferencesTab(page, h.product, table, id);
    await page.getByRole("heading", { name: sam.name }).waitFor();
    // Sam is in one Email Account only, so the grid leaves out its Email Account column.
    const row = gridRow(page, "Product updates");
    await row.getByText("Opted in", { exact: true }).waitFor();
    await row.getByText("Synced", { exact: true }).waitFor();
    await screenshot(page, `app-shared-email-${table}`);
  }
  expect(account.dotdigital.optIns(sam.email).find((o) => o.preferenceId === productUpdates)?.isOptedIn).toBe(true);
});
