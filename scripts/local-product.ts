// `npm start`: the whole product on this machine (DESIGN.md §6). With no configuration it starts the
// Dataverse and Dotdigital stand-ins with demo data, `mpsync serve` against them (webhook registered on
// the Dataverse stand-in with a generated key, schedules polled every few seconds) and the local app.
// With MPS_DATAVERSE_URL set it runs only the service against that organisation and no stand-in.
// The browser tests start the product through startLocalProduct, the same function.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { emailAccount, runSyncApi } from "@mps/model";
import { DEMO_ACCOUNTS, startApp, startSandbox, type App, type AppHighlight, type DemoAccountKey, type Sandbox } from "@mps/sandbox";
import { compose, ConfigError, registerWebhook, startService, type Service } from "@mps/sync-core";

const ROOT = join(__dirname, "..");

export interface LocalProductOptions {
  /** Contacts, Leads and Accounts in the demo data (default 2000; the browser tests use fewer). */
  readonly demoPeople?: number;
  /** 0 (the default) picks free ports. */
  readonly appPort?: number;
  readonly dataversePort?: number;
  readonly dotdigitalPort?: number;
  readonly servicePort?: number;
  /** How often mpsync serve polls schedules (default 5 s, short for the demo). */
  readonly pollSeconds?: number;
  /** mpsync serve's log level (default warn). */
  readonly logLevel?: string;
  /** Sync each demo account once at start so the tabs have rows: "wait" (default) or "background". */
  readonly initialSync?: "wait" | "background" | "none";
}

export interface LocalProduct {
  readonly sandbox: Sandbox;
  readonly service: Service;
  readonly app: App;
  readonly urls: { readonly app: string; readonly dataverse: string; readonly dotdigital: string; readonly service: string };
  /** The five steps `npm start` prints and the home page shows. */
  readonly guide: readonly string[];
  /** Resolves when the first sync of every demo account has finished. */
  readonly initialSync: Promise<void>;
  /** Stops the service (letting a running sync finish), the app and both stand-ins; safe to call twice. */
  stop(): Promise<void>;
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith(".test.ts")) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Builds what the app serves and is missing or older than its sources: the PCF production bundle and the web resources. */
export async function ensureBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  // Loaded by path with this module's require (tsx's hook, or jest's): they belong to parts with their
  // own build settings, and pcf is not a referenced TypeScript project.
  const pcfPage = join(ROOT, "pcf", "MarketingPreferencesGrid", "harness", "page");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path, not a module this project compiles
  const { ensureProductionBundle } = require(pcfPage) as { ensureProductionBundle: () => { built: boolean } };
  log("Checking the PCF production bundle…");
  if (ensureProductionBundle().built) log("Built the PCF production bundle.");
  const form = join(ROOT, "webresources", "dist", "mps_", "emailaccount", "form.js");
  const sources = Math.max(newest(join(ROOT, "webresources", "src")), newest(join(ROOT, "solution", "model", "src")));
  if (!existsSync(form) || statSync(form).mtimeMs < sources) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
    const { buildWebResources } = require(join(ROOT, "webresources", "build")) as { buildWebResources: () => Promise<unknown> };
    await buildWebResources();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the esbuild the build used; its helper process would outlive the build
    await (require("esbuild") as { stop: () => Promise<void> }).stop();
    log("Built the web resources.");
  }
}

function guideFor(appUrl: string, sandbox: Sandbox): string[] {
  const demo = sandbox.demo;
  const mixed = demo === undefined ? `${appUrl}/contacts` : `${appUrl}/contacts/${demo.people.mixed.contactId}#marketing-preferences`;
  const account = demo === undefined ? `${appUrl}/email-accounts` : `${appUrl}/email-accounts/${demo.accounts.demo.emailAccountId}`;
  const dotdigital = demo === undefined ? `${appUrl}/dotdigital` : `${appUrl}/dotdigital/${demo.accounts.demo.emailAccountId}?email=${encodeURIComponent(demo.people.mixed.email)}`;
  return [
    `Open Maya Patel's Marketing Preferences tab (${mixed}): select a row, Edit, set Status, Save.`,
    `On the Email Account ${DEMO_ACCOUNTS.demo.name} (${account}) press Sync now and watch its Sync Runs.`,
    `In the Dotdigital view (${dotdigital}) the new value is there; opt Maya in or out of another preference.`,
    `Back on the Email Account: Scheduled Sync Settings → Once a day, Specific time, Next Sync Now, Done, Save.`,
    `Within a few seconds the schedule runs: reload Maya's tab and the value shows, last changed in Dotdigital.`,
  ];
}

function highlightsOf(sandbox: Sandbox): AppHighlight[] {
  const demo = sandbox.demo;
  if (demo === undefined) return [];
  const p = demo.people;
  const tab = "#marketing-preferences";
  return [
    { label: p.mixed.name, href: `/contacts/${p.mixed.contactId}${tab}`, note: "Contact with preferences in and out, in both accounts." },
    { label: p.suppressed.name, href: `/contacts/${p.suppressed.contactId}${tab}`, note: `Contact suppressed in Dotdigital (${p.suppressed.reason}): the sync skips it.` },
    { label: `${p.sharedEmail.name} (Contact)`, href: `/contacts/${p.sharedEmail.contactId}${tab}`, note: "Shares an address with a Lead: one Dotdigital contact, two records." },
    { label: `${p.sharedEmail.name} (Lead)`, href: `/leads/${p.sharedEmail.leadId}${tab}`, note: "The Lead with the same address." },
    { label: p.quoted.name, href: `/contacts/${p.quoted.contactId}${tab}`, note: "An address with a quote and a plus sign." },
    { label: p.account.name, href: `/accounts/${p.account.accountId}${tab}`, note: "An Account in the activated account list." },
    ...(Object.keys(demo.accounts) as DemoAccountKey[]).map((key) => ({ label: demo.accounts[key].name, href: `/email-accounts/${demo.accounts[key].emailAccountId}`, note: "Email Account: Sync now, Dry run, Scheduled Sync Settings, Sync Runs." })),
  ];
}

