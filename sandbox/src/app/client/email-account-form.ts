// The Email Account form's host: a small, faithful Xrm (form context, WebApi with online.execute,
// Navigation.navigateTo as a modal dialog, progress indicator) for the REAL form script
// (mps_/emailaccount/form.js), whose handlers the command bar calls as the ribbon would.
import { emailAccount, syncRun } from "@mps/model";
import { createWebApi, entitySetOf, webApiFetch } from "./web-api";

type Level = "INFO" | "WARNING" | "ERROR";

interface FormData {
  readonly id: string;
  readonly entityName: string;
  readonly attributes: Record<string, unknown>;
}

interface FormHandlers {
  onLoad(executionContext: unknown): Promise<void>;
  openScheduledSyncSettings(formContext: unknown): Promise<void>;
  syncNow(formContext: unknown): Promise<void>;
  dryRun(formContext: unknown): Promise<void>;
}

interface ExecuteRequest {
  readonly [parameter: string]: unknown;
  getMetadata(): {
    readonly boundParameter?: string | null;
    readonly parameterTypes: Readonly<Record<string, unknown>>;
    readonly operationType: number;
    readonly operationName: string;
  };
}

interface NavigationOptions {
  readonly target?: number;
  readonly width?: { readonly value: number; readonly unit: string } | number;
  readonly height?: { readonly value: number; readonly unit: string } | number;
  readonly title?: string;
}

declare global {
  interface Window {
    Xrm?: unknown;
    Mps?: { EmailAccountForm?: FormHandlers };
  }
}

const RUN_COLUMNS = ["mps_name", "mps_startedon", "mps_finishedon", "mps_result", "mps_trigger", "mps_dryrun", "mps_pulled", "mps_pushed", "mps_conflicts", "mps_skippedsuppressed", "mps_failed", "mps_summary"] as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function size(value: NavigationOptions["width"], fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === "number") return `${value}px`;
  return `${value.value}${value.unit === "%" ? (fallback.endsWith("vw") ? "vw" : "vh") : value.unit}`;
}

function formatted(row: Record<string, unknown>, column: string): string {
  const f = row[`${column}@OData.Community.Display.V1.FormattedValue`];
  if (typeof f === "string") return f;
  const v = row[column];
  if (column.endsWith("on") && typeof v === "string") return new Date(v).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "boolean" ? (v ? "Yes" : "No") : typeof v === "number" ? String(v) : JSON.stringify(v);
}

