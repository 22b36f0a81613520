import { emailKey } from "./email";
import { errors } from "./errors";
import {
  RESUBSCRIBABLE_REASONS,
  WRITABLE_STATUSES,
  type AddressBookRecord,
  type ContactRecord,
  type ContactStatus,
  type DataField,
  type EmailType,
  type OptInRecord,
  type OptInType,
  type PreferenceRecord,
  type SuppressionRecord,
} from "./model";

/**
 * The opt-ins of one preference, indexed so that the change feed pages by contact id without
 * scanning from the start: a Map for writes and a sorted id list rebuilt only when a new contact
 * gets its first row for this preference.
 */
class PreferenceOptIns {
  readonly byContact = new Map<number, OptInRecord>();
  private sorted: number[] | null = [];
  /** The newest dateModified ever written: lets "changed since" answer an idle feed without a scan. */
  latest = Number.NEGATIVE_INFINITY;

  set(contactId: number, record: OptInRecord): void {
    this.latest = Math.max(this.latest, record.dateModified);
    if (!this.byContact.has(contactId)) {
      const last = this.sorted?.at(-1);
      // Contacts are mostly written in id order (seeding, feeds), so appending keeps the list sorted.
      if (this.sorted !== null && (last === undefined || contactId > last)) this.sorted.push(contactId);
      else this.sorted = null;
    }
    this.byContact.set(contactId, record);
  }

  delete(contactId: number): void {
    if (this.byContact.delete(contactId)) this.sorted = null;
  }

