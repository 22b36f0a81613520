import {
  ConflictPolicy,
  EmailChangePolicy,
  Interval,
  SyncType,
  SyncWindow,
  account as accountTable,
  contact as contactTable,
  emailAccount,
  lead as leadTable,
  marketingList,
  syncSchedule,
  type RecordTable,
} from "@mps/model";
import { type DataverseStandIn } from "../dataverse";
import { type ContactStatus, type DotdigitalAccountHandle, type DotdigitalStandIn, type Region } from "../dotdigital";
import { BASE_CATEGORY_COUNT, BASE_PREFERENCE_COUNT, seedCatalogue, type BasePreferenceKey, type SeededCatalogue } from "./catalogue";
import { EmailFactory, capitalised, randomCompany, randomPerson, type DemoRecord } from "./people";
import { createRandom } from "./random";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DemoOptions {
  /** Contacts, Leads and Accounts in Dataverse, in total. Default 10 000; at least 20. */
  readonly people?: number;
  /** Categories per Dotdigital account. Default (and minimum) the base catalogue's 4. */
  readonly categories?: number;
  /** Leaf preferences per Dotdigital account. Default (and minimum) the base catalogue's 11. */
  readonly preferences?: number;
  /** The generator's seed: the same seed and options give the same data. Default 1. */
  readonly seed?: number;
}

export const DEFAULT_DEMO_PEOPLE = 10_000;
export const MIN_DEMO_PEOPLE = 20;

/** A bad demo option, named with the fix. */
export class DemoOptionError extends Error {
  readonly kind = "demo-option" as const;
  constructor(readonly option: string, message: string) {
    super(message);
    this.name = "DemoOptionError";
  }
}

export type DemoAccountKey = "demo" | "emea";

/**
 * The two demo Email Accounts. These credentials exist only inside the sandbox's Dotdigital stand-in;
 * they are printed and documented on purpose.
 */
export const DEMO_ACCOUNTS = {
  demo: {
    name: "Dotdigital – Demo (UK)",
    description: "Demo account in region r1: last modified wins.",
    apiUser: "demo@apiconnector.com",
    password: "sandbox-password",
    region: "r1",
    credentialName: "demo",
    conflictPolicy: "Last modified wins",
    emailChangePolicy: "Keep with record",
    isDefault: true,
    timeZone: "Europe/London",
  },
  emea: {
    name: "Dotdigital – EMEA",
    description: "Second demo account in region r2: opt-out wins. It never syncs into the Demo (UK) account.",
    apiUser: "emea@apiconnector.com",
    password: "sandbox-password-2",
    region: "r2",
    credentialName: "emea",
    conflictPolicy: "Opt-out wins",
    emailChangePolicy: "Drop",
    isDefault: false,
    timeZone: "Europe/Berlin",
  },
} as const satisfies Record<
  DemoAccountKey,
  {
    name: string;
    description: string;
    apiUser: string;
    password: string;
    region: Region;
    credentialName: string;
    conflictPolicy: keyof typeof ConflictPolicy;
    emailChangePolicy: keyof typeof EmailChangePolicy;
    isDefault: boolean;
    timeZone: string;
  }
>;

/** The well-known people the README and the browser tests name. Same names and emails on every run. */
export const DEMO_PEOPLE = {
  /** A Contact in both accounts' lists with some preferences in and some out, public and private. */
  mixed: { firstname: "Maya", lastname: "Patel", email: "maya.patel@example.com" },
  /** A Contact whose address has both characters $filter and URLs must escape. */
  quoted: { firstname: "Siobhan", lastname: "O'Brien", email: "o'brien+news@example.com" },
  /** A Contact that unsubscribed in Dotdigital: the sync skips it. */
  suppressed: { firstname: "Tom", lastname: "Bennett", email: "tom.bennett@example.org", reason: "Unsubscribed" },
  /** A Lead whose address hard-bounced in Dotdigital. */
  hardBounced: { firstname: "Grace", lastname: "Hall", email: "grace.hall@bounce.example.net", reason: "HardBounced" },
  /** A Contact and a Lead with one address: one Dotdigital contact fans out to both. */
  sharedEmail: { firstname: "Sam", lastname: "Taylor", email: "sam.taylor@example.net" },
  /** In an activated list, unknown to Dotdigital until the sync has something to write. */
  dynamicsOnly: { firstname: "Noah", lastname: "Fox", email: "noah.fox+crm@example.com" },
  /** In Dotdigital only: the sync never creates Dynamics records. */
  dotdigitalOnly: { email: "newsletter.reader@example.org" },
  /** Only in a list that is not activated for email: never eligible. */
  notActivated: { firstname: "Elena", lastname: "Rossi", email: "elena.rossi@example.net" },
  /** A Contact in an activated list with no email address. */
  noEmail: { firstname: "Arthur", lastname: "Gray" },
  /** An Account in the activated account list. */
  account: { name: "Northwind Traders Ltd", email: "info@northwind.example.com" },
} as const;

