import { Interval, SyncStatus, SyncType, SyncWindow, intervalChoice, syncWindowChoice } from "@mps/model";
import type { WebApiRow, XrmLike } from "../lib/xrm-like";
import { stringsFor } from "../strings";
import { mountScheduleDialog } from "./schedule-dialog";

const ACCOUNT_ID = "7f3c2a10-1111-4a4a-9b9b-0123456789ab";
const SCHEDULE_ID = "c0ffee00-2222-4b4b-8c8c-0123456789ab";
const NOW = new Date("2026-11-28T10:15:00.000Z");
const MARKETING = SyncType["Marketing preferences"];

interface Harness {
  root: HTMLElement;
  xrm: XrmLike & { WebApi: { [K in keyof XrmLike["WebApi"]]: jest.Mock } };
  close: jest.Mock;
  row(): HTMLTableRowElement;
  select(name: "interval" | "window" | "nextsync"): HTMLSelectElement;
  input(name: "windowStart" | "windowEnd" | "timezone"): HTMLInputElement;
  choose(name: "interval" | "window" | "nextsync", label: string): void;
  type(name: "windowStart" | "windowEnd" | "timezone", value: string): void;
  click(text: string): void;
  errorOf(name: "interval" | "window" | "windowStart" | "windowEnd" | "timeZone"): string;
  writes(): number;
  settle(): Promise<void>;
}

const storedRow = (overrides: WebApiRow = {}): WebApiRow => ({
  mps_syncscheduleid: SCHEDULE_ID,
  mps_synctype: MARKETING,
  mps_interval: Interval.Manual,
  mps_syncwindow: SyncWindow.Anytime,
  mps_windowstart: null,
  mps_windowend: null,
  mps_timezone: "Europe/London",
  mps_nextsync: null,
  mps_lastsync: "2026-11-27T08:00:00Z",
  mps_status: SyncStatus.None,
  mps_lastresult: null,
  mps_lasterror: null,
  ...overrides,
});

