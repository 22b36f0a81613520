import { ConflictPolicy, Interval, SyncType, SyncWindow } from "@mps/model";
import { createSandboxControls, createTestClock } from "../common";
import { startDataverseStandIn, type DataverseStandIn } from "../dataverse";
import { startDotdigitalStandIn, type DotdigitalAccountHandle, type DotdigitalStandIn } from "../dotdigital";
import { BASE_CATEGORY_COUNT, BASE_PREFERENCE_COUNT } from "./catalogue";
import { DEMO_ACCOUNTS, DEMO_PEOPLE, DemoOptionError, seedDemo, type DemoOptions, type DemoResult } from "./seed-demo";

const AT = new Date("2026-03-01T09:00:00Z");

interface Seeded {
  dv: DataverseStandIn;
  dd: DotdigitalStandIn;
  demo: DemoResult;
}

const open: Seeded[] = [];

async function seeded(options: DemoOptions): Promise<Seeded> {
  const clock = createTestClock();
  clock.set(AT);
  const dv = await startDataverseStandIn({ controls: createSandboxControls(clock) });
  const dd = await startDotdigitalStandIn({ controls: createSandboxControls(clock) });
  const s = { dv, dd, demo: seedDemo(dv, dd, options) };
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.dv.close();
    await s.dd.close();
  }
});

/** Everything a person sees of the data: names, emails, list membership and every opt-in. */
function fingerprint({ dv, dd }: Seeded): unknown {
  const people = (["contact", "lead", "account"] as const).map((table) =>
    dv.rows(table).map((r) => [r.fullname ?? r.name, r.emailaddress1 ?? null, r.companyname ?? null, r.createdon]),
  );
  const lists = dv.rows("list").map((l) => [l.listname, l.mps_emailactivated, dv.listMembers(String(l.listid)).length]);
  const dotdigital = dd.accounts().map((account) => {
    const contacts = [];
    for (let id = 1; id <= account.contactCount(); id++) {
      const c = account.contact(id);
      contacts.push([c?.email, c?.status, account.optIns(id).map((o) => [o.preferenceId, o.isOptedIn, o.dateModified.toISOString()])]);
    }
    return [account.apiUser, account.catalogue(), contacts];
  });
  return { people, lists, dotdigital };
}

function contactsWithEmail(dv: DataverseStandIn, table: "contact" | "lead" | "account", email: string): Record<string, unknown>[] {
  return dv.rows(table).filter((r) => typeof r.emailaddress1 === "string" && r.emailaddress1.toLowerCase() === email.toLowerCase());
}

function nameOf(account: DotdigitalAccountHandle, preferenceId: number): { name: string; isPublic: boolean } {
  const p = account.catalogue().find((c) => c.id === preferenceId);
  if (p === undefined) throw new Error(`no preference ${preferenceId}`);
  return { name: p.privateName, isPublic: p.isPublic };
}

