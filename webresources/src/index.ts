// The public surface of the web resources part: the names the solution packer and the form XML use,
// and the dialog's host contract, for a local host that serves the built page with its own Xrm.
export { DIALOG_PAGE, DIALOG_SCRIPT, DIALOG_STYLE, FORM_GLOBAL, FORM_SCRIPT, webResources } from "./web-resources";
export type { WebResourceEntry, WebResourceType } from "./web-resources";
export type { WebApiLike, WebApiRow, XrmLike } from "./lib/xrm-like";
export { runSyncRequest } from "./rules/run-sync-request";
export { createWebApiXrm } from "./lib/web-api-xrm";
