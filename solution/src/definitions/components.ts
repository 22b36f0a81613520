// Names shared between the solution and the parts built elsewhere (PCF control, web resources).
// The packer checks the built artifacts against these, so a rename on either side fails loudly.
import { publisher } from "@mps/model";

/** The PCF control as its manifest declares it (pcf/MarketingPreferencesGrid). */
export const gridControl = {
  namespace: "mps",
  constructorName: "MarketingPreferencesGrid",
  /** The `<data-set name>` of the manifest: FormXml binds the subgrid's records to it. */
  dataSetName: "subscriptions",
  /** pcf-scripts names the out folder after the control's folder, not namespace.constructor. */
  outFolder: "MarketingPreferencesGrid",
} as const;

/** `<publisherprefix>_<namespace>.<constructor>`, as pac names it in CustomControl, Controls/ and FormXml. */
export const gridControlName = `${publisher.customizationPrefix}_${gridControl.namespace}.${gridControl.constructorName}`;

/** The web resources the forms and ribbon call (built by webresources/). */
export const webResourceNames = {
  emailAccountForm: "mps_/emailaccount/form.js",
  syncSettingsDialog: "mps_/syncsettings/dialog.html",
} as const;

/** Global functions of the Email Account form script. */
export const emailAccountHandlers = {
  onLoad: "Mps.EmailAccountForm.onLoad",
  openScheduledSyncSettings: "Mps.EmailAccountForm.openScheduledSyncSettings",
  syncNow: "Mps.EmailAccountForm.syncNow",
  dryRun: "Mps.EmailAccountForm.dryRun",
} as const;

/** The model-driven app for admins. */
export const appModule = {
  uniqueName: "mps_MarketingPreferencesSync",
  displayName: "Marketing Preferences Sync",
  description: "Email Accounts, schedules, sync runs and the consent audit trail.",
  /** The platform's default app icon (msdyn_/Images/AppModule_Default_Icon.png), present in every org. */
  defaultIconWebResourceId: "953b9fac-1e5e-e611-80d6-00155ded156f",
} as const;
