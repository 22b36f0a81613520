import { CONTACT_SUBSCRIBED, type DotdigitalContactStatus } from "../domain/dotdigital-contact";
import type { EmailAccount } from "../domain/email-account";
import type { LeafPreference } from "../domain/catalogue";
import type { RecordRef } from "../domain/dynamics-record";
import { normaliseEmail } from "../domain/email";
import { dynamicsValue, valueFromOptedIn, type PrefValue } from "../domain/preference-value";
import { RowState } from "../domain/sync-state";
import type { ClockOffsets, DotdigitalContactInput, DynamicsRecordInput, ReconcileInput, Skip } from "./types";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One Dataverse subscription row as the runner reads it. */
export interface SubscriptionRowRead {
  /** mps_optedin (Status). */
  readonly optedIn: boolean;
  /** mps_syncedvalue as a code (see valueFromLabel / the model's PreferenceValue). */
  readonly syncedValue: PrefValue;
  /** mps_syncstate as a code (see stateFromLabel). */
  readonly state: RowState;
  /** modifiedon, epoch ms on Dataverse's clock. */
  readonly modifiedOn: number;
}

/** What the runner knows of one Contact, Lead or Account. */
export interface RecordRead {
  readonly email: string | null;
  readonly syncedEmail: string | null;
  readonly eligible: boolean;
}

/**
 * Builds a ReconcileInput from paged reads in any order (feed rows, suppressions, subscription rows,
 * records), allocating the compact per-person arrays. A value for a preference that is not an active
 * leaf of the run becomes a "Failed" problem in the plan instead of an exception.
 */
export interface ReconcileInputBuilder {
  /** Declares a Dotdigital contact's status (the last call wins: read suppressions after the feed). */
  contact(email: string, status: DotdigitalContactStatus): void;
  /** One Dotdigital opt-in row (change feed or per-contact read); implies the contact exists. */
  dotdigitalValue(email: string, preferenceId: number, isOptedIn: boolean | null, modifiedOn: number): void;
  record(record: RecordRef, read: RecordRead): void;
  subscriptionRow(record: RecordRef, preferenceId: number, row: SubscriptionRowRead): void;
  build(): ReconcileInput;
}

const SLAB_PEOPLE = 4096;

/** Hands out fresh `width`-long views of slabs allocated `SLAB_PEOPLE` views at a time. */
function slab<A extends Uint8Array | Float64Array>(allocate: (n: number) => A, width: number): () => A {
  let current = allocate(0);
  let used = 0;
  return () => {
    if (used + width > current.length) {
      current = allocate(Math.max(width, 1) * SLAB_PEOPLE);
      used = 0;
    }
    const view = current.subarray(used, used + width) as A;
    used += width;
    return view;
  };
}

export function createInputBuilder(account: EmailAccount, preferences: readonly LeafPreference[], clock: ClockOffsets): ReconcileInputBuilder {
  const p = preferences.length;
  const position = new Map<number, number>(preferences.map((pref, i) => [pref.id, i]));
  const contacts = new Map<string, Mutable<DotdigitalContactInput>>();
  const records = new Map<string, Mutable<DynamicsRecordInput>>();
  const problems: Skip[] = [];
  // Per-person arrays are views into shared slabs: one allocation per few thousand people instead of
  // four per record, which keeps a million (email × preference) pairs to a few bytes each.
  const bytes = slab((n) => new Uint8Array(n), p);
  const times = slab((n) => new Float64Array(n).fill(NaN), p);

  const contactEntry = (email: string): Mutable<DotdigitalContactInput> => {
    const n = normaliseEmail(email);
    const key = n.ok ? n.email : email;
    let c = contacts.get(key);
    if (c === undefined) {
      c = { email, status: CONTACT_SUBSCRIBED, values: bytes(), changedOn: times() };
      contacts.set(key, c);
    }
    return c;
  };
  const recordEntry = (record: RecordRef): Mutable<DynamicsRecordInput> => {
    const key = `${record.table}|${record.id}`;
    let r = records.get(key);
    if (r === undefined) {
      r = {
        record,
        email: null,
        syncedEmail: null,
        eligible: false,
        values: bytes(),
        base: bytes(),
        state: bytes(),
        changedOn: times(),
      };
      records.set(key, r);
    }
    return r;
  };
  const unknown = (email: string | null, record: RecordRef | null, preferenceId: number): void => {
    problems.push({
      reason: "Failed",
      email,
      record,
      message: `preference ${preferenceId} is not an active leaf preference of this Email Account: sync the catalogue first`,
    });
  };

  return {
    contact(email, status) {
      contactEntry(email).status = status;
    },
    dotdigitalValue(email, preferenceId, isOptedIn, modifiedOn) {
      const i = position.get(preferenceId);
      if (i === undefined) return unknown(email, null, preferenceId);
      const c = contactEntry(email);
      c.values[i] = valueFromOptedIn(isOptedIn);
      c.changedOn[i] = modifiedOn;
    },
    record(record, read) {
      const r = recordEntry(record);
      r.email = read.email;
      r.syncedEmail = read.syncedEmail;
      r.eligible = read.eligible;
    },
    subscriptionRow(record, preferenceId, row) {
      const i = position.get(preferenceId);
      if (i === undefined) return unknown(null, record, preferenceId);
      const r = recordEntry(record);
      r.values[i] = dynamicsValue(row.optedIn, row.syncedValue);
      r.base[i] = row.syncedValue;
      r.state[i] = row.state === RowState.NoRow ? RowState.Pending : row.state;
      r.changedOn[i] = row.modifiedOn;
    },
    build() {
      return { account, preferences, clock, contacts: [...contacts.values()], records: [...records.values()], problems };
    },
  };
}
