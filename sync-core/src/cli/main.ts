import { randomUUID } from "node:crypto";
import { Command, CommanderError } from "commander";
import { ConfigError, settingsHelp } from "../config/settings";
import { compose } from "../main/compose";
import { registerWebhook } from "../main/register-webhook";
import { startService } from "../main/serve";
import { readString } from "../config/settings";
import { RunError } from "../runner/errors";
import { runSync, type RunOutcome } from "../runner/run-sync";
import { terminalProgress } from "./progress";

export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes: 0 success, 1 the run failed or partly failed, 2 bad usage or configuration. */
export const EXIT = { ok: 0, runFailed: 1, usage: 2 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(outcome: RunOutcome, accountLabel: string): string {
  const c = outcome.counters;
  return [
    `${outcome.dryRun ? "Dry run" : "Sync"} of "${accountLabel}": ${outcome.result}`,
    `  pushed to Dotdigital: ${c.pushed}, pulled to Dynamics: ${c.pulled}, conflicts: ${c.conflicts}`,
    `  skipped: ${c.skippedSuppressed} suppressed, ${c.skippedIneligible} not eligible; failed: ${c.failed}`,
    `  API calls: Dataverse ${c.dataverseCalls}, Dotdigital ${c.dotdigitalCalls}`,
    ...(outcome.runId !== null ? [`  Sync Run: ${outcome.runId}`] : []),
    ...outcome.problems.slice(0, 10).map((p) => `  ! ${p}`),
  ].join("\n");
}

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("mpsync")
    .description("Marketing Preferences Sync: keeps Dotdigital marketing preferences and Dynamics 365 in step.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText("after", `\nConfiguration (environment variables):\n${settingsHelp()}\n\nExit codes: 0 success, 1 the run failed or partly failed, 2 bad usage or configuration.`);

  program
    .command("sync")
    .description("Run one sync of an Email Account now and wait for it.")
    .requiredOption("--email-account <name-or-id>", "the Email Account's name (mps_name) or id")
    .option("--dry-run", "plan only: write the plan and counts to a Sync Run, nothing else", false)
    .option("--json", "print the outcome as JSON", false)
    .action(async (options: { emailAccount: string; dryRun: boolean; json: boolean }) => {
      const composition = compose(io.env);
      const progress = terminalProgress(options.json ? ({ isTTY: false } as NodeJS.WriteStream) : io.stderr);
      const account = GUID.test(options.emailAccount) ? { id: options.emailAccount } : { name: options.emailAccount };
      const outcome = await runSync({ account, trigger: "Command line", dryRun: options.dryRun, correlationId: randomUUID() }, composition.deps(undefined, progress));
      progress.done();
      io.stdout.write(options.json ? `${JSON.stringify(outcome, null, 2)}\n` : `${describe(outcome, options.emailAccount)}\n`);
      // A run that could not start for want of configuration (a missing MPS_SECRET_*) is bad configuration.
      setExit(outcome.result === "Succeeded" ? EXIT.ok : outcome.failure === "config" ? EXIT.usage : EXIT.runFailed);
    });

  program
    .command("serve")
    .description("Run the service: the custom API webhook, the schedule poller and the run queue. Stops cleanly on SIGTERM or Ctrl-C.")
    .action(async () => {
      const service = await startService(io.env);
      io.stderr.write(`mpsync serve: listening on ${service.url}; webhook ${service.webhookUrl}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
      await service.stop();
    });

  program
    .command("register-webhook")
    .description("Create or update the service endpoint and the step that send mps_RunMarketingPreferenceSync calls to this service (uses MPS_WEBHOOK_KEY).")
    .requiredOption("--url <public-url>", "the public https address Dataverse will post to, e.g. https://sync.example.com/webhooks/run-marketing-preference-sync")
    .action(async (options: { url: string }) => {
      const key = readString(io.env, "MPS_WEBHOOK_KEY");
      if (key === undefined) throw new ConfigError("MPS_WEBHOOK_KEY", "MPS_WEBHOOK_KEY is not set: choose a long random key; the service checks it on every call");
      const composition = compose(io.env);
      const result = await registerWebhook(composition.client, options.url, key);
      io.stdout.write(
        `Service endpoint ${result.endpointId} ${result.created.endpoint ? "created" : "updated"}; step ${result.stepId} ${result.created.step ? "created" : "updated"}.\n`,
      );
    });

  return program;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof ConfigError) {
      io.stderr.write(`mpsync: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof RunError) {
      io.stderr.write(`mpsync: ${e.message}\n`);
      return e.kind === "not-found" || e.kind === "config" ? EXIT.usage : EXIT.runFailed;
    }
    io.stderr.write(`mpsync: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.runFailed;
  }
}
