import { ChangeSource, PreferenceValue, SyncState } from "@mps/model";
import { countByFilter, filterRows, groupRows, hasSeveralAccounts, normaliseId, type PreferenceRow, type RecordReader, toCategories, toRow, toRows } from "./mapping";

function record(id: string, values: Record<string, unknown>, formatted: Record<string, string> = {}): RecordReader {
  return { getRecordId: () => id, getValue: (c) => values[c] ?? null, getFormattedValue: (c) => formatted[c] ?? "" };
}

function row(overrides: Partial<PreferenceRow>): PreferenceRow {
  return {
    id: "s1",
    preferenceId: "p1",
    publicName: "Newsletter",
    privateName: "newsletter-internal",
    isPublic: true,
    optedIn: false,
    order: 0,
    categoryId: null,
    categoryLookupName: "",
    emailAccountId: "a1",
    emailAccountName: "UK",
    lastChangedText: "",
    lastChangeSource: null,
    syncState: "synced",
    syncMessage: "",
    ...overrides,
  };
}

describe("toRow", () => {
  it("reads the subscription and its linked preference into a row", () => {
    const r = toRow(
      record(
        "{AAAA-1}",
        {
          mps_optedin: true,
          mps_marketingpreferenceid: { id: { guid: "P-1" }, name: "weekly-news" },
          mps_emailaccountid: { id: { guid: "A-1" }, name: "Dotdigital UK" },
          mps_lastchangesource: ChangeSource.Dotdigital,
          mps_syncstate: SyncState["Skipped: suppressed"],
          mps_syncmessage: "Contact is suppressed",
          "pref.mps_name": "weekly-news",
          "pref.mps_publicname": "Weekly news",
          "pref.mps_ispublic": true,
          "pref.mps_order": 7,
          "pref.mps_parentcategoryid": { id: { guid: "{C-1}" }, name: "Newsletters" },
        },
        { mps_dotdigitalmodifiedon: "3 Jan 2026, 09:00", modifiedon: "4 Jan 2026, 10:00" },
      ),
    );
    expect(r).toEqual({
      id: "aaaa-1",
      preferenceId: "p-1",
      publicName: "Weekly news",
      privateName: "weekly-news",
      isPublic: true,
      optedIn: true,
      order: 7,
      categoryId: "c-1",
      categoryLookupName: "Newsletters",
      emailAccountId: "a-1",
      emailAccountName: "Dotdigital UK",
      lastChangedText: "3 Jan 2026, 09:00",
      lastChangeSource: "dotdigital",
      syncState: "skippedSuppressed",
      syncMessage: "Contact is suppressed",
    });
  });

  it("shows when Dynamics last changed it by modifiedon, not Dotdigital's timestamp", () => {
    const r = toRow(record("s", { mps_lastchangesource: ChangeSource.Dynamics }, { mps_dotdigitalmodifiedon: "1 Jan", modifiedon: "5 Jan" }));
    expect(r.lastChangeSource).toBe("dynamics");
    expect(r.lastChangedText).toBe("5 Jan");
  });

  it("shows a Status changed in Dynamics since the last sync as a Dynamics change waiting for the sync", () => {
    const r = toRow(
      record(
        "s",
        { mps_optedin: true, mps_syncedvalue: PreferenceValue["Opted out"], mps_lastchangesource: ChangeSource.Dotdigital, mps_syncstate: SyncState.Error, mps_syncmessage: "old error" },
        { mps_dotdigitalmodifiedon: "1 Jan", modifiedon: "28 Nov" },
      ),
    );
    expect(r).toMatchObject({ lastChangeSource: "dynamics", lastChangedText: "28 Nov", syncState: "pending", syncMessage: "" });
  });

  it("keeps the sync's own source and state while the Status still matches the agreed value", () => {
    const r = toRow(record("s", { mps_optedin: false, mps_syncedvalue: PreferenceValue["Opted out"], mps_lastchangesource: ChangeSource.Dotdigital, mps_syncstate: SyncState.Synced }, { mps_dotdigitalmodifiedon: "1 Jan" }));
    expect(r).toMatchObject({ lastChangeSource: "dotdigital", lastChangedText: "1 Jan", syncState: "synced" });
  });

  it("accepts the '1'/'0' and numeric-string forms some hosts use for two-options and choices", () => {
    const r = toRow(record("s", { mps_optedin: "1", "pref.mps_ispublic": "0", "pref.mps_order": "12", mps_syncstate: String(SyncState.Error) }));
    expect(r).toMatchObject({ optedIn: true, isPublic: false, order: 12, syncState: "error" });
  });

  it("falls back to the preference lookup's name when the linked columns are missing", () => {
    const r = toRow(record("s", { mps_marketingpreferenceid: [{ id: "P-9", name: "fallback-name" }] }));
    expect(r).toMatchObject({ publicName: "fallback-name", privateName: "fallback-name", preferenceId: "p-9", syncState: "unknown", lastChangeSource: null });
  });

  it("maps records in the dataset's order and skips ids without a record", () => {
    const rows = toRows(["b", "missing", "a"], { a: record("a", {}), b: record("b", {}) });
    expect(rows.map((r) => r.id)).toEqual(["b", "a"]);
  });
});

