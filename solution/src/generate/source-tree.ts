// The whole unpacked source layout (SolutionPackager style), generated from @mps/model and the
// typed definitions. It is committed under solution/src so reviews see XML diffs; a test proves the
// committed files equal a fresh generation.
import { allChoices, allTables, emailAccount } from "@mps/model";
import { appModule } from "../definitions/components";
import { forms } from "../definitions/forms";
import { roles } from "../definitions/roles";
import { views } from "../definitions/views";
import { toXml } from "../xml/node";
import { appModuleSiteMapXml, appModuleXml, emailAccountRibbonXml, roleXml } from "./component-xml";
import { entityXml } from "./entity-xml";
import { formXml } from "./form-xml";
import { customApiFiles, optionSetXml, relationshipFiles } from "./model-xml";
import { schemaNameOf } from "./schema-names";
import { solutionXml } from "./solution-xml";
import { viewXml } from "./view-xml";

/** The folders of solution/src that hold generated XML (everything else there is TypeScript). */
export const LAYOUT_FOLDERS = ["Other", "Entities", "OptionSets", "Roles", "AppModules", "AppModuleSiteMaps", "customapis"] as const;

const entityFolder = (logicalName: string): string => `Entities/${schemaNameOf(logicalName)}`;

/** Relative path → XML text, sorted by path. */
export function generateSource(version: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set("Other/Solution.xml", toXml(solutionXml(version)));
  for (const [referenced, doc] of relationshipFiles()) files.set(`Other/Relationships/${referenced}.xml`, toXml(doc));
  for (const table of allTables) files.set(`${entityFolder(table.logicalName)}/Entity.xml`, toXml(entityXml(table)));
  for (const form of forms) files.set(`${entityFolder(form.table.logicalName)}/FormXml/main/${form.id}.xml`, toXml(formXml(form)));
  for (const view of views) files.set(`${entityFolder(view.table.logicalName)}/SavedQueries/${view.id}.xml`, toXml(viewXml(view)));
  files.set(`${entityFolder(emailAccount.logicalName)}/RibbonDiff.xml`, toXml(emailAccountRibbonXml()));
  for (const choice of allChoices) files.set(`OptionSets/${choice.name}.xml`, toXml(optionSetXml(choice)));
  for (const role of roles) files.set(`Roles/${role.name}.xml`, toXml(roleXml(role)));
  files.set(`AppModules/${appModule.uniqueName}/AppModule.xml`, toXml(appModuleXml()));
  files.set(`AppModuleSiteMaps/${appModule.uniqueName}/AppModuleSiteMap.xml`, toXml(appModuleSiteMapXml()));
  for (const [path, doc] of customApiFiles()) files.set(path, toXml(doc));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