/** Calls the custom API as the Sync now button does, so the run goes Dataverse → webhook → mpsync serve. */
async function syncNow(sandbox: Sandbox, accountId: string): Promise<void> {
  const response = await fetch(`${sandbox.urls.dataverseApi}${emailAccount.entitySetName}(${accountId})/Microsoft.Dynamics.CRM.${runSyncApi.uniqueName}`, {
    method: "POST",
    headers: { authorization: `Bearer ${sandbox.dataverse.accessToken}`, "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`Sync now of Email Account ${accountId} answered ${response.status}: ${await response.text()}`);
}

export async function startLocalProduct(options: LocalProductOptions = {}): Promise<LocalProduct> {
  const sandbox = await startSandbox({ dataversePort: options.dataversePort ?? 0, dotdigitalPort: options.dotdigitalPort ?? 0, demo: { people: options.demoPeople ?? 2000 } });
  const started: { service?: Service; app?: App } = {};
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await started.service?.stop();
      await started.app?.close();
      await sandbox.close();
    })());
  try {
    // A fresh key each start: only this service can answer the webhook the stand-in calls.
    const webhookKey = randomBytes(24).toString("base64url");
    const service = await startService({
      ...sandbox.env,
      MPS_WEBHOOK_KEY: webhookKey,
      MPS_PORT: String(options.servicePort ?? 0),
      MPS_HOST: "127.0.0.1",
      MPS_POLL_SECONDS: String(options.pollSeconds ?? 5),
      MPS_LOG_LEVEL: options.logLevel ?? "warn",
    });
    started.service = service;
    await registerWebhook(compose(sandbox.env).client, service.webhookUrl, webhookKey);
    const passwords: Record<string, string> = {};
    for (const account of Object.values(sandbox.demo?.accounts ?? {})) passwords[account.credentialName] = account.password;
    const placeholder = "APP_URL";
    const guide = guideFor(placeholder, sandbox);
    const app = await startApp({
      dataverse: { url: sandbox.urls.dataverse, token: sandbox.dataverse.accessToken },
      dotdigitalPasswords: passwords,
      port: options.appPort ?? 0,
      highlights: highlightsOf(sandbox),
      guide: guide.map((line) => line.replace(/ \(APP_URL[^)]*\)/, "")),
    });
    started.app = app;
    const accounts = Object.values(sandbox.demo?.accounts ?? {});
    const mode = options.initialSync ?? "wait";
    const initialSync = mode === "none" ? Promise.resolve() : Promise.all(accounts.map((a) => syncNow(sandbox, a.emailAccountId))).then(() => service.idle());
    if (mode === "wait") await initialSync;
    else initialSync.catch(() => undefined);
    return {
      sandbox,
      service,
      app,
      urls: { app: app.url, dataverse: sandbox.urls.dataverse, dotdigital: sandbox.urls.dotdigital, service: service.url },
      guide: guide.map((line) => line.replaceAll(placeholder, app.url)),
      initialSync,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops on Ctrl-C or SIGTERM; a second signal exits at once. */
function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      console.log(`\n${signal}: stopping…`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error instanceof Error ? error.message : error);
          process.exit(1);
        },
      );
    });
  }
}

/** `npm start`. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.MPS_DATAVERSE_URL !== undefined && env.MPS_DATAVERSE_URL !== "") {
    // A real organisation: only the service, exactly as `mpsync serve` runs it.
    const service = await startService(env);
    onSignals(() => service.stop());
    console.log(`mpsync serve is running against ${env.MPS_DATAVERSE_URL}`);
    console.log(`  webhook: ${service.webhookUrl}  (register it once with \`npx mpsync register-webhook\`)`);
    console.log("No stand-in and no local app were started. Ctrl-C stops the service.");
    return;
  }
  const t0 = Date.now();
  await ensureBuilt((line) => console.log(line));
  const people = env.MPS_DEMO_PEOPLE === undefined ? undefined : Number(env.MPS_DEMO_PEOPLE);
  const product = await startLocalProduct({
    ...(people === undefined ? {} : { demoPeople: people }),
    appPort: Number(env.MPS_APP_PORT ?? 0),
    logLevel: env.MPS_LOG_LEVEL ?? "warn",
    initialSync: "background",
  });
  onSignals(() => product.stop());
  const lines = [
    "",
    "Marketing Preferences Sync is running on this machine (sandbox: demo data, nothing leaves 127.0.0.1).",
    "",
    `  App                  ${product.urls.app}/`,
    `  Dataverse stand-in   ${product.sandbox.urls.dataverseApi}  (Bearer ${product.sandbox.dataverse.accessToken})`,
    `  Dotdigital stand-in  ${product.urls.dotdigital}/  (${DEMO_ACCOUNTS.demo.apiUser} / ${DEMO_ACCOUNTS.demo.password})`,
    `  mpsync serve         ${product.urls.service}  (webhook registered; schedules polled every 5 s)`,
    "",
    ...product.guide.map((line, i) => `  ${i + 1}. ${line}`),
    "",
    `Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; the first sync of each demo account is running. Ctrl-C stops everything.`,
  ];
  console.log(lines.join("\n"));
  product.initialSync.then(
    () => console.log("First sync done: every demo person's Marketing Preferences tab has rows."),
    (error: unknown) => console.error(`The first sync failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

export { ConfigError };