describe("counting and filtering", () => {
  const rows = [
    row({ id: "1", optedIn: true, isPublic: true, publicName: "Weekly news" }),
    row({ id: "2", optedIn: false, isPublic: true, publicName: "Offers" }),
    row({ id: "3", optedIn: false, isPublic: false, publicName: "Research", privateName: "panel-2026", categoryId: "c1" }),
  ];

  it("counts every filter over all rows", () => {
    expect(countByFilter(rows)).toEqual({ all: 3, optedIn: 1, optedOut: 2, private: 1, public: 2 });
  });

  it.each([
    ["all", ["1", "2", "3"]],
    ["optedIn", ["1"]],
    ["optedOut", ["2", "3"]],
    ["private", ["3"]],
    ["public", ["1", "2"]],
  ] as const)("filter %s shows %j", (filter, ids) => {
    expect(filterRows(rows, filter, "", new Map()).map((r) => r.id)).toEqual(ids);
  });

  it("searches public name, private name and category name, ignoring case and spaces around", () => {
    const categories = new Map([["c1", { id: "c1", name: "Surveys", order: 0 }]]);
    expect(filterRows(rows, "all", " WEEKLY ", categories).map((r) => r.id)).toEqual(["1"]);
    expect(filterRows(rows, "all", "panel", categories).map((r) => r.id)).toEqual(["3"]);
    expect(filterRows(rows, "all", "surveys", categories).map((r) => r.id)).toEqual(["3"]);
    expect(filterRows(rows, "optedIn", "surveys", categories)).toEqual([]);
  });

  it("counts nothing for no rows", () => {
    expect(countByFilter([])).toEqual({ all: 0, optedIn: 0, optedOut: 0, private: 0, public: 0 });
  });
});

describe("groupRows", () => {
  const categories = toCategories([
    { mps_marketingpreferenceid: "{C-OFFERS}", mps_name: "offers-int", mps_publicname: "Offers", mps_order: 20 },
    { mps_marketingpreferenceid: "C-NEWS", mps_name: "news-int", mps_publicname: "", mps_order: 10 },
  ]);

  it("orders categories and the preferences inside them as Dotdigital does", () => {
    const rows = [
      row({ id: "o2", categoryId: "c-offers", order: 2, publicName: "Sales" }),
      row({ id: "n1", categoryId: "c-news", order: 5, publicName: "Weekly" }),
      row({ id: "o1", categoryId: "c-offers", order: 1, publicName: "Partners" }),
      row({ id: "n0", categoryId: "c-news", order: 1, publicName: "Daily" }),
    ];
    const { items, groups } = groupRows(rows, categories, "Other preferences");
    expect(groups).toEqual([
      { key: "c-news", name: "news-int", startIndex: 0, count: 2 },
      { key: "c-offers", name: "Offers", startIndex: 2, count: 2 },
    ]);
    expect(items.map((r) => r.id)).toEqual(["n0", "n1", "o1", "o2"]);
  });

  it("puts preferences without a category in one group placed by their own order", () => {
    const rows = [row({ id: "top", categoryId: null, order: 15 }), row({ id: "n", categoryId: "c-news", order: 1 }), row({ id: "o", categoryId: "c-offers", order: 1 })];
    const { groups } = groupRows(rows, categories, "Other preferences");
    expect(groups.map((g) => g.name)).toEqual(["news-int", "Other preferences", "Offers"]);
  });

  it("names a category from the lookup while the catalogue is not loaded", () => {
    const { groups } = groupRows([row({ categoryId: "c-x", categoryLookupName: "Events" })], new Map(), "Other");
    expect(groups).toEqual([{ key: "c-x", name: "Events", startIndex: 0, count: 1 }]);
  });
});

describe("small helpers", () => {
  it("tells when preferences come from more than one Email Account", () => {
    expect(hasSeveralAccounts([row({ emailAccountId: "a" }), row({ emailAccountId: "a" })])).toBe(false);
    expect(hasSeveralAccounts([row({ emailAccountId: "a" }), row({ emailAccountId: "b" })])).toBe(true);
    expect(hasSeveralAccounts([])).toBe(false);
  });

  it("normalises ids with braces and upper case", () => {
    expect(normaliseId("{ABC-DEF}")).toBe("abc-def");
  });

  it("skips catalogue rows without an id", () => {
    expect(toCategories([{ mps_name: "no id" }]).size).toBe(0);
  });
});
