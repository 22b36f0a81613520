// Names come from Dataverse and Dotdigital: whatever markup they hold must render as text.
import { dotdigitalPersonPage } from "./dotdigital-view";
import { LISTS, listPage, listQuery, recordFormPage } from "./pages";

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

describe("the local app's pages", () => {
  it("render markup in names as text on lists, forms and the Dotdigital view", () => {
    const list = listPage(LISTS.contact, [{ contactid: "7d7ed5b4-3b0e-4a39-9a0b-0e6b3f7b3c11", fullname: EVIL, emailaddress1: `a"b@example.com` }], EVIL, undefined, 1);
    const form = recordFormPage("contact", "7d7ed5b4-3b0e-4a39-9a0b-0e6b3f7b3c11", EVIL, [{ label: "Full Name", value: EVIL }], []);
    const view = dotdigitalPersonPage({
      account: { id: "7d7ed5b4-3b0e-4a39-9a0b-0e6b3f7b3c11", name: EVIL, apiUser: "demo@apiconnector.com" },
      email: EVIL,
      tree: [{ id: 1, publicName: EVIL, privateName: EVIL, isPreference: false, preferences: [{ id: 2, publicName: EVIL, privateName: EVIL, isPreference: true, isOptedIn: true }] }],
    });
    for (const html of [list, form, view]) {
      expect(html).not.toContain("<script>alert");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    }
    expect(list).toContain("a&quot;b@example.com");
  });

  it("searches with the quote doubled, as OData string literals need", () => {
    expect(decodeURIComponent(listQuery(LISTS.contact, "O'Brien", undefined))).toContain("contains(fullname,'O''Brien')");
  });

  it("continues a list from the Web API's paging cookie only, never another path", () => {
    expect(listQuery(LISTS.contact, "", "?$skiptoken=abc")).toBe("contacts?$skiptoken=abc");
    expect(listQuery(LISTS.contact, "", "../accounts")).toMatch(/^contacts\?\$select=/);
  });
});
