// The form library's entry: esbuild wraps it in an IIFE whose result becomes the global Mps.EmailAccountForm.
export { onLoad, openScheduledSyncSettings, syncNow, dryRun } from "./email-account";
