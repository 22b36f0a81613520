// `npm run sandbox -- [--dataverse-port <p>] [--dotdigital-port <p>] [--seed demo|none] [--people N]`:
// both stand-ins on this machine, seeded, until SIGINT/SIGTERM.
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_DEMO_PEOPLE, DemoOptionError, describeSandbox, startSandbox, type Sandbox, type SandboxSeed } from "./demo";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError("give a port number from 0 to 65535 (0 picks a free port).");
  return n;
}

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("give a whole number.");
  return Number(value);
}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name("sandbox")
    .description("Starts the Dataverse and Dotdigital stand-ins on this machine, seeded with demo data.")
    .addOption(new Option("--dataverse-port <port>", "Dataverse stand-in port (0 = a free port)").argParser(port).default(0))
    .addOption(new Option("--dotdigital-port <port>", "Dotdigital stand-in port (0 = a free port)").argParser(port).default(0))
    .addOption(new Option("--host <host>", "address to listen on").default("127.0.0.1"))
    .addOption(new Option("--seed <seed>", "demo data, or none").choices(["demo", "none"]).default("demo"))
    .addOption(new Option("--people <n>", "Contacts + Leads + Accounts in the demo data").argParser(count).default(DEFAULT_DEMO_PEOPLE))
    .addOption(new Option("--random-seed <n>", "seed of the demo data generator (same seed, same data)").argParser(count).default(1))
    .showHelpAfterError();
  program.parse(argv, { from: "node" });
  const opts = program.opts<{ dataversePort: number; dotdigitalPort: number; host: string; seed: SandboxSeed; people: number; randomSeed: number }>();

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      dataversePort: opts.dataversePort,
      dotdigitalPort: opts.dotdigitalPort,
      host: opts.host,
      seed: opts.seed,
      demo: { people: opts.people, seed: opts.randomSeed },
    });
  } catch (error) {
    const message = error instanceof DemoOptionError ? error.message : `The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
    console.error(message);
    process.exitCode = 1;
    return;
  }
  console.log(describeSandbox(sandbox));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal while closing: the user wants out now.
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    void sandbox.close().then(() => {
      console.log("Sandbox stopped.");
      process.exit(0);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main(process.argv);
