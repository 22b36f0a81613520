// The page side of the local host. Loaded after React, ReactDOM and the Fluent platform library and
// before the control's production bundle.js: it receives the bundle's registerControl call, then
// `mpsHarnessStart(config)` runs the control on the in-memory store, as a model-driven form would.
import * as ReactDOM from "react-dom";
import { type ControlConstructor, mountControl, type MountedControl, type Renderer } from "./mount";
import { createInMemoryHost, type InMemoryHost } from "./in-memory-host";
import { WebApiError, type Row } from "./in-memory-dataverse";

export const CONTROL_NAME = "mps.MarketingPreferencesGrid";

/** What the page is started with: JSON only, so Node can pass it through page.evaluate or a script tag. */
export interface HarnessConfig {
  readonly seed: Readonly<Record<string, readonly Row[]>>;
  readonly strings: Readonly<Record<string, string>>;
  readonly formFactor?: number;
  readonly allocatedWidth?: number;
  readonly disabled?: boolean;
  readonly latencyMs?: number;
}

export interface RenderTiming {
  /** Rows in the dataset when this render ran. */
  readonly rows: number;
  /** Time spent in ReactDOM.render (React 16 legacy mode commits synchronously). */
  readonly ms: number;
  /** performance.now() when the render finished. */
  readonly at: number;
  /** From the start of the render to two frames later (layout and paint done); set once known. */
  paintMs?: number;
}

export interface HarnessApi {
  readonly host: InMemoryHost;
  readonly mounted: MountedControl;
  readonly renders: RenderTiming[];
  readonly startedAt: number;
  /** Makes every later update of these subscription ids fail with the message (null clears). */
  failUpdates(ids: readonly string[] | null, message?: string): void;
}

declare global {
  interface Window {
    mpsHarness?: HarnessApi;
    mpsHarnessStart?: (config: HarnessConfig) => HarnessApi;
  }
}

const registry = new Map<string, ControlConstructor>();
// The platform's registration hook, which bundle.js calls when it loads. The global name clashes with
// the typings' ComponentFramework namespace, hence the narrow cast.
(window as unknown as { ComponentFramework: { registerControl(name: string, control: ControlConstructor): void } }).ComponentFramework = {
  registerControl: (name, control) => void registry.set(name, control),
};

window.mpsHarnessStart = (config: HarnessConfig): HarnessApi => {
  const Control = registry.get(CONTROL_NAME);
  if (!Control) throw new Error(`The page has no control ${CONTROL_NAME}: load bundle.js after harness.js.`);
  const root = document.getElementById("root");
  if (!root) throw new Error('The page has no <div id="root">.');
  const renders: RenderTiming[] = [];
  const host = createInMemoryHost({ ...config });
  const renderer: Renderer = {
    render: (element, container) => {
      const t0 = performance.now();
      ReactDOM.render(element, container);
      const at = performance.now();
      const timing: RenderTiming = { rows: host.dataset.sortedRecordIds.length, ms: at - t0, at };
      renders.push(timing);
      requestAnimationFrame(() => requestAnimationFrame(() => void (timing.paintMs = performance.now() - t0)));
    },
    unmount: (container) => void ReactDOM.unmountComponentAtNode(container),
  };
  const startedAt = performance.now();
  const mounted = mountControl(Control, host, host.dataset, root, renderer);
  const api: HarnessApi = {
    host,
    mounted,
    renders,
    startedAt,
    failUpdates: (ids, message = "Simulated failure") => {
      const failing = new Set((ids ?? []).map((id) => id.toLowerCase()));
      host.store.failWhen(ids === null ? undefined : (_table, id) => (failing.has(id) ? new WebApiError(0x80040220, message) : undefined));
    },
  };
  window.mpsHarness = api;
  return api;
};
