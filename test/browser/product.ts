// What every browser test of the whole product shares: the product started once per file through the
// same function `npm start` uses (random ports, a small demo), Chromium that may reach only the app, and
// the screenshots each test leaves in test-results/.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { marketingPreference, recordLookupColumn, RunResult, subscription, syncRun, type RecordTable } from "@mps/model";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { ensureBuilt, startLocalProduct, type LocalProduct } from "../../scripts/local-product";

export const SCREENSHOTS = path.join(__dirname, "..", "..", "test-results");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];
/** mpsync serve's schedule poll in the tests: "within one poll period" is measured against it. */
export const POLL_SECONDS = 2;

export interface Harness {
  readonly product: LocalProduct;
  readonly browser: Browser;
  /** A page of the app; any request that leaves the app's origin is refused (nothing from the internet). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts the product and one page for the test file that calls it (beforeAll), hands them over,
 * and stops everything after the file (afterAll).
 */
export function useProduct(receive: (harness: Harness, page: Page) => void | Promise<void>): void {
  jest.setTimeout(120_000);
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
    await receive(harness, await harness.newPage());
  });
  afterAll(async () => {
    await harness?.close();
  });
}

export async function startHarness(): Promise<Harness> {
  await ensureBuilt();
  const product = await startLocalProduct({ demoPeople: 300, pollSeconds: POLL_SECONDS, logLevel: "silent" });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const origin = new URL(product.urls.app).origin;
  return {
    product,
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      await page.route("**/*", (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
      return page;
    },
    async close() {
      await browser.close();
      await product.stop();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // Finished animations: Fluent fades rows and dialogs in and out.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: "disabled" });
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const FORM_PATH: Record<RecordTable, string> = { contact: "contacts", lead: "leads", account: "accounts" };

/** Opens a record form and its Marketing Preferences tab, as a user would, and waits for the grid. */
export async function openPreferencesTab(page: Page, product: LocalProduct, table: RecordTable, id: string): Promise<void> {
  await page.goto(`${product.urls.app}/${FORM_PATH[table]}/${id}`);
  await page.getByRole("tab", { name: "Marketing Preferences" }).click();
  await filterTab(page, "All").waitFor();
  await page.locator('[role="grid"] [role="row"]').nth(1).waitFor();
}

/** One of the grid's filters, e.g. "Opted in (5)", by the words before its count. */
export function filterTab(page: Page, name: string): Locator {
  return page.getByRole("tab", { name: new RegExp(`^${name} \\(\\d+\\)$`) });
}

/** The grid row of one preference (of one Email Account, when the person is in several). */
export function gridRow(page: Page, preference: string, accountName?: string): Locator {
  const rows = page.locator('[role="grid"] [role="row"]').filter({ hasText: preference });
  return accountName === undefined ? rows : rows.filter({ hasText: accountName });
}

/** Presses Sync now on the Email Account form and waits for that run to finish. */
export async function syncNowFromForm(page: Page, product: LocalProduct, accountId: string): Promise<Record<string, unknown>> {
  const dv = product.sandbox.dataverse;
  const runsBefore = new Set(dv.rows(syncRun.logicalName).map((r) => r[syncRun.primaryIdColumn]));
  await page.goto(`${product.urls.app}/email-accounts/${accountId}`);
  await page.getByRole("button", { name: "Sync now" }).click();
  await page.getByText("Sync queued. Its result will appear in Sync Runs.").waitFor();
  const run = await until("the Sync now run to finish", () =>
    dv.rows(syncRun.logicalName).find((r) => !runsBefore.has(r[syncRun.primaryIdColumn]) && r.mps_emailaccountid === accountId && r.mps_result !== RunResult.Running),
  );
  await product.service.idle();
  return run;
}

/** The Dataverse id of an Email Account's preference, from its Dotdigital id. */
export function preferenceRowId(product: LocalProduct, accountId: string, dotdigitalId: number): string {
  const row = product.sandbox.dataverse.rows(marketingPreference.logicalName).find((r) => r.mps_emailaccountid === accountId && r.mps_dotdigitalid === dotdigitalId);
  if (row === undefined) throw new Error(`no mps_marketingpreference for Dotdigital id ${dotdigitalId}`);
  return String(row[marketingPreference.primaryIdColumn]);
}

/** A record's subscriptions as Dataverse holds them. */
export function subscriptionsOf(product: LocalProduct, table: RecordTable, id: string): Record<string, unknown>[] {
  // rows() gives lookups by their logical name.
  const lookup = recordLookupColumn[table];
  return product.sandbox.dataverse.rows(subscription.logicalName).filter((r) => r[lookup] === id);
}
