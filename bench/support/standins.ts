// The two stand-ins for the runner bench, in their own process so the bench measures the sync
// service's memory, not the stand-ins'. Driven over IPC by bench/runner.bench.ts.
import { Interval, SyncWindow } from "@mps/model";
import { startDataverseStandIn, startDotdigitalStandIn, type DataverseStandIn, type DotdigitalAccountHandle } from "@mps/sandbox";

export interface Seeded {
  readonly dataverseUrl: string;
  readonly token: string;
  readonly accountId: string;
  readonly feedRowsPerPref: number[];
  readonly optIns: number;
}

export type Command = { cmd: "seed"; people: number; prefs: number } | { cmd: "change"; fraction: number } | { cmd: "close" };

let dv: DataverseStandIn;
let account: DotdigitalAccountHandle;
let prefs: number[] = [];
let emails: string[] = [];
let contactIds: string[] = [];

async function seed(people: number, prefCount: number): Promise<Seeded> {
  dv = await startDataverseStandIn({ serviceProtection: false });
  const dd = await startDotdigitalStandIn({ accounts: [{ apiUser: "bench@apiconnector.com", password: "bench", region: "r1" }] });
  account = dd.account("bench@apiconnector.com");
  prefs = Array.from({ length: prefCount }, (_, i) => account.addPreference({ publicName: `Preference ${i + 1}` }));
  const accountId = dv.insert("mps_emailaccount", { mps_name: "Bench", mps_apiuser: account.apiUser, mps_apiendpoint: account.apiEndpoint, mps_credentialname: "bench" });
  dv.insert("mps_syncschedule", { mps_name: "Bench", mps_emailaccountid: accountId, mps_synctype: 717000000, mps_interval: Interval.Manual, mps_syncwindow: SyncWindow.Anytime });
  const list = dv.insert("list", { listname: "Bench", createdfromcode: 2, mps_emailactivated: true, mps_emailaccountid: accountId });
  emails = Array.from({ length: people }, (_, i) => `person${i}@example.com`);
  contactIds = dv.insertMany("contact", emails.map((e, i) => ({ firstname: "P", lastname: String(i), emailaddress1: e })));
  dv.addListMembers(list, contactIds);
  const feedRowsPerPref = prefs.map(() => 0);
  let optIns = 0;
  emails.forEach((email, i) => {
    account.addContact({ email });
    // A third of the people have opted in to one preference in Dotdigital.
    if (i % 3 === 0) {
      account.setOptIn(email, prefs[i % prefCount]!, true);
      feedRowsPerPref[i % prefCount]!++;
      optIns++;
    }
  });
  return { dataverseUrl: dv.url, token: dv.accessToken, accountId, feedRowsPerPref, optIns };
}

/** A fraction of people change: half in Dynamics (one Status each), half in Dotdigital. */
function change(fraction: number): { dynamics: number; dotdigital: number } {
  const changed = Math.max(2, Math.floor(emails.length * fraction));
  const step = Math.floor(emails.length / changed);
  const wanted = new Map<string, number>();
  for (let k = 0; k < changed; k += 2) wanted.set(contactIds[1 + k * step]!, k);
  let dynamics = 0;
  for (const row of dv.rows("mps_marketingpreferencesubscription")) {
    const contact = String(row["mps_contactid"]);
    if (!wanted.has(contact) || row["mps_optedin"] === true) continue;
    dv.update("mps_marketingpreferencesubscription", String(row["mps_marketingpreferencesubscriptionid"]), { mps_optedin: true });
    wanted.delete(contact);
    dynamics++;
  }
  let dotdigital = 0;
  for (let k = 1; k < changed; k += 2) {
    account.setOptIn(emails[1 + k * step]!, prefs[2 % prefs.length]!, true);
    dotdigital++;
  }
  return { dynamics, dotdigital };
}

process.on("message", (message: Command) => {
  const reply = (value: unknown) => process.send?.(value);
  if (message.cmd === "seed") void seed(message.people, message.prefs).then(reply);
  else if (message.cmd === "change") reply(change(message.fraction));
  else process.exit(0);
});
