// Demo and test data for the store: one Contact with subscriptions to a catalogue of categories and
// preferences, in Web API shape. Deterministic (ids and dates derive from the indexes).
import { ChangeSource, PreferenceValue, SyncState, emailAccount, marketingPreference, subscription, syncedRecord, contact } from "@mps/model";
import { type Row } from "./in-memory-dataverse";

export const DEMO_CONTACT_ID = "0000c0de-0000-4000-8000-000000000001";

export interface PreferenceSpec {
  readonly publicName: string;
  readonly privateName?: string;
  readonly isPublic?: boolean;
  readonly optedIn?: boolean;
  /** Category public name; undefined = top level. */
  readonly category?: string | undefined;
  readonly order?: number;
  readonly account?: number;
  readonly lastChangeSource?: "Dynamics" | "Dotdigital";
  readonly syncState?: keyof typeof SyncState;
  readonly syncMessage?: string;
}

export interface SeedOptions {
  readonly preferences: readonly PreferenceSpec[];
  /** Category public names in Dotdigital's order. */
  readonly categories?: readonly string[];
  readonly accounts?: readonly string[];
  readonly suppressed?: { readonly reason: string } | undefined;
  readonly contactId?: string;
}

const guid = (kind: number, i: number): string => `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

export function buildSeed(options: SeedOptions): Record<string, Row[]> {
  const contactId = options.contactId ?? DEMO_CONTACT_ID;
  const accounts = (options.accounts ?? ["Dotdigital UK"]).map((name, i) => ({ mps_emailaccountid: guid(1, i), mps_name: name }));
  const categories = (options.categories ?? []).map((name, i) => ({
    mps_marketingpreferenceid: guid(2, i),
    mps_name: `${name} (private)`,
    mps_publicname: name,
    mps_ispreference: false,
    mps_ispublic: true,
    mps_order: i * 10,
    _mps_emailaccountid_value: accounts[0]?.mps_emailaccountid,
  }));
  const categoryId = (name: string | undefined): string | null => categories.find((c) => c.mps_publicname === name)?.mps_marketingpreferenceid ?? null;
  const preferences: Row[] = [];
  const subscriptions: Row[] = [];
  options.preferences.forEach((p, i) => {
    const prefId = guid(3, i);
    const account = accounts[p.account ?? 0] ?? accounts[0];
    preferences.push({
      mps_marketingpreferenceid: prefId,
      mps_name: p.privateName ?? `${p.publicName} (private)`,
      mps_publicname: p.publicName,
      mps_ispreference: true,
      mps_ispublic: p.isPublic ?? true,
      mps_order: p.order ?? i,
      _mps_parentcategoryid_value: categoryId(p.category),
      _mps_emailaccountid_value: account?.mps_emailaccountid,
    });
    const changedOn = new Date(Date.UTC(2026, 0, 1 + (i % 28), 9, i % 60)).toISOString();
    subscriptions.push({
      mps_marketingpreferencesubscriptionid: guid(4, i),
      mps_name: `${p.publicName} - Demo Contact`,
      mps_optedin: p.optedIn ?? false,
      // Both sides agree on the current Status, except for a row still waiting to send a Dynamics change.
      mps_syncedvalue: p.syncState === "Pending" ? null : PreferenceValue[p.optedIn === true ? "Opted in" : "Opted out"],
      _mps_marketingpreferenceid_value: prefId,
      _mps_emailaccountid_value: account?.mps_emailaccountid,
      _mps_contactid_value: contactId,
      mps_emailaddress: "demo.contact@example.com",
      mps_lastchangesource: p.lastChangeSource ? ChangeSource[p.lastChangeSource] : null,
      mps_dotdigitalmodifiedon: changedOn,
      modifiedon: changedOn,
      mps_syncstate: p.syncState ? SyncState[p.syncState] : SyncState.Synced,
      mps_syncmessage: p.syncMessage ?? null,
    });
  });
  const synced: Row[] = options.suppressed
    ? [{ mps_syncedrecordid: guid(5, 0), mps_name: "Demo Contact", _mps_contactid_value: contactId, _mps_emailaccountid_value: accounts[0]?.mps_emailaccountid, mps_suppressed: true, mps_suppressionreason: options.suppressed.reason }]
    : [];
  return {
    [contact.logicalName]: [{ contactid: contactId, fullname: "Demo Contact", emailaddress1: "demo.contact@example.com" }],
    [emailAccount.logicalName]: accounts,
    [marketingPreference.logicalName]: [...categories, ...preferences],
    [subscription.logicalName]: subscriptions,
    [syncedRecord.logicalName]: synced,
  };
}

/** A catalogue of `count` preferences over `categoryCount` categories, alternating status and visibility. */
export function largeSeed(count: number, categoryCount = 20): Record<string, Row[]> {
  const categories = Array.from({ length: categoryCount }, (_, i) => `Category ${String(i + 1).padStart(2, "0")}`);
  const preferences: PreferenceSpec[] = Array.from({ length: count }, (_, i) => ({
    publicName: `Preference ${String(i + 1).padStart(4, "0")}`,
    category: categories[i % categoryCount],
    isPublic: i % 3 !== 0,
    optedIn: i % 2 === 0,
    order: i,
    lastChangeSource: i % 2 === 0 ? "Dotdigital" : "Dynamics",
  }));
  return buildSeed({ preferences, categories });
}

/** The demo the browser test and `npm start` show: two categories, a top-level preference, mixed states. */
export function demoSeed(options: { suppressed?: boolean } = {}): Record<string, Row[]> {
  return buildSeed({
    categories: ["Newsletters", "Offers"],
    preferences: [
      { publicName: "Weekly newsletter", category: "Newsletters", optedIn: true, isPublic: true, order: 1, lastChangeSource: "Dotdigital" },
      { publicName: "Monthly digest", category: "Newsletters", optedIn: false, isPublic: true, order: 2, lastChangeSource: "Dynamics", syncState: "Pending" },
      { publicName: "Partner offers", category: "Offers", optedIn: false, isPublic: false, order: 1, lastChangeSource: "Dotdigital" },
      { publicName: "Seasonal sales", category: "Offers", optedIn: true, isPublic: true, order: 2, syncState: "Error", syncMessage: "Dotdigital rejected the contact: invalid email" },
      { publicName: "Product research panel", optedIn: false, isPublic: false, order: 30 },
    ],
    ...(options.suppressed ? { suppressed: { reason: "Unsubscribed" } } : {}),
  });
}
