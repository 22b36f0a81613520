// The record form's PCF host: receives the production bundle's registerControl call, then runs the
// control on the Marketing Preferences tab with a model-driven form's context, a subgrid dataset over
// the Web API, and the control's own resx strings — as Dynamics would. The control cannot tell.
import { subscription, type RecordTable } from "@mps/model";
import { createHostContext, parseResx } from "../../../../pcf/MarketingPreferencesGrid/harness/host-context";
import { HostDataSet } from "../../../../pcf/MarketingPreferencesGrid/harness/host-dataset";
import { mountControl, type ControlConstructor, type MountedControl } from "../../../../pcf/MarketingPreferencesGrid/harness/mount";
import { WebApiSubscriptionSource } from "./subscription-source";
import { createWebApi } from "./web-api";

const CONTROL_NAME = "mps.MarketingPreferencesGrid";
/** The columns of the "Active Marketing Preference Subscriptions" view the subgrid shows. */
const VIEW_COLUMNS = ["mps_name", "mps_marketingpreferenceid", "mps_optedin"];
const RECORD_TABLES: readonly string[] = ["contact", "lead", "account"];

interface PlatformReactDom {
  render(element: unknown, container: Element): void;
  unmountComponentAtNode(container: Element): boolean;
}

const registry = new Map<string, ControlConstructor>();
// The platform's registration hook, which bundle.js calls when it loads.
(window as unknown as { ComponentFramework: { registerControl(name: string, control: ControlConstructor): void } }).ComponentFramework = {
  registerControl: (name, control) => void registry.set(name, control),
};

declare global {
  interface Window {
    /** For the browser tests: the running control, once the tab has mounted it. */
    mpsGrid?: { readonly mounted: MountedControl; readonly dataset: HostDataSet };
  }
}

function wireTabs(onShow: (panelId: string) => void): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('.mps-tabs [role="tab"]'));
  const show = (tab: HTMLButtonElement): void => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      const panel = document.getElementById(t.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !selected;
    }
    onShow(tab.getAttribute("aria-controls") ?? "");
  };
  for (const tab of tabs) tab.addEventListener("click", () => show(tab));
  const wanted = window.location.hash === "#marketing-preferences" ? tabs.find((t) => t.id === "tab-preferences") : undefined;
  if (wanted) show(wanted);
}

async function mountGrid(container: HTMLElement): Promise<void> {
  const table = container.dataset.table ?? "";
  const id = container.dataset.id ?? "";
  if (!RECORD_TABLES.includes(table) || id === "") throw new Error("The form has no record for the Marketing Preferences tab.");
  const Control = registry.get(CONTROL_NAME);
  if (!Control) throw new Error(`The page has no control ${CONTROL_NAME}: load bundle.js after pcf-host.js.`);
  const resx = await fetch("/pcf/strings/MarketingPreferencesGrid.1033.resx").then((r) => r.text());
  const dataset = new HostDataSet(new WebApiSubscriptionSource(table as RecordTable, id), { targetEntity: subscription.logicalName, viewColumns: VIEW_COLUMNS, title: "Marketing Preferences" });
  const host = createHostContext({ dataset, webAPI: createWebApi(), strings: parseResx(resx), record: { entityTypeName: table, entityId: id }, allocatedWidth: container.clientWidth || 1024 });
  const reactDom = (window as unknown as { ReactDOM: PlatformReactDom }).ReactDOM;
  const mounted = mountControl(Control, host, dataset, container, {
    render: (element, target) => reactDom.render(element, target),
    unmount: (target) => void reactDom.unmountComponentAtNode(target),
  });
  window.addEventListener("resize", () => {
    host.update({ allocatedWidth: container.clientWidth });
    mounted.rerender();
  });
  window.mpsGrid = { mounted, dataset };
}

function start(): void {
  const container = document.getElementById("mps-grid");
  if (!container) return;
  let mounted = false;
  // Like a model-driven form, the tab's controls load when the tab is first shown.
  wireTabs((panelId) => {
    if (panelId !== "panel-preferences" || mounted) return;
    mounted = true;
    mountGrid(container).catch((error: unknown) => {
      container.textContent = `The Marketing Preferences control could not start: ${error instanceof Error ? error.message : String(error)}`;
    });
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
