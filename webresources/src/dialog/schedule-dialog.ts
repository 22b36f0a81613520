// The Scheduled Sync Settings dialog: one row per sync type with Last Sync, Next Sync, Interval,
// Sync Window and Status. Edits stay in memory until Save; Cancel (or Escape) closes without writing.
import { SyncStatus, SyncType, labelOf, syncResultChoice, syncSchedule, syncStatusChoice, syncTypeChoice, intervalChoice, syncWindowChoice, emailAccount } from "@mps/model";
import { validateSchedule, type ScheduleProblem } from "@mps/sync-core/pure";
import { bindEmailAccount, byEmailAccount, emailAccountRow, errorMessage, scheduleColumns, scheduleRow, type ScheduleRow } from "../lib/records";
import type { XrmLike } from "../lib/xrm-like";
import { problemText } from "../rules/problem-text";
import {
  draftFromRow,
  isChanged,
  minutesToTime,
  plannedNextSync,
  scheduleColumnsToWrite,
  settingsOf,
  timeToMinutes,
  type IntervalName,
  type ScheduleDraft,
  type SyncWindowName,
} from "../rules/schedule-draft";
import { windowDefaults, windowInputs } from "../rules/window-inputs";
import { format, type Strings } from "../strings";

export interface DialogHost {
  readonly xrm: XrmLike;
  /** The Email Account id, read once from the page's `data` parameter. */
  readonly accountId: string;
  readonly strings: Strings;
  /** The clock: Next Sync = Now writes this instant. */
  now(): Date;
  /** Closes the dialog; the opener refreshes the form. */
  close(): void;
  /** The time zone a row without one starts with, normally the browser's. */
  readonly defaultTimeZone: string;
  /** IANA names offered as suggestions in the time zone input. */
  readonly timeZones: readonly string[];
  formatDate(date: Date): string;
}

type Field = "interval" | "window" | "windowStart" | "windowEnd" | "timeZone";

interface Row {
  readonly syncType: number;
  id: string | null;
  readonly lastSync: Date | null;
  readonly storedNextSync: Date | null;
  original: ScheduleDraft;
  draft: ScheduleDraft;
  /** Errors are shown from the first Done or Save on, then follow every edit. */
  showErrors: boolean;
  confirmed: boolean;
  view: RowView;
}

interface RowView {
  readonly tr: HTMLTableRowElement;
  readonly nextSync: HTMLSelectElement;
  readonly interval: HTMLSelectElement;
  readonly window: HTMLSelectElement;
  readonly windowStart: HTMLInputElement;
  readonly windowEnd: HTMLInputElement;
  readonly timeZone: HTMLInputElement;
  readonly atGroup: HTMLElement;
  readonly rangeGroup: HTMLElement;
  readonly outOfOfficeHint: HTMLElement;
  readonly timeZoneGroup: HTMLElement;
  readonly errors: { readonly [F in Field]: HTMLElement };
  readonly state: HTMLElement;
  readonly done: HTMLButtonElement;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function parseDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function fieldOf(problem: ScheduleProblem): Field {
  return problem.field;
}

/** Builds the dialog in `root`, loads the account's schedules and wires Save, Cancel, Done and the keyboard. */
export async function mountScheduleDialog(root: HTMLElement, host: DialogHost): Promise<void> {
  const s = host.strings;
  const heading = el("h1", { id: "mps-heading" }, s.dialogTitle);
  const banner = el("div", { class: "mps-banner", role: "alert", hidden: "" });
  const tbody = el("tbody");
  const table = el(
    "table",
    { class: "mps-grid", "aria-labelledby": "mps-heading" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...[s.colSyncType, s.colLastSync, s.colNextSync, s.colInterval, s.colSyncWindow, s.colStatus].map((text) => el("th", { scope: "col" }, text)),
        el("th", { scope: "col" }, el("span", { class: "mps-visually-hidden" }, s.done)),
      ),
    ),
    tbody,
  );
  const saveButton = el("button", { type: "submit", class: "mps-button mps-primary", disabled: "" }, s.save);
  const cancelButton = el("button", { type: "button", class: "mps-button" }, s.cancel);
  const loading = el("p", { class: "mps-loading", role: "status" }, s.loading);
  const form = el(
    "form",
    { class: "mps-dialog", novalidate: "", "aria-labelledby": "mps-heading" },
    el("header", { class: "mps-header" }, heading),
    banner,
    el("div", { class: "mps-body" }, loading, table),
    el("footer", { class: "mps-footer" }, saveButton, cancelButton),
  );
  table.hidden = true;
  const zoneList = el("datalist", { id: "mps-time-zones" }, ...host.timeZones.map((zone) => el("option", { value: zone })));
  root.replaceChildren(form, zoneList);

