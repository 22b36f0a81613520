// The Email Account command bar: three buttons calling the form script with PrimaryControl.
import { emailAccount } from "@mps/model";
import { emailAccountHandlers, webResourceNames } from "./components";

export interface RibbonCommand {
  readonly id: string;
  readonly label: string;
  readonly tooltip: string;
  readonly functionName: string;
  readonly sequence: number;
}

const prefix = `mps.${emailAccount.logicalName}`;

export const emailAccountRibbon = {
  table: emailAccount,
  library: webResourceNames.emailAccountForm,
  /** The form command bar's main group (Unified Interface shows form ribbon buttons from here). */
  location: `Mscrm.Form.${emailAccount.logicalName}.MainTab.Save.Controls._children`,
  commands: [
    { id: `${prefix}.ScheduledSyncSettings`, label: "Scheduled Sync Settings", tooltip: "Set when this account syncs.", functionName: emailAccountHandlers.openScheduledSyncSettings, sequence: 900 },
    { id: `${prefix}.SyncNow`, label: "Sync now", tooltip: "Queue a marketing preference sync for this account now.", functionName: emailAccountHandlers.syncNow, sequence: 910 },
    { id: `${prefix}.DryRun`, label: "Dry run", tooltip: "Plan a sync and write the plan to Sync Runs, changing nothing.", functionName: emailAccountHandlers.dryRun, sequence: 920 },
  ] satisfies RibbonCommand[],
} as const;
