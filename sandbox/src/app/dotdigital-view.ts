// The Dotdigital view: one person's preferences as Dotdigital holds them, read and written through the
// Dotdigital stand-in's HTTP API with the account's basic auth, to watch a change travel to Dynamics.
import { z } from "zod";
import { html, page, type Html } from "./html";

/** GET /v2/contacts/{email}/preferences: the catalogue tree with isOptedIn on each preference. */
const preferenceNode: z.ZodType<PreferenceNode> = z.lazy(() =>
  z.object({
    id: z.number(),
    publicName: z.string(),
    privateName: z.string(),
    isPreference: z.boolean(),
    isOptedIn: z.boolean().optional(),
    preferences: z.array(preferenceNode).optional(),
  }),
);
export interface PreferenceNode {
  id: number;
  publicName: string;
  privateName: string;
  isPreference: boolean;
  isOptedIn?: boolean | undefined;
  preferences?: PreferenceNode[] | undefined;
}
export const preferenceTree = z.array(preferenceNode);
export const dotdigitalContact = z.object({ id: z.number(), email: z.string(), status: z.string() });

/** The form a toggle posts. */
export const toggleForm = z.object({
  email: z.string().min(1, "email is required"),
  preferenceId: z.coerce.number().int().positive(),
  categoryId: z.coerce.number().int().nonnegative(),
  optIn: z.enum(["true", "false"]),
});

/** The PUT body that sets one preference: nested in its category, or at the top level when stand-alone. */
export function setOnePreference(preferenceId: number, categoryId: number, isOptedIn: boolean): unknown[] {
  const leaf = { id: preferenceId, isPreference: true, isOptedIn };
  return categoryId === 0 ? [leaf] : [{ id: categoryId, isPreference: false, preferences: [leaf] }];
}

export interface AccountLink {
  readonly id: string;
  readonly name: string;
  readonly apiUser: string;
}

export function dotdigitalIndexPage(accounts: readonly AccountLink[]): string {
  return page({
    title: "Dotdigital",
    active: "/dotdigital",
    body: html`<h1>Dotdigital</h1><p class="mps-sub">What each Dotdigital account holds, read through its API. Change a preference here and watch the next sync bring it to Dynamics.</p>
<table class="mps-list" aria-label="Dotdigital accounts"><thead><tr><th>Email Account</th><th>API user</th></tr></thead><tbody>${accounts.map((a) => html`<tr><td><a href="/dotdigital/${a.id}">${a.name}</a></td><td>${a.apiUser}</td></tr>`)}</tbody></table>`,
  });
}

export interface PersonView {
  readonly account: AccountLink;
  readonly email: string;
  readonly contact?: z.infer<typeof dotdigitalContact> | undefined;
  readonly tree?: readonly PreferenceNode[] | undefined;
  readonly message?: { readonly level: "INFO" | "ERROR"; readonly text: string } | undefined;
}

function preferenceRow(view: PersonView, node: PreferenceNode, categoryId: number, category: string): Html {
  const on = node.isOptedIn === true;
  return html`<tr data-preference="${node.id}"><td>${node.publicName}</td><td class="mps-muted">${node.privateName}</td><td>${category}</td><td><span class="mps-pill" data-on="${on}">${on ? "Opted in" : "Opted out"}</span></td><td><form method="post" action="/dotdigital/${view.account.id}/preferences"><input type="hidden" name="email" value="${view.email}"><input type="hidden" name="preferenceId" value="${node.id}"><input type="hidden" name="categoryId" value="${categoryId}"><input type="hidden" name="optIn" value="${!on}"><button class="mps-button" type="submit" aria-label="${on ? "Opt out of" : "Opt in to"} ${node.publicName}">${on ? "Opt out" : "Opt in"}</button></form></td></tr>`;
}

export function dotdigitalPersonPage(view: PersonView): string {
  const rows: Html[] = [];
  for (const node of view.tree ?? []) {
    if (node.isPreference) rows.push(preferenceRow(view, node, 0, ""));
    else for (const child of node.preferences ?? []) rows.push(preferenceRow(view, child, node.id, node.publicName));
  }
  const status = view.contact === undefined ? "" : html`<p class="mps-sub">Dotdigital contact ${view.contact.id} · status <strong>${view.contact.status}</strong></p>`;
  return page({
    title: `Dotdigital – ${view.account.name}`,
    active: "/dotdigital",
    body: html`<p class="mps-sub"><a href="/dotdigital">Dotdigital</a></p><h1>${view.account.name}</h1><p class="mps-sub">API user ${view.account.apiUser}</p>
<form class="mps-search" role="search" method="get" action="/dotdigital/${view.account.id}"><input type="search" name="email" value="${view.email}" aria-label="Contact email" placeholder="Email address of a Dotdigital contact"><button class="mps-button" type="submit">Show preferences</button></form>
${view.message === undefined ? "" : html`<p class="mps-notification" data-level="${view.message.level}" role="${view.message.level === "ERROR" ? "alert" : "status"}">${view.message.text}</p>`}
${status}
${rows.length > 0 ? html`<table class="mps-list" aria-label="Preferences in Dotdigital"><thead><tr><th>Public name</th><th>Private name</th><th>Category</th><th>In Dotdigital</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ""}`,
  });
}
