// Other/Solution.xml: the manifest. There is no public schema for it; structure follows exports.
import { allChoices, customTables, publisher, solutionUniqueName, standardTables, type TableDef } from "@mps/model";
import { appModule } from "../definitions/components";
import { forms } from "../definitions/forms";
import { roles } from "../definitions/roles";
import { el, leaf, type XmlNode } from "../xml/node";
import { descriptions, localizedNames } from "./labels";


/** solutioncomponent type codes used in RootComponents. */
export const ComponentType = {
  entity: 1,
  optionSet: 9,
  role: 20,
  systemForm: 60,
  webResource: 61,
  siteMap: 62,
  customControl: 66,
  appModule: 80,
} as const;

/** RootComponent behavior: 0 = with all subcomponents, 2 = shell (a standard table we only extend). */
export const Behavior = { includeSubcomponents: 0, shell: 2 } as const;

export interface RootComponent {
  readonly type: number;
  readonly schemaName?: string;
  readonly id?: string;
  readonly behavior: number;
}

const formsOn = (t: TableDef): string[] => forms.filter((f) => f.table === t).map((f) => f.id);

/** The root components the source describes (web resources and the control are added at pack time). */
export function sourceRootComponents(): RootComponent[] {
  return [
    ...customTables.map((t) => ({ type: ComponentType.entity, schemaName: t.logicalName, behavior: Behavior.includeSubcomponents })),
    ...standardTables.map((t) => ({ type: ComponentType.entity, schemaName: t.logicalName, behavior: Behavior.shell })),
    // A shell table carries none of its forms: ours are listed one by one.
    ...standardTables.flatMap((t) => formsOn(t).map((id) => ({ type: ComponentType.systemForm, id, behavior: Behavior.includeSubcomponents }))),
    ...allChoices.map((c) => ({ type: ComponentType.optionSet, schemaName: c.name, behavior: Behavior.includeSubcomponents })),
    ...roles.map((r) => ({ type: ComponentType.role, id: r.id, behavior: Behavior.includeSubcomponents })),
    { type: ComponentType.siteMap, schemaName: appModule.uniqueName, behavior: Behavior.includeSubcomponents },
    { type: ComponentType.appModule, schemaName: appModule.uniqueName, behavior: Behavior.includeSubcomponents },
  ];
}

export const rootComponentXml = (c: RootComponent): XmlNode => el("RootComponent", { type: c.type, schemaName: c.schemaName, id: c.id, behavior: c.behavior });

const nil = (name: string): XmlNode => el(name, { "xsi:nil": "true" });

export function solutionXml(version: string): XmlNode {
  return el(
    "ImportExportXml",
    { version: "9.2.0.0", SolutionPackageVersion: "9.2", languagecode: 1033, generatedBy: "CrmLive", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    el(
      "SolutionManifest",
      {},
      leaf("UniqueName", solutionUniqueName),
      localizedNames(publisher.displayName),
      descriptions("Two-way sync of Dotdigital marketing preferences with Dynamics 365 Contacts, Leads and Accounts."),
      leaf("Version", version),
      leaf("Managed", 0),
      el(
        "Publisher",
        {},
        leaf("UniqueName", publisher.uniqueName),
        localizedNames(publisher.displayName),
        el("Descriptions"),
        nil("EMailAddress"),
        nil("SupportingWebsiteUrl"),
        leaf("CustomizationPrefix", publisher.customizationPrefix),
        leaf("CustomizationOptionValuePrefix", publisher.customizationOptionValuePrefix),
        el("Addresses"),
      ),
      el("RootComponents", {}, sourceRootComponents().map(rootComponentXml)),
      el("MissingDependencies"),
    ),
  );
}