export interface DemoAccount {
  readonly key: DemoAccountKey;
  readonly name: string;
  readonly emailAccountId: string;
  readonly scheduleId: string;
  readonly apiUser: string;
  readonly password: string;
  readonly region: Region;
  readonly apiEndpoint: string;
  readonly credentialName: string;
  /** Where the sync service reads the password: MPS_SECRET_<CREDENTIAL NAME>. */
  readonly secretVariable: string;
  readonly conflictPolicy: keyof typeof ConflictPolicy;
  /** The account's email-activated marketing list for each record table. */
  readonly lists: Readonly<Record<RecordTable, string>>;
  readonly catalogue: SeededCatalogue;
  readonly dotdigital: DotdigitalAccountHandle;
  /** What was seeded into the account's Dotdigital side. */
  readonly counts: { readonly contacts: number; readonly suppressed: number; readonly optIns: number; readonly dotdigitalOnly: number; readonly missingInDotdigital: number };
}

export interface DemoResult {
  readonly seed: number;
  readonly accounts: Readonly<Record<DemoAccountKey, DemoAccount>>;
  /** Lists that are not activated for email: their members alone are never eligible. */
  readonly notActivatedLists: { readonly contact: string; readonly lead: string };
  readonly people: {
    readonly mixed: { readonly contactId: string; readonly email: string; readonly name: string };
    readonly quoted: { readonly contactId: string; readonly email: string; readonly name: string };
    readonly suppressed: { readonly contactId: string; readonly email: string; readonly name: string; readonly reason: ContactStatus };
    readonly hardBounced: { readonly leadId: string; readonly email: string; readonly name: string; readonly reason: ContactStatus };
    readonly sharedEmail: { readonly contactId: string; readonly leadId: string; readonly email: string; readonly name: string };
    readonly dynamicsOnly: { readonly contactId: string; readonly email: string; readonly name: string };
    readonly dotdigitalOnly: { readonly email: string };
    readonly notActivated: { readonly contactId: string; readonly email: string; readonly name: string };
    readonly noEmail: { readonly contactId: string; readonly name: string };
    readonly account: { readonly accountId: string; readonly email: string; readonly name: string };
  };
  readonly counts: {
    readonly contacts: number;
    readonly leads: number;
    readonly accounts: number;
    readonly withoutEmail: number;
    readonly sharedEmails: number;
    readonly lists: number;
    readonly listMembers: number;
  };
}

const LIST_CODE: Record<RecordTable, number> = { account: 1, contact: 2, lead: 4 };
const RECORD_TABLE_DEF = { contact: contactTable, lead: leadTable, account: accountTable } as const;

function positiveInt(option: string, value: number | undefined, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new DemoOptionError(option, `Demo option "${option}" must be a whole number of at least ${min}; got ${String(value)}.`);
  return n;
}

interface Stored extends DemoRecord {
  readonly id: string;
  lists: Set<string>;
}

/**
 * Seeds both stand-ins with the demo data: two Email Accounts with their Dotdigital accounts,
 * catalogues, schedules, marketing lists, Contacts/Leads/Accounts and Dotdigital contacts with
 * opt-ins. Deterministic: the same options give the same names, emails and opt-ins (dates are
 * relative to the Dataverse stand-in's clock). Subscription rows are not seeded: the first sync
 * creates them.
 */
