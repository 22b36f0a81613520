// Ribbon, roles, app module and site map documents from the hand-written definitions.
import { customTables, emailAccount, marketingPreference, preferenceChange, securityRoles, syncRun, syncSchedule, type TableDef } from "@mps/model";
import { appModule } from "../definitions/components";
import { emailAccountRibbon } from "../definitions/ribbon";
import { type RoleDef, roles } from "../definitions/roles";
import { el, flag, leaf, type XmlNode } from "../xml/node";
import { INTRODUCED_VERSION } from "./entity-xml";
import { descriptions, LANGUAGE, localizedNames } from "./labels";

const XSI = { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" };

/** Entities/mps_emailaccount/RibbonDiff.xml. */
export function emailAccountRibbonXml(): XmlNode {
  const r = emailAccountRibbon;
  const loc = (id: string, text: string): XmlNode => el("LocLabel", { Id: id }, el("Titles", {}, el("Title", { description: text, languagecode: LANGUAGE })));
  return el(
    "RibbonDiffXml",
    XSI,
    el(
      "CustomActions",
      {},
      r.commands.map((c) =>
        el(
          "CustomAction",
          { Id: `${c.id}.CustomAction`, Location: r.location, Sequence: c.sequence },
          el(
            "CommandUIDefinition",
            {},
            el("Button", {
              Id: `${c.id}.Button`,
              Command: `${c.id}.Command`,
              Sequence: c.sequence,
              LabelText: `$LocLabels:${c.id}.LabelText`,
              ToolTipTitle: `$LocLabels:${c.id}.LabelText`,
              ToolTipDescription: `$LocLabels:${c.id}.ToolTip`,
              TemplateAlias: "o1",
              ModernImage: "Refresh",
            }),
          ),
        ),
      ),
    ),
    el("Templates", {}, el("RibbonTemplates", { Id: "Mscrm.Templates" })),
    el(
      "CommandDefinitions",
      {},
      r.commands.map((c) =>
        el(
          "CommandDefinition",
          { Id: `${c.id}.Command` },
          el("EnableRules"),
          el("DisplayRules"),
          el(
            "Actions",
            {},
            // PrimaryControl is the form context: the handler reads the record id from it.
            el("JavaScriptFunction", { FunctionName: c.functionName, Library: `$webresource:${r.library}` }, el("CrmParameter", { Value: "PrimaryControl" })),
          ),
        ),
      ),
    ),
    el("RuleDefinitions", {}, el("TabDisplayRules"), el("DisplayRules"), el("EnableRules")),
    el(
      "LocLabels",
      {},
      r.commands.flatMap((c) => [loc(`${c.id}.LabelText`, c.label), loc(`${c.id}.ToolTip`, c.tooltip)]),
    ),
  );
}

/** Roles/<name>.xml. */
export function roleXml(role: RoleDef): XmlNode {
  return el(
    "Role",
    { id: role.id, name: role.name, ...XSI },
    flag("IsCustomizable", true),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    el("RolePrivileges", {}, role.privileges.map((p) => el("RolePrivilege", { name: p.name, level: p.level }))),
  );
}

/** The tables the admin app shows, in site map order. */
export const appTables: readonly TableDef[] = [emailAccount, syncSchedule, syncRun, preferenceChange, marketingPreference];

/** AppModules/<name>/AppModule.xml (element order of CustomizationsSolution.xsd AppModuleType). */
export function appModuleXml(): XmlNode {
  const appRoles = roles.filter((r) => r.name === securityRoles.admin || r.name === securityRoles.user);
  return el(
    "AppModule",
    {},
    leaf("UniqueName", appModule.uniqueName),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    leaf("WebResourceId", appModule.defaultIconWebResourceId),
    leaf("FormFactor", 1),
    leaf("ClientType", 4),
    el(
      "AppModuleComponents",
      {},
      customTables.map((t) => el("AppModuleComponent", { type: 1, schemaName: t.logicalName })),
      el("AppModuleComponent", { type: 62, schemaName: appModule.uniqueName }),
    ),
    el("AppModuleRoleMaps", {}, appRoles.map((r) => el("Role", { id: r.id }))),
    localizedNames(appModule.displayName),
    descriptions(appModule.description),
  );
}

/** AppModuleSiteMaps/<name>/AppModuleSiteMap.xml: one area for the admin tables. */
export function appModuleSiteMapXml(): XmlNode {
  return el(
    "AppModuleSiteMap",
    XSI,
    leaf("SiteMapUniqueName", appModule.uniqueName),
    el(
      "SiteMap",
      { IntroducedVersion: "7.0.0.0" },
      el(
        "Area",
        { Id: "mps_area_sync", ShowGroups: true, IntroducedVersion: "7.0.0.0" },
        el("Titles", {}, el("Title", { LCID: LANGUAGE, Title: "Marketing Preferences Sync" })),
        el(
          "Group",
          { Id: "mps_group_admin", IsProfile: false, IntroducedVersion: "7.0.0.0" },
          el("Titles", {}, el("Title", { LCID: LANGUAGE, Title: "Administration" })),
          appTables.map((t) =>
            el(
              "SubArea",
              { Id: `mps_subarea_${t.logicalName}`, Entity: t.logicalName, AvailableOffline: true, PassParams: false },
              el("Titles", {}, el("Title", { LCID: LANGUAGE, Title: t.pluralName })),
            ),
          ),
        ),
      ),
    ),
    localizedNames(appModule.displayName),
  );
}
