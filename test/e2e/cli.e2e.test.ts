// The mpsync CLI end to end against the stand-ins: exit codes and what it tells the admin.
import { PassThrough } from "node:stream";
import { RunResult } from "@mps/model";
import { runCli } from "@mps/sync-core";
import { startWorld, type SeededAccount, type World } from "../support/world";

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream, env });
  return { code, out, err };
}

describe("npx mpsync", () => {
  let world: World;
  let account: SeededAccount;

  beforeAll(async () => {
    world = await startWorld();
    account = world.addAccount({ name: "UK newsletters", apiUser: "demo@apiconnector.com", password: "sandbox-password" });
    const news = account.dd.addPreference({ publicName: "News" });
    world.addRecord("contact", "o'brien+news@example.com", account);
    account.dd.addContact({ email: "o'brien+news@example.com" });
    account.dd.setOptIn("o'brien+news@example.com", news, true);
  });
  afterAll(async () => {
    await world.close();
  });

  it("syncs an Email Account by name, exits 0 and says what it did", async () => {
    const { code, out } = await cli(["sync", "--email-account", "UK newsletters"], world.env);
    expect(code).toBe(0);
    expect(out).toContain("Succeeded");
    expect(out).toContain("pulled to Dynamics: 1");
  });

  it("prints the outcome as JSON with --json, and a dry run writes only its Sync Run", async () => {
    const before = world.dv.rows("mps_syncrun").length;
    const { code, out } = await cli(["sync", "--email-account", "UK newsletters", "--dry-run", "--json"], world.env);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ result: "Succeeded", dryRun: true });
    expect(world.dv.rows("mps_syncrun").length).toBe(before + 1);
  });

  it("exits 2 naming the setting when configuration is missing", async () => {
    const { code, err } = await cli(["sync", "--email-account", "UK newsletters"], {});
    expect(code).toBe(2);
    expect(err).toContain("MPS_DATAVERSE_URL");
  });

  it("exits 2 naming the secret variable, never its value, and records the failed run for the admin", async () => {
    const env = { ...world.env };
    delete env["MPS_SECRET_UKNEWSLETTERS"];
    const { code, out } = await cli(["sync", "--email-account", "UK newsletters"], env);
    expect(code).toBe(2);
    expect(out).toContain("MPS_SECRET_UKNEWSLETTERS is not set");
    expect(out).not.toContain("sandbox-password");
    const failed = world.dv.rows("mps_syncrun").filter((r) => r["mps_result"] === RunResult.Failed);
    expect(failed.length).toBe(1);
  });

  it("exits 2 for an Email Account that does not exist, and for bad usage", async () => {
    expect((await cli(["sync", "--email-account", "Nope"], world.env)).code).toBe(2);
    expect((await cli(["sync"], world.env)).code).toBe(2);
    expect((await cli(["frobnicate"], world.env)).code).toBe(2);
  });

  it("documents every command and setting in --help", async () => {
    const { code, out } = await cli(["--help"], {});
    expect(code).toBe(0);
    for (const word of ["sync", "serve", "register-webhook", "MPS_DATAVERSE_URL", "MPS_SECRET_<CREDENTIALNAME>", "Exit codes"]) expect(out).toContain(word);
  });
});
