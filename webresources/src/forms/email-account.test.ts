/**
 * @jest-environment node
 */
import { RunResult, runSyncApi, syncRun } from "@mps/model";
import { XrmMockGenerator } from "xrm-mock";
import { DIALOG_PAGE } from "../web-resources";
import { COMMAND_NOTIFICATION, LAST_RUN_NOTIFICATION, dryRun, onLoad, openScheduledSyncSettings, syncNow } from "./email-account";

const ACCOUNT_ID = "7f3c2a10-1111-4a4a-9b9b-0123456789ab";

interface Notification {
  message: string;
  level: Xrm.FormNotificationLevel;
  uniqueId: string;
}

function setUp(options: { id?: string } = {}) {
  XrmMockGenerator.initialise({ entity: { id: `{${ACCOUNT_ID.toUpperCase()}}`, entityName: "mps_emailaccount" } });
  const formContext = XrmMockGenerator.getFormContext();
  const isNew = options.id === "";
  if (isNew) (formContext.data.entity as unknown as { id: string }).id = "";
  // xrm-mock's blank form is a Create form; a saved record opens in an Update form (XrmEnum.FormType 2).
  const currentForm = formContext.ui.formSelector.getCurrentItem() as unknown as { formType: number };
  currentForm.formType = isNew ? 1 : 2;
  const retrieveMultiple = jest.spyOn(Xrm.WebApi, "retrieveMultipleRecords");
  const execute = jest.spyOn(Xrm.WebApi.online, "execute");
  const showProgress = jest.spyOn(Xrm.Utility, "showProgressIndicator").mockImplementation(() => undefined);
  const closeProgress = jest.spyOn(Xrm.Utility, "closeProgressIndicator").mockImplementation(() => undefined);
  const refresh = jest.spyOn(formContext.data, "refresh").mockResolvedValue(undefined);
  const notifications = (): Notification[] => ((formContext.ui as unknown as { formNotifications?: Notification[] }).formNotifications) ?? [];
  const notification = (id: string) => notifications().find((n) => n.uniqueId === id);
  return { formContext, retrieveMultiple, execute, showProgress, closeProgress, refresh, notification, notifications };
}

function runs(...entities: Record<string, unknown>[]) {
  return { entities, nextLink: undefined } as unknown as Xrm.RetrieveMultipleResult;
}

const finished = { mps_startedon: "2026-11-27T09:00:00Z", mps_finishedon: "2026-11-27T09:02:00Z" };

