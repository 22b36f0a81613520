/// <reference lib="dom" />
// The Marketing Preferences grid's PRODUCTION bundle in Chromium, hosted by the control's local page
// (pcf/MarketingPreferencesGrid/harness). Targets: bundle ≤ 60 KB, first render of 1 000 rows ≤ 150 ms,
// switching a filter ≤ 30 ms.
// Run: npx tsx bench/pcf-grid.bench.ts   (Debian chromium at /usr/bin/chromium)
// The DOM lib reference types the functions page.evaluate runs inside Chromium.
import { statSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";

const ROWS = 1000;
const LOADS = 5;
const SWITCH_ROUNDS = 10;
const TARGET = { bundleKB: 60, firstRenderMs: 150, filterSwitchMs: 30 };

// The harness is the PCF workspace's own module; bench/ only drives it. It is loaded by path, so this
// file states the little it uses instead of pulling the control's sources into bench's tsconfig.
interface HarnessConfig {
  seed: unknown;
  strings: Record<string, string>;
}
interface HarnessPage {
  BUNDLE: string;
  CHROMIUM_ARGS: string[];
  CHROMIUM_PATH: string;
  ensureProductionBundle(): { built: boolean };
  openHarness(page: Page, config: HarnessConfig): Promise<void>;
  readStrings(): Record<string, string>;
}
interface DemoSeed {
  largeSeed(count: number, categoryCount?: number): unknown;
}

const pcfDir = join(dirname(fileURLToPath(import.meta.url)), "..", "pcf", "MarketingPreferencesGrid");
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(pcfDir, file)).href)) as T;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const fmt = (n: number): string => n.toFixed(1);
const verdict = (ok: boolean): string => (ok ? "ok" : "OVER TARGET");

async function firstRender(page: Page, harness: HarnessPage, seed: unknown, strings: Record<string, string>): Promise<{ renderMs: number; toPaintMs: number }> {
  await harness.openHarness(page, { seed, strings });
  // The harness times each render, and two frames later its layout and paint.
  await page.waitForFunction((rows) => window.mpsHarness?.renders.some((r) => r.rows === rows && r.paintMs !== undefined) === true, ROWS);
  return page.evaluate((rows) => {
    const first = window.mpsHarness?.renders.find((r) => r.rows === rows);
    return { renderMs: first?.ms ?? Number.NaN, toPaintMs: first?.paintMs ?? Number.NaN };
  }, ROWS);
}

async function filterSwitches(page: Page): Promise<{ commitMs: number[]; toPaintMs: number[] }> {
  return page.evaluate(async (rounds) => {
    const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    const commitMs: number[] = [];
    const toPaintMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const tab of [...tabs.slice(1), tabs[0]]) {
        if (!tab) continue;
        // Inline promises, not a helper: tsx's keepNames would reference __name inside the page.
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        const t0 = performance.now();
        // React 16 commits a click's state update before dispatchEvent returns.
        tab.click();
        commitMs.push(performance.now() - t0);
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        toPaintMs.push(performance.now() - t0);
      }
    }
    return { commitMs, toPaintMs };
  }, SWITCH_ROUNDS);
}

async function main(): Promise<void> {
  const harness = await load<HarnessPage>("harness/page.ts");
  const seeds = await load<DemoSeed>("harness/demo-seed.ts");
  const { built } = harness.ensureProductionBundle();
  const bytes = statSync(harness.BUNDLE).size;
  const gzip = gzipSync(readFileSync(harness.BUNDLE)).length;
  console.log(`production bundle: ${fmt(bytes / 1024)} KB (${fmt(gzip / 1024)} KB gzip)${built ? " [rebuilt]" : ""}  target ≤ ${TARGET.bundleKB} KB  ${verdict(bytes / 1024 <= TARGET.bundleKB)}`);

  const browser = await chromium.launch({ executablePath: harness.CHROMIUM_PATH, args: harness.CHROMIUM_ARGS });
  try {
    const strings = harness.readStrings();
    const seed = seeds.largeSeed(ROWS);
    const renders: number[] = [];
    const paints: number[] = [];
    let page: Page | undefined;
    for (let i = 0; i < LOADS; i++) {
      await page?.close();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const r = await firstRender(page, harness, seed, strings);
      renders.push(r.renderMs);
      paints.push(r.toPaintMs);
    }
    const firstMedian = median(renders);
    console.log(
      `first render of ${ROWS} rows (React commit, median of ${LOADS} loads): ${fmt(firstMedian)} ms (max ${fmt(Math.max(...renders))}); to painted frame ${fmt(median(paints))} ms  target ≤ ${TARGET.firstRenderMs} ms  ${verdict(firstMedian <= TARGET.firstRenderMs)}`,
    );
    if (!page) throw new Error("no page");
    const switches = await filterSwitches(page);
    const switchMedian = median(switches.commitMs);
    console.log(
      `filter switch over ${ROWS} rows (${switches.commitMs.length} clicks): commit median ${fmt(switchMedian)} ms, p-max ${fmt(Math.max(...switches.commitMs))} ms; to next frame median ${fmt(median(switches.toPaintMs))} ms  target ≤ ${TARGET.filterSwitchMs} ms  ${verdict(switchMedian <= TARGET.filterSwitchMs)}`,
    );
    const ok = bytes / 1024 <= TARGET.bundleKB && firstMedian <= TARGET.firstRenderMs && switchMedian <= TARGET.filterSwitchMs;
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser.close();
  }
}

declare global {
  interface Window {
    mpsHarness?: { renders: { rows: number; ms: number; at: number; paintMs?: number }[] };
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
