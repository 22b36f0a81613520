import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { subscription } from "@mps/model";
import { buildSeed, DEMO_CONTACT_ID, demoSeed, FormFactor, WebApiError } from "../harness";
import { createFakeHost, type RunningControl, runControl, STRINGS } from "../testing/control-host";
import { type PreferencesGridProps } from "./components/preferences-grid";
import { MarketingPreferencesGrid } from "./index";
import { STRING_KEYS } from "./strings";

let running: RunningControl | undefined;
afterEach(() => {
  running?.unmount();
  running = undefined;
});

async function start(options: Parameters<typeof runControl>[0]): Promise<RunningControl> {
  running = await runControl(options);
  return running;
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByText(name).closest<HTMLElement>('[role="row"]');
  if (!row) throw new Error(`no grid row shows "${name}"`);
  return row;
}

/** Fluent hides the page from assistive tech while a modal is up, until its close animation ends. */
async function dialogClosed(): Promise<void> {
  await waitFor(() => expect(screen.queryByRole("alertdialog", { hidden: true })).not.toBeInTheDocument());
}

function tab(name: RegExp): HTMLElement {
  return screen.getByRole("tab", { name });
}

describe("strings", () => {
  it("has an English text in the resx for every key the grid uses", () => {
    const missing = STRING_KEYS.filter((k) => !STRINGS[k]);
    expect(missing).toEqual([]);
  });
});

describe("init and updateView", () => {
  it("adds the linked preference columns to the subgrid's query and loads every subscription in one page", async () => {
    const c = await start({ seed: demoSeed() });
    expect(c.dataset.linkedEntities).toEqual([{ name: "mps_marketingpreference", from: "mps_marketingpreferenceid", to: "mps_marketingpreferenceid", linkType: "outer", alias: "pref" }]);
    expect(c.dataset.columns.map((col) => col.name)).toEqual(
      expect.arrayContaining(["mps_optedin", "mps_syncedvalue", "mps_lastchangesource", "mps_syncstate", "modifiedon", "pref.mps_publicname", "pref.mps_name", "pref.mps_ispublic", "pref.mps_order", "pref.mps_parentcategoryid"]),
    );
    expect(c.dataset.paging.pageSize).toBe(5000);
    expect(c.dataset.refreshCount).toBe(1);
  });

  it("shows the preferences grouped by category in Dotdigital's order, with name, visibility, status, last change and sync state", async () => {
    await start({ seed: demoSeed() });
    const headers = screen.getAllByRole("rowgroup").map((g) => g.getAttribute("aria-label"));
    expect(headers).toEqual(["Newsletters", "Offers", "Other preferences"]);
    const weekly = rowOf("Weekly newsletter");
    expect(within(weekly).getByText("Opted in")).toBeInTheDocument();
    expect(within(weekly).getByText("Public")).toBeInTheDocument();
    expect(within(weekly).getByText(/in Dotdigital$/)).toBeInTheDocument();
    expect(within(weekly).getByText("Synced")).toBeInTheDocument();
    expect(within(weekly).getByText("Private name: Weekly newsletter (private)")).toBeInTheDocument();
    const sales = rowOf("Seasonal sales");
    expect(within(sales).getByText("Sync error")).toBeInTheDocument();
    expect(within(sales).getByText("Dotdigital rejected the contact: invalid email")).toBeInTheDocument();
    expect(within(rowOf("Monthly digest")).getByText(/in Dynamics$/)).toBeInTheDocument();
  });

  it("counts each filter and narrows the list when one is clicked", async () => {
    await start({ seed: demoSeed() });
    const user = userEvent.setup();
    expect(tab(/^All/)).toHaveTextContent("All (5)");
    expect(tab(/^Opted in/)).toHaveTextContent("Opted in (2)");
    expect(tab(/^Opted out/)).toHaveTextContent("Opted out (3)");
    expect(tab(/^Private/)).toHaveTextContent("Private (2)");
    expect(tab(/^Public/)).toHaveTextContent("Public (3)");
    await user.click(tab(/^Opted in/));
    expect(screen.getByText("Weekly newsletter")).toBeInTheDocument();
    expect(screen.queryByText("Monthly digest")).not.toBeInTheDocument();
    await user.click(tab(/^Private/));
    expect(screen.getByText("Partner offers")).toBeInTheDocument();
    expect(screen.queryByText("Weekly newsletter")).not.toBeInTheDocument();
  });

  it("searches by name and says so when nothing matches", async () => {
    await start({ seed: demoSeed() });
    const user = userEvent.setup();
    await user.type(screen.getByRole("searchbox", { name: STRINGS.Search_AriaLabel ?? "" }), "digest");
    expect(screen.getByText("Monthly digest")).toBeInTheDocument();
    expect(screen.queryByText("Weekly newsletter")).not.toBeInTheDocument();
    await user.type(screen.getByRole("searchbox"), "zzz");
    expect(screen.getByText(STRINGS.Empty_NoMatch ?? "")).toBeInTheDocument();
  });

  it("explains when preferences appear when the record has none yet", async () => {
    await start({ seed: buildSeed({ preferences: [] }) });
    expect(screen.getByText(STRINGS.Empty_Title ?? "")).toBeInTheDocument();
    expect(screen.getByText(/after a sync/)).toBeInTheDocument();
    expect(screen.queryByRole("grid")).not.toBeInTheDocument();
  });

  it("shows the Email Account column only when preferences come from more than one account", async () => {
    await start({ seed: demoSeed() });
    expect(screen.queryByRole("columnheader", { name: /Email Account/ })).not.toBeInTheDocument();
    running?.unmount();
    await start({
      seed: buildSeed({ accounts: ["UK", "US"], preferences: [{ publicName: "UK news", account: 0 }, { publicName: "US news", account: 1 }] }),
    });
    expect(screen.getByRole("columnheader", { name: /Email Account/ })).toBeInTheDocument();
    expect(within(rowOf("US news")).getByText("US")).toBeInTheDocument();
  });

  it("uses a compact stacked layout on a phone", async () => {
    await start({ seed: demoSeed(), formFactor: FormFactor.phone });
    expect(screen.queryByRole("columnheader", { name: /Public \/ Private/ })).not.toBeInTheDocument();
    expect(within(rowOf("Weekly newsletter")).getByText("Opted in · Public")).toBeInTheDocument();
  });

  it("switches to the compact layout when the form gives it a narrow column", async () => {
    const c = await start({ seed: demoSeed(), allocatedWidth: 1200 });
    expect(screen.getByRole("columnheader", { name: /Public \/ Private/ })).toBeInTheDocument();
    c.update({ allocatedWidth: 400 });
    c.mounted.rerender();
    expect(screen.queryByRole("columnheader", { name: /Public \/ Private/ })).not.toBeInTheDocument();
  });
});