async function mount(schedules: WebApiRow[], options: { failLoad?: boolean } = {}): Promise<Harness> {
  document.body.innerHTML = '<main id="mps-root"></main>';
  const root = document.getElementById("mps-root") as HTMLElement;
  const WebApi = {
    retrieveRecord: jest.fn(() => Promise.resolve({ mps_name: "Contoso UK" })),
    retrieveMultipleRecords: jest.fn(() => (options.failLoad ? Promise.reject(new Error("Network is down")) : Promise.resolve({ entities: schedules }))),
    createRecord: jest.fn(() => Promise.resolve({ id: "new-schedule-id" })),
    updateRecord: jest.fn(() => Promise.resolve({})),
  };
  const close = jest.fn();
  await mountScheduleDialog(root, {
    xrm: { WebApi },
    accountId: ACCOUNT_ID,
    strings: stringsFor(1033),
    now: () => NOW,
    close,
    defaultTimeZone: "Europe/London",
    timeZones: ["Europe/London", "America/New_York"],
    formatDate: (date) => date.toISOString(),
  });
  const q = <T extends Element>(selector: string) => root.querySelector<T>(selector) as T;
  const h: Harness = {
    root,
    xrm: { WebApi },
    close,
    row: () => q(`tr[data-sync-type="${MARKETING}"]`),
    select: (name) => q(`#mps-${MARKETING}-${name}`),
    input: (name) => q(`#mps-${MARKETING}-${name}`),
    choose(name, label) {
      const select = h.select(name);
      const option = Array.from(select.options).find((o) => o.text === label);
      if (!option) throw new Error(`no option ${label} in ${name}: ${Array.from(select.options, (o) => o.text).join(", ")}`);
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    type(name, value) {
      const input = h.input(name);
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    click(text) {
      const button = Array.from(root.querySelectorAll("button")).find((b) => b.textContent === text);
      if (!button) throw new Error(`no button ${text}`);
      button.click();
    },
    errorOf: (name) => q<HTMLElement>(`#mps-${MARKETING}-${name}-error`).textContent ?? "",
    writes: () => WebApi.createRecord.mock.calls.length + WebApi.updateRecord.mock.calls.length,
    settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
  };
  return h;
}

/** Whether an element is shown: neither it nor an ancestor inside the root is hidden. */
function shown(element: Element | null): boolean {
  for (let e = element; e; e = e.parentElement) if ((e as HTMLElement).hidden) return false;
  return element !== null;
}

describe("Scheduled Sync Settings dialog: what it shows", () => {
  it("shows the account's row with Last Sync, Next Sync, Interval, Sync Window and Status", async () => {
    const h = await mount([storedRow({ mps_interval: Interval["Once a day"], mps_nextsync: "2026-11-28T08:00:00Z", mps_status: SyncStatus["Added to Queue"] })]);
    expect(h.root.querySelector("h1")?.textContent).toBe("Scheduled Sync Settings: Contoso UK");
    const cells = Array.from(h.row().children, (c) => c.textContent);
    expect(cells[0]).toBe("Marketing preferences");
    expect(cells[1]).toContain("2026-11-27T08:00:00.000Z");
    expect(h.select("nextsync").selectedOptions[0]?.text).toBe("2026-11-28T08:00:00.000Z");
    expect(h.select("interval").selectedOptions[0]?.text).toBe("Once a day");
    expect(h.select("window").selectedOptions[0]?.text).toBe("Anytime");
    expect(cells[5]).toContain("Added to Queue");
    expect(h.xrm.WebApi.retrieveMultipleRecords).toHaveBeenCalledWith("mps_syncschedule", expect.stringContaining(`_mps_emailaccountid_value eq ${ACCOUNT_ID}`));
  });

  it("offers every Interval and Sync Window of the model, and Now for Next Sync", async () => {
    const h = await mount([storedRow()]);
    expect(Array.from(h.select("interval").options, (o) => [Number(o.value), o.text])).toEqual(intervalChoice.options.map((o) => [o.value, o.label]));
    expect(Array.from(h.select("window").options, (o) => [Number(o.value), o.text])).toEqual(syncWindowChoice.options.map((o) => [o.value, o.label]));
    expect(Array.from(h.select("nextsync").options, (o) => o.text)).toContain("Now");
  });

  it("starts a never-saved Marketing preferences row at Manual and Anytime without writing it", async () => {
    const h = await mount([]);
    expect(h.select("interval").selectedOptions[0]?.text).toBe("Manual");
    expect(h.select("window").selectedOptions[0]?.text).toBe("Anytime");
    expect(h.select("nextsync").selectedOptions[0]?.text).toBe("Not scheduled (Manual)");
    expect(h.row().children[1]?.textContent).toBe("Never");
    expect(h.writes()).toBe(0);
  });

  it("shows the next run the schedule rule computes once the settings change", async () => {
    const h = await mount([storedRow({ mps_lastsync: "2026-11-28T09:00:00Z" })]);
    h.choose("interval", "Once an hour");
    expect(h.select("nextsync").options[0]?.text).toBe("2026-11-28T10:15:00.000Z");
    h.choose("interval", "Every 4 hours");
    expect(h.select("nextsync").options[0]?.text).toBe("2026-11-28T13:00:00.000Z");
  });

  it("puts the keyboard focus on the first Interval once loaded", async () => {
    const h = await mount([storedRow()]);
    expect(document.activeElement).toBe(h.select("interval"));
  });

  it("says why when the settings cannot be loaded, and still lets the user cancel", async () => {
    const h = await mount([], { failLoad: true });
    expect(h.root.querySelector('[role="alert"]')?.textContent).toBe("The settings could not be loaded: Network is down");
    h.click("Cancel");
    expect(h.close).toHaveBeenCalled();
  });
});

describe("Scheduled Sync Settings dialog: inputs per Interval and Sync Window", () => {
  // What each window is read with (DESIGN.md §3), whatever the interval.
  const expected: Record<string, { at: boolean; from: boolean; to: boolean; hint: boolean; zone: boolean }> = {
    Anytime: { at: false, from: false, to: false, hint: false, zone: false },
    "Specific time": { at: true, from: false, to: false, hint: false, zone: true },
    "Out of office hours": { at: false, from: false, to: false, hint: true, zone: true },
    "Custom window": { at: false, from: true, to: true, hint: false, zone: true },
  };
  const combinations = intervalChoice.labels.flatMap((interval) => syncWindowChoice.labels.map((window) => [interval, window] as const));

  it.each(combinations)("%s with %s shows the right inputs", async (interval, window) => {
    const h = await mount([storedRow()]);
    h.choose("interval", interval);
    h.choose("window", window);
    const want = expected[window];
    const labelShown = (text: string) => Array.from(h.row().querySelectorAll("label")).some((l) => l.textContent === text && shown(l));
    expect({
      at: labelShown("At"),
      from: labelShown("From"),
      to: labelShown("To") && shown(h.input("windowEnd")),
      hint: Array.from(h.row().querySelectorAll(".mps-hint")).some((e) => shown(e) && e.textContent === "18:00 to 08:00"),
      zone: shown(h.input("timezone")),
    }).toEqual(want);
    // The one start-time input sits under whichever label is shown.
    expect(shown(h.input("windowStart"))).toBe(want?.at === true || want?.from === true);
  });
});

describe("Scheduled Sync Settings dialog: impossible settings", () => {
  it("marks an empty Specific time next to its input and writes nothing", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.choose("window", "Specific time");
    h.type("windowStart", "");
    h.click("Done");
    expect(h.errorOf("windowStart")).toBe("Enter a time.");
    expect(h.input("windowStart").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(h.input("windowStart"));
    h.click("Save");
    await h.settle();
    expect(h.root.querySelector('[role="alert"]')?.textContent).toBe("Fix the settings marked below, then select Save.");
    expect(h.writes()).toBe(0);
    expect(h.close).not.toHaveBeenCalled();
  });

  it("refuses a Custom window that closes when it opens", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once an hour");
    h.choose("window", "Custom window");
    h.type("windowStart", "09:00");
    h.type("windowEnd", "09:00");
    h.click("Done");
    expect(h.errorOf("windowEnd")).toBe("The window must close at a different time than it opens.");
    expect(h.errorOf("windowStart")).toBe("");
  });

  it("refuses a Specific time for an interval shorter than a day, next to Interval", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Every 15 minutes");
    h.choose("window", "Specific time");
    h.click("Done");
    expect(h.errorOf("interval")).toMatch(/Once a day or Once a week/);
  });

  it("refuses a time zone that does not exist", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.choose("window", "Out of office hours");
    h.type("timezone", "Europe/Atlantis");
    h.click("Done");
    expect(h.errorOf("timeZone")).toBe('"Europe/Atlantis" is not a time zone: use a name such as Europe/London.');
  });

  it("clears an error as soon as the field is fixed", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.choose("window", "Out of office hours");
    h.type("timezone", "");
    h.click("Done");
    expect(h.errorOf("timeZone")).toBe("Enter a time zone, such as Europe/London.");
    h.type("timezone", "America/New_York");
    expect(h.errorOf("timeZone")).toBe("");
  });
});

