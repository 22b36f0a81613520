// Entity.xml for each table, from @mps/model. Custom tables carry every column of the model plus the
// state columns the views filter on; standard tables carry only the columns we add (mps_ prefix).
import { type ColumnDef, type TableDef } from "@mps/model";
import { el, flag, leaf, type Child, type XmlNode } from "../xml/node";
import { descriptions, displayNames, labels, localizedNames } from "./labels";
import { schemaNameOf } from "./schema-names";

export const INTRODUCED_VERSION = "1.0.0.0";

/** Columns of a standard table that our solution adds (the others already exist in Dataverse). */
export function ownedColumns(table: TableDef): [string, ColumnDef][] {
  const cols = Object.entries<ColumnDef>(table.columns);
  return table.custom ? cols : cols.filter(([name]) => name.startsWith("mps_"));
}

function displayMask(table: TableDef, name: string, column: ColumnDef): string {
  if (column.type === "uniqueidentifier") return "ValidForAdvancedFind|RequiredForGrid";
  if (name === table.primaryNameColumn) return "PrimaryName|ValidForAdvancedFind|ValidForForm|ValidForGrid|RequiredForForm";
  return "ValidForAdvancedFind|ValidForForm|ValidForGrid";
}

function common(table: TableDef, name: string, column: ColumnDef, crmType: string): XmlNode[] {
  const isKey = column.type === "uniqueidentifier";
  return [
    leaf("Type", crmType),
    leaf("Name", name),
    leaf("LogicalName", name),
    leaf("RequiredLevel", isKey ? "systemrequired" : column.required === true ? "required" : "none"),
    leaf("DisplayMask", displayMask(table, name, column)),
    flag("ValidForUpdateApi", !isKey),
    flag("ValidForReadApi", true),
    flag("ValidForCreateApi", true),
    flag("IsCustomField", !isKey),
    flag("IsAuditEnabled", table.auditing),
    flag("IsSecured", false),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    flag("IsCustomizable", true),
    flag("IsRenameable", true),
    flag("CanModifySearchSettings", true),
    flag("CanModifyRequirementLevelSettings", !isKey),
    flag("CanModifyAdditionalSettings", true),
    leaf("SourceType", 0),
  ];
}

function bitOptionSet(table: TableDef, name: string, column: Extract<ColumnDef, { type: "boolean" }>): XmlNode {
  return el(
    "optionset",
    { Name: `${table.logicalName}_${name}` },
    leaf("OptionSetType", "bit"),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    flag("IsCustomizable", true),
    displayNames(column.displayName),
    descriptions(column.description),
    el("options", {}, el("option", { value: 1 }, labels(column.trueLabel)), el("option", { value: 0 }, labels(column.falseLabel))),
  );
}

function typeSpecific(table: TableDef, name: string, column: ColumnDef): { crmType: string; extra: XmlNode[] } {
  switch (column.type) {
    case "uniqueidentifier":
      return { crmType: "primarykey", extra: [] };
    case "string":
      return { crmType: "nvarchar", extra: [leaf("Format", column.format ?? "text"), leaf("MaxLength", column.maxLength), leaf("Length", column.maxLength * 2)] };
    case "memo":
      return { crmType: "ntext", extra: [leaf("Format", "textarea"), leaf("MaxLength", column.maxLength), leaf("Length", column.maxLength * 2)] };
    case "boolean":
      return { crmType: "bit", extra: [leaf("AppDefaultValue", column.default ? 1 : 0), bitOptionSet(table, name, column)] };
    case "integer":
      return { crmType: "int", extra: [leaf("Format", "none"), leaf("MinValue", column.min), leaf("MaxValue", column.max)] };
    case "datetime":
      // Behavior 1 = UserLocal: stored as UTC, which is what the sync compares.
      return { crmType: "datetime", extra: [leaf("Format", "datetime"), flag("CanChangeDateTimeBehavior", true), leaf("Behavior", 1)] };
    case "choice":
      return { crmType: "picklist", extra: [leaf("AppDefaultValue", column.default ?? -1), leaf("OptionSetName", column.choice.name)] };
    case "lookup":
      return { crmType: "lookup", extra: [leaf("LookupStyle", "single"), el("LookupTypes")] };
  }
}

