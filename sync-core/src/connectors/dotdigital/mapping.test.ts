import { buildSetPreferencesBody, isSuppressedStatus, toCatalogue, toPreferenceChangeRow, toSubscriptions, toSuppressionRow } from "./mapping";
import { catalogueSchema, setPreferencesRequestSchema } from "./wire";

// The shape of GET /v2/preferences from the official example, with one private preference added.
const wireCatalogue = catalogueSchema.parse([
  {
    id: 8, publicName: "Preferred contact method", privateName: "Contact method", isPreference: false, order: "1", isPublic: true, categoryId: 0,
    preferences: [
      { id: 10, publicName: "Push notifications", privateName: "Push", isPreference: true, order: "1", isPublic: true, categoryId: 8 },
      { id: 9, publicName: "Email", privateName: "Email", isPreference: true, order: "0", isPublic: true, categoryId: 8 },
    ],
  },
  { id: 21, publicName: "Football", privateName: "Football", isPreference: true, order: "2", isPublic: true, categoryId: 0 },
  { id: 30, publicName: "Partners", privateName: "Partner offers (internal)", isPreference: true, order: "0", isPublic: false, categoryId: 0 },
]);
const catalogue = toCatalogue(wireCatalogue);

describe("catalogue", () => {
  it("lists categories with their preferences and every preference with its category, in display order", () => {
    expect(catalogue.categories).toEqual([{ id: 8, publicName: "Preferred contact method", privateName: "Contact method", isPublic: true, order: 1, preferenceIds: [9, 10] }]);
    expect(catalogue.preferences.map((p) => [p.id, p.categoryId, p.isPublic])).toEqual([
      [30, null, false],
      [9, 8, true],
      [10, 8, true],
      [21, null, true],
    ]);
  });
});

describe("PUT preferences body", () => {
  it("nests a contact's changes under their categories and keeps stand-alone preferences at the top", () => {
    const built = buildSetPreferencesBody(new Map([[21, true], [10, false], [9, true]]), catalogue);
    expect(built).toEqual({
      ok: true,
      body: [
        { id: 8, isPreference: false, preferences: [{ id: 9, isPreference: true, isOptedIn: true }, { id: 10, isPreference: true, isOptedIn: false }] },
        { id: 21, isPreference: true, isOptedIn: true },
      ],
    });
    expect(built.ok && setPreferencesRequestSchema.safeParse(built.body).success).toBe(true);
  });

  it("sends only the changed preferences and leaves out categories with none", () => {
    expect(buildSetPreferencesBody(new Map([[30, false]]), catalogue)).toEqual({ ok: true, body: [{ id: 30, isPreference: true, isOptedIn: false }] });
  });

  it("refuses ids that are not preferences (a category, or deleted) instead of sending them", () => {
    expect(buildSetPreferencesBody(new Map([[8, true], [999, true], [9, true]]), catalogue)).toEqual({ ok: false, unknownIds: [8, 999] });
  });
});

const contact = { id: 5, email: "Darryl@Example.com ", optInType: "Single", emailType: "Html", dataFields: null, status: "Subscribed" };

describe("change feed rows", () => {
  it("takes this preference's latest opt-in, with its dateModifed (sic) as the change time", () => {
    const item = {
      contact,
      marketingPreferenceOptIns: [
        { marketingPreferenceId: 2, addressBookId: 421, isOptedIn: true, dateModifed: "2020-01-01 09:40:18.527000+00:00" },
        { marketingPreferenceId: 2, addressBookId: 7, isOptedIn: false, dateModifed: "2020-01-02 09:00:00.000000+00:00" },
        { marketingPreferenceId: 3, addressBookId: 7, isOptedIn: true, dateModifed: "2020-01-03 09:00:00.000000+00:00" },
      ],
    };
    expect(toPreferenceChangeRow(item, 0, 2)).toEqual({
      ok: true,
      row: { contactId: 5, email: "Darryl@Example.com", contactStatus: "Subscribed", isOptedIn: false, dateModified: new Date("2020-01-02T09:00:00Z") },
    });
  });

  it("reports a row with a missing or mistyped field as a problem naming the field and the contact", () => {
    const bad = { contact: { ...contact, email: 42 }, marketingPreferenceOptIns: [{ marketingPreferenceId: 2, isOptedIn: true, dateModifed: "2020-01-01" }] };
    const result = toPreferenceChangeRow(bad, 3, 2);
    expect(result).toEqual({ ok: false, problem: expect.objectContaining({ index: 3, contactId: 5, field: "contact.email" }) as unknown });
    const badDate = toPreferenceChangeRow({ contact, marketingPreferenceOptIns: [{ marketingPreferenceId: 2, isOptedIn: true, dateModifed: "soon" }] }, 0, 2);
    expect(badDate).toMatchObject({ ok: false, problem: { field: "marketingPreferenceOptIns[0].dateModifed", message: "not an ISO 8601 date" } });
  });

  it("reports a row without an opt-in for the preference asked about", () => {
    const other = { contact, marketingPreferenceOptIns: [{ marketingPreferenceId: 9, isOptedIn: true, dateModifed: "2020-01-01" }] };
    expect(toPreferenceChangeRow(other, 0, 2)).toMatchObject({ ok: false, problem: { field: "marketingPreferenceOptIns", message: "has no opt-in for preference 2" } });
  });
});

describe("suppressions and subscriptions", () => {
  it("reads a suppression's email, reason and date", () => {
    const raw = { suppressedContact: { ...contact, status: "HardBounced" }, dateRemoved: "2020-01-01 09:40:18.527000+00:00", reason: "HardBounced" };
    expect(toSuppressionRow(raw, 0)).toEqual({ ok: true, row: { contactId: 5, email: "Darryl@Example.com", reason: "HardBounced", dateRemoved: new Date("2020-01-01T09:40:18.527Z") } });
  });

  it("keeps the good opt-ins of a contact and reports the bad one", () => {
    const subs = toSubscriptions(contact, [{ marketingPreferenceId: 5, isOptedIn: false, dateModifed: "2020-01-01 09:40:18.527000+00:00" }, { marketingPreferenceId: "x" }]);
    expect(subs.contact).toMatchObject({ id: 5, status: "Subscribed", suppressed: false });
    expect(subs.optIns).toEqual([{ preferenceId: 5, isOptedIn: false, dateModified: new Date("2020-01-01T09:40:18.527Z"), addressBookId: undefined }]);
    expect(subs.problems).toEqual([expect.objectContaining({ index: 1, field: "marketingPreferenceOptIns[1].marketingPreferenceId" })]);
  });

  it("treats unsubscribed and suppressed statuses as no-write, but not a soft bounce or a pending opt-in", () => {
    expect(["Unsubscribed", "HardBounced", "Suppressed", "IspComplained", "DomainSuppression"].every(isSuppressedStatus)).toBe(true);
    expect(["Subscribed", "SoftBounced", "PendingOptIn"].some(isSuppressedStatus)).toBe(false);
  });
});
