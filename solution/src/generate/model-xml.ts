// Relationships, global choices and the custom API: the rest of what @mps/model describes.
import { allTables, runSyncApi, type ChoiceDef, type ColumnDef, type TableDef } from "@mps/model";
import { el, flag, leaf, type XmlNode } from "../xml/node";
import { INTRODUCED_VERSION, ownedColumns } from "./entity-xml";
import { descriptions, displayNames, labels, LANGUAGE } from "./labels";
import { schemaNameOf } from "./schema-names";

export interface LookupInfo {
  readonly table: TableDef;
  readonly column: string;
  readonly def: Extract<ColumnDef, { type: "lookup" }>;
}

/** Every lookup column our solution creates, with the table it sits on. */
export function ownedLookups(): LookupInfo[] {
  return allTables.flatMap((table) =>
    ownedColumns(table).flatMap(([column, def]) => (def.type === "lookup" ? [{ table, column, def }] : [])),
  );
}

function relationshipXml({ table, column, def }: LookupInfo): XmlNode {
  return el(
    "EntityRelationship",
    { Name: def.relationship },
    leaf("EntityRelationshipType", "OneToMany"),
    flag("IsCustomizable", true),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    flag("IsHierarchical", false),
    leaf("ReferencingEntityName", schemaNameOf(table.logicalName)),
    leaf("ReferencedEntityName", schemaNameOf(def.target)),
    leaf("CascadeAssign", "NoCascade"),
    // A subscription or run must not outlive its Email Account silently, but deleting a Contact
    // should not be blocked by our rows either: RemoveLink keeps history readable.
    leaf("CascadeDelete", "RemoveLink"),
    leaf("CascadeReparent", "NoCascade"),
    leaf("CascadeShare", "NoCascade"),
    leaf("CascadeUnshare", "NoCascade"),
    leaf("CascadeRollupView", "NoCascade"),
    flag("IsValidForAdvancedFind", true),
    leaf("ReferencingAttributeName", column),
    el("RelationshipDescription", {}, descriptions(def.description)),
    el(
      "EntityRelationshipRoles",
      {},
      el(
        "EntityRelationshipRole",
        {},
        leaf("NavPaneDisplayOption", "UseCollectionName"),
        leaf("NavPaneArea", "Details"),
        leaf("NavPaneOrder", 10000),
        leaf("NavigationPropertyName", column),
        leaf("RelationshipRoleType", 1),
      ),
      el("EntityRelationshipRole", {}, leaf("NavigationPropertyName", def.relationship), leaf("RelationshipRoleType", 0)),
    ),
  );
}

/** Other/Relationships/<ReferencedEntity>.xml documents, keyed by referenced table. */
export function relationshipFiles(): Map<string, XmlNode> {
  const byTarget = new Map<string, LookupInfo[]>();
  for (const l of ownedLookups()) byTarget.set(l.def.target, [...(byTarget.get(l.def.target) ?? []), l]);
  return new Map(
    [...byTarget.entries()].map(([target, ls]) => [
      schemaNameOf(target),
      el("EntityRelationships", { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" }, ls.map(relationshipXml)),
    ]),
  );
}

/** OptionSets/<name>.xml: a global choice. */
export function optionSetXml(choice: ChoiceDef): XmlNode {
  return el(
    "optionset",
    { Name: choice.name, localizedName: choice.displayName, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    leaf("OptionSetType", "picklist"),
    flag("IsGlobal", true),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    flag("IsCustomizable", true),
    displayNames(choice.displayName),
    descriptions(choice.displayName),
    el(
      "options",
      {},
      choice.options.map((o) => el("option", { value: o.value }, labels(o.label))),
    ),
  );
}

const PARAMETER_TYPES: Readonly<Record<string, number>> = {
  Boolean: 0,
  DateTime: 1,
  Decimal: 2,
  Entity: 3,
  EntityCollection: 4,
  EntityReference: 5,
  Float: 6,
  Integer: 7,
  Money: 8,
  Picklist: 9,
  String: 10,
  StringArray: 11,
  Guid: 12,
};
const BINDING_TYPES: Readonly<Record<string, number>> = { Global: 0, Entity: 1, EntityCollection: 2 };

const label = (name: string, text: string): XmlNode => el(name, { default: text }, el("label", { description: text, languagecode: LANGUAGE }));

function mustCode(table: Readonly<Record<string, number>>, key: string, what: string): number {
  const code = table[key];
  if (code === undefined) throw new Error(`runSyncApi: unknown ${what} "${key}"`);
  return code;
}

/** customapis/<uniquename>/… files, in the element names of Microsoft's file-based walkthrough. */
export function customApiFiles(): Map<string, XmlNode> {
  const api = runSyncApi;
  const files = new Map<string, XmlNode>();
  files.set(
    `customapis/${api.uniqueName}/customapi.xml`,
    el(
      "customapi",
      { uniquename: api.uniqueName },
      leaf("allowedcustomprocessingsteptype", api.allowedCustomProcessingStepType),
      leaf("bindingtype", mustCode(BINDING_TYPES, api.bindingType, "binding type")),
      leaf("boundentitylogicalname", api.boundEntityLogicalName),
      label("description", api.description),
      label("displayname", api.displayName),
      leaf("iscustomizable", 0),
      leaf("isfunction", api.isFunction ? 1 : 0),
      // Not private: a webhook step is registered on it (dataverse.md §4.1).
      leaf("isprivate", 0),
      leaf("name", api.uniqueName),
      leaf("workflowsdkstepenabled", 0),
    ),
  );
  for (const p of api.requestParameters) {
    files.set(
      `customapis/${api.uniqueName}/customapirequestparameters/${p.uniqueName}/customapirequestparameter.xml`,
      el(
        "customapirequestparameter",
        { uniquename: p.uniqueName },
        label("description", p.description),
        label("displayname", p.displayName),
        leaf("iscustomizable", 0),
        leaf("isoptional", p.isOptional ? 1 : 0),
        leaf("name", `${api.uniqueName}.${p.uniqueName}`),
        leaf("type", mustCode(PARAMETER_TYPES, p.type, "parameter type")),
      ),
    );
  }
  return files;
}