describe("Email Account form onLoad", () => {
  it("asks Dataverse for only the latest Sync Run of this account", async () => {
    const { retrieveMultiple } = setUp();
    retrieveMultiple.mockResolvedValue(runs());
    await onLoad(XrmMockGenerator.getEventContext());
    expect(retrieveMultiple).toHaveBeenCalledTimes(1);
    const [table, query] = retrieveMultiple.mock.calls[0] ?? [];
    expect(table).toBe(syncRun.logicalName);
    expect(query).toContain(`$filter=_mps_emailaccountid_value eq ${ACCOUNT_ID}`);
    expect(query).toContain("$orderby=mps_startedon desc");
    expect(query).toContain("$top=1");
  });

  it("shows a succeeded run as information with its counts", async () => {
    const { retrieveMultiple, notification } = setUp();
    retrieveMultiple.mockResolvedValue(runs({ ...finished, mps_result: RunResult.Succeeded, mps_pulled: 4, mps_pushed: 2, mps_conflicts: 1 }));
    await onLoad(XrmMockGenerator.getEventContext());
    expect(notification(LAST_RUN_NOTIFICATION)).toMatchObject({ level: "INFO", message: expect.stringMatching(/succeeded.*4 pulled, 2 pushed, 1 conflicts/) as unknown });
  });

  it("shows a partly succeeded run as a warning with its summary", async () => {
    const { retrieveMultiple, notification } = setUp();
    retrieveMultiple.mockResolvedValue(runs({ ...finished, mps_result: RunResult["Partially succeeded"], mps_summary: "3 values failed: contact suppressed" }));
    await onLoad(XrmMockGenerator.getEventContext());
    expect(notification(LAST_RUN_NOTIFICATION)).toMatchObject({ level: "WARNING", message: expect.stringContaining("3 values failed: contact suppressed") as unknown });
  });

  it("shows a failed run as an error with its summary", async () => {
    const { retrieveMultiple, notification } = setUp();
    retrieveMultiple.mockResolvedValue(runs({ ...finished, mps_result: RunResult.Failed, mps_summary: "Dotdigital rejected the API user" }));
    await onLoad(XrmMockGenerator.getEventContext());
    expect(notification(LAST_RUN_NOTIFICATION)).toMatchObject({ level: "ERROR", message: expect.stringContaining("Dotdigital rejected the API user") as unknown });
  });

  it("shows a running run as information saying since when", async () => {
    const { retrieveMultiple, notification } = setUp();
    retrieveMultiple.mockResolvedValue(runs({ mps_startedon: "2026-11-27T09:00:00Z", mps_finishedon: null, mps_result: RunResult.Running }));
    await onLoad(XrmMockGenerator.getEventContext());
    const shown = notification(LAST_RUN_NOTIFICATION);
    expect(shown?.level).toBe("INFO");
    expect(shown?.message).toMatch(/running since .*2026/);
  });

  it("says nothing when the account has never synced", async () => {
    const { retrieveMultiple, notifications } = setUp();
    retrieveMultiple.mockResolvedValue(runs());
    await onLoad(XrmMockGenerator.getEventContext());
    expect(notifications()).toEqual([]);
  });

  it("does not query on a new, unsaved form", async () => {
    const { retrieveMultiple, notifications } = setUp({ id: "" });
    await onLoad(XrmMockGenerator.getEventContext());
    expect(retrieveMultiple).not.toHaveBeenCalled();
    expect(notifications()).toEqual([]);
  });

  it("warns, without failing the form, when the runs cannot be read", async () => {
    const { retrieveMultiple, notification } = setUp();
    retrieveMultiple.mockRejectedValue({ errorCode: 2147746336, message: "Principal user is missing prvReadmps_syncrun privilege" });
    await onLoad(XrmMockGenerator.getEventContext());
    expect(notification(LAST_RUN_NOTIFICATION)).toMatchObject({ level: "WARNING", message: expect.stringContaining("prvReadmps_syncrun") as unknown });
  });
});

describe("Scheduled Sync Settings command", () => {
  it("opens the dialog page as a dialog with the account id, then refreshes the form after it closes", async () => {
    const { formContext, retrieveMultiple, refresh } = setUp();
    retrieveMultiple.mockResolvedValue(runs());
    const order: string[] = [];
    const navigateTo = jest.spyOn(Xrm.Navigation, "navigateTo").mockImplementation(() => {
      order.push("dialog closed");
      return Promise.resolve(undefined) as never;
    });
    refresh.mockImplementation(() => {
      order.push("form refreshed");
      return Promise.resolve(undefined) as never;
    });
    await openScheduledSyncSettings(formContext);
    expect(navigateTo).toHaveBeenCalledWith(
      { pageType: "webresource", webresourceName: DIALOG_PAGE, data: ACCOUNT_ID },
      expect.objectContaining({ target: 2, title: "Scheduled Sync Settings" }),
    );
    expect(order).toEqual(["dialog closed", "form refreshed"]);
  });

  it("refuses on a new form with a clear message", async () => {
    const { formContext, notification } = setUp({ id: "" });
    const navigateTo = jest.spyOn(Xrm.Navigation, "navigateTo");
    await openScheduledSyncSettings(formContext);
    expect(navigateTo).not.toHaveBeenCalled();
    expect(notification(COMMAND_NOTIFICATION)).toEqual({ level: "ERROR", message: "Save the Email Account before you open Scheduled Sync Settings.", uniqueId: COMMAND_NOTIFICATION });
  });
});