describe("updateView", () => {
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  it("hands the view the same props when nothing changed, and new rows after the dataset reloads", async () => {
    const host = createFakeHost({ seed: demoSeed() });
    const control = new MarketingPreferencesGrid();
    control.init(host.context, () => undefined, {});
    await tick();
    const first = control.updateView(host.context).props as PreferencesGridProps;
    const again = control.updateView(host.context).props as PreferencesGridProps;
    expect(first.rows).toHaveLength(5);
    expect(again.rows).toBe(first.rows);
    expect(again.strings).toBe(first.strings);
    expect(again.onSave).toBe(first.onSave);
    host.dataset.refresh();
    await tick();
    const reloaded = control.updateView(host.context).props as PreferencesGridProps;
    expect(reloaded.rows).not.toBe(first.rows);
    expect(reloaded.rows).toEqual(first.rows);
    control.destroy();
  });
});

describe("suppression and errors", () => {
  it("warns that a suppressed person's preferences will not sync until they re-subscribe", async () => {
    const c = await start({ seed: demoSeed({ suppressed: true }) });
    expect(await screen.findByText(/suppressed in Dotdigital \(Unsubscribed\).*until they re-subscribe/)).toBeInTheDocument();
    expect(c.context.mode).toHaveProperty("contextInfo.entityId", DEMO_CONTACT_ID);
  });

  it("shows no suppression warning for a person who is not suppressed", async () => {
    await start({ seed: demoSeed() });
    expect(screen.queryByText(/suppressed in Dotdigital/)).not.toBeInTheDocument();
  });

  it("reports a dataset that failed to load", async () => {
    const c = await start({ seed: demoSeed() });
    c.dataset.error = true;
    c.dataset.errorMessage = "The user does not have read access";
    c.mounted.rerender();
    expect(await screen.findByText("The marketing preferences could not be loaded: The user does not have read access")).toBeInTheDocument();
  });

  it("reports a catalogue read that failed and still shows the rows", async () => {
    const seed = demoSeed();
    const c = await start({ seed, record: { entityTypeName: "contact", entityId: DEMO_CONTACT_ID } });
    jest.spyOn(c.store, "retrieveMultipleRecords").mockRejectedValue(new WebApiError(1, "Network is down"));
    await userEvent.setup().click(screen.getByRole("button", { name: "Refresh" }));
    await c.settle();
    expect(await screen.findByText(/could not be loaded: Network is down/)).toBeInTheDocument();
  });
});