describe("seedDemo", () => {
  it("gives the same people, emails, lists and opt-ins for the same options, and other data for another seed", async () => {
    const a = await seeded({ people: 400, seed: 7 });
    const b = await seeded({ people: 400, seed: 7 });
    const c = await seeded({ people: 400, seed: 8 });
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(a.demo.people).toEqual(b.demo.people);
    expect(fingerprint(c)).not.toEqual(fingerprint(a));
    // The named people keep their names and emails whatever the seed.
    expect(c.demo.people.mixed.email).toBe(a.demo.people.mixed.email);
    expect(c.demo.people.sharedEmail.name).toBe(a.demo.people.sharedEmail.name);
  });

  it("creates exactly the number of people asked for, split over Contacts, Leads and Accounts", async () => {
    const { dv, demo } = await seeded({ people: 1234 });
    const total = dv.count("contact") + dv.count("lead") + dv.count("account");
    expect(total).toBe(1234);
    expect(dv.count("contact")).toBe(demo.counts.contacts);
    expect(dv.count("lead")).toBe(demo.counts.leads);
    expect(dv.count("account")).toBe(demo.counts.accounts);
    expect(Math.min(dv.count("contact"), dv.count("lead"), dv.count("account"))).toBeGreaterThan(0);
  });

  it("makes the catalogue as big as asked, with public and private items", async () => {
    const { dd } = await seeded({ people: 50, categories: 7, preferences: 40 });
    for (const account of dd.accounts()) {
      const catalogue = account.catalogue();
      expect(catalogue.filter((p) => !p.isPreference)).toHaveLength(7);
      expect(catalogue.filter((p) => p.isPreference)).toHaveLength(40);
      expect(new Set(catalogue.map((p) => p.isPublic))).toEqual(new Set([true, false]));
      expect(catalogue.some((p) => p.isPreference && p.categoryId === 0)).toBe(true);
    }
    const names = dd.account(DEMO_ACCOUNTS.demo.apiUser).catalogue().map((p) => p.privateName);
    expect(names).toEqual(expect.arrayContaining(["Newsletters", "Weekly digest", "Product updates", "Events", "Webinars", "VIP programme", "Surveys"]));
  });

  it("refuses sizes below the minimum with an error that names the option", async () => {
    const dv = await startDataverseStandIn();
    const dd = await startDotdigitalStandIn();
    open.push({ dv, dd, demo: undefined as unknown as DemoResult });
    expect(() => seedDemo(dv, dd, { people: 5 })).toThrow(DemoOptionError);
    expect(() => seedDemo(dv, dd, { people: 5 })).toThrow(/"people".*at least 20/);
    expect(() => seedDemo(dv, dd, { preferences: BASE_PREFERENCE_COUNT - 1 })).toThrow(/"preferences"/);
    expect(() => seedDemo(dv, dd, { categories: BASE_CATEGORY_COUNT - 1 })).toThrow(/"categories"/);
  });

  it("links two Email Accounts to their own Dotdigital accounts, one conflict policy each, with a Manual schedule", async () => {
    const { dv, dd, demo } = await seeded({ people: 50 });
    const rows = dv.rows("mps_emailaccount");
    expect(rows).toHaveLength(2);
    for (const key of ["demo", "emea"] as const) {
      const account = demo.accounts[key];
      const row = dv.get("mps_emailaccount", account.emailAccountId);
      const handle = dd.account(DEMO_ACCOUNTS[key].apiUser);
      expect(row).toMatchObject({ mps_apiuser: DEMO_ACCOUNTS[key].apiUser, mps_apiendpoint: handle.apiEndpoint, mps_credentialname: DEMO_ACCOUNTS[key].credentialName });
      expect(handle.password).toBe(DEMO_ACCOUNTS[key].password);
      expect(account.secretVariable).toBe(`MPS_SECRET_${DEMO_ACCOUNTS[key].credentialName.toUpperCase()}`);
      const schedules = dv.rows("mps_syncschedule").filter((s) => s.mps_emailaccountid === account.emailAccountId);
      expect(schedules).toHaveLength(1);
      expect(schedules[0]).toMatchObject({ mps_synctype: SyncType["Marketing preferences"], mps_interval: Interval.Manual, mps_syncwindow: SyncWindow.Anytime });
      for (const table of ["contact", "lead", "account"] as const) {
        expect(dv.get("list", account.lists[table])).toMatchObject({ mps_emailactivated: true, mps_emailaccountid: account.emailAccountId });
        expect(dv.listMembers(account.lists[table]).length).toBeGreaterThan(0);
      }
    }
    expect(new Set(rows.map((r) => r.mps_conflictpolicy))).toEqual(new Set([ConflictPolicy["Last modified wins"], ConflictPolicy["Opt-out wins"]]));
    expect(new Set(dd.accounts().map((a) => a.region))).toEqual(new Set(["r1", "r2"]));
    // Subscriptions and the catalogue mirror are the first sync's to create.
    expect(dv.count("mps_marketingpreferencesubscription")).toBe(0);
    expect(dv.count("mps_marketingpreference")).toBe(0);
  });

  it("seeds the named people with the shapes the README promises", async () => {
    const { dv, dd, demo } = await seeded({ people: 200 });
    const uk = dd.account(DEMO_ACCOUNTS.demo.apiUser);
    const emea = dd.account(DEMO_ACCOUNTS.emea.apiUser);
    const { people } = demo;

    // Mixed: a Contact in both accounts' lists, some preferences in and some out, public and private.
    expect(dv.get("contact", people.mixed.contactId)).toMatchObject({ fullname: "Maya Patel", emailaddress1: DEMO_PEOPLE.mixed.email });
    expect(dv.listMembers(demo.accounts.demo.lists.contact)).toContain(people.mixed.contactId);
    expect(dv.listMembers(demo.accounts.emea.lists.contact)).toContain(people.mixed.contactId);
    const mixed = uk.optIns(people.mixed.email).map((o) => ({ ...nameOf(uk, o.preferenceId), in: o.isOptedIn }));
    expect(mixed.filter((o) => o.in).map((o) => o.isPublic)).toEqual(expect.arrayContaining([true, false]));
    expect(mixed.filter((o) => !o.in).map((o) => o.isPublic)).toEqual(expect.arrayContaining([true, false]));
    expect(emea.optIns(people.mixed.email).length).toBeGreaterThan(0);
    expect(emea.optIns(people.mixed.email)).not.toEqual(uk.optIns(people.mixed.email));

    // Suppressed: in an activated list, unsubscribed in Dotdigital, opt-ins kept from before.
    expect(dv.listMembers(demo.accounts.demo.lists.contact)).toContain(people.suppressed.contactId);
    expect(uk.contact(people.suppressed.email)?.status).toBe("Unsubscribed");
    expect(uk.suppression(people.suppressed.email)?.reason).toBe("Unsubscribed");
    expect(uk.optIns(people.suppressed.email).some((o) => o.isOptedIn)).toBe(true);
    expect(uk.contact(people.hardBounced.email)?.status).toBe("HardBounced");
    expect(dv.get("lead", people.hardBounced.leadId)).toMatchObject({ emailaddress1: people.hardBounced.email });

    // Shared: one address on a Contact and a Lead, one Dotdigital contact.
    expect(dv.get("contact", people.sharedEmail.contactId)).toMatchObject({ emailaddress1: people.sharedEmail.email });
    expect(dv.get("lead", people.sharedEmail.leadId)).toMatchObject({ emailaddress1: people.sharedEmail.email });
    expect(uk.contact(people.sharedEmail.email)).toBeDefined();

    // The edges of the sync: Dotdigital-only, Dynamics-only, never activated, no email.
    expect(uk.contact(people.dotdigitalOnly.email)).toBeDefined();
    for (const table of ["contact", "lead", "account"] as const) expect(contactsWithEmail(dv, table, people.dotdigitalOnly.email)).toHaveLength(0);
    expect(uk.contact(people.dynamicsOnly.email)).toBeUndefined();
    expect(dv.listMembers(demo.accounts.demo.lists.contact)).toContain(people.dynamicsOnly.contactId);
    expect(dv.listMembers(demo.notActivatedLists.contact)).toContain(people.notActivated.contactId);
    expect(dv.listMembers(demo.accounts.demo.lists.contact)).not.toContain(people.notActivated.contactId);
    expect(dv.get("contact", people.noEmail.contactId)?.emailaddress1 ?? null).toBeNull();
    expect(dv.get("account", people.account.accountId)).toMatchObject({ name: "Northwind Traders Ltd", emailaddress1: people.account.email });
  });

  it("has the awkward data real CRMs have: ' and + in emails, shared emails, no email, suppressions, people on one side only", async () => {
    const { dv, dd, demo } = await seeded({ people: 3000 });
    const emails = (["contact", "lead", "account"] as const).flatMap((t) => dv.rows(t).map((r) => r.emailaddress1)).filter((e): e is string => typeof e === "string");
    const generated = emails.filter((e) => !Object.values(DEMO_PEOPLE).some((p) => "email" in p && p.email === e));
    expect(generated.filter((e) => e.includes("'")).length).toBeGreaterThan(10);
    expect(generated.filter((e) => e.includes("+")).length).toBeGreaterThan(10);
    expect(generated.filter((e) => e !== e.toLowerCase()).length).toBeGreaterThan(0);
    // Shared: more records with an email than distinct addresses, and some Contact/Lead pairs among them.
    const contactEmails = new Set(dv.rows("contact").flatMap((r) => (typeof r.emailaddress1 === "string" ? [r.emailaddress1.toLowerCase()] : [])));
    expect(dv.rows("lead").filter((r) => typeof r.emailaddress1 === "string" && contactEmails.has(r.emailaddress1.toLowerCase())).length).toBeGreaterThan(5);
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBeLessThan(emails.length);
    expect(demo.counts.withoutEmail).toBeGreaterThan(5);
    expect(emails.length).toBe(3000 - demo.counts.withoutEmail);

    const uk = demo.accounts.demo;
    expect(uk.counts.suppressed).toBeGreaterThan(10);
    expect(uk.counts.missingInDotdigital).toBeGreaterThan(10);
    expect(uk.counts.dotdigitalOnly).toBeGreaterThan(10);
    expect(uk.counts.optIns).toBeGreaterThan(uk.counts.contacts);
    const handle = dd.account(uk.apiUser);
    const statuses = new Set<string>();
    let latest = 0;
    for (let id = 1; id <= handle.contactCount(); id++) {
      statuses.add(handle.contact(id)?.status ?? "");
      for (const o of handle.optIns(id)) latest = Math.max(latest, o.dateModified.getTime());
    }
    expect(statuses).toEqual(new Set(["Subscribed", "Unsubscribed", "HardBounced"]));
    // Every opt-in is in the past of the shared clock, so a first sync's feed returns it.
    expect(latest).toBeLessThanOrEqual(AT.getTime());
  });
});
