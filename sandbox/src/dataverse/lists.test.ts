import { emailAccount, listMemberRelationships, marketingList } from "@mps/model";
import { type DataverseStandIn } from "./server";
import { useStandInPerTest, type dvClient } from "./test-client";

let dv: DataverseStandIn;
let call: ReturnType<typeof dvClient>;
useStandInPerTest((standIn, client) => {
  dv = standIn;
  call = client;
});

const CONTACT_LIST = 2;
const LEAD_LIST = 4;

describe("marketing lists", () => {
  it("adds a contact with AddMemberList and reads members through the relationship and $expand", async () => {
    const accountId = dv.insert(emailAccount.logicalName, { mps_name: "A", mps_apiuser: "a@x.com", mps_credentialname: "A" });
    const listId = dv.insert(marketingList.logicalName, { listname: "Newsletter", createdfromcode: CONTACT_LIST, mps_emailactivated: true, mps_emailaccountid: accountId });
    const [ann, bob] = dv.insertMany("contact", [
      { fullname: "Ann", emailaddress1: "ann@example.com" },
      { fullname: "Bob", emailaddress1: "bob@example.com" },
    ]);
    const added = await call("POST", `lists(${listId})/Microsoft.Dynamics.CRM.AddMemberList`, { body: { EntityId: ann } });
    expect(added.status).toBe(200);
    expect(added.json()).toMatchObject({ "@odata.context": expect.stringContaining("AddMemberListResponse") as unknown, Id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });

    const rel = listMemberRelationships.contact.schemaName;
    const members = await call("GET", `lists(${listId})/${rel}?$select=emailaddress1`);
    expect(members.status).toBe(200);
    expect(members.json<{ value: unknown[] }>().value).toEqual([expect.objectContaining({ contactid: ann, emailaddress1: "ann@example.com" })]);

    dv.addListMembers(listId, [bob ?? ""]);
    const expanded = await call("GET", `lists?$select=listname&$filter=mps_emailactivated eq true and _mps_emailaccountid_value eq ${accountId}&$expand=${rel}($select=emailaddress1)`);
    const list = expanded.json<{ value: Record<string, { emailaddress1: string }[]>[] }>().value[0];
    expect(list?.[rel]?.map((m) => m.emailaddress1).sort()).toEqual(["ann@example.com", "bob@example.com"]);
  });

  it("refuses a member of the wrong type for the list and a member that does not exist", async () => {
    const leadList = dv.insert(marketingList.logicalName, { listname: "Leads", createdfromcode: LEAD_LIST });
    const contact = dv.insert("contact", { fullname: "Not a lead" });
    const wrongType = await call("POST", `lists(${leadList})/Microsoft.Dynamics.CRM.AddMemberList`, { body: { EntityId: contact } });
    expect(wrongType.status).toBe(404);
    expect(wrongType.json<{ error: { message: string } }>().error.message).toContain("Entity 'lead'");
    const notGuid = await call("POST", `lists(${leadList})/Microsoft.Dynamics.CRM.AddMemberList`, { body: { EntityId: "nope" } });
    expect(notGuid.status).toBe(400);
  });

  it("associates and disassociates members through $ref", async () => {
    const listId = dv.insert(marketingList.logicalName, { listname: "L", createdfromcode: CONTACT_LIST });
    const contact = dv.insert("contact", { fullname: "Ref" });
    const rel = listMemberRelationships.contact.schemaName;
    expect((await call("POST", `lists(${listId})/${rel}/$ref`, { body: { "@odata.id": `${dv.apiUrl}contacts(${contact})` } })).status).toBe(204);
    expect(dv.listMembers(listId)).toEqual([contact]);
    expect((await call("DELETE", `lists(${listId})/${rel}(${contact})/$ref`)).status).toBe(204);
    expect(dv.listMembers(listId)).toEqual([]);
  });
});

describe("organisation functions", () => {
  it("answers RetrieveVersion() with a 9.2 version and WhoAmI with the calling user", async () => {
    const version = await call("GET", "RetrieveVersion()");
    expect(version.status).toBe(200);
    expect(version.json<{ Version: string }>().Version).toMatch(/^9\.2\.\d+\.\d+$/);
    const who = (await call("GET", "WhoAmI()")).json();
    expect(who).toMatchObject({ UserId: dv.organization.userId, OrganizationId: dv.organization.organizationId, BusinessUnitId: dv.organization.businessUnitId });
  });
});

describe("list members as rows", () => {
  it("reads listmember rows by list with their member type and creation time, and drops them with the member", async () => {
    dv.controls.clock.set(new Date("2024-03-01T10:00:00Z"));
    const listId = dv.insert(marketingList.logicalName, { listname: "L", createdfromcode: CONTACT_LIST });
    const [ann, bob] = dv.insertMany("contact", [{ fullname: "Ann" }, { fullname: "Bob" }]);
    dv.addListMembers(listId, [ann ?? "", bob ?? ""]);
    const members = await call("GET", `listmembers?$select=_entityid_value,entitytype,createdon&$filter=_listid_value eq ${listId}`);
    expect(members.status).toBe(200);
    expect(members.json<{ value: unknown[] }>().value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ _entityid_value: ann, entitytype: "contact", createdon: "2024-03-01T10:00:00Z" }),
        expect.objectContaining({ _entityid_value: bob, entitytype: "contact" }),
      ]),
    );
    expect((await call("DELETE", `contacts(${ann ?? ""})`)).status).toBe(204);
    expect(dv.listMembers(listId)).toEqual([bob]);
    expect(dv.count("listmember")).toBe(1);
    const direct = await call("POST", "listmembers", { body: { entitytype: "contact" } });
    expect(direct.status).toBe(405);
  });
});
