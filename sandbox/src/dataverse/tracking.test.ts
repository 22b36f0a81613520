import { type DataverseStandIn } from "./server";
import { useStandInPerTest, type dvClient } from "./test-client";

let dv: DataverseStandIn;
let call: ReturnType<typeof dvClient>;
useStandInPerTest((standIn, client) => {
  dv = standIn;
  call = client;
});

type Page = { value: Record<string, unknown>[]; "@odata.context": string; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };

/** Follows nextLinks to the end; returns every item and the final delta link. */
async function readAll(first: string, prefer: string): Promise<{ items: Record<string, unknown>[]; deltaLink: string; pages: number; contexts: string[] }> {
  const items: Record<string, unknown>[] = [];
  const contexts: string[] = [];
  let url: string | undefined = first;
  let pages = 0;
  for (;;) {
    const response = await call("GET", url, { headers: { prefer } });
    expect(response.status).toBe(200);
    const page = response.json<Page>();
    pages++;
    contexts.push(page["@odata.context"]);
    items.push(...page.value);
    if (page["@odata.nextLink"] !== undefined) {
      expect(page["@odata.deltaLink"]).toBeUndefined();
      url = page["@odata.nextLink"];
      continue;
    }
    const deltaLink = page["@odata.deltaLink"];
    if (deltaLink === undefined) throw new Error("the last page has no @odata.deltaLink");
    return { items, deltaLink, pages, contexts };
  }
}

describe("change tracking", () => {
  it("returns every row with a delta link, then only changed rows and removed rows since it", async () => {
    dv.controls.clock.set(new Date("2024-03-01T10:00:00Z"));
    const [a, b, c] = dv.insertMany("contact", [{ fullname: "A" }, { fullname: "B" }, { fullname: "C" }]);
    const initial = await readAll("contacts?$select=fullname,emailaddress1", "odata.track-changes");
    expect(initial.items.map((r) => r.fullname).sort()).toEqual(["A", "B", "C"]);
    expect(initial.deltaLink).toContain("$deltatoken=");

    dv.controls.clock.advance(60_000);
    expect((await call("PATCH", `contacts(${a})`, { body: { emailaddress1: "a@example.com" } })).status).toBe(204);
    expect((await call("DELETE", `contacts(${b})`)).status).toBe(204);
    const d = dv.insert("contact", { fullname: "D" });

    const delta = await readAll(initial.deltaLink, "odata.track-changes");
    expect(delta.contexts[0]).toMatch(/\$metadata#contacts\(fullname,emailaddress1\)\/\$delta$/);
    const changed = delta.items.filter((r) => r.reason === undefined);
    const removed = delta.items.filter((r) => r.reason === "deleted");
    expect(changed.map((r) => r.contactid).sort()).toEqual([a, d].sort());
    expect(changed.find((r) => r.contactid === a)).toMatchObject({ emailaddress1: "a@example.com" });
    expect(removed).toEqual([{ "@odata.context": `${dv.apiUrl}$metadata#contacts/$deletedEntity`, id: b, reason: "deleted" }]);
    expect(delta.items.some((r) => r.contactid === c)).toBe(false);

    const nothing = await readAll(delta.deltaLink, "odata.track-changes");
    expect(nothing.items).toEqual([]);
  });

  it("pages the initial load and a delta with odata.maxpagesize, each row once", async () => {
    const ids = dv.insertMany(
      "contact",
      Array.from({ length: 250 }, (_, i) => ({ fullname: `C${i}` })),
    );
    const initial = await readAll("contacts?$select=fullname", "odata.track-changes,odata.maxpagesize=100");
    expect(initial.pages).toBe(3);
    expect(new Set(initial.items.map((r) => r.contactid))).toEqual(new Set(ids));

    for (const id of ids.slice(0, 120)) dv.update("contact", id, { lastname: "x" });
    for (const id of ids.slice(200, 230)) dv.remove("contact", id);
    const delta = await readAll(initial.deltaLink, "odata.track-changes,odata.maxpagesize=100");
    expect(delta.pages).toBe(2);
    expect(delta.items.filter((r) => r.reason === undefined)).toHaveLength(120);
    expect(delta.items.filter((r) => r.reason === "deleted").map((r) => r.id)).toEqual(ids.slice(200, 230));
  });

  it("shows a row created and removed between two reads as removed", async () => {
    const initial = await readAll("contacts?$select=fullname", "odata.track-changes");
    const id = dv.insert("contact", { fullname: "Brief" });
    dv.remove("contact", id);
    const delta = await readAll(initial.deltaLink, "odata.track-changes");
    expect(delta.items).toEqual([expect.objectContaining({ id, reason: "deleted" })]);
  });

  it("refuses $filter with change tracking, tracking on a table without it, and an expired delta token", async () => {
    const withFilter = await call("GET", "contacts?$select=fullname&$filter=fullname eq 'x'", { headers: { prefer: "odata.track-changes" } });
    expect(withFilter.status).toBe(400);
    expect(withFilter.json<{ error: { message: string } }>().error.message).toBe("The $filter query parameter isn't supported when Change Tracking is enabled.");

    const untracked = await call("GET", "mps_syncschedules?$select=mps_name", { headers: { prefer: "odata.track-changes" } });
    expect(untracked.status).toBe(400);

    dv.controls.clock.set(new Date("2024-03-01T10:00:00Z"));
    const initial = await readAll("contacts?$select=fullname", "odata.track-changes");
    dv.controls.clock.advance(8 * 86_400_000);
    const expired = await call("GET", initial.deltaLink);
    expect(expired.status).toBe(400);
    expect(expired.json<{ error: { code: string } }>().error.code).toBe("0x80044352");
  });
});