function start(): void {
  const dataElement = document.getElementById("mps-form-data");
  const handlers = window.Mps?.EmailAccountForm;
  const notifications = document.getElementById("mps-notifications");
  const runs = document.getElementById("mps-syncruns");
  if (!dataElement || !notifications || !runs) return;
  const form = JSON.parse(dataElement.textContent ?? "{}") as FormData;
  const webApi = createWebApi();

  // ---- form notifications ----
  const shownNotifications = new Map<string, { message: string; level: Level }>();
  const renderNotifications = (): void => {
    notifications.replaceChildren(
      ...[...shownNotifications].map(([id, n]) => el("div", { class: "mps-notification", "data-level": n.level, "data-id": id, role: n.level === "ERROR" ? "alert" : "status" }, n.message)),
    );
  };

  // ---- Sync Runs subgrid ----
  const loadRuns = async (): Promise<void> => {
    const filter = `_mps_emailaccountid_value eq ${form.id}`;
    const response = await webApiFetch("GET", `${entitySetOf(syncRun.logicalName)}?$select=${RUN_COLUMNS.join(",")}&$filter=${encodeURIComponent(filter)}&$orderby=mps_startedon desc&$top=20`, undefined, 'odata.include-annotations="*"');
    const rows = ((await response.json()) as { value: Record<string, unknown>[] }).value;
    if (rows.length === 0) {
      runs.replaceChildren(el("p", { class: "mps-muted" }, "No Sync Runs yet."));
      return;
    }
    const head = el("tr", {}, ...["Started", "Trigger", "Result", "Pulled", "Pushed", "Conflicts", "Skipped: suppressed", "Failed", "Summary"].map((h) => el("th", { scope: "col" }, h)));
    const body = rows.map((row) => {
      const summary = formatted(row, "mps_summary");
      const firstLine = summary.split("\n")[0] ?? "";
      const details = summary.includes("\n") ? el("details", {}, el("summary", {}, firstLine), el("pre", { style: "white-space:pre-wrap;margin:4px 0" }, summary)) : firstLine;
      const result = `${formatted(row, "mps_result")}${row.mps_dryrun === true ? " (dry run)" : ""}`;
      return el(
        "tr",
        { "data-result": result },
        el("td", {}, formatted(row, "mps_startedon")),
        el("td", {}, formatted(row, "mps_trigger")),
        el("td", {}, result),
        ...(["mps_pulled", "mps_pushed", "mps_conflicts", "mps_skippedsuppressed", "mps_failed"] as const).map((c) => el("td", {}, formatted(row, c))),
        el("td", {}, details),
      );
    });
    runs.replaceChildren(el("table", { class: "mps-list", "aria-label": "Sync Runs" }, el("thead", {}, head), el("tbody", {}, ...body)));
  };
  const refreshRuns = (): void =>
    void loadRuns().catch((error: unknown) => runs.replaceChildren(el("p", { role: "alert" }, `Sync Runs could not load: ${error instanceof Error ? error.message : String(error)}`)));

  // ---- the form context ----
  const attribute = (name: string) => ({ getName: () => name, getValue: () => form.attributes[name] ?? null, getIsDirty: () => false });
  const formContext = {
    data: {
      entity: {
        getId: () => `{${form.id.toUpperCase()}}`,
        getEntityName: () => form.entityName,
        getIsDirty: () => false,
        getPrimaryAttributeValue: () => form.attributes[emailAccount.primaryNameColumn] ?? null,
        attributes: { get: (name: string) => attribute(name) },
      },
      async refresh(_save: boolean) {
        const row = await webApi.retrieveRecord(emailAccount.logicalName, form.id);
        Object.assign(form.attributes, row);
        refreshRuns();
      },
    },
    getAttribute: (name: string) => (name in form.attributes ? attribute(name) : null),
    ui: {
      /** 2 = Update: the record exists. */
      getFormType: () => 2,
      setFormNotification(message: string, level: Level, uniqueId: string) {
        shownNotifications.set(uniqueId, { message, level });
        renderNotifications();
        return true;
      },
      clearFormNotification(uniqueId: string) {
        const had = shownNotifications.delete(uniqueId);
        renderNotifications();
        return had;
      },
    },
  };

  // ---- Xrm ----
  let progress: HTMLElement | undefined;
  const execute = async (request: ExecuteRequest): Promise<Response> => {
    const meta = request.getMetadata();
    const parameters: Record<string, unknown> = {};
    for (const name of Object.keys(meta.parameterTypes)) if (name !== meta.boundParameter && request[name] !== undefined) parameters[name] = request[name];
    let path = `Microsoft.Dynamics.CRM.${meta.operationName}`;
    if (meta.boundParameter === "entity") {
      const entity = request.entity as { entityType: string; id: string };
      path = `${entitySetOf(entity.entityType)}(${entity.id.replace(/[{}]/g, "")})/${path}`;
    }
    return webApiFetch(meta.operationType === 1 ? "GET" : "POST", path, meta.operationType === 1 ? undefined : parameters);
  };
  window.Xrm = {
    WebApi: { ...webApi, online: { ...webApi, execute } },
    Utility: {
      getGlobalContext: () => ({ userSettings: { languageId: 1033 }, getClientUrl: () => window.location.origin }),
      showProgressIndicator(message: string) {
        progress?.remove();
        progress = el("div", { class: "mps-progress", role: "progressbar", "aria-label": message }, message);
        document.body.append(progress);
      },
      closeProgressIndicator() {
        progress?.remove();
        progress = undefined;
      },
    },
    Navigation: {
      navigateTo(pageInput: { pageType: string; webresourceName?: string; data?: string }, options: NavigationOptions = {}) {
        if (pageInput.pageType !== "webresource" || pageInput.webresourceName === undefined) return Promise.reject(new Error(`navigateTo: this app opens web resources only, not ${pageInput.pageType}.`));
        const src = `/WebResources/${pageInput.webresourceName}${pageInput.data === undefined ? "" : `?data=${encodeURIComponent(pageInput.data)}`}`;
        return new Promise<{ returnValue?: unknown }>((resolve) => {
          const title = options.title ?? "";
          const frame = el("iframe", { src, title });
          const closeButton = el("button", { type: "button", class: "mps-button", "aria-label": "Close" }, "✕");
          const dialog = el("div", { class: "mps-dialog", role: "dialog", "aria-modal": "true", "aria-label": title, style: `width:${size(options.width, "70vw")};height:${size(options.height, "60vh")}` }, el("header", {}, el("span", {}, title), closeButton), frame);
          const overlay = el("div", { class: "mps-overlay" }, dialog);
          const close = (): void => {
            overlay.remove();
            resolve({});
          };
          closeButton.addEventListener("click", close);
          // The dialog closes itself with window.close(), as a web resource does inside Dynamics.
          frame.addEventListener("load", () => {
            if (frame.contentWindow) frame.contentWindow.close = close;
          });
          document.body.append(overlay);
        });
      },
    },
  };

  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>("[data-command]"))) {
    button.addEventListener("click", () => {
      const command = button.dataset.command;
      if (command === "refresh") {
        void formContext.data.refresh(false);
        return;
      }
      if (!handlers || (command !== "openScheduledSyncSettings" && command !== "syncNow" && command !== "dryRun")) return;
      void handlers[command](formContext).then(refreshRuns);
    });
  }
  refreshRuns();
  // The Sync Runs subgrid follows runs as mpsync serve writes them.
  window.setInterval(refreshRuns, 2000);
  if (!handlers) formContext.ui.setFormNotification("The form script mps_/emailaccount/form.js did not load.", "ERROR", "host");
  else void handlers.onLoad({ getFormContext: () => formContext, getEventSource: () => formContext });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