function attributeXml(table: TableDef, name: string, column: ColumnDef): XmlNode {
  const { crmType, extra } = typeSpecific(table, name, column);
  return el("attribute", { PhysicalName: name }, common(table, name, column, crmType), extra, displayNames(column.displayName), descriptions(column.description));
}

/** statecode/statuscode: every custom table has them; our views filter on Active. */
function stateAttributes(table: TableDef): XmlNode[] {
  const base = (name: string, type: string, display: string, description: string, set: XmlNode): XmlNode =>
    el(
      "attribute",
      { PhysicalName: name === "statecode" ? "statecode" : "statuscode" },
      leaf("Type", type),
      leaf("Name", name),
      leaf("LogicalName", name),
      leaf("RequiredLevel", name === "statecode" ? "systemrequired" : "none"),
      leaf("DisplayMask", "ValidForAdvancedFind|ValidForForm|ValidForGrid"),
      flag("ValidForUpdateApi", true),
      flag("ValidForReadApi", true),
      flag("ValidForCreateApi", name === "statuscode"),
      flag("IsCustomField", false),
      flag("IsAuditEnabled", table.auditing),
      leaf("IntroducedVersion", INTRODUCED_VERSION),
      flag("IsCustomizable", true),
      leaf("SourceType", 0),
      set,
      displayNames(display),
      descriptions(description),
    );
  return [
    base(
      "statecode",
      "state",
      "Status",
      `Status of the ${table.displayName}`,
      el(
        "optionset",
        { Name: `${table.logicalName}_statecode` },
        leaf("OptionSetType", "state"),
        leaf("IntroducedVersion", INTRODUCED_VERSION),
        flag("IsCustomizable", true),
        displayNames("Status"),
        el(
          "states",
          {},
          el("state", { value: 0, defaultstatus: 1, invariantname: "Active" }, labels("Active")),
          el("state", { value: 1, defaultstatus: 2, invariantname: "Inactive" }, labels("Inactive")),
        ),
      ),
    ),
    base(
      "statuscode",
      "status",
      "Status Reason",
      `Reason for the status of the ${table.displayName}`,
      el(
        "optionset",
        { Name: `${table.logicalName}_statuscode` },
        leaf("OptionSetType", "status"),
        leaf("IntroducedVersion", INTRODUCED_VERSION),
        flag("IsCustomizable", true),
        displayNames("Status Reason"),
        el("statuses", {}, el("status", { value: 1, state: 0 }, labels("Active")), el("status", { value: 2, state: 1 }, labels("Inactive"))),
      ),
    ),
  ];
}

function entityKeys(table: TableDef): XmlNode | undefined {
  if (table.alternateKeys.length === 0) return undefined;
  return el(
    "EntityKeys",
    {},
    table.alternateKeys.map((k) =>
      el(
        "EntityKey",
        {},
        leaf("Name", k.name),
        leaf("LogicalName", k.name),
        leaf("IntroducedVersion", INTRODUCED_VERSION),
        flag("IsCustomizable", true),
        displayNames(k.displayName),
        el("EntityKeyAttributes", {}, k.columns.map((c) => leaf("AttributeName", c))),
      ),
    ),
  );
}

