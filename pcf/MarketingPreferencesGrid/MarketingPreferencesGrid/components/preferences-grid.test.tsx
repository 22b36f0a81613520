import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { STRINGS } from "../../testing/control-host";
import { type PreferenceRow } from "../mapping";
import { readStrings } from "../strings";
import { PreferencesGrid, type PreferencesGridProps } from "./preferences-grid";

const strings = readStrings((key) => STRINGS[key] ?? "");

function row(id: string, overrides: Partial<PreferenceRow> = {}): PreferenceRow {
  return {
    id,
    preferenceId: `p-${id}`,
    publicName: `Preference ${id}`,
    privateName: `Preference ${id}`,
    isPublic: true,
    optedIn: false,
    order: Number(id),
    categoryId: null,
    categoryLookupName: "",
    emailAccountId: "a",
    emailAccountName: "UK",
    lastChangedText: "",
    lastChangeSource: null,
    syncState: "unknown",
    syncMessage: "",
    ...overrides,
  };
}

function props(overrides: Partial<PreferencesGridProps> = {}): PreferencesGridProps {
  return {
    rows: [row("1")],
    categories: new Map(),
    strings,
    readOnly: false,
    compact: false,
    loading: false,
    loadError: "",
    hasMore: false,
    suppression: null,
    theme: undefined,
    onSave: () => Promise.resolve({ saved: [], failed: [] }),
    onRefresh: () => undefined,
    ...overrides,
  };
}

describe("PreferencesGrid", () => {
  it("renders preference names with markup or scripts as plain text", () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>Bold</b>';
    render(<PreferencesGrid {...props({ rows: [row("1", { publicName: hostile, privateName: "<i>private</i>", syncMessage: "<a href='javascript:alert(1)'>x</a>" })] })} />);
    expect(screen.getByText(hostile)).toBeInTheDocument();
    expect(screen.getByText("Private name: <i>private</i>")).toBeInTheDocument();
    expect(screen.getByRole("grid").querySelector("img, script, b, i:not([data-icon-name]), a")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("tells the user there are more subscriptions than it shows", async () => {
    render(<PreferencesGrid {...props({ hasMore: true })} />);
    expect(await screen.findByText("Showing the first 1 marketing preferences.")).toBeInTheDocument();
  });

  it("collapses and expands a category from its header", async () => {
    const user = userEvent.setup();
    const categories = new Map([["c", { id: "c", name: "Newsletters", order: 1 }]]);
    render(<PreferencesGrid {...props({ categories, rows: [row("1", { categoryId: "c" }), row("2", { categoryId: "c" })] })} />);
    expect(screen.getByText("Preference 2")).toBeInTheDocument();
    const header = screen.getByRole("rowgroup", { name: "Newsletters" }).previousElementSibling ?? document.body;
    await user.click(within(header as HTMLElement).getAllByRole("button", { name: strings.Group_ToggleAriaLabel })[0] as HTMLElement);
    expect(screen.queryByText("Preference 2")).not.toBeInTheDocument();
    await user.click(screen.getAllByRole("button", { name: strings.Group_ToggleAriaLabel })[0] as HTMLElement);
    expect(screen.getByText("Preference 2")).toBeInTheDocument();
  });

  it("asks the host to refresh", async () => {
    const onRefresh = jest.fn();
    render(<PreferencesGrid {...props({ onRefresh })} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Refresh" }));
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });
});