  const rows: Row[] = [];
  let busy = false;

  const showBanner = (message: string | null) => {
    banner.textContent = message ?? "";
    banner.hidden = message === null;
  };

  const cancel = () => {
    if (!busy) host.close();
  };
  cancelButton.addEventListener("click", cancel);
  root.ownerDocument.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  });

  function problemsOf(row: Row): ScheduleProblem[] {
    return validateSchedule(settingsOf(row.draft));
  }

  function nextSyncText(row: Row): string {
    // An untouched row runs when Dataverse says (a saved "Now" or the scheduler's own value);
    // an edited one runs when the schedule rule says for the new settings.
    if (!isChanged(row.original, row.draft) && row.storedNextSync) return host.formatDate(row.storedNextSync);
    const next = plannedNextSync({ ...row.draft, runNow: false }, row.lastSync, host.now());
    if (next.kind === "manual") return s.nextManual;
    if (next.kind === "invalid") return s.nextInvalid;
    return host.formatDate(next.at);
  }

  function render(row: Row): void {
    const v = row.view;
    const inputs = windowInputs(row.draft.window);
    v.atGroup.hidden = !inputs.at;
    v.rangeGroup.hidden = !inputs.range;
    v.outOfOfficeHint.hidden = !inputs.outOfOfficeHint;
    v.timeZoneGroup.hidden = !inputs.timeZone;
    const scheduled = v.nextSync.options[0];
    if (scheduled) scheduled.text = nextSyncText(row);

    const problems = row.showErrors ? problemsOf(row) : [];
    for (const field of Object.keys(v.errors) as Field[]) {
      const problem = problems.find((p) => fieldOf(p) === field);
      const message = problem ? problemText(problem, settingsOf(row.draft), s) : "";
      v.errors[field].textContent = message;
      v.errors[field].hidden = message === "";
      inputByField(v, field).setAttribute("aria-invalid", message ? "true" : "false");
    }
    const changed = isChanged(row.original, row.draft);
    v.state.textContent = changed ? (row.confirmed ? s.confirmed : s.changed) : "";
    v.tr.classList.toggle("mps-changed", changed);
  }

  function inputByField(v: RowView, field: Field): HTMLInputElement | HTMLSelectElement {
    return { interval: v.interval, window: v.window, windowStart: v.windowStart, windowEnd: v.windowEnd, timeZone: v.timeZone }[field];
  }

  function edit(row: Row, change: Partial<ScheduleDraft>): void {
    row.draft = { ...row.draft, ...change };
    row.confirmed = false;
    render(row);
  }

  /** Done: checks the row and marks it ready; returns false (focusing the first bad field) when it is not. */
  function confirm(row: Row): boolean {
    row.showErrors = true;
    const problems = problemsOf(row);
    row.confirmed = problems.length === 0;
    render(row);
    const first = problems[0];
    if (first) inputByField(row.view, fieldOf(first)).focus();
    return problems.length === 0;
  }

  function buildRow(syncType: number, loaded: ScheduleRow | undefined): Row {
    const id = (suffix: string) => `mps-${syncType}-${suffix}`;
    const errorSpan = (field: Field) => el("span", { class: "mps-field-error", id: id(`${field}-error`), hidden: "" });
    const errors = { interval: errorSpan("interval"), window: errorSpan("window"), windowStart: errorSpan("windowStart"), windowEnd: errorSpan("windowEnd"), timeZone: errorSpan("timeZone") };
    const described = (field: Field) => id(`${field}-error`);
    const syncTypeLabel = labelOf(syncTypeChoice, syncType) ?? String(syncType);

    const select = (field: "interval" | "window", label: string, options: readonly { value: number; label: string }[]) =>
      el("select", { id: id(field), "aria-label": `${label}: ${syncTypeLabel}`, "aria-describedby": described(field), class: "mps-select" }, ...options.map((o) => el("option", { value: String(o.value) }, o.label)));
    const interval = select("interval", s.colInterval, intervalChoice.options);
    const window = select("window", s.colSyncWindow, syncWindowChoice.options);
    const nextSync = el(
      "select",
      { id: id("nextsync"), "aria-label": `${s.colNextSync}: ${syncTypeLabel}`, class: "mps-select" },
      el("option", { value: "scheduled" }, ""),
      el("option", { value: "now" }, s.nextNow),
    );
    const timeInput = (field: "windowStart" | "windowEnd") => el("input", { type: "time", id: id(field), class: "mps-input", "aria-describedby": described(field) });
    const windowStart = timeInput("windowStart");
    const windowEnd = timeInput("windowEnd");
    // The Specific time and the Custom window's start are the same column, so one input moves between the groups.
    const atLabel = el("label", { for: id("windowStart") }, s.at);
    const atGroup = el("div", { class: "mps-field" });
    const fromLabel = el("label", { for: id("windowStart") }, s.windowFrom);
    const rangeGroup = el("div", { class: "mps-field" }, fromLabel, el("label", { for: id("windowEnd") }, s.windowTo), windowEnd, errors.windowEnd);
    const outOfOfficeHint = el("div", { class: "mps-hint" }, s.outOfOfficeHint);
    const timeZone = el("input", { type: "text", id: id("timezone"), class: "mps-input", list: "mps-time-zones", autocomplete: "off", spellcheck: "false", "aria-describedby": described("timeZone") });
    const timeZoneGroup = el("div", { class: "mps-field" }, el("label", { for: id("timezone") }, s.timeZone), timeZone, errors.timeZone);
    const done = el("button", { type: "button", class: "mps-button", "aria-label": `${s.done}: ${syncTypeLabel}` }, s.done);
    const state = el("div", { class: "mps-row-state", role: "status" });
    const lastSync = parseDate(loaded?.mps_lastsync);
    const lastResult = labelOf(syncResultChoice, loaded?.mps_lastresult ?? null);
    const status = labelOf(syncStatusChoice, loaded?.mps_status ?? SyncStatus.None) ?? "";

    const tr = el(
      "tr",
      { "data-sync-type": String(syncType) },
      el("th", { scope: "row" }, syncTypeLabel),
      el("td", {}, el("div", {}, lastSync ? host.formatDate(lastSync) : s.never), lastResult ? el("div", { class: "mps-secondary", title: loaded?.mps_lasterror ?? "" }, lastResult) : ""),
      el("td", {}, nextSync),
      el("td", {}, interval, errors.interval),
      el("td", {}, window, errors.window, atGroup, rangeGroup, outOfOfficeHint, timeZoneGroup),
      el("td", {}, el("div", {}, status), state),
      el("td", {}, done),
    );

    const original = draftFromRow(loaded, host.defaultTimeZone);
    const row: Row = {
      syncType,
      id: loaded?.mps_syncscheduleid ?? null,
      lastSync,
      storedNextSync: parseDate(loaded?.mps_nextsync),
      original,
      draft: original,
      showErrors: false,
      confirmed: false,
      view: { tr, nextSync, interval, window, windowStart, windowEnd, timeZone, atGroup, rangeGroup, outOfOfficeHint, timeZoneGroup, errors, state, done },
    };

    interval.value = String(intervalChoice.options.find((o) => o.label === original.interval)?.value);
    window.value = String(syncWindowChoice.options.find((o) => o.label === original.window)?.value);
    windowStart.value = minutesToTime(original.windowStart);
    windowEnd.value = minutesToTime(original.windowEnd);
    timeZone.value = original.timeZone;

    const placeStart = () => {
      const inputs = windowInputs(row.draft.window);
      if (inputs.range) fromLabel.after(windowStart, errors.windowStart);
      else atGroup.append(atLabel, windowStart, errors.windowStart);
    };
    placeStart();

    interval.addEventListener("change", () => edit(row, { interval: labelOf(intervalChoice, Number(interval.value)) as IntervalName }));
    window.addEventListener("change", () => {
      const name = labelOf(syncWindowChoice, Number(window.value)) as SyncWindowName;
      const times = windowDefaults(name, row.draft.windowStart, row.draft.windowEnd);
      windowStart.value = minutesToTime(times.windowStart);
      windowEnd.value = minutesToTime(times.windowEnd);
      edit(row, { window: name, ...times });
      placeStart();
    });
    nextSync.addEventListener("change", () => edit(row, { runNow: nextSync.value === "now" }));
    windowStart.addEventListener("input", () => edit(row, { windowStart: timeToMinutes(windowStart.value) }));
    windowEnd.addEventListener("input", () => edit(row, { windowEnd: timeToMinutes(windowEnd.value) }));
    timeZone.addEventListener("input", () => edit(row, { timeZone: timeZone.value.trim() }));
    done.addEventListener("click", () => {
      if (confirm(row)) saveButton.focus();
    });
    render(row);
    return row;
  }

  async function save(): Promise<void> {
    const changed = rows.filter((row) => isChanged(row.original, row.draft));
    if (changed.length === 0) {
      host.close();
      return;
    }
    const invalid = changed.filter((row) => !confirm(row));
    if (invalid.length > 0) {
      showBanner(s.fixErrors);
      return;
    }
    busy = true;
    saveButton.disabled = true;
    cancelButton.disabled = true;
    saveButton.textContent = s.saving;
    showBanner(null);
    const now = host.now();
    try {
      for (const row of changed) {
        const columns = scheduleColumnsToWrite(row.draft, row.lastSync, now);
        if (row.id) {
          await host.xrm.WebApi.updateRecord(syncSchedule.logicalName, row.id, columns);
        } else {
          const created = await host.xrm.WebApi.createRecord(syncSchedule.logicalName, {
            mps_name: `${accountName} - ${labelOf(syncTypeChoice, row.syncType) ?? ""}`.slice(0, 200),
            mps_synctype: row.syncType,
            ...bindEmailAccount(host.accountId),
            ...columns,
          });
          row.id = created.id;
        }
        // A written row is no longer pending, so retrying after a later row fails does not write it twice.
        row.original = { ...row.draft, runNow: false };
        row.draft = row.original;
      }
      host.close();
    } catch (error) {
      showBanner(format(s.saveFailed, { error: errorMessage(error, s.unknownError) }));
      for (const row of rows) render(row);
    } finally {
      busy = false;
      saveButton.disabled = false;
      cancelButton.disabled = false;
      saveButton.textContent = s.save;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!busy) void save();
  });

  let accountName = "";
  try {
    const [account, schedules] = await Promise.all([
      host.xrm.WebApi.retrieveRecord(emailAccount.logicalName, host.accountId, "?$select=mps_name"),
      host.xrm.WebApi.retrieveMultipleRecords(syncSchedule.logicalName, `?$select=${scheduleColumns.join(",")}&$filter=${byEmailAccount(host.accountId)}`),
    ]);
    accountName = emailAccountRow.parse(account).mps_name ?? "";
    const loaded = schedules.entities.map((entity) => scheduleRow.parse(entity));
    heading.textContent = accountName ? format(s.dialogHeading, { account: accountName }) : s.dialogTitle;
    for (const option of syncTypeChoice.options) {
      const row = buildRow(option.value, loaded.find((r) => (r.mps_synctype ?? SyncType["Marketing preferences"]) === option.value));
      rows.push(row);
      tbody.append(row.view.tr);
    }
    loading.remove();
    table.hidden = false;
    saveButton.disabled = false;
    rows[0]?.view.interval.focus();
  } catch (error) {
    loading.remove();
    showBanner(format(s.loadFailed, { error: errorMessage(error, s.unknownError) }));
    cancelButton.focus();
  }
}