function customEntityInfo(table: TableDef): Child[] {
  return [
    localizedNames(table.displayName),
    localizedNames(table.pluralName, "LocalizedCollectionNames", "LocalizedCollectionName"),
    descriptions(table.description),
    el(
      "attributes",
      {},
      ownedColumns(table).map(([name, col]) => attributeXml(table, name, col)),
      stateAttributes(table),
    ),
    leaf("EntitySetName", table.entitySetName),
    flag("IsDuplicateCheckSupported", true),
    flag("IsBusinessProcessEnabled", false),
    flag("IsRequiredOffline", false),
    flag("IsInteractionCentricEnabled", false),
    flag("IsCollaboration", false),
    flag("AutoRouteToOwnerQueue", false),
    flag("IsConnectionsEnabled", false),
    flag("IsDocumentManagementEnabled", false),
    flag("AutoCreateAccessTeams", false),
    flag("IsOneNoteIntegrationEnabled", false),
    flag("IsKnowledgeManagementEnabled", false),
    flag("IsSLAEnabled", false),
    flag("IsDocumentRecommendationsEnabled", false),
    flag("IsBPFEntity", false),
    leaf("OwnershipTypeMask", "UserOwned"),
    flag("IsAuditEnabled", table.auditing),
    flag("IsRetrieveAuditEnabled", false),
    flag("IsRetrieveMultipleAuditEnabled", false),
    flag("IsActivity", false),
    flag("IsActivityParty", false),
    flag("IsReplicated", false),
    flag("IsReplicationUserFiltered", false),
    flag("IsMailMergeEnabled", false),
    flag("IsVisibleInMobile", false),
    flag("IsVisibleInMobileClient", true),
    flag("IsReadOnlyInMobileClient", false),
    flag("IsOfflineInMobileClient", false),
    leaf("DaysSinceRecordLastModified", 0),
    flag("IsMapiGridEnabled", true),
    flag("IsReadingPaneEnabled", true),
    flag("IsQuickCreateEnabled", false),
    flag("SyncToExternalSearchIndex", false),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    flag("IsCustomizable", true),
    flag("IsRenameable", true),
    flag("IsMappable", true),
    flag("CanModifyAuditSettings", true),
    flag("CanModifyMobileVisibility", true),
    flag("CanModifyMobileClientVisibility", true),
    flag("CanModifyMobileClientReadOnly", true),
    flag("CanModifyMobileClientOffline", true),
    flag("CanModifyConnectionSettings", true),
    flag("CanModifyDuplicateDetectionSettings", true),
    flag("CanModifyMailMergeSettings", true),
    flag("CanModifyQueueSettings", true),
    flag("CanCreateAttributes", true),
    flag("CanCreateForms", true),
    flag("CanCreateCharts", true),
    flag("CanCreateViews", true),
    flag("CanModifyAdditionalSettings", true),
    flag("CanEnableSyncToExternalSearchIndex", true),
    flag("EnforceStateTransitions", false),
    flag("CanChangeHierarchicalRelationship", true),
    flag("EntityHelpUrlEnabled", false),
    // Change tracking is what the sync's delta reads rely on (DESIGN §3: synced tables).
    flag("ChangeTrackingEnabled", table.changeTracking),
    flag("CanChangeTrackingBeEnabled", true),
    flag("IsEnabledForExternalChannels", false),
    entityKeys(table),
  ];
}

/** The Entity.xml document of the unpacked layout (forms, views and ribbon live in sibling files). */
export function entityXml(table: TableDef): XmlNode {
  const schemaName = schemaNameOf(table.logicalName);
  const name = el("Name", { LocalizedName: table.displayName, OriginalName: table.displayName }, schemaName);
  const owned = ownedColumns(table);
  let info: XmlNode | undefined;
  if (table.custom) info = el("EntityInfo", {}, el("entity", { Name: schemaName }, customEntityInfo(table)));
  else if (owned.length > 0)
    info = el(
      "EntityInfo",
      {},
      el(
        "entity",
        { Name: schemaName },
        localizedNames(table.displayName),
        localizedNames(table.pluralName, "LocalizedCollectionNames", "LocalizedCollectionName"),
        el("attributes", {}, owned.map(([n, c]) => attributeXml(table, n, c))),
      ),
    );
  return el("Entity", { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" }, name, info);
}
