// Email Account form: the onLoad handler and the command bar handlers. Each reads the form through the
// form context it is given (never Xrm.Page), and leaves the decisions to the pure rules.
import { syncRun } from "@mps/model";
import { bareId, byEmailAccount, errorMessage, syncRunColumns, syncRunRow } from "../lib/records";
import { unsavedReason } from "../rules/command-guard";
import { lastRunNotification } from "../rules/last-run-notification";
import { runSyncRequest } from "../rules/run-sync-request";
import { format, stringsFor, type Strings } from "../strings";
import { DIALOG_PAGE } from "../web-resources";

/** Notification ids, so a newer message replaces an older one instead of stacking. */
export const LAST_RUN_NOTIFICATION = "mps_lastrun";
export const COMMAND_NOTIFICATION = "mps_command";

function userStrings(): Strings {
  try {
    return stringsFor(Xrm.Utility.getGlobalContext().userSettings.languageId);
  } catch (_noContext) {
    return stringsFor(undefined);
  }
}

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function recordId(formContext: Xrm.FormContext): string {
  return bareId(formContext.data.entity.getId());
}

/** The reason the command cannot run on this form yet, shown as an error notification; null when it can. */
function blockUnsaved(formContext: Xrm.FormContext, action: string, strings: Strings): boolean {
  const reason = unsavedReason(
    { id: recordId(formContext), formType: formContext.ui.getFormType(), isDirty: formContext.data.entity.getIsDirty() },
    action,
    strings,
  );
  formContext.ui.clearFormNotification(COMMAND_NOTIFICATION);
  if (reason === null) return false;
  formContext.ui.setFormNotification(reason, "ERROR", COMMAND_NOTIFICATION);
  return true;
}

/** Shows how the account's latest Sync Run went; says nothing on a new form or before the first run. */
export async function showLastRun(formContext: Xrm.FormContext): Promise<void> {
  const id = recordId(formContext);
  if (!id) return;
  const strings = userStrings();
  formContext.ui.clearFormNotification(LAST_RUN_NOTIFICATION);
  try {
    const query = `?$select=${syncRunColumns.join(",")}&$filter=${byEmailAccount(id)}&$orderby=mps_startedon desc&$top=1`;
    const result = await Xrm.WebApi.retrieveMultipleRecords(syncRun.logicalName, query);
    const latest: unknown = result.entities[0];
    const run = latest === undefined ? undefined : syncRunRow.parse(latest);
    const notification = lastRunNotification(run, strings, localTime);
    if (notification) formContext.ui.setFormNotification(notification.message, notification.level, LAST_RUN_NOTIFICATION);
  } catch (error) {
    formContext.ui.setFormNotification(format(strings.loadLastRunFailed, { error: errorMessage(error, strings.unknownError) }), "WARNING", LAST_RUN_NOTIFICATION);
  }
}

export async function onLoad(executionContext: Xrm.Events.EventContext): Promise<void> {
  await showLastRun(executionContext.getFormContext());
}

/** Opens the Scheduled Sync Settings dialog and re-reads the form once it closes (it may have saved). */
export async function openScheduledSyncSettings(primaryControl: Xrm.FormContext): Promise<void> {
  const strings = userStrings();
  if (blockUnsaved(primaryControl, strings.actionSettings, strings)) return;
  await Xrm.Navigation.navigateTo(
    { pageType: "webresource", webresourceName: DIALOG_PAGE, data: recordId(primaryControl) },
    { target: 2, position: 1, width: { value: 70, unit: "%" }, height: { value: 60, unit: "%" }, title: strings.dialogTitle },
  );
  await primaryControl.data.refresh(false);
  await showLastRun(primaryControl);
}

async function runSync(formContext: Xrm.FormContext, dryRun: boolean): Promise<void> {
  const strings = userStrings();
  if (blockUnsaved(formContext, dryRun ? strings.actionDryRun : strings.actionSyncNow, strings)) return;
  Xrm.Utility.showProgressIndicator(dryRun ? strings.queueingDryRun : strings.queueingSync);
  try {
    const response = await Xrm.WebApi.online.execute(runSyncRequest(recordId(formContext), dryRun));
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`.trim());
    formContext.ui.setFormNotification(dryRun ? strings.dryRunQueued : strings.syncQueued, "INFO", COMMAND_NOTIFICATION);
  } catch (error) {
    formContext.ui.setFormNotification(format(strings.syncFailed, { error: errorMessage(error, strings.unknownError) }), "ERROR", COMMAND_NOTIFICATION);
  } finally {
    Xrm.Utility.closeProgressIndicator();
  }
}

/** Command bar: queue a sync of this account now. */
export function syncNow(primaryControl: Xrm.FormContext): Promise<void> {
  return runSync(primaryControl, false);
}

/** Command bar: queue a dry run, which writes its plan to a Sync Run and nothing else. */
export function dryRun(primaryControl: Xrm.FormContext): Promise<void> {
  return runSync(primaryControl, true);
}