describe("Sync now and Dry run commands", () => {
  function okResponse() {
    return { ok: true, status: 204, statusText: "No Content", headers: {}, url: "", type: "", redirected: false, body: null, bodyUsed: false } as unknown as Xrm.ExecuteResponse;
  }

  it("Sync now calls the bound custom API as an action without dry run and reports it queued", async () => {
    const { formContext, execute, showProgress, closeProgress, notification } = setUp();
    execute.mockResolvedValue(okResponse());
    await syncNow(formContext);
    expect(execute).toHaveBeenCalledTimes(1);
    const request = execute.mock.calls[0]?.[0] as { entity: unknown; DryRun: boolean; getMetadata(): unknown };
    expect(request.entity).toEqual({ entityType: "mps_emailaccount", id: ACCOUNT_ID });
    expect(request.DryRun).toBe(false);
    expect(request.getMetadata()).toEqual({
      boundParameter: "entity",
      parameterTypes: {
        entity: { typeName: "mscrm.mps_emailaccount", structuralProperty: 5 },
        DryRun: { typeName: "Edm.Boolean", structuralProperty: 1 },
      },
      operationType: 0,
      operationName: runSyncApi.uniqueName,
    });
    expect(showProgress).toHaveBeenCalledWith("Queueing a sync…");
    expect(closeProgress).toHaveBeenCalledTimes(1);
    expect(notification(COMMAND_NOTIFICATION)).toMatchObject({ level: "INFO", message: expect.stringContaining("Sync queued") as unknown });
  });

  it("Dry run sends DryRun = true and says nothing but the plan is written", async () => {
    const { formContext, execute, notification } = setUp();
    execute.mockResolvedValue(okResponse());
    await dryRun(formContext);
    expect((execute.mock.calls[0]?.[0] as { DryRun: boolean }).DryRun).toBe(true);
    expect(notification(COMMAND_NOTIFICATION)).toMatchObject({ level: "INFO", message: expect.stringContaining("Dry run queued") as unknown });
  });

  it("shows the error message when the custom API fails, and closes the progress indicator", async () => {
    const { formContext, execute, closeProgress, notification } = setUp();
    execute.mockRejectedValue({ errorCode: 2147220891, message: "The sync service did not answer the webhook." });
    await syncNow(formContext);
    expect(closeProgress).toHaveBeenCalledTimes(1);
    expect(notification(COMMAND_NOTIFICATION)).toEqual({
      level: "ERROR",
      message: "The sync could not be queued: The sync service did not answer the webhook.",
      uniqueId: COMMAND_NOTIFICATION,
    });
  });

  it("treats a response that is not ok as a failure", async () => {
    const { formContext, execute, notification } = setUp();
    execute.mockResolvedValue({ ...okResponse(), ok: false, status: 500, statusText: "Internal Server Error" });
    await dryRun(formContext);
    expect(notification(COMMAND_NOTIFICATION)?.level).toBe("ERROR");
    expect(notification(COMMAND_NOTIFICATION)?.message).toContain("500 Internal Server Error");
  });

  it("does not call the API on a new form and says to save first", async () => {
    const { formContext, execute, showProgress, notification } = setUp({ id: "" });
    await syncNow(formContext);
    expect(execute).not.toHaveBeenCalled();
    expect(showProgress).not.toHaveBeenCalled();
    expect(notification(COMMAND_NOTIFICATION)).toMatchObject({ level: "ERROR", message: "Save the Email Account before you sync it." });
  });

  it("does not call the API while the form has unsaved changes", async () => {
    const { formContext, execute, notification } = setUp();
    jest.spyOn(formContext.data.entity, "getIsDirty").mockReturnValue(true);
    await dryRun(formContext);
    expect(execute).not.toHaveBeenCalled();
    expect(notification(COMMAND_NOTIFICATION)).toMatchObject({ level: "ERROR", message: "Save your changes to the Email Account before you run a dry run." });
  });

  it("replaces its previous message instead of stacking a second one", async () => {
    const { formContext, execute, notifications } = setUp();
    execute.mockRejectedValueOnce(new Error("timeout")).mockResolvedValueOnce(okResponse());
    await syncNow(formContext);
    await syncNow(formContext);
    const commandMessages = notifications().filter((n) => n.uniqueId === COMMAND_NOTIFICATION);
    expect(commandMessages).toHaveLength(1);
    expect(commandMessages[0]?.level).toBe("INFO");
  });
});
