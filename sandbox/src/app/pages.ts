// The app's pages, rendered on the server from the Dataverse and Dotdigital stand-ins. Lists page with
// the Web API's own paging cookie; forms host the real PCF bundle and the real form script.
import { account, contact, emailAccount, lead, type RecordTable } from "@mps/model";
import { Html, html, page } from "./html";
import { type Row } from "./upstream";

/** A record list of the sitemap: which table, which columns, and where a row opens. */
export interface ListDef {
  readonly path: string;
  readonly title: string;
  readonly entitySet: string;
  readonly idColumn: string;
  readonly orderBy: string;
  readonly columns: readonly { readonly name: string; readonly label: string }[];
  /** Columns a search looks in. */
  readonly search: readonly string[];
}

export const LISTS = {
  contact: {
    path: "/contacts",
    title: contact.pluralName,
    entitySet: contact.entitySetName,
    idColumn: contact.primaryIdColumn,
    orderBy: "fullname",
    columns: [
      { name: "fullname", label: contact.columns.fullname.displayName },
      { name: "emailaddress1", label: contact.columns.emailaddress1.displayName },
    ],
    search: ["fullname", "emailaddress1"],
  },
  lead: {
    path: "/leads",
    title: lead.pluralName,
    entitySet: lead.entitySetName,
    idColumn: lead.primaryIdColumn,
    orderBy: "fullname",
    columns: [
      { name: "fullname", label: lead.columns.fullname.displayName },
      { name: "companyname", label: lead.columns.companyname.displayName },
      { name: "emailaddress1", label: lead.columns.emailaddress1.displayName },
    ],
    search: ["fullname", "companyname", "emailaddress1"],
  },
  account: {
    path: "/accounts",
    title: account.pluralName,
    entitySet: account.entitySetName,
    idColumn: account.primaryIdColumn,
    orderBy: "name",
    columns: [
      { name: "name", label: account.columns.name.displayName },
      { name: "emailaddress1", label: account.columns.emailaddress1.displayName },
    ],
    search: ["name", "emailaddress1"],
  },
  emailAccount: {
    path: "/email-accounts",
    title: emailAccount.pluralName,
    entitySet: emailAccount.entitySetName,
    idColumn: emailAccount.primaryIdColumn,
    orderBy: "mps_name",
    columns: [
      { name: "mps_name", label: emailAccount.columns.mps_name.displayName },
      { name: "mps_apiuser", label: emailAccount.columns.mps_apiuser.displayName },
      { name: "mps_conflictpolicy", label: emailAccount.columns.mps_conflictpolicy.displayName },
      { name: "mps_isdefault", label: emailAccount.columns.mps_isdefault.displayName },
    ],
    search: ["mps_name", "mps_apiuser"],
  },
} as const satisfies Record<RecordTable | "emailAccount", ListDef>;