describe("Scheduled Sync Settings dialog: Save and Cancel", () => {
  it("runs the reference's on-demand sequence: Once a day, Specific time, Now, Done, Save writes mps_nextsync = now", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.choose("window", "Specific time");
    h.choose("nextsync", "Now");
    h.click("Done");
    expect(h.row().textContent).toContain("Ready to save.");
    expect(h.writes()).toBe(0);
    h.click("Save");
    await h.settle();
    expect(h.xrm.WebApi.updateRecord).toHaveBeenCalledTimes(1);
    expect(h.xrm.WebApi.updateRecord).toHaveBeenCalledWith(
      "mps_syncschedule",
      SCHEDULE_ID,
      expect.objectContaining({ mps_interval: Interval["Once a day"], mps_syncwindow: SyncWindow["Specific time"], mps_nextsync: NOW.toISOString() }),
    );
    expect(h.xrm.WebApi.createRecord).not.toHaveBeenCalled();
    expect(h.close).toHaveBeenCalledTimes(1);
  });

  it("creates the missing Marketing preferences row only on Save, bound to the account", async () => {
    const h = await mount([]);
    h.choose("interval", "Once a day");
    h.choose("window", "Specific time");
    h.choose("nextsync", "Now");
    h.click("Done");
    expect(h.writes()).toBe(0);
    h.click("Save");
    await h.settle();
    expect(h.xrm.WebApi.createRecord).toHaveBeenCalledTimes(1);
    expect(h.xrm.WebApi.createRecord).toHaveBeenCalledWith("mps_syncschedule", {
      mps_name: "Contoso UK - Marketing preferences",
      mps_synctype: MARKETING,
      "mps_emailaccountid@odata.bind": `/mps_emailaccounts(${ACCOUNT_ID})`,
      mps_interval: Interval["Once a day"],
      mps_syncwindow: SyncWindow["Specific time"],
      mps_windowstart: 9 * 60,
      mps_windowend: null,
      mps_timezone: "Europe/London",
      mps_nextsync: NOW.toISOString(),
    });
  });

  it("writes the computed next run, not now, when Next Sync is left as scheduled", async () => {
    const h = await mount([storedRow({ mps_lastsync: "2026-11-28T09:00:00Z" })]);
    h.choose("interval", "Once an hour");
    h.choose("window", "Custom window");
    h.type("windowStart", "12:00");
    h.type("windowEnd", "14:00");
    h.click("Save");
    await h.settle();
    // 12:00 in London in November is 12:00 UTC: the first opening after 10:00 + 1 hour.
    expect(h.xrm.WebApi.updateRecord).toHaveBeenCalledWith("mps_syncschedule", SCHEDULE_ID, expect.objectContaining({ mps_windowstart: 720, mps_windowend: 840, mps_nextsync: "2026-11-28T12:00:00.000Z" }));
  });

  it("writes nothing when nothing changed, or a change was undone", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a week");
    h.choose("interval", "Manual");
    h.click("Save");
    await h.settle();
    expect(h.writes()).toBe(0);
    expect(h.close).toHaveBeenCalledTimes(1);
  });

  it("writes nothing before Save, however many edits and Done", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Every 30 minutes");
    h.click("Done");
    h.choose("window", "Out of office hours");
    h.click("Done");
    h.choose("nextsync", "Now");
    await h.settle();
    expect(h.writes()).toBe(0);
  });

  it("Cancel discards the edits, writes nothing and closes", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.choose("nextsync", "Now");
    h.click("Cancel");
    await h.settle();
    expect(h.writes()).toBe(0);
    expect(h.close).toHaveBeenCalledTimes(1);
  });

  it("Escape cancels like the Cancel button", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.select("interval").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(h.close).toHaveBeenCalledTimes(1);
    expect(h.writes()).toBe(0);
  });

  it("Enter in a field saves, as the form's submit", async () => {
    const h = await mount([storedRow()]);
    h.choose("interval", "Once a day");
    h.choose("window", "Out of office hours");
    (h.root.querySelector("form") as HTMLFormElement).requestSubmit();
    await h.settle();
    expect(h.xrm.WebApi.updateRecord).toHaveBeenCalledTimes(1);
  });

  it("keeps the dialog open with the reason when Save fails, and a retry writes once", async () => {
    const h = await mount([storedRow()]);
    h.xrm.WebApi.updateRecord.mockRejectedValueOnce({ errorCode: 2147746336, message: "You do not have permission to update Scheduled Sync Settings." });
    h.choose("interval", "Once a day");
    h.click("Save");
    await h.settle();
    expect(h.root.querySelector('[role="alert"]')?.textContent).toBe("The settings could not be saved: You do not have permission to update Scheduled Sync Settings.");
    expect(h.close).not.toHaveBeenCalled();
    h.click("Save");
    await h.settle();
    expect(h.xrm.WebApi.updateRecord).toHaveBeenCalledTimes(2);
    expect(h.close).toHaveBeenCalledTimes(1);
  });
});