describe("edit and save", () => {
  async function selectRows(user: ReturnType<typeof userEvent.setup>, ...names: string[]): Promise<void> {
    for (const name of names) await user.click(within(rowOf(name)).getByRole("checkbox"));
  }

  it("sets the Status of every selected row, refreshes the grid and says the next sync sends it", async () => {
    const c = await start({ seed: demoSeed() });
    const user = userEvent.setup();
    const edit = screen.getByRole("button", { name: "Edit" });
    expect(edit).toBeDisabled();
    await selectRows(user, "Monthly digest", "Partner offers");
    await user.click(edit);
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByText("Marketing Preference Subscription")).toBeInTheDocument();
    expect(within(dialog).getByText("2 marketing preferences selected")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("radio", { name: "Yes" }));
    await c.act(() => user.click(within(dialog).getByRole("button", { name: "Save" })));
    expect(c.store.writes).toEqual([
      { table: subscription.logicalName, id: expect.stringMatching(/^00000004-/) as unknown, data: { mps_optedin: true } },
      { table: subscription.logicalName, id: expect.stringMatching(/^00000004-/) as unknown, data: { mps_optedin: true } },
    ]);
    expect(c.dataset.refreshCount).toBe(2);
    await dialogClosed();
    expect(await screen.findByText("Marketing preferences saved: 2. The next sync sends the changes to Dotdigital.")).toBeInTheDocument();
    expect(within(rowOf("Monthly digest")).getByText("Opted in")).toBeInTheDocument();
    expect(within(rowOf("Partner offers")).getByText("Opted in")).toBeInTheDocument();
    expect(within(rowOf("Partner offers")).getByText(/in Dynamics$/)).toBeInTheDocument();
    expect(within(rowOf("Partner offers")).getByText("Waiting for the next sync")).toBeInTheDocument();
    expect(tab(/^Opted in/)).toHaveTextContent("Opted in (4)");
  });

  it("starts the dialog on the Status the selected rows share, and on none when they differ", async () => {
    await start({ seed: demoSeed() });
    const user = userEvent.setup();
    await selectRows(user, "Weekly newsletter");
    await user.click(screen.getByRole("button", { name: "Edit" }));
    expect(within(await screen.findByRole("alertdialog")).getByRole("radio", { name: "Yes" })).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await dialogClosed();
    await selectRows(user, "Monthly digest");
    await user.click(screen.getByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByRole("radio", { name: "Yes" })).not.toBeChecked();
    expect(within(dialog).getByRole("radio", { name: "No" })).not.toBeChecked();
    expect(within(dialog).getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("saves the rows that can be saved, says why the others failed and keeps them selected", async () => {
    const c = await start({ seed: demoSeed() });
    const partner = c.store.rows(subscription.logicalName).find((r) => r.mps_name === "Partner offers - Demo Contact");
    c.store.failWhen((_table, id) => (id === partner?.mps_marketingpreferencesubscriptionid ? new WebApiError(0x80040220, "Principal user is missing prvWritemps_marketingpreferencesubscription privilege") : undefined));
    const user = userEvent.setup();
    await selectRows(user, "Monthly digest", "Partner offers");
    await user.click(screen.getByRole("button", { name: "Edit" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("radio", { name: "Yes" }));
    await c.act(() => user.click(screen.getByRole("button", { name: "Save" })));
    await dialogClosed();
    expect(await screen.findByText("1 of 2 marketing preferences were not saved.")).toBeInTheDocument();
    expect(screen.getByText("Partner offers: Principal user is missing prvWritemps_marketingpreferencesubscription privilege")).toBeInTheDocument();
    expect(within(rowOf("Partner offers")).getByText(/^Not saved: Principal user is missing/)).toBeInTheDocument();
    expect(within(rowOf("Partner offers")).getByText("Opted out")).toBeInTheDocument();
    expect(within(rowOf("Monthly digest")).getByText("Opted in")).toBeInTheDocument();
    expect(within(rowOf("Partner offers")).getByRole("checkbox")).toBeChecked();
    expect(within(rowOf("Monthly digest")).getByRole("checkbox")).not.toBeChecked();
  });

  it("reports every row when all saves fail and does not refresh for nothing", async () => {
    const c = await start({ seed: demoSeed() });
    c.store.failWhen(() => new WebApiError(1, "Service unavailable"));
    const user = userEvent.setup();
    await selectRows(user, "Weekly newsletter");
    await user.click(screen.getByRole("button", { name: "Edit" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("radio", { name: "No" }));
    await c.act(() => user.click(screen.getByRole("button", { name: "Save" })));
    expect(await screen.findByText("1 of 1 marketing preferences were not saved.")).toBeInTheDocument();
    expect(c.dataset.refreshCount).toBe(1);
    expect(c.store.writes).toEqual([]);
  });
});

describe("read-only", () => {
  it("offers no selection and no Edit when the form is disabled", async () => {
    await start({ seed: demoSeed(), disabled: true });
    expect(screen.queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
    expect(within(rowOf("Weekly newsletter")).queryByRole("checkbox")).not.toBeInTheDocument();
    expect(await screen.findByText(STRINGS.ReadOnly_Notice ?? "")).toBeInTheDocument();
  });

  it("is read-only for a user without write privilege on subscriptions", async () => {
    const asked: [string, number][] = [];
    await start({
      seed: demoSeed(),
      hasPrivilege: (table, privilege) => {
        asked.push([table, privilege]);
        return false;
      },
    });
    expect(asked).toContainEqual([subscription.logicalName, 3]);
    expect(screen.queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
  });
});

describe("destroy", () => {
  it("ignores side data that arrives after the control is gone", async () => {
    const c = await runControl({ seed: demoSeed(), latencyMs: 20 });
    c.unmount();
    await new Promise((r) => setTimeout(r, 60));
    expect(document.body).not.toHaveTextContent("Weekly newsletter");
  });
});
