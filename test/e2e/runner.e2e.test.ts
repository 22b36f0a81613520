// The runner end to end: both stand-ins over real HTTP, the service wired as the CLI wires it.
import { ChangeReason as CHANGE_REASON, ChangeSource as CHANGE_SOURCE } from "@mps/model";
import { OPTED_IN, OPTED_OUT, STATE, startWorld, type SeededAccount, type World } from "../support/world";

describe("a sync run through both stand-ins", () => {
  let world: World;
  let account: SeededAccount;
  let news: number;
  let events: number;

  beforeEach(async () => {
    world = await startWorld();
    account = world.addAccount({ name: "Demo", apiUser: "demo@apiconnector.com", password: "sandbox-password" });
    const category = account.dd.addCategory({ publicName: "Newsletters" });
    news = account.dd.addPreference({ publicName: "News", categoryId: category });
    events = account.dd.addPreference({ publicName: "Events" });
  });
  afterEach(async () => {
    await world.close();
  });

  it("first run: mirrors the catalogue, creates a row per preference and pulls Dotdigital's opt-ins", async () => {
    const contact = world.addRecord("contact", "jane@example.com", account);
    account.dd.addContact({ email: "jane@example.com" });
    account.dd.setOptIn("jane@example.com", news, true);

    const outcome = await world.run(account);

    expect(outcome.result).toBe("Succeeded");
    const rows = world.rowsOf("contact", contact, account);
    expect([...rows.keys()].sort()).toEqual([news, events].sort());
    expect(rows.get(news)).toMatchObject({ mps_optedin: true, mps_syncedvalue: OPTED_IN, mps_syncstate: STATE.Synced });
    expect(rows.get(events)).toMatchObject({ mps_optedin: false });
    expect(world.dv.rows("mps_preferencechange").length).toBeGreaterThan(0);
  });

  it("pushes a change made in Dynamics to Dotdigital and audits it, then a second run writes nothing", async () => {
    const contact = world.addRecord("contact", "o'brien+news@example.com", account);
    account.dd.addContact({ email: "o'brien+news@example.com" });
    await world.run(account);

    world.setStatus("contact", contact, account, events, true);
    const outcome = await world.run(account);

    expect(outcome.result).toBe("Succeeded");
    expect(account.dd.optIns("o'brien+news@example.com").find((o) => o.preferenceId === events)?.isOptedIn).toBe(true);
    const audit = world.dv.rows("mps_preferencechange").filter((a) => a["mps_newvalue"] === OPTED_IN);
    expect(audit.length).toBe(1);

    await world.resetStats();
    const before = world.dataverseSnapshot();
    const again = await world.run(account);
    expect(again.result).toBe("Succeeded");
    expect(await world.dotdigitalWrites()).toBe(0);
    expect(world.dataverseSnapshot()).toBe(before);
  });

  it("fans one Dotdigital contact out to a Contact and a Lead with the same email", async () => {
    const contact = world.addRecord("contact", "shared@example.com", account);
    const lead = world.addRecord("lead", "Shared@Example.com", account);
    account.dd.addContact({ email: "shared@example.com" });
    account.dd.setOptIn("shared@example.com", news, true);

    await world.run(account);

    expect(world.rowsOf("contact", contact, account).get(news)).toMatchObject({ mps_optedin: true });
    expect(world.rowsOf("lead", lead, account).get(news)).toMatchObject({ mps_optedin: true });
  });

  it("leaves a suppressed contact alone on both sides", async () => {
    const contact = world.addRecord("contact", "gone@example.com", account);
    account.dd.addContact({ email: "gone@example.com" });
    await world.run(account);
    account.dd.suppress("gone@example.com", "Unsubscribed");
    world.setStatus("contact", contact, account, news, true);

    const outcome = await world.run(account);

    expect(outcome.counters.pushed).toBe(0);
    expect(account.dd.optIns("gone@example.com").find((o) => o.preferenceId === news)?.isOptedIn ?? false).toBe(false);
    expect(world.rowsOf("contact", contact, account).get(news)).toMatchObject({ mps_optedin: true, mps_syncstate: STATE["Skipped: suppressed"] });
  });

  it("never touches a record that was never in an email-activated list", async () => {
    const outsider = world.addRecord("contact", "outsider@example.com");
    account.dd.addContact({ email: "outsider@example.com" });
    account.dd.setOptIn("outsider@example.com", news, true);

    await world.run(account);

    expect(world.rowsOf("contact", outsider, account).size).toBe(0);
  });

  it("keeps two Email Accounts apart", async () => {
    const other = world.addAccount({ name: "Other", apiUser: "other@apiconnector.com", password: "other-password" });
    const otherPref = other.dd.addPreference({ publicName: "Other news" });
    const contact = world.addRecord("contact", "both@example.com", account);
    world.dv.addListMembers(other.lists.contact, [contact]);
    account.dd.addContact({ email: "both@example.com" });
    account.dd.setOptIn("both@example.com", news, true);
    other.dd.addContact({ email: "both@example.com" });

    await world.run(account);
    await world.run(other);

    expect(world.rowsOf("contact", contact, account).get(news)).toMatchObject({ mps_optedin: true });
    expect(world.rowsOf("contact", contact, other).get(otherPref)).toMatchObject({ mps_optedin: false });
    expect(other.dd.optIns("both@example.com").find((o) => o.preferenceId === news)).toBeUndefined();
  });

  it.each([
    ["Last modified wins", true],
    ["Opt-out wins", false],
  ] as const)("settles a conflict with no agreed value yet by the account's policy: %s", async (policy, dynamicsWins) => {
    const settled = world.addAccount({ name: `Policy ${policy}`, apiUser: `policy${String(dynamicsWins)}@apiconnector.com`, password: "pw", conflictPolicy: policy });
    const pref = settled.dd.addPreference({ publicName: "Offers" });
    const contact = world.addRecord("contact", "conflict@example.com", settled);
    await world.run(settled); // creates the rows; Dotdigital does not know the person yet

    // After that sync, Dotdigital records an opt-out, then a CRM user opts in ten seconds later:
    // both sides differ and nothing was agreed yet.
    settled.dd.addContact({ email: "conflict@example.com" });
    settled.dd.setOptIn("conflict@example.com", pref, false, new Date(Date.now() + 1_000));
    world.dv.controls.clock.set(new Date(Date.now() + 10_000));
    world.setStatus("contact", contact, settled, pref, true);
    const outcome = await world.run(settled);

    expect(outcome.counters.conflicts).toBe(1);
    const agreed = dynamicsWins ? OPTED_IN : OPTED_OUT;
    expect(world.rowsOf("contact", contact, settled).get(pref)).toMatchObject({ mps_optedin: dynamicsWins, mps_syncedvalue: agreed });
    expect(settled.dd.optIns("conflict@example.com").find((o) => o.preferenceId === pref)?.isOptedIn).toBe(dynamicsWins);
    const audit = world.dv.rows("mps_preferencechange").filter((a) => a["mps_emailaddress"] === "conflict@example.com");
    expect(audit.map((a) => a["mps_reason"])).toContain(dynamicsWins ? CHANGE_REASON["Conflict: last modified wins"] : CHANGE_REASON["Conflict: opt-out wins"]);
  });

  it("an opt-in made in Dotdigital after the last sync reaches Dynamics with source Dotdigital", async () => {
    const contact = world.addRecord("contact", "later@example.com", account);
    account.dd.addContact({ email: "later@example.com" });
    await world.run(account);

    account.dd.setOptIn("later@example.com", events, true, new Date(Date.now() + 5_000));
    const outcome = await world.run(account);

    expect(outcome.counters.pulled).toBe(1);
    expect(world.rowsOf("contact", contact, account).get(events)).toMatchObject({ mps_optedin: true, mps_lastchangesource: CHANGE_SOURCE.Dotdigital });
  });

  it.each([
    ["Keep with record", true],
    ["Drop", false],
  ] as const)("an email changed on a record, policy %s", async (policy, carried) => {
    const moving = world.addAccount({ name: `Move ${policy}`, apiUser: `move${String(carried)}@apiconnector.com`, password: "pw", emailChangePolicy: policy });
    const offers = moving.dd.addPreference({ publicName: "Offers" });
    const contact = world.addRecord("contact", "old@example.com", moving);
    moving.dd.addContact({ email: "old@example.com" });
    moving.dd.setOptIn("old@example.com", offers, true);
    moving.dd.addContact({ email: "new@example.com" });
    await world.run(moving);
    expect(world.rowsOf("contact", contact, moving).get(offers)).toMatchObject({ mps_optedin: true });

    world.dv.update("contact", contact, { emailaddress1: "new@example.com" });
    await world.run(moving);

    // Keep: the record's opt-in goes with it to the new address. Drop: the record takes the new address's values.
    expect(moving.dd.optIns("new@example.com").find((o) => o.preferenceId === offers)?.isOptedIn ?? false).toBe(carried);
    expect(world.rowsOf("contact", contact, moving).get(offers)).toMatchObject({ mps_optedin: carried, mps_emailaddress: "new@example.com" });
    const reasons = world.dv.rows("mps_preferencechange").filter((a) => a["mps_emailaddress"] === "new@example.com").map((a) => a["mps_reason"]);
    if (carried) expect(reasons).toContain(CHANGE_REASON["Email change"]);
  });

  it("creates the Dotdigital contact (opt-in type Unknown) before writing preferences for a person only Dynamics knows", async () => {
    const contact = world.addRecord("contact", "new.person@example.com", account);
    await world.run(account);
    expect(account.dd.contact("new.person@example.com")).toBeUndefined();

    world.setStatus("contact", contact, account, news, true);
    const outcome = await world.run(account);

    expect(outcome.problems).toEqual([]);
    expect(outcome.result).toBe("Succeeded");
    expect(account.dd.contact("new.person@example.com")).toMatchObject({ optInType: "Unknown", status: "Subscribed" });
    expect(account.dd.optIns("new.person@example.com").find((o) => o.preferenceId === news)?.isOptedIn).toBe(true);
  });

  it("a dry run plans and writes nothing but its Sync Run", async () => {
    world.addRecord("contact", "dry@example.com", account);
    account.dd.addContact({ email: "dry@example.com" });
    account.dd.setOptIn("dry@example.com", news, true);

    const outcome = await world.run(account, { dryRun: true });

    expect(outcome.result).toBe("Succeeded");
    expect(outcome.summary).toContain("Dry run");
    expect(world.dv.rows("mps_marketingpreferencesubscription")).toHaveLength(0);
    expect(world.dv.rows("mps_syncrun")).toHaveLength(1);
  });
  it("near the heap cap works in smaller slices and still syncs everyone", async () => {
    const emails = Array.from({ length: 1200 }, (_, i) => `person${i}@example.com`);
    const contacts = emails.map((email) => world.addRecord("contact", email, account));
    const lead = world.addRecord("lead", emails[700]!, account);
    for (const email of emails.filter((_, i) => i % 3 === 0)) {
      account.dd.addContact({ email });
      account.dd.setOptIn(email, news, true);
    }
    const stages: string[] = [];
    const progress = { stage: (name: string, detail?: string) => void (name === "Reading current values" && detail !== undefined && stages.push(detail)) };

    const outcome = await world.run(account, { memory: { pressure: () => 0.85 }, progress });

    expect(outcome.result).toBe("Succeeded");
    // The Lead shares an address with a Contact: one person, so 1,200 people in slices of 500.
    expect(stages).toEqual(["500 of 1200 people", "1000 of 1200 people", "1200 of 1200 people"]);
    contacts.forEach((contact, i) => expect(world.rowsOf("contact", contact, account).get(news)).toMatchObject({ mps_optedin: i % 3 === 0 }));
    expect(world.rowsOf("lead", lead, account).get(news)).toMatchObject({ mps_optedin: 700 % 3 === 0 });
  });
  it("with a heap too full to index who is affected, fails the run with the setting to raise and changes no preference", async () => {
    const contact = world.addRecord("contact", "full@example.com", account);
    account.dd.addContact({ email: "full@example.com" });
    account.dd.setOptIn("full@example.com", news, true);

    const outcome = await world.run(account, { memory: { pressure: () => 0.95 } });

    expect(outcome.result).toBe("Failed");
    expect(outcome.failure).toBe("config");
    expect(outcome.summary).toMatch(/Not enough memory for this run: the heap was 95% full .*Raise MPS_MAX_MEMORY_MB/);
    expect(world.rowsOf("contact", contact, account).size).toBe(0);
    expect(await world.dotdigitalWrites()).toBe(0);
    const run = world.dv.rows("mps_syncrun").at(-1);
    expect(String(run?.["mps_summary"])).toContain("MPS_MAX_MEMORY_MB");
  });
});
