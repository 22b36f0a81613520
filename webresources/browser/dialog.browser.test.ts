/**
 * @jest-environment node
 */
// The built Scheduled Sync Settings dialog in Chromium against the Dataverse stand-in: the reference's
// on-demand sequence (Once a day, Specific time, Next Sync = Now, Done, Save) writes mps_nextsync = now.
import { emailAccount, Interval, syncSchedule, SyncType, SyncWindow } from "@mps/model";
import { startDataverseStandIn, type DataverseStandIn } from "@mps/sandbox";
import { build } from "esbuild";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildWebResources } from "../build";
import { DIALOG_PAGE } from "../src/web-resources";

jest.setTimeout(90_000);

const ORIGIN = "http://dynamics.test";
const SCREENSHOTS = path.join(__dirname, "../../test-results");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];

let dataverse: DataverseStandIn;
let browser: Browser;
let distDir = "";
let hostScript = "";

beforeAll(async () => {
  distDir = await mkdtemp(path.join(tmpdir(), "mps-dialog-"));
  await buildWebResources(distDir);
  // The host's Xrm: the fetch-based XrmLike a local app gives the page, as parent.Xrm would in Dynamics.
  const host = await build({
    stdin: { contents: 'import { createWebApiXrm } from "./src/lib/web-api-xrm"; window.Xrm = createWebApiXrm();', resolveDir: path.join(__dirname, ".."), loader: "ts" },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
  });
  hostScript = host.outputFiles[0]?.text ?? "";
  dataverse = await startDataverseStandIn();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await dataverse?.close();
  await rm(distDir, { recursive: true, force: true });
});

async function openDialog(accountId: string) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 440 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith("/api/data/")) {
      // Same origin for the page, as in Dynamics; the host adds the token the stand-in asks for.
      const response = await route.fetch({
        url: `${dataverse.url}${url.pathname}${url.search}`,
        headers: { ...route.request().headers(), authorization: `Bearer ${dataverse.accessToken}` },
      });
      await route.fulfill({ response });
      return;
    }
    const file = path.join(distDir, decodeURIComponent(url.pathname.replace(/^\/WebResources\//, "")));
    const type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
    await route.fulfill({ body: await readFile(file), contentType: type });
  });
  await page.addInitScript(hostScript);
  // navigateTo's dialog closes when the page calls window.close(); record it instead.
  await page.addInitScript(() => {
    window.close = () => document.documentElement.setAttribute("data-closed", "true");
  });
  await page.goto(`${ORIGIN}/WebResources/${DIALOG_PAGE}?data=${encodeURIComponent(`{${accountId.toUpperCase()}}`)}`);
  return { page, errors };
}

/** "closed" once the dialog closes, or the text of the error it shows instead. */
function closedOrError(page: Page): Promise<string> {
  return Promise.race([
    page.locator("html[data-closed=true]").waitFor().then(() => "closed"),
    page
      .locator(".mps-banner:not([hidden])")
      .waitFor()
      .then(async () => `error: ${(await page.locator(".mps-banner").textContent()) ?? ""}`),
  ]);
}

test("the on-demand sequence writes mps_nextsync = now to Dataverse, and nothing before Save", async () => {
  const accountId = dataverse.insert(emailAccount.logicalName, { mps_name: "Contoso UK", mps_apiuser: "apiuser-1@apiconnector.com", mps_credentialname: "CONTOSO_UK" });
  // The account's schedule as an admin finds it: the default Manual / Anytime, never run.
  const scheduleId = dataverse.insert(syncSchedule.logicalName, {
    mps_name: "Contoso UK - Marketing preferences",
    mps_emailaccountid: accountId,
    mps_synctype: SyncType["Marketing preferences"],
    mps_interval: Interval.Manual,
    mps_syncwindow: SyncWindow.Anytime,
    mps_timezone: "Europe/London",
  });
  const { page, errors } = await openDialog(accountId);
  const schedulesOfAccount = () => dataverse.rows(syncSchedule.logicalName).filter((row) => row.mps_emailaccountid === accountId);
  const unchanged = schedulesOfAccount();

  await page.getByRole("heading", { name: "Scheduled Sync Settings: Contoso UK" }).waitFor();
  await page.getByLabel("Interval: Marketing preferences").selectOption({ label: "Once a day" });
  await page.getByLabel("Sync Window: Marketing preferences").selectOption({ label: "Specific time" });
  await page.getByLabel("Next Sync: Marketing preferences").selectOption({ label: "Now" });
  await page.getByRole("button", { name: "Done: Marketing preferences" }).click();
  await page.getByText("Ready to save.").waitFor();
  expect(schedulesOfAccount()).toEqual(unchanged);

  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "scheduled-sync-settings-dialog.png") });

  const before = Date.now();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  expect(await closedOrError(page)).toBe("closed");
  const after = Date.now();

  const rows = schedulesOfAccount();
  expect(rows).toHaveLength(1);
  const row = rows[0] ?? {};
  expect(row).toMatchObject({
    mps_syncscheduleid: scheduleId,
    mps_synctype: SyncType["Marketing preferences"],
    mps_interval: Interval["Once a day"],
    mps_syncwindow: SyncWindow["Specific time"],
  });
  const nextSync = new Date(String(row.mps_nextsync)).getTime();
  // Dataverse keeps date-times to the second.
  expect(nextSync).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
  expect(nextSync).toBeLessThanOrEqual(after);
  expect(errors).toEqual([]);
  await page.close();
});

test("Cancel leaves Dataverse as it was", async () => {
  const accountId = dataverse.insert(emailAccount.logicalName, { mps_name: "Contoso US", mps_apiuser: "apiuser-2@apiconnector.com", mps_credentialname: "CONTOSO_US" });
  const { page } = await openDialog(accountId);
  await page.getByLabel("Interval: Marketing preferences").selectOption({ label: "Every 4 hours" });
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.locator("html[data-closed=true]").waitFor();
  expect(dataverse.rows(syncSchedule.logicalName).filter((row) => row.mps_emailaccountid === accountId)).toEqual([]);
  await page.close();
});
