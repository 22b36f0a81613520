// HTML for the local app's pages. Every value from Dataverse or Dotdigital goes through `text` or
// `attr`, so markup or script in a name renders as text.

/** A fragment that is already safe HTML. */
export class Html {
  public constructor(public readonly value: string) {}
  public toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: unknown): string {
  const s = value === null || value === undefined ? "" : typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Tagged template: interpolated values are escaped unless they are Html (or arrays of Html). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += Array.isArray(v) ? v.map((x) => (x instanceof Html ? x.value : escapeHtml(x))).join("") : v instanceof Html ? v.value : escapeHtml(v);
    out += strings[i + 1] ?? "";
  });
  return new Html(out);
}

export const NAV = [
  { href: "/contacts", label: "Contacts" },
  { href: "/leads", label: "Leads" },
  { href: "/accounts", label: "Accounts" },
  { href: "/email-accounts", label: "Email Accounts" },
  { href: "/dotdigital", label: "Dotdigital" },
] as const;

export const APP_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;font-size:14px;color:#242424;background:#f5f5f5}
a{color:#0f6cbd;text-decoration:none}a:hover{text-decoration:underline}
.mps-top{height:48px;background:#0f6cbd;color:#fff;display:flex;align-items:center;padding:0 16px;font-weight:600;font-size:15px;gap:12px}
.mps-top small{font-weight:400;opacity:.85}
.mps-shell{display:flex;min-height:calc(100vh - 48px)}
.mps-nav{width:200px;background:#fafafa;border-right:1px solid #e0e0e0;padding:8px 0;flex:none}
.mps-nav a{display:block;padding:8px 16px;color:#242424;border-left:3px solid transparent}
.mps-nav a[aria-current=page]{background:#ebf3fc;border-left-color:#0f6cbd;font-weight:600}
.mps-main{flex:1;min-width:0;padding:16px 24px}
h1{font-size:20px;font-weight:600;margin:0 0 4px}
.mps-sub{color:#616161;margin:0 0 12px}
.mps-commands{display:flex;gap:4px;flex-wrap:wrap;background:#fff;border:1px solid #e0e0e0;border-radius:4px;padding:4px;margin:0 0 12px}
.mps-commands button,.mps-button{background:transparent;border:1px solid transparent;border-radius:4px;padding:6px 12px;font:inherit;color:#242424;cursor:pointer}
.mps-commands button:hover,.mps-button:hover{background:#f0f0f0}
.mps-primary{background:#0f6cbd!important;color:#fff!important}
.mps-card{background:#fff;border:1px solid #e0e0e0;border-radius:4px;padding:12px 16px;margin:0 0 12px}
table.mps-list{width:100%;border-collapse:collapse;background:#fff}
.mps-list th,.mps-list td{text-align:left;padding:8px;border-bottom:1px solid #eee;vertical-align:top}
.mps-list th{font-weight:600;color:#424242;background:#fafafa}
.mps-pager{display:flex;gap:12px;align-items:center;margin:8px 0}
.mps-search{display:flex;gap:8px;margin:0 0 12px}
.mps-search input{padding:6px 8px;border:1px solid #d1d1d1;border-radius:4px;font:inherit;min-width:280px}
.mps-tabs{display:flex;gap:16px;border-bottom:1px solid #e0e0e0;margin:0 0 12px}
.mps-tabs button{background:none;border:none;border-bottom:2px solid transparent;padding:8px 2px;font:inherit;cursor:pointer;color:#424242}
.mps-tabs button[aria-selected=true]{border-bottom-color:#0f6cbd;color:#242424;font-weight:600}
.mps-fields{display:grid;grid-template-columns:160px 1fr;gap:6px 12px;margin:0}
.mps-fields dt{color:#616161}.mps-fields dd{margin:0}
.mps-notifications{margin:0 0 12px}
.mps-notification{padding:8px 12px;border-radius:4px;margin:0 0 4px;border:1px solid}
.mps-notification[data-level=INFO]{background:#ebf3fc;border-color:#b4d6fa}
.mps-notification[data-level=WARNING]{background:#fff9f5;border-color:#fdcfb4}
.mps-notification[data-level=ERROR]{background:#fdf3f4;border-color:#eeacb2}
.mps-progress{position:fixed;inset:0;background:rgba(255,255,255,.6);display:flex;align-items:center;justify-content:center;z-index:30;font-weight:600}
.mps-overlay{position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center;z-index:20}
.mps-dialog{background:#fff;border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}
.mps-dialog header{display:flex;justify-content:space-between;align-items:center;padding:12px 16px;font-weight:600;font-size:16px}
.mps-dialog iframe{border:none;flex:1;width:100%}
.mps-pill{display:inline-block;padding:2px 8px;border-radius:10px;background:#f0f0f0;font-size:12px}
.mps-pill[data-on=true]{background:#dff6dd;color:#0e700e}
.mps-muted{color:#616161}
`;

export interface Layout {
  readonly title: string;
  readonly active?: string;
  readonly body: Html;
  /** Scripts served by the app, loaded at the end of the body in order. */
  readonly scripts?: readonly string[];
}

export function page(layout: Layout): string {
  const nav = NAV.map((n) => html`<a href="${n.href}"${new Html(n.href === layout.active ? ' aria-current="page"' : "")}>${n.label}</a>`);
  const scripts = (layout.scripts ?? []).map((s) => html`<script src="${s}"></script>`);
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${layout.title} – Marketing Preferences Sync</title><link rel="stylesheet" href="/static/app.css"></head><body><div class="mps-top">Dynamics 365 <small>Marketing Preferences Sync · local sandbox</small></div><div class="mps-shell"><nav class="mps-nav" aria-label="Site map">${nav}</nav><main class="mps-main">${layout.body}</main></div>${scripts}</body></html>`.value;
}
