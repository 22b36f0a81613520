import { type RecordTable } from "@mps/model";
import { ACCOUNT_MAILBOXES, COMPANY_KINDS, COMPANY_SUFFIXES, COMPANY_WORDS, DOMAINS, FIRST_NAMES, LAST_NAMES, PLUS_TAGS } from "./names";
import { type Random } from "./random";

/** One generated Contact, Lead or Account before it is written anywhere. */
export interface DemoRecord {
  readonly table: RecordTable;
  readonly firstname?: string;
  readonly lastname?: string;
  /** fullname for Contacts and Leads, name for Accounts. */
  readonly name: string;
  readonly companyname?: string;
  /** As Dynamics holds it (case may differ from Dotdigital's); null for records without an address. */
  readonly email: string | null;
}

/** Makes unique, realistic addresses: the set is shared with the named people so none is taken twice. */
export class EmailFactory {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  /** Claims an exact address (the named people's); throws when it is taken, which would be a bug in the fixtures. */
  reserve(email: string): string {
    const key = email.toLowerCase();
    if (this.used.has(key)) throw new Error(`The demo address ${email} is used twice.`);
    this.used.add(key);
    return email;
  }

  isUsed(email: string): boolean {
    return this.used.has(email.toLowerCase());
  }

  /** first.last@…, f.last@…, firstlast@…; some with a `+tag`; apostrophes kept (o'brien@…). */
  person(first: string, last: string): string {
    const f = localPart(first);
    const l = localPart(last);
    const pattern = this.random.int(0, 9);
    let local = pattern < 5 ? `${f}.${l}` : pattern < 7 ? `${f.slice(0, 1)}.${l}` : pattern < 9 ? `${f}${l}` : `${l}.${f}`;
    if (this.random.chance(0.05)) local = `${local}+${this.random.pick(PLUS_TAGS)}`;
    return this.claim(local, this.random.pick(DOMAINS));
  }

  /** info@blueharbourlogistics.example.com and the like. */
  organisation(company: string): string {
    const slug = localPart(company).replace(/[^a-z0-9]/g, "");
    return this.claim(this.random.pick(ACCOUNT_MAILBOXES), `${slug}.example.com`);
  }

  private claim(local: string, domain: string): string {
    // A second "amelia.hughes" becomes amelia.hughes2, as mail providers do; the tag stays last.
    const [base, tag] = local.split("+", 2) as [string, string | undefined];
    for (let n = 1; ; n++) {
      const email = `${base}${n === 1 ? "" : String(n)}${tag === undefined ? "" : `+${tag}`}@${domain}`;
      if (!this.used.has(email)) {
        this.used.add(email);
        return email;
      }
    }
  }
}

function localPart(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9']+/g, "");
}

/** Amelia.Hughes@Example.com: some CRM data is typed with capitals; the sync matches without regard to case. */
export function capitalised(email: string): string {
  return email.replace(/(^|[.@])([a-z])/g, (_m, sep: string, ch: string) => `${sep}${ch.toUpperCase()}`);
}

export function randomPerson(random: Random): { firstname: string; lastname: string } {
  return { firstname: random.pick(FIRST_NAMES), lastname: random.pick(LAST_NAMES) };
}

export function randomCompany(random: Random): string {
  return `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)} ${random.pick(COMPANY_SUFFIXES)}`;
}
