import { type ColumnDef, type TableDef } from "@mps/model";

// Platform tables a register-webhook command and the custom API need. They are not part of our
// solution's model, so their (platform) names live here.

const str = (displayName: string, maxLength: number): ColumnDef => ({ type: "string", displayName, maxLength, description: "Platform column." });
const int = (displayName: string, min = -2147483648, max = 2147483647): ColumnDef => ({ type: "integer", displayName, min, max, description: "Platform column." });
const id = (displayName: string): ColumnDef => ({ type: "uniqueidentifier", displayName, description: "Platform column." });
const bool = (displayName: string): ColumnDef => ({ type: "boolean", displayName, trueLabel: "Yes", falseLabel: "No", default: false, description: "Platform column." });
const lookup = (displayName: string, target: string, relationship: string): ColumnDef => ({
  type: "lookup",
  displayName,
  target,
  relationship,
  description: "Platform column.",
});

const platform = { custom: false, alternateKeys: [], changeTracking: false, auditing: false, description: "Platform table." } as const;

export const serviceEndpointTable: TableDef = {
  ...platform,
  logicalName: "serviceendpoint",
  entitySetName: "serviceendpoints",
  displayName: "Service Endpoint",
  pluralName: "Service Endpoints",
  primaryIdColumn: "serviceendpointid",
  primaryNameColumn: "name",
  columns: {
    serviceendpointid: id("Service Endpoint Id"),
    name: str("Name", 256),
    description: str("Description", 2000),
    contract: int("Contract"),
    connectionmode: int("Connection Mode"),
    messageformat: int("Message Format"),
    authtype: int("Auth Type"),
    authvalue: str("Auth Value", 4000),
    url: str("Url", 2000),
    namespaceaddress: str("Namespace Address", 2000),
    userclaim: int("User Claim"),
  },
};

export const sdkMessageTable: TableDef = {
  ...platform,
  logicalName: "sdkmessage",
  entitySetName: "sdkmessages",
  displayName: "Sdk Message",
  pluralName: "Sdk Messages",
  primaryIdColumn: "sdkmessageid",
  primaryNameColumn: "name",
  columns: { sdkmessageid: id("Sdk Message Id"), name: str("Name", 256), isprivate: bool("Is Private") },
};

export const sdkMessageFilterTable: TableDef = {
  ...platform,
  logicalName: "sdkmessagefilter",
  entitySetName: "sdkmessagefilters",
  displayName: "Sdk Message Filter",
  pluralName: "Sdk Message Filters",
  primaryIdColumn: "sdkmessagefilterid",
  primaryNameColumn: "name",
  columns: {
    sdkmessagefilterid: id("Sdk Message Filter Id"),
    name: str("Name", 256),
    sdkmessageid: lookup("Sdk Message", "sdkmessage", "sdkmessageid_sdkmessagefilter"),
    primaryobjecttypecode: str("Primary Object Type Code", 128),
  },
};

export const sdkMessageProcessingStepTable: TableDef = {
  ...platform,
  logicalName: "sdkmessageprocessingstep",
  entitySetName: "sdkmessageprocessingsteps",
  displayName: "Sdk Message Processing Step",
  pluralName: "Sdk Message Processing Steps",
  primaryIdColumn: "sdkmessageprocessingstepid",
  primaryNameColumn: "name",
  columns: {
    sdkmessageprocessingstepid: id("Sdk Message Processing Step Id"),
    name: str("Name", 256),
    description: str("Description", 2000),
    stage: int("Stage"),
    mode: int("Execution Mode", 0, 1),
    rank: int("Execution Order"),
    supporteddeployment: int("Deployment"),
    asyncautodelete: bool("Asynchronous Automatic Delete"),
    sdkmessageid: lookup("Sdk Message", "sdkmessage", "sdkmessageid_sdkmessageprocessingstep"),
    sdkmessagefilterid: lookup("Sdk Message Filter", "sdkmessagefilter", "sdkmessagefilterid_sdkmessageprocessingstep"),
    eventhandler: lookup("Event Handler", "serviceendpoint", "serviceendpoint_sdkmessageprocessingstep"),
  },
};

export const customApiTable: TableDef = {
  ...platform,
  logicalName: "customapi",
  entitySetName: "customapis",
  displayName: "Custom API",
  pluralName: "Custom APIs",
  primaryIdColumn: "customapiid",
  primaryNameColumn: "name",
  columns: {
    customapiid: id("Custom API Id"),
    uniquename: str("Unique Name", 128),
    name: str("Name", 100),
    displayname: str("Display Name", 100),
    bindingtype: int("Binding Type", 0, 2),
    boundentitylogicalname: str("Bound Entity Logical Name", 100),
    isfunction: bool("Is Function"),
    allowedcustomprocessingsteptype: int("Allowed Custom Processing Step Type", 0, 2),
    sdkmessageid: lookup("Sdk Message", "sdkmessage", "sdkmessageid_customapi"),
  },
};

/** Marketing list membership (the intersect table of the list*_association relationships); read-only over the API. */
export const listMemberTable: TableDef = {
  ...platform,
  logicalName: "listmember",
  entitySetName: "listmembers",
  displayName: "Marketing List Member",
  pluralName: "Marketing List Members",
  primaryIdColumn: "listmemberid",
  primaryNameColumn: "entitytype",
  columns: {
    listmemberid: id("Marketing List Member Id"),
    listid: lookup("List", "list", "listmember_list"),
    // Polymorphic (account, contact or lead): `entitytype` says which.
    entityid: lookup("Member", "contact", "listmember_entity"),
    entitytype: str("Member Type", 64),
  },
};

export const systemTables: readonly TableDef[] = [listMemberTable, serviceEndpointTable, sdkMessageTable, sdkMessageFilterTable, sdkMessageProcessingStepTable, customApiTable];

/** Navigation properties whose platform name is not the lookup's logical name (polymorphic lookups). */
export const navigationPropertyOverrides: Readonly<Record<string, string>> = {
  "sdkmessageprocessingstep.eventhandler": "eventhandler_serviceendpoint",
};

/** Tables written only through actions (AddMemberList, $ref), never by POST/PATCH/DELETE. */
export const readOnlyTables: ReadonlySet<string> = new Set(["listmember"]);

/** Columns written but never read back (a secret cannot be read from Dataverse). */
export const writeOnlyColumns: Readonly<Record<string, readonly string[]>> = {
  serviceendpoint: ["authvalue"],
};

/** ServiceEndpoint.AuthType values for webhooks. */
export const WebhookAuthType = { WebhookKey: 4, HttpHeader: 5, HttpQueryString: 6 } as const;
/** ServiceEndpoint.Contract value of a webhook. */
export const WEBHOOK_CONTRACT = 8;
