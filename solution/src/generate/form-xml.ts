// FormXml/main/{id}.xml documents from the typed form definitions.
import { type ColumnDef } from "@mps/model";
import { gridControl, gridControlName } from "../definitions/components";
import { type Cell, type FormDef, type SubgridCell, subgridUniqueId } from "../definitions/forms";
import { stableGuid } from "../definitions/ids";
import { el, leaf, type XmlNode } from "../xml/node";
import { INTRODUCED_VERSION } from "./entity-xml";
import { descriptions, labels, localizedNames } from "./labels";

/** The classic control class ids, by column kind (as every exported FormXml uses them). */
export const ClassId = {
  text: "{4273EDBD-AC1D-40d3-9FB2-095C621B552D}",
  email: "{ADA2203E-B4CD-49be-9DDF-234642B43B52}",
  url: "{71716B6C-711E-476c-8AB8-5D11542BFB47}",
  memo: "{E0DECE4B-6FC8-4a8f-A065-082708572369}",
  lookup: "{270BD3DB-D9AF-4782-9025-509E298DEC0A}",
  picklist: "{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}",
  checkbox: "{67FAC785-CD58-4f9f-ABB3-4B7DDC6ED5ED}",
  integer: "{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}",
  datetime: "{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}",
  subgrid: "{E7A81278-8635-4D9E-8D4D-59480B391C5B}",
} as const;

function classIdOf(column: ColumnDef): string {
  switch (column.type) {
    case "string":
      return column.format === "email" ? ClassId.email : column.format === "url" ? ClassId.url : ClassId.text;
    case "memo":
      return ClassId.memo;
    case "lookup":
      return ClassId.lookup;
    case "choice":
      return ClassId.picklist;
    case "boolean":
      return ClassId.checkbox;
    case "integer":
      return ClassId.integer;
    case "datetime":
      return ClassId.datetime;
    case "uniqueidentifier":
      return ClassId.text;
  }
}

function subgridParameters(cell: SubgridCell): XmlNode[] {
  return [
    leaf("ViewId", cell.viewId),
    leaf("IsUserView", "false"),
    leaf("RelationshipName", cell.relationship),
    leaf("TargetEntityType", cell.target.logicalName),
    leaf("AutoExpand", "Fixed"),
    leaf("EnableQuickFind", "false"),
    leaf("EnableViewPicker", "false"),
    leaf("EnableJumpBar", "false"),
    leaf("ChartGridMode", "Grid"),
    leaf("VisualizationId", ""),
    leaf("IsUserChart", "false"),
    leaf("EnableChartPicker", "false"),
    leaf("RecordsPerPage", 10),
  ];
}

function cellXml(form: FormDef, cell: Cell): XmlNode {
  if (cell.kind === "field") {
    const column = form.table.columns[cell.column];
    if (!column) throw new Error(`form ${form.name}: ${form.table.logicalName} has no column ${cell.column}`);
    return el(
      "cell",
      { id: stableGuid(`cell:${form.id}:${cell.column}`) },
      labels(column.displayName),
      el("control", { id: cell.column, classid: classIdOf(column), datafieldname: cell.column }),
    );
  }
  return el(
    "cell",
    { id: stableGuid(`cell:${form.id}:${cell.id}`), rowspan: 10, colspan: 1, auto: false },
    labels(cell.label),
    el(
      "control",
      { indicationOfSubgrid: true, id: cell.id, classid: ClassId.subgrid, uniqueid: subgridUniqueId(form, cell) },
      el("parameters", {}, subgridParameters(cell)),
    ),
  );
}

/** One customControl per form factor: 0 web, 1 tablet, 2 phone (pcf-solution.md §4.4). */
export const FORM_FACTORS = [0, 1, 2] as const;

function controlDescriptions(form: FormDef): XmlNode | undefined {
  const pcfGrids = form.tabs
    .flatMap((t) => t.sections.flatMap((s) => s.cells))
    .filter((c): c is SubgridCell => c.kind === "subgrid" && c.pcf);
  if (pcfGrids.length === 0) return undefined;
  return el(
    "controlDescriptions",
    {},
    pcfGrids.map((cell) =>
      el(
        "controlDescription",
        { forControl: subgridUniqueId(form, cell) },
        // The platform grid stays first: it is what older clients fall back to.
        el("customControl", { id: ClassId.subgrid }, el("parameters", {}, subgridParameters(cell))),
        FORM_FACTORS.map((formFactor) =>
          el(
            "customControl",
            { formFactor, name: gridControlName },
            el(
              "parameters",
              {},
              el(
                "data-set",
                { name: gridControl.dataSetName },
                leaf("ViewId", cell.viewId),
                leaf("IsUserView", "false"),
                leaf("RelationshipName", cell.relationship),
                leaf("TargetEntityType", cell.target.logicalName),
                leaf("FilteredViewIds", cell.viewId),
                leaf("EnableViewPicker", "false"),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function eventsXml(form: FormDef): XmlNode[] {
  if (!form.onLoad) return [];
  const { library, functionName } = form.onLoad;
  return [
    el("formLibraries", {}, el("Library", { name: library, libraryUniqueId: stableGuid(`library:${form.id}:${library}`) })),
    el(
      "events",
      {},
      el(
        "event",
        { name: "onload", application: false, active: false },
        el(
          "Handlers",
          {},
          el("Handler", {
            functionName,
            libraryName: library,
            handlerUniqueId: stableGuid(`handler:${form.id}:${functionName}`),
            enabled: true,
            parameters: "",
            passExecutionContext: true,
          }),
        ),
      ),
    ),
  ];
}

function formElement(form: FormDef): XmlNode {
  return el(
    "form",
    {},
    el(
      "tabs",
      {},
      form.tabs.map((t, i) =>
        el(
          "tab",
          { name: t.key, verticallayout: true, id: stableGuid(`tab:${form.id}:${t.key}`), IsUserDefined: 1, expanded: true, showlabel: true },
          labels(t.label),
          el(
            "columns",
            {},
            el(
              "column",
              { width: "100%" },
              el(
                "sections",
                {},
                t.sections.map((s) =>
                  el(
                    "section",
                    { name: s.key, showlabel: t.sections.length > 1 || i > 0, showbar: false, IsUserDefined: 1, id: stableGuid(`section:${form.id}:${s.key}`) },
                    labels(s.label),
                    el("rows", {}, s.cells.map((c) => el("row", {}, cellXml(form, c)))),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    eventsXml(form),
    controlDescriptions(form),
    el("DisplayConditions", { Order: 1, FallbackForm: true }, el("Everyone")),
  );
}

/** The `<forms>` document of one main form (its `systemform` goes under Entity/FormXml/forms[type=main]). */
export function formXml(form: FormDef): XmlNode {
  return el(
    "forms",
    { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    el(
      "systemform",
      {},
      leaf("formid", form.id),
      leaf("IntroducedVersion", INTRODUCED_VERSION),
      leaf("FormPresentation", 1),
      leaf("FormActivationState", 1),
      formElement(form),
      leaf("IsCustomizable", 1),
      leaf("CanBeDeleted", 1),
      localizedNames(form.name),
      descriptions(form.description),
    ),
  );
}
