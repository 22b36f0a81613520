import { type ViewDef } from "../definitions/views";
import { el, flag, leaf, type XmlNode } from "../xml/node";
import { INTRODUCED_VERSION } from "./entity-xml";
import { localizedNames } from "./labels";

/** SavedQueries/{id}.xml: one view with its grid layout and FetchXML. */
export function viewXml(view: ViewDef): XmlNode {
  const { table } = view;
  const fetchAttributes = [...new Set([table.primaryIdColumn, ...view.columns.map((c) => c.name)])];
  return el(
    "savedqueries",
    { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    el(
      "savedquery",
      {},
      flag("IsCustomizable", true),
      flag("CanBeDeleted", !view.isDefault && view.queryType === 0),
      flag("isquickfindquery", view.queryType === 4),
      flag("isprivate", false),
      flag("isdefault", view.isDefault),
      leaf("savedqueryid", view.id),
      el(
        "layoutxml",
        {},
        el(
          "grid",
          { name: "resultset", jump: table.primaryNameColumn, select: 1, icon: 1, preview: 1 },
          el("row", { name: "result", id: table.primaryIdColumn }, view.columns.map((c) => el("cell", { name: c.name, width: c.width }))),
        ),
      ),
      leaf("querytype", view.queryType),
      el(
        "fetchxml",
        {},
        el(
          "fetch",
          { version: "1.0", mapping: "logical" },
          el(
            "entity",
            { name: table.logicalName },
            fetchAttributes.map((name) => el("attribute", { name })),
            el("order", { attribute: view.order.attribute, descending: view.order.descending }),
            el(
              "filter",
              { type: "and" },
              view.conditions.map((c) => el("condition", { attribute: c.attribute, operator: c.operator, value: c.value })),
            ),
            view.findColumns
              ? el(
                  "filter",
                  { type: "or", isquickfindfields: 1 },
                  view.findColumns.map((attribute) => el("condition", { attribute, operator: "like", value: "{0}" })),
                )
              : undefined,
          ),
        ),
      ),
      leaf("IntroducedVersion", INTRODUCED_VERSION),
      localizedNames(view.name),
    ),
  );
}
