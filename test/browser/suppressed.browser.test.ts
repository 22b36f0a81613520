/**
 * @jest-environment node
 */
// A person suppressed in Dotdigital: the tab warns, and a sync changes neither side — Dotdigital keeps
// its opt-ins (values and dates), Dataverse gets no values for the person and keeps the suppression.
import { syncedRecord } from "@mps/model";
import { type Page } from "playwright-core";
import { filterTab, screenshot, useProduct, subscriptionsOf, syncNowFromForm, type Harness } from "./product";

let h: Harness;
let page: Page;
useProduct((harness, p) => {
  h = harness;
  page = p;
});

it("shows the suppression warning, and Sync now leaves both sides as they were", async () => {
  const demo = h.product.sandbox.demo!;
  const tom = demo.people.suppressed;
  const account = demo.accounts.demo;
  const dotdigitalBefore = account.dotdigital.optIns(tom.email);
  expect(dotdigitalBefore.filter((o) => o.isOptedIn).length).toBeGreaterThan(0);
  const suppression = () => h.product.sandbox.dataverse.rows(syncedRecord.logicalName).filter((r) => r.mps_contactid === tom.contactId).map((r) => [r.mps_suppressed, r.mps_suppressionreason]);
  const dataverseBefore = subscriptionsOf(h.product, "contact", tom.contactId);
  expect(suppression()).toEqual([[true, tom.reason]]);

  await page.goto(`${h.product.urls.app}/contacts/${tom.contactId}`);
  await page.getByRole("tab", { name: "Marketing Preferences" }).click();
  await filterTab(page, "All").waitFor();
  await page.getByText(`This person is suppressed in Dotdigital (${tom.reason}).`, { exact: false }).waitFor();
  await screenshot(page, "app-contact-suppressed");

  const run = await syncNowFromForm(page, h.product, account.emailAccountId);
  expect(run.mps_skippedsuppressed).toBeGreaterThanOrEqual(1);
  expect(account.dotdigital.optIns(tom.email)).toEqual(dotdigitalBefore);
  expect(subscriptionsOf(h.product, "contact", tom.contactId)).toEqual(dataverseBefore);
  expect(suppression()).toEqual([[true, tom.reason]]);

  // The Dotdigital view says why: the contact's status, read from the API.
  await page.goto(`${h.product.urls.app}/dotdigital/${account.emailAccountId}?email=${encodeURIComponent(tom.email)}`);
  await page.getByText(`status ${tom.reason}`).waitFor();
});
