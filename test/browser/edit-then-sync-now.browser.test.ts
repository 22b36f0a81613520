/**
 * @jest-environment node
 */
// Dynamics → Dotdigital through the whole product: a Status edited on a Contact's Marketing Preferences
// tab (the production PCF bundle) goes to Dotdigital when Sync now is pressed on its Email Account (the
// real form script → custom API → webhook → mpsync serve), and the consent trail records it.
import { Direction, PreferenceValue, preferenceChange } from "@mps/model";
import { type Page } from "playwright-core";
import { gridRow, openPreferencesTab, preferenceRowId, screenshot, useProduct, subscriptionsOf, syncNowFromForm, type Harness } from "./product";

let h: Harness;
let page: Page;
useProduct((harness, p) => {
  h = harness;
  page = p;
});

it("a Status saved on the tab reaches Dotdigital on Sync now, and a Preference Change records it", async () => {
  const demo = h.product.sandbox.demo!;
  const maya = demo.people.mixed;
  const account = demo.accounts.demo;
  const productUpdates = account.catalogue.preferences.productUpdates;
  const optedIn = () => account.dotdigital.optIns(maya.email).find((o) => o.preferenceId === productUpdates)?.isOptedIn;
  expect(optedIn()).toBe(false);

  await openPreferencesTab(page, h.product, "contact", maya.contactId);
  const row = gridRow(page, "Product updates", account.name);
  await row.getByText("Opted out", { exact: true }).waitFor();
  await row.getByRole("checkbox").click();
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("radio", { name: "Yes" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Marketing preferences saved: 1.", { exact: false }).waitFor();
  await row.getByText("Opted in", { exact: true }).waitFor();
  await screenshot(page, "app-contact-tab-edited");
  // Saved in Dataverse only: Dotdigital has not heard of it yet.
  const preferenceId = preferenceRowId(h.product, account.emailAccountId, productUpdates);
  expect(subscriptionsOf(h.product, "contact", maya.contactId).find((s) => s.mps_marketingpreferenceid === preferenceId)?.mps_optedin).toBe(true);
  expect(optedIn()).toBe(false);

  const run = await syncNowFromForm(page, h.product, account.emailAccountId);
  expect(run.mps_pushed).toBeGreaterThanOrEqual(1);
  expect(optedIn()).toBe(true);
  // The first sync at start pulled the value (To Dynamics); this run pushed the edit.
  const pushes = h.product.sandbox.dataverse
    .rows(preferenceChange.logicalName)
    .filter((c) => c.mps_marketingpreferenceid === preferenceId && c.mps_emailaddress === maya.email && c.mps_direction === Direction["To Dotdigital"]);
  expect(pushes).toEqual([expect.objectContaining({ mps_oldvalue: PreferenceValue["Opted out"], mps_newvalue: PreferenceValue["Opted in"], mps_syncrunid: run.mps_syncrunid })]);

  // The form shows the run in its Sync Runs list, newest first.
  await page.getByRole("table", { name: "Sync Runs" }).locator("tbody tr").first().getByText("Sync now").waitFor();
  await screenshot(page, "app-email-account-after-sync-now");
});
