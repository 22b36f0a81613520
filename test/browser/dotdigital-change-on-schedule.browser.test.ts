/**
 * @jest-environment node
 */
// Dotdigital → Dynamics through the whole product: a preference changed in the Dotdigital view (the
// Dotdigital API), then the Scheduled Sync Settings dialog's on-demand sequence on the Email Account
// (Once a day, Specific time, Next Sync Now, Done, Save); mpsync serve's poller picks the schedule up
// within one poll and the Contact's tab shows the new value, last changed in Dotdigital.
import { ChangeSource, RunResult, syncRun, Trigger } from "@mps/model";
import { type Page } from "playwright-core";
import { gridRow, openPreferencesTab, POLL_SECONDS, preferenceRowId, screenshot, useProduct, subscriptionsOf, until, type Harness } from "./product";

let h: Harness;
let page: Page;
useProduct((harness, p) => {
  h = harness;
  page = p;
});

it("a change made in Dotdigital shows on the tab within one poll of Next Sync: Now, source Dotdigital", async () => {
  const demo = h.product.sandbox.demo!;
  const maya = demo.people.mixed;
  const account = demo.accounts.demo;
  const webinars = account.catalogue.preferences.webinars;
  const inDotdigital = () => account.dotdigital.optIns(maya.email).find((o) => o.preferenceId === webinars)?.isOptedIn;
  expect(inDotdigital()).toBe(true);

  await page.goto(`${h.product.urls.app}/dotdigital`);
  await page.getByRole("link", { name: account.name }).click();
  await page.getByLabel("Contact email").fill(maya.email);
  await page.getByRole("button", { name: "Show preferences" }).click();
  await page.getByRole("button", { name: "Opt out of Webinars" }).click();
  await page.getByText("Saved in Dotdigital.").waitFor();
  await page.getByRole("button", { name: "Opt in to Webinars" }).waitFor();
  expect(inDotdigital()).toBe(false);
  await screenshot(page, "app-dotdigital-view");

  await page.goto(`${h.product.urls.app}/email-accounts/${account.emailAccountId}`);
  await page.getByRole("button", { name: "Scheduled Sync Settings" }).click();
  const dialog = page.frameLocator('iframe[title="Scheduled Sync Settings"]');
  await dialog.getByLabel("Interval: Marketing preferences").selectOption({ label: "Once a day" });
  await dialog.getByLabel("Sync Window: Marketing preferences").selectOption({ label: "Specific time" });
  await dialog.getByLabel("Next Sync: Marketing preferences").selectOption({ label: "Now" });
  await dialog.getByRole("button", { name: "Done: Marketing preferences" }).click();
  await dialog.getByText("Ready to save.").waitFor();
  await screenshot(page, "app-scheduled-sync-settings");
  const savedAt = Date.now();
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("dialog", { name: "Scheduled Sync Settings" }).waitFor({ state: "detached" });

  // The poller claims the schedule within one poll period (a second of slack for the claim itself).
  const run = await until(
    "the scheduled run",
    () => h.product.sandbox.dataverse.rows(syncRun.logicalName).find((r) => r.mps_emailaccountid === account.emailAccountId && r.mps_trigger === Trigger.Schedule),
    (POLL_SECONDS + 10) * 1000,
  );
  expect(new Date(String(run.mps_startedon)).getTime() - savedAt).toBeLessThanOrEqual((POLL_SECONDS + 1) * 1000);
  await until("the scheduled run to finish", () => h.product.sandbox.dataverse.rows(syncRun.logicalName).find((r) => r[syncRun.primaryIdColumn] === run[syncRun.primaryIdColumn] && r.mps_result !== RunResult.Running));

  const preferenceId = preferenceRowId(h.product, account.emailAccountId, webinars);
  expect(subscriptionsOf(h.product, "contact", maya.contactId).find((s) => s.mps_marketingpreferenceid === preferenceId)).toMatchObject({
    mps_optedin: false,
    mps_lastchangesource: ChangeSource.Dotdigital,
  });
  await openPreferencesTab(page, h.product, "contact", maya.contactId);
  const row = gridRow(page, "Webinars", account.name);
  await row.getByText("Opted out", { exact: true }).waitFor();
  await row.getByText(/in Dotdigital$/).waitFor();
  await screenshot(page, "app-contact-tab-after-schedule");
});
