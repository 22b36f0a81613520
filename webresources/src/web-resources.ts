// The web resources this part ships, by the names the solution packer, the form XML and the ribbon use.
// Web resources are served under one folder, so the dialog page loads its script and style by relative path.

export type WebResourceType = "JavaScript" | "HTML" | "CSS" | "RESX";

export interface WebResourceEntry {
  readonly name: string;
  readonly displayName: string;
  readonly type: WebResourceType;
  /** Path of the built file under webresources/dist. */
  readonly file: string;
}

export const FORM_SCRIPT = "mps_/emailaccount/form.js";
export const DIALOG_PAGE = "mps_/syncsettings/dialog.html";
export const DIALOG_SCRIPT = "mps_/syncsettings/dialog.js";
export const DIALOG_STYLE = "mps_/syncsettings/dialog.css";
/** The global the form library defines; form event and ribbon handlers are named under it. */
export const FORM_GLOBAL = "Mps.EmailAccountForm";

export const webResources: readonly WebResourceEntry[] = [
  { name: FORM_SCRIPT, displayName: "Email Account form script", type: "JavaScript", file: FORM_SCRIPT },
  { name: DIALOG_PAGE, displayName: "Scheduled Sync Settings dialog", type: "HTML", file: DIALOG_PAGE },
  { name: DIALOG_SCRIPT, displayName: "Scheduled Sync Settings dialog script", type: "JavaScript", file: DIALOG_SCRIPT },
  { name: DIALOG_STYLE, displayName: "Scheduled Sync Settings dialog style", type: "CSS", file: DIALOG_STYLE },
];
