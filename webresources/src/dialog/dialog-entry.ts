// The dialog page's script: reads the Email Account id once from the `data` parameter navigateTo
// passes, finds the opener's Xrm, and mounts the dialog. Everything else lives in schedule-dialog.ts.
import { bareId } from "../lib/records";
import { findHostXrm } from "../lib/xrm-like";
import { stringsFor } from "../strings";
import { mountScheduleDialog } from "./schedule-dialog";

function languageOf(xrm: ReturnType<typeof findHostXrm>): number | undefined {
  try {
    return xrm?.Utility?.getGlobalContext().userSettings.languageId;
  } catch (_noContext) {
    return undefined;
  }
}

function timeZones(): readonly string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch (_old) {
    return [];
  }
}

async function start(): Promise<void> {
  const root = document.getElementById("mps-root");
  if (!root) return;
  const xrm = findHostXrm(window);
  const strings = stringsFor(languageOf(xrm));
  document.title = strings.dialogTitle;
  const accountId = bareId(new URLSearchParams(window.location.search).get("data"));
  if (!xrm || !accountId) {
    const message = document.createElement("p");
    message.className = "mps-banner";
    message.setAttribute("role", "alert");
    message.textContent = xrm ? strings.noAccount : strings.noXrm;
    root.replaceChildren(message);
    return;
  }
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  await mountScheduleDialog(root, {
    xrm,
    accountId,
    strings,
    now: () => new Date(),
    close: () => window.close(),
    defaultTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    timeZones: timeZones(),
    formatDate: (date) => dateFormat.format(date),
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void start());
else void start();
