import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

jest.setTimeout(60_000);

const main = join(__dirname, "main.ts");

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<Exit>; ready: Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", main, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let onReady: (text: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes("Stop with")) onReady(stdout);
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, output: () => stdout, exited, ready };
}

describe("npm run sandbox", () => {
  it("prints both URLs and the demo credentials, serves them, and stops cleanly on SIGTERM", async () => {
    const { child, exited, ready } = run(["--seed", "demo", "--people", "40"]);
    const text = await Promise.race([ready, exited.then((e) => Promise.reject(new Error(`exited early: ${e.stderr}`)))]);
    const dataverseUrl = /org URL\s+(http:\/\/\S+)/.exec(text)?.[1];
    const dotdigitalUrl = /Dotdigital API\s+(http:\/\/\S+)/.exec(text)?.[1];
    expect(dataverseUrl).toBeDefined();
    expect(dotdigitalUrl).toBeDefined();
    expect(text).toContain("bearer token      sandbox-token");
    expect(text).toContain("demo@apiconnector.com / sandbox-password ");
    expect(text).toContain("emea@apiconnector.com / sandbox-password-2 ");
    expect(text).toContain("MPS_SECRET_DEMO=sandbox-password\n");
    expect(text).toContain("24 Contacts, 10 Leads, 6 Accounts");

    const contacts = await fetch(`${dataverseUrl}/api/data/v9.2/contacts?$select=fullname`, { headers: { authorization: "Bearer sandbox-token" } });
    expect(((await contacts.json()) as { value: unknown[] }).value).toHaveLength(24);
    const info = await fetch(`${dotdigitalUrl}/r1/v2/account-info`, { headers: { authorization: `Basic ${Buffer.from("demo@apiconnector.com:sandbox-password").toString("base64")}` } });
    expect(info.status).toBe(200);

    child.kill("SIGTERM");
    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain("Sandbox stopped.");
    await expect(fetch(`${dataverseUrl}/_sandbox/clock`)).rejects.toThrow();
  });

  it("says what is wrong with a bad option and exits 1", async () => {
    const tooFew = await run(["--people", "5"]).exited;
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toMatch(/"people" must be a whole number of at least 20/);
    const badPort = await run(["--dataverse-port", "http"]).exited;
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/--dataverse-port.*port number/);
  });
});