/** A column as a list shows it: the formatted value when the Web API gives one. */
export function shown(row: Row, column: string): string {
  const formatted = row[`${column}@OData.Community.Display.V1.FormattedValue`];
  if (typeof formatted === "string") return formatted;
  const value = row[column];
  return value === null || value === undefined ? "" : typeof value === "string" ? value : typeof value === "boolean" ? (value ? "Yes" : "No") : typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** An OData string literal (quotes doubled). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The list query: search, order and the paging cookie (the query string of the previous page's nextLink). */
export function listQuery(def: ListDef, search: string, next: string | undefined): string {
  if (next !== undefined && next.startsWith("?")) return def.entitySet + next;
  const select = [def.idColumn, ...def.columns.map((c) => c.name)].join(",");
  const filter = search === "" ? "" : `&$filter=${encodeURIComponent(def.search.map((c) => `contains(${c},${odataString(search)})`).join(" or "))}`;
  return `${def.entitySet}?$select=${select}&$orderby=${def.orderBy} asc${filter}`;
}

export function listPage(def: ListDef, rows: readonly Row[], search: string, next: string | undefined, pageNumber: number): string {
  const header = def.columns.map((c) => html`<th scope="col">${c.label}</th>`);
  const body = rows.map((row) => {
    const id = String(row[def.idColumn]);
    const cells = def.columns.map((c, i) => (i === 0 ? html`<td><a href="${def.path}/${id}">${shown(row, c.name) || "(no name)"}</a></td>` : html`<td>${shown(row, c.name)}</td>`));
    return html`<tr>${cells}</tr>`;
  });
  const nextHref = next === undefined ? undefined : `${def.path}?${new URLSearchParams({ q: search, page: String(pageNumber + 1), next }).toString()}`;
  const pager = html`<div class="mps-pager"><span>Page ${pageNumber}</span>${pageNumber > 1 ? html`<a href="${def.path}?${new URLSearchParams({ q: search }).toString()}">First page</a>` : ""}${nextHref === undefined ? "" : html`<a href="${nextHref}" rel="next">Next page</a>`}</div>`;
  return page({
    title: def.title,
    active: def.path,
    body: html`<h1>Active ${def.title}</h1>
<form class="mps-search" role="search" method="get" action="${def.path}"><input type="search" name="q" value="${search}" aria-label="Search ${def.title}" placeholder="Search this view"><button class="mps-button" type="submit">Search</button></form>
<table class="mps-list" aria-label="${def.title}"><thead><tr>${header}</tr></thead><tbody>${body.length > 0 ? body : html`<tr><td colspan="${def.columns.length}" class="mps-muted">No records found.</td></tr>`}</tbody></table>${pager}`,
  });
}

export interface FormField {
  readonly label: string;
  readonly value: string;
}

/** A Contact, Lead or Account form: a Summary tab and the Marketing Preferences tab with the PCF control. */
export function recordFormPage(table: RecordTable, id: string, title: string, fields: readonly FormField[], pcfScripts: readonly string[]): string {
  const def = LISTS[table];
  const dl = fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`);
  return page({
    title,
    active: def.path,
    body: html`<p class="mps-sub"><a href="${def.path}">${def.title}</a></p><h1>${title}</h1><p class="mps-sub">${table === "account" ? "Account" : table === "lead" ? "Lead" : "Contact"}</p>
<div class="mps-tabs" role="tablist" aria-label="Form tabs"><button role="tab" id="tab-summary" aria-controls="panel-summary" aria-selected="true">Summary</button><button role="tab" id="tab-preferences" aria-controls="panel-preferences" aria-selected="false">Marketing Preferences</button></div>
<section id="panel-summary" role="tabpanel" aria-labelledby="tab-summary" class="mps-card"><dl class="mps-fields">${dl}</dl></section>
<section id="panel-preferences" role="tabpanel" aria-labelledby="tab-preferences" class="mps-card" hidden><div id="mps-grid" data-table="${table}" data-id="${id}" data-name="${title}"></div></section>`,
    scripts: pcfScripts,
  });
}

/** The Email Account form: fields, the command bar the form script's handlers run from, and its Sync Runs. */
export function emailAccountFormPage(row: Row, scripts: readonly string[]): string {
  const id = String(row[emailAccount.primaryIdColumn]);
  const name = shown(row, "mps_name");
  const fields: FormField[] = (["mps_name", "mps_apiuser", "mps_apiendpoint", "mps_credentialname", "mps_conflictpolicy", "mps_emailchangepolicy", "mps_isdefault", "mps_description"] as const).map((c) => ({
    label: emailAccount.columns[c].displayName,
    value: shown(row, c),
  }));
  const attributes: Record<string, unknown> = {};
  for (const c of Object.keys(emailAccount.columns)) attributes[c] = row[c] ?? null;
  // JSON in a script element: "<" escaped so no value can close the element.
  const data = new Html(JSON.stringify({ id, entityName: emailAccount.logicalName, attributes }).replace(/</g, "\\u003c"));
  return page({
    title: name,
    active: LISTS.emailAccount.path,
    body: html`<p class="mps-sub"><a href="${LISTS.emailAccount.path}">${emailAccount.pluralName}</a></p>
<div class="mps-commands" role="toolbar" aria-label="Commands"><button type="button" data-command="openScheduledSyncSettings">Scheduled Sync Settings</button><button type="button" data-command="syncNow">Sync now</button><button type="button" data-command="dryRun">Dry run</button><button type="button" data-command="refresh">Refresh</button><a class="mps-button" href="/dotdigital/${id}">Open in Dotdigital view</a></div>
<div id="mps-notifications" class="mps-notifications" aria-live="polite"></div>
<h1>${name}</h1><p class="mps-sub">Email Account</p>
<section class="mps-card"><dl class="mps-fields">${fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl></section>
<section class="mps-card"><h2 style="font-size:16px;margin:0 0 8px">Sync Runs</h2><div id="mps-syncruns" data-account="${id}"><p class="mps-muted">Loading…</p></div></section>
<script type="application/json" id="mps-form-data">${data}</script>`,
    scripts,
  });
}

export function homePage(highlights: readonly { readonly label: string; readonly href: string; readonly note: string }[], guide: readonly string[]): string {
  return page({
    title: "Home",
    body: html`<h1>Marketing Preferences Sync</h1><p class="mps-sub">Everything on this page runs on this machine: a Dataverse stand-in, a Dotdigital stand-in, mpsync serve, and this app.</p>
<section class="mps-card"><h2 style="font-size:16px;margin:0 0 8px">Try it</h2><ol>${guide.map((g) => html`<li>${g}</li>`)}</ol></section>
${highlights.length > 0 ? html`<section class="mps-card"><h2 style="font-size:16px;margin:0 0 8px">Demo records</h2><ul>${highlights.map((h) => html`<li><a href="${h.href}">${h.label}</a> <span class="mps-muted">${h.note}</span></li>`)}</ul></section>` : ""}`,
  });
}

export function errorPage(title: string, message: string, active?: string): string {
  return page({ title, ...(active === undefined ? {} : { active }), body: html`<h1>${title}</h1><p class="mps-notification" data-level="ERROR" role="alert">${message}</p>` });
}