  contactIds(): number[] {
    this.sorted ??= [...this.byContact.keys()].sort((a, b) => a - b);
    return this.sorted;
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface NewContact {
  email: string;
  optInType?: OptInType;
  emailType?: EmailType;
  dataFields?: DataField[] | null;
  status?: ContactStatus;
}

export interface PreferenceWrite {
  preferenceId: number;
  isOptedIn: boolean;
}

export type ResubscribeOutcome = "ContactAdded" | "ContactChallenged" | "ContactCannotBeUnsuppressed";

/** The data of one Dotdigital account: its catalogue, contacts, opt-ins, suppressions and lists. */
export class AccountData {
  private nextContactId = 1;
  private nextPreferenceId = 1;
  private nextAddressBookId = 1;
  readonly contacts = new Map<number, ContactRecord>();
  private readonly idByEmail = new Map<string, number>();
  readonly preferences = new Map<number, PreferenceRecord>();
  private readonly optIns = new Map<number, PreferenceOptIns>();
  private readonly suppressions = new Map<number, SuppressionRecord>();
  private suppressionOrder: SuppressionRecord[] | null = [];
  readonly addressBooks = new Map<number, AddressBookRecord>();
  /** Contacts that were sent a resubscribe challenge and have not confirmed it yet. */
  readonly challenged = new Set<number>();

  // ---- catalogue ----

  addPreference(spec: { publicName: string; privateName?: string; isPreference: boolean; isPublic?: boolean; categoryId?: number; order?: number }, now: number): PreferenceRecord {
    const categoryId = spec.categoryId ?? 0;
    if (categoryId !== 0) {
      const category = this.preferences.get(categoryId);
      if (category === undefined) throw errors.preferenceNotFound(categoryId);
      if (category.isPreference) throw errors.preferenceInvalid(`${categoryId} is a preference, not a category: preferences can only be placed in categories.`);
      if (!spec.isPreference) throw errors.preferenceInvalid("A category cannot be placed in another category.");
    }
    const siblings = [...this.preferences.values()].filter((p) => p.categoryId === categoryId);
    const record: PreferenceRecord = {
      id: this.nextPreferenceId++,
      publicName: spec.publicName,
      privateName: spec.privateName ?? spec.publicName,
      isPreference: spec.isPreference,
      isPublic: spec.isPublic ?? true,
      categoryId,
      order: spec.order ?? siblings.length,
      created: now,
      lastModified: now,
    };
    this.preferences.set(record.id, record);
    if (record.isPreference) this.optIns.set(record.id, new PreferenceOptIns());
    return record;
  }

  /** Top-level items (categories and stand-alone preferences) and each category's preferences, in display order. */
  catalogue(): Array<{ item: PreferenceRecord; children: PreferenceRecord[] }> {
    const byOrder = (a: PreferenceRecord, b: PreferenceRecord): number => a.order - b.order || a.id - b.id;
    const all = [...this.preferences.values()];
    return all
      .filter((p) => p.categoryId === 0)
      .sort(byOrder)
      .map((item) => ({ item, children: item.isPreference ? [] : all.filter((p) => p.categoryId === item.id).sort(byOrder) }));
  }

  // ---- contacts ----

  contactByEmail(email: string): ContactRecord | undefined {
    const id = this.idByEmail.get(emailKey(email));
    return id === undefined ? undefined : this.contacts.get(id);
  }

  /** An all-digits identifier is a contact id, anything else an email (as the API's `{contactIdentifier}`). */
  contactByIdentifier(identifier: string): ContactRecord | undefined {
    return /^\d+$/.test(identifier) ? this.contacts.get(Number(identifier)) : this.contactByEmail(identifier);
  }

  addContact(spec: NewContact): ContactRecord {
    if (this.idByEmail.has(emailKey(spec.email))) throw errors.contactInvalid(`A contact with the email ${spec.email} already exists.`);
    const contact: ContactRecord = {
      id: this.nextContactId++,
      email: spec.email.trim(),
      optInType: spec.optInType ?? "Unknown",
      emailType: spec.emailType ?? "Html",
      dataFields: spec.dataFields ?? null,
      status: spec.status ?? "Subscribed",
    };
    this.contacts.set(contact.id, contact);
    this.idByEmail.set(emailKey(contact.email), contact.id);
    return contact;
  }

  /** POST /v2/contacts: creates the contact or updates the one with that email; suppressed contacts cannot be added back. */
  upsertContact(spec: NewContact): { contact: ContactRecord; created: boolean } {
    const existing = this.contactByEmail(spec.email);
    if (existing === undefined) return { contact: this.addContact({ ...spec, status: "Subscribed" }), created: true };
    if (!WRITABLE_STATUSES.has(existing.status)) throw errors.contactSuppressed(existing.status);
    if (spec.optInType !== undefined) existing.optInType = spec.optInType;
    if (spec.emailType !== undefined) existing.emailType = spec.emailType;
    if (spec.dataFields !== undefined && spec.dataFields !== null) existing.dataFields = mergeDataFields(existing.dataFields, spec.dataFields);
    return { contact: existing, created: false };
  }

  // ---- opt-ins ----

  /** Checks a whole write before any of it is applied, so a bad item changes nothing. */
  assertWritable(contact: ContactRecord): void {
    if (!WRITABLE_STATUSES.has(contact.status)) throw errors.contactSuppressed(contact.status);
  }

  setOptIns(contactId: number, writes: readonly PreferenceWrite[], now: number, addressBookId = 0): void {
    for (const write of writes) {
      const feed = this.optIns.get(write.preferenceId);
      if (feed === undefined) throw errors.preferenceNotFound(write.preferenceId);
      feed.set(contactId, { isOptedIn: write.isOptedIn, dateModified: now, addressBookId });
    }
  }

  optIn(contactId: number, preferenceId: number): OptInRecord | undefined {
    return this.optIns.get(preferenceId)?.byContact.get(contactId);
  }

  /** Every opt-in row of one contact, by preference id. */
  optInsOf(contactId: number): Array<{ preferenceId: number; record: OptInRecord }> {
    const rows: Array<{ preferenceId: number; record: OptInRecord }> = [];
    for (const [preferenceId, feed] of [...this.optIns.entries()].sort(([a], [b]) => a - b)) {
      const record = feed.byContact.get(contactId);
      if (record !== undefined) rows.push({ preferenceId, record });
    }
    return rows;
  }

  /** Contacts whose row for the preference changed at or after `since`, from `minContactId` up, in id order. */
  changedSince(preferenceId: number, since: number, minContactId: number, limit: number): Array<{ contact: ContactRecord; record: OptInRecord }> {
    if ((this.optIns.get(preferenceId)?.latest ?? Number.NEGATIVE_INFINITY) < since) return [];
    return this.scan(preferenceId, minContactId, limit, (record) => record.dateModified >= since);
  }

  /** Contacts opted in to the preference now, from `minContactId` up, in id order. */
  optedIn(preferenceId: number, minContactId: number, limit: number): Array<{ contact: ContactRecord; record: OptInRecord }> {
    return this.scan(preferenceId, minContactId, limit, (record) => record.isOptedIn);
  }

  private scan(preferenceId: number, minContactId: number, limit: number, keep: (record: OptInRecord) => boolean): Array<{ contact: ContactRecord; record: OptInRecord }> {
    const feed = this.optIns.get(preferenceId);
    if (feed === undefined) return [];
    const ids = feed.contactIds();
    const rows: Array<{ contact: ContactRecord; record: OptInRecord }> = [];
    for (let i = lowerBound(ids, minContactId); i < ids.length && rows.length < limit; i++) {
      const id = ids[i] as number;
      const record = feed.byContact.get(id);
      const contact = this.contacts.get(id);
      if (record !== undefined && contact !== undefined && keep(record)) rows.push({ contact, record });
    }
    return rows;
  }

  // ---- suppressions ----

  suppression(contactId: number): SuppressionRecord | undefined {
    return this.suppressions.get(contactId);
  }

  /** Suppresses the contact (status = reason); an existing suppression is kept as it was. */
  suppress(contact: ContactRecord, reason: ContactStatus, now: number): SuppressionRecord {
    const existing = this.suppressions.get(contact.id);
    if (existing !== undefined) return existing;
    const record: SuppressionRecord = { contactId: contact.id, dateRemoved: now, reason };
    contact.status = reason;
    this.suppressions.set(contact.id, record);
    const last = this.suppressionOrder?.at(-1);
    if (this.suppressionOrder !== null && (last === undefined || compareSuppressions(last, record) <= 0)) this.suppressionOrder.push(record);
    else this.suppressionOrder = null;
    this.challenged.delete(contact.id);
    return record;
  }

  suppressedSince(since: number, skip: number, select: number, onlyReason?: ContactStatus): Array<{ contact: ContactRecord; record: SuppressionRecord }> {
    this.suppressionOrder ??= [...this.suppressions.values()].sort(compareSuppressions);
    const order = this.suppressionOrder;
    // Binary search for the first suppression at or after `since`.
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((order[mid] as SuppressionRecord).dateRemoved < since) lo = mid + 1;
      else hi = mid;
    }
    const rows: Array<{ contact: ContactRecord; record: SuppressionRecord }> = [];
    let skipped = 0;
    for (let i = lo; i < order.length && rows.length < select; i++) {
      const record = order[i] as SuppressionRecord;
      if (onlyReason !== undefined && record.reason !== onlyReason) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      const contact = this.contacts.get(record.contactId);
      if (contact !== undefined) rows.push({ contact, record });
    }
    return rows;
  }

  /**
   * Resubscribes a suppressed contact. With a challenge the contact stays suppressed until it confirms
   * (see {@link confirmResubscription}); complaints, bounces and similar suppressions cannot be lifted.
   */
  resubscribe(contact: ContactRecord, challenge: boolean): ResubscribeOutcome {
    const suppression = this.suppressions.get(contact.id);
    if (suppression === undefined) {
      if (WRITABLE_STATUSES.has(contact.status)) return "ContactAdded";
      return "ContactCannotBeUnsuppressed";
    }
    if (!RESUBSCRIBABLE_REASONS.has(suppression.reason)) return "ContactCannotBeUnsuppressed";
    if (challenge) {
      this.challenged.add(contact.id);
      return "ContactChallenged";
    }
    this.lift(contact);
    return "ContactAdded";
  }

  /** The contact clicked the link in the resubscribe challenge email. */
  confirmResubscription(contact: ContactRecord): boolean {
    if (!this.challenged.has(contact.id)) return false;
    this.lift(contact);
    return true;
  }

  private lift(contact: ContactRecord): void {
    this.challenged.delete(contact.id);
    if (this.suppressions.delete(contact.id)) this.suppressionOrder = null;
    contact.status = "Subscribed";
  }

  // ---- address books ----

  addAddressBook(name: string, visibility: "Private" | "Public"): AddressBookRecord {
    if ([...this.addressBooks.values()].some((b) => b.name.toLowerCase() === name.toLowerCase())) throw errors.addressBookDuplicate();
    const book: AddressBookRecord = { id: this.nextAddressBookId++, name, visibility, members: new Set() };
    this.addressBooks.set(book.id, book);
    return book;
  }

  addressBooksOf(contactId: number): AddressBookRecord[] {
    return [...this.addressBooks.values()].filter((b) => b.members.has(contactId));
  }
}

function compareSuppressions(a: SuppressionRecord, b: SuppressionRecord): number {
  return a.dateRemoved - b.dateRemoved || a.contactId - b.contactId;
}

function mergeDataFields(current: DataField[] | null, updates: DataField[]): DataField[] {
  const merged = new Map((current ?? []).map((f) => [f.key.toUpperCase(), f]));
  for (const field of updates) merged.set(field.key.toUpperCase(), field);
  return [...merged.values()];
}