export function seedDemo(dataverse: DataverseStandIn, dotdigital: DotdigitalStandIn, options: DemoOptions = {}): DemoResult {
  const seed = positiveInt("seed", options.seed, 1, 0);
  const people = positiveInt("people", options.people, DEFAULT_DEMO_PEOPLE, MIN_DEMO_PEOPLE);
  const categoryCount = positiveInt("categories", options.categories, BASE_CATEGORY_COUNT, BASE_CATEGORY_COUNT);
  const preferenceCount = positiveInt("preferences", options.preferences, BASE_PREFERENCE_COUNT, BASE_PREFERENCE_COUNT);
  const random = createRandom(seed);
  const anchor = dataverse.controls.clock.now().getTime();
  const ago = (ms: number): Date => new Date(anchor - ms);
  const emails = new EmailFactory(random);
  for (const person of Object.values(DEMO_PEOPLE)) if ("email" in person) emails.reserve(person.email);

  // ---- Email Accounts, schedules, catalogues, lists ----
  const accounts = {} as Record<DemoAccountKey, Omit<DemoAccount, "counts">>;
  for (const key of ["demo", "emea"] as const) {
    const spec = DEMO_ACCOUNTS[key];
    const dd = dotdigital.addAccount({ apiUser: spec.apiUser, password: spec.password, region: spec.region, name: spec.name });
    const emailAccountId = dataverse.insert(emailAccount.logicalName, {
      mps_emailaccountid: random.guid(),
      mps_name: spec.name,
      mps_description: spec.description,
      mps_apiuser: spec.apiUser,
      mps_apiendpoint: dd.apiEndpoint,
      mps_credentialname: spec.credentialName,
      mps_isdefault: spec.isDefault,
      mps_conflictpolicy: ConflictPolicy[spec.conflictPolicy],
      mps_emailchangepolicy: EmailChangePolicy[spec.emailChangePolicy],
    });
    const scheduleId = dataverse.insert(syncSchedule.logicalName, {
      mps_syncscheduleid: random.guid(),
      mps_name: `${spec.name} – Marketing preferences`,
      mps_emailaccountid: emailAccountId,
      mps_synctype: SyncType["Marketing preferences"],
      mps_interval: Interval.Manual,
      mps_syncwindow: SyncWindow.Anytime,
      mps_timezone: spec.timeZone,
    });
    const catalogue = seedCatalogue(dd, { categories: categoryCount, preferences: preferenceCount }, random, ago(400 * DAY));
    const list = (table: RecordTable, listname: string): string =>
      dataverse.insert(marketingList.logicalName, { listid: random.guid(), listname, createdfromcode: LIST_CODE[table], mps_emailactivated: true, mps_emailaccountid: emailAccountId });
    const label = key === "demo" ? "UK" : "EMEA";
    const lists = { contact: list("contact", `${label} newsletter – Contacts`), lead: list("lead", `${label} web leads`), account: list("account", `${label} key accounts`) };
    accounts[key] = {
      key,
      name: spec.name,
      emailAccountId,
      scheduleId,
      apiUser: spec.apiUser,
      password: spec.password,
      region: spec.region,
      apiEndpoint: dd.apiEndpoint,
      credentialName: spec.credentialName,
      secretVariable: `MPS_SECRET_${spec.credentialName.toUpperCase()}`,
      conflictPolicy: spec.conflictPolicy,
      lists,
      catalogue,
      dotdigital: dd,
    };
  }
  const notActivatedLists = {
    // Linked to an account but not activated: the flag, not the link, makes a list count.
    contact: dataverse.insert(marketingList.logicalName, {
      listid: random.guid(),
      listname: "Trade show 2025 – not activated",
      createdfromcode: LIST_CODE.contact,
      mps_emailactivated: false,
      mps_emailaccountid: accounts.demo.emailAccountId,
    }),
    lead: dataverse.insert(marketingList.logicalName, { listid: random.guid(), listname: "Purchased leads – not activated", createdfromcode: LIST_CODE.lead, mps_emailactivated: false }),
  };

  // ---- Dynamics records ----
  const stored: Stored[] = [];
  const rowsByTable: Record<RecordTable, Record<string, unknown>[]> = { contact: [], lead: [], account: [] };
  const add = (record: DemoRecord, lists: readonly string[]): Stored => {
    const id = random.guid();
    const created = anchor - random.int(200, 730) * DAY;
    const row: Record<string, unknown> = {
      [RECORD_TABLE_DEF[record.table].primaryIdColumn]: id,
      createdon: new Date(created).toISOString(),
      modifiedon: new Date(created + random.int(0, 150) * DAY).toISOString(),
    };
    if (record.table === "account") row.name = record.name;
    else Object.assign(row, { firstname: record.firstname, lastname: record.lastname, fullname: record.name });
    if (record.companyname !== undefined) row.companyname = record.companyname;
    if (record.email !== null) row.emailaddress1 = record.email;
    rowsByTable[record.table].push(row);
    const s: Stored = { ...record, id, lists: new Set(lists) };
    stored.push(s);
    return s;
  };
  const person = (table: "contact" | "lead", p: { firstname: string; lastname: string; email?: string }, lists: readonly string[], companyname?: string): Stored =>
    add({ table, firstname: p.firstname, lastname: p.lastname, name: `${p.firstname} ${p.lastname}`, email: p.email ?? null, ...(companyname === undefined ? {} : { companyname }) }, lists);

  const { demo, emea } = accounts;
  const P = DEMO_PEOPLE;
  const named = {
    mixed: person("contact", P.mixed, [demo.lists.contact, emea.lists.contact]),
    quoted: person("contact", P.quoted, [demo.lists.contact]),
    suppressed: person("contact", P.suppressed, [demo.lists.contact]),
    hardBounced: person("lead", P.hardBounced, [demo.lists.lead], "Fabrikam Foods Ltd"),
    sharedContact: person("contact", P.sharedEmail, [demo.lists.contact]),
    sharedLead: person("lead", P.sharedEmail, [demo.lists.lead], "Contoso Media Group"),
    dynamicsOnly: person("contact", P.dynamicsOnly, [demo.lists.contact]),
    notActivated: person("contact", P.notActivated, [notActivatedLists.contact]),
    noEmail: person("contact", P.noEmail, [demo.lists.contact]),
    account: add({ table: "account", name: P.account.name, email: P.account.email }, [demo.lists.account]),
  };
  const namedOf = (table: RecordTable): number => stored.filter((s) => s.table === table).length;
  const target = { contact: Math.round(people * 0.6), lead: Math.round(people * 0.25), account: 0 };
  target.account = people - target.contact - target.lead;

  const randomLists = (table: RecordTable): string[] => {
    const lists: string[] = [];
    if (random.chance(0.9)) lists.push(demo.lists[table]);
    if (random.chance(0.22)) lists.push(emea.lists[table]);
    const notActivated = table === "contact" ? notActivatedLists.contact : table === "lead" ? notActivatedLists.lead : undefined;
    if (notActivated !== undefined && (lists.length === 0 ? random.chance(0.6) : random.chance(0.08))) lists.push(notActivated);
    return lists;
  };
  const contactEmails: string[] = [];
  let withoutEmail = 1; // the named noEmail contact
  let sharedEmails = 1; // the named Contact + Lead pair
  const maybeCapitalised = (email: string): string => (random.chance(0.02) ? capitalised(email) : email);
  for (let i = namedOf("contact"); i < target.contact; i++) {
    const p = randomPerson(random);
    const email = random.chance(0.015) ? undefined : maybeCapitalised(emails.person(p.firstname, p.lastname));
    if (email === undefined) withoutEmail++;
    else contactEmails.push(email);
    person("contact", { ...p, ...(email === undefined ? {} : { email }) }, randomLists("contact"));
  }
  for (let i = namedOf("lead"); i < target.lead; i++) {
    const p = randomPerson(random);
    const company = randomCompany(random);
    let email: string | undefined;
    if (random.chance(0.04) && contactEmails.length > 0) {
      // The same person entered again as a Lead: one address, two records.
      email = random.pick(contactEmails);
      sharedEmails++;
    } else if (random.chance(0.015)) withoutEmail++;
    else email = maybeCapitalised(emails.person(p.firstname, p.lastname));
    person("lead", { ...p, ...(email === undefined ? {} : { email }) }, randomLists("lead"), company);
  }
  for (let i = namedOf("account"); i < target.account; i++) {
    const name = randomCompany(random);
    let email: string | null;
    if (random.chance(0.02) && contactEmails.length > 0) {
      email = random.pick(contactEmails);
      sharedEmails++;
    } else if (random.chance(0.015)) {
      email = null;
      withoutEmail++;
    } else email = emails.organisation(name);
    add({ table: "account", name, email }, randomLists("account"));
  }

  for (const table of ["contact", "lead", "account"] as const) dataverse.insertMany(table, rowsByTable[table]);
  const members = new Map<string, string[]>();
  for (const s of stored) {
    for (const list of s.lists) {
      let ids = members.get(list);
      if (ids === undefined) members.set(list, (ids = []));
      ids.push(s.id);
    }
  }
  let listMembers = 0;
  for (const [list, ids] of members) {
    dataverse.addListMembers(list, ids);
    listMembers += ids.length;
  }

  // ---- Dotdigital contacts and opt-ins ----
  const namedIds = new Set(Object.values(named).map((s) => s.id));
  const resultAccounts = {} as Record<DemoAccountKey, DemoAccount>;
  for (const key of ["demo", "emea"] as const) {
    const account = accounts[key];
    const dd = account.dotdigital;
    const leaves = account.catalogue.leaves;
    const pref = (k: BasePreferenceKey): number => account.catalogue.preferences[k];
    const density = Math.min(0.45, 5 / leaves.length);
    let optIns = 0;
    let suppressed = 0;
    let missing = 0;
    let contacts = 0;
    const listIds = new Set(Object.values(account.lists));
    const addDd = (email: string, name: { firstname?: string | undefined; lastname?: string | undefined } | undefined, status: ContactStatus = "Subscribed", suppressedAt?: Date): number => {
      contacts++;
      const dataFields = name?.firstname === undefined ? null : [
        { key: "FIRSTNAME", value: name.firstname },
        { key: "LASTNAME", value: name.lastname ?? "" },
        { key: "FULLNAME", value: `${name.firstname} ${name.lastname ?? ""}`.trim() },
      ];
      if (status !== "Subscribed") suppressed++;
      return dd.addContact({ email: email.toLowerCase(), optInType: random.pick(["Single", "Double", "VerifiedDouble", "Unknown"] as const), dataFields, status, ...(suppressedAt === undefined ? {} : { suppressedAt }) }).id;
    };
    const setOptIn = (contactId: number, preferenceId: number, isOptedIn: boolean, at: Date): void => {
      dd.setOptIn(contactId, preferenceId, isOptedIn, at);
      optIns++;
    };
    const randomOptIns = (contactId: number): void => {
      for (const leaf of leaves) {
        if (random.chance(density)) setOptIn(contactId, leaf.id, random.chance(0.72), ago(random.int(1, 180 * 24) * HOUR));
      }
    };

    // The named people first, with exactly the preferences the README describes.
    if (key === "demo") {
      const mixed = addDd(P.mixed.email, P.mixed);
      const mixedValues: Array<[BasePreferenceKey, boolean, number]> = [
        ["weeklyDigest", true, 40],
        ["productUpdates", false, 35],
        ["webinars", true, 20],
        ["inPerson", false, 12],
        ["vipProgramme", true, 9],
        ["partnerBriefings", false, 6],
        ["surveys", true, 3],
      ];
      for (const [k, v, days] of mixedValues) setOptIn(mixed, pref(k), v, ago(days * DAY));
      const quoted = addDd(P.quoted.email, P.quoted);
      setOptIn(quoted, pref("weeklyDigest"), true, ago(15 * DAY));
      setOptIn(quoted, pref("specialOffers"), true, ago(14 * DAY));
      const unsubscribed = addDd(P.suppressed.email, P.suppressed, P.suppressed.reason, ago(5 * DAY));
      setOptIn(unsubscribed, pref("weeklyDigest"), true, ago(60 * DAY));
      setOptIn(unsubscribed, pref("productUpdates"), true, ago(60 * DAY));
      const bounced = addDd(P.hardBounced.email, P.hardBounced, P.hardBounced.reason, ago(8 * DAY));
      setOptIn(bounced, pref("productUpdates"), true, ago(90 * DAY));
      const shared = addDd(P.sharedEmail.email, P.sharedEmail);
      setOptIn(shared, pref("webinars"), true, ago(7 * DAY));
      setOptIn(shared, pref("productUpdates"), false, ago(7 * DAY));
      const ddOnly = addDd(P.dotdigitalOnly.email, undefined);
      setOptIn(ddOnly, pref("surveys"), true, ago(2 * DAY));
      const notActivated = addDd(P.notActivated.email, P.notActivated);
      setOptIn(notActivated, pref("weeklyDigest"), true, ago(30 * DAY));
      const northwind = addDd(P.account.email, undefined);
      setOptIn(northwind, pref("specialOffers"), true, ago(25 * DAY));
      setOptIn(northwind, pref("partnerOffers"), false, ago(25 * DAY));
      missing++; // noah.fox+crm@ (dynamicsOnly)
    } else {
      // The same person, other values in the other account: accounts never sync into one another (R6).
      const mixed = addDd(P.mixed.email, P.mixed);
      setOptIn(mixed, pref("weeklyDigest"), false, ago(11 * DAY));
      setOptIn(mixed, pref("specialOffers"), true, ago(4 * DAY));
    }

    // Everyone else, one Dotdigital contact per address.
    const byEmail = new Map<string, { eligible: boolean; first: Stored }>();
    for (const s of stored) {
      if (s.email === null || namedIds.has(s.id)) continue;
      const k = s.email.toLowerCase();
      const eligible = [...s.lists].some((l) => listIds.has(l));
      const seen = byEmail.get(k);
      if (seen === undefined) byEmail.set(k, { eligible, first: s });
      else if (eligible) seen.eligible = true;
    }
    for (const [email, { eligible, first }] of byEmail) {
      const roll = random.next();
      if (!eligible) {
        // Some people Dotdigital knows are in no activated list: the sync must leave them alone.
        if (roll < (key === "demo" ? 0.4 : 0.1)) randomOptIns(addDd(email, first));
        continue;
      }
      if (roll < 0.1) {
        missing++;
        continue;
      }
      if (roll < 0.13) {
        const reason: ContactStatus = random.chance(0.66) ? "Unsubscribed" : "HardBounced";
        const id = addDd(email, first, reason, ago(random.int(1, 90) * DAY));
        randomOptIns(id);
        continue;
      }
      randomOptIns(addDd(email, first));
    }
    // People who signed up on a Dotdigital form and are not in Dynamics.
    const ddOnlyCount = Math.round(people * (key === "demo" ? 0.05 : 0.02));
    for (let i = 0; i < ddOnlyCount; i++) {
      const p = randomPerson(random);
      randomOptIns(addDd(emails.person(p.firstname, p.lastname), p));
    }
    resultAccounts[key] = { ...account, counts: { contacts, suppressed, optIns, dotdigitalOnly: ddOnlyCount + (key === "demo" ? 1 : 0), missingInDotdigital: missing } };
  }

  const fullName = (p: { firstname: string; lastname: string }): string => `${p.firstname} ${p.lastname}`;
  return {
    seed,
    accounts: resultAccounts,
    notActivatedLists,
    people: {
      mixed: { contactId: named.mixed.id, email: P.mixed.email, name: fullName(P.mixed) },
      quoted: { contactId: named.quoted.id, email: P.quoted.email, name: fullName(P.quoted) },
      suppressed: { contactId: named.suppressed.id, email: P.suppressed.email, name: fullName(P.suppressed), reason: P.suppressed.reason },
      hardBounced: { leadId: named.hardBounced.id, email: P.hardBounced.email, name: fullName(P.hardBounced), reason: P.hardBounced.reason },
      sharedEmail: { contactId: named.sharedContact.id, leadId: named.sharedLead.id, email: P.sharedEmail.email, name: fullName(P.sharedEmail) },
      dynamicsOnly: { contactId: named.dynamicsOnly.id, email: P.dynamicsOnly.email, name: fullName(P.dynamicsOnly) },
      dotdigitalOnly: { email: P.dotdigitalOnly.email },
      notActivated: { contactId: named.notActivated.id, email: P.notActivated.email, name: fullName(P.notActivated) },
      noEmail: { contactId: named.noEmail.id, name: fullName(P.noEmail) },
      account: { accountId: named.account.id, email: P.account.email, name: P.account.name },
    },
    counts: {
      contacts: target.contact,
      leads: target.lead,
      accounts: target.account,
      withoutEmail,
      sharedEmails,
      lists: 2 * 3 + Object.keys(notActivatedLists).length,
      listMembers,
    },
  };
}
