// The mpsync process as an operator starts it (node sync-core/bin/mpsync.cjs): it sizes its own heap
// from MPS_MAX_MEMORY_MB, and stops entirely when its pid is killed.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { startWorld, type World } from "../support/world";

const BIN = join(__dirname, "../../sync-core/bin/mpsync.cjs");

interface Health {
  status: string;
  memory: { heapLimitMb: number; heapUsedMb: number; rssMb: number };
}

function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, "serve"], { env: { ...inherited, ...env, MPS_PORT: "0", MPS_POLL_SECONDS: "3600", MPS_LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+?);/.exec(err);
      if (m !== null) resolve({ child, url: m[1]! });
    });
    child.once("exit", (code) => reject(new Error(`mpsync serve exited with ${code}: ${err}`)));
  });
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

describe("the mpsync process", () => {
  let world: World;
  let running: ChildProcess | undefined;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterEach(() => {
    running?.kill("SIGKILL");
    running = undefined;
  });
  afterAll(async () => {
    await world.close();
  });

  it("sizes its heap for a 512 MB container when nothing is set", async () => {
    const { child, url } = await serve({ ...world.env, MPS_WEBHOOK_KEY: "k".repeat(32) });
    running = child;
    const h = await health(url);
    expect(h.status).toBe("ok");
    // The old space is 60 % of the container; V8 adds its young generation on top.
    expect(h.memory.heapLimitMb).toBeGreaterThanOrEqual(300);
    expect(h.memory.heapLimitMb).toBeLessThan(400);
  }, 30_000);

  it("follows MPS_MAX_MEMORY_MB", async () => {
    const { child, url } = await serve({ ...world.env, MPS_WEBHOOK_KEY: "k".repeat(32), MPS_MAX_MEMORY_MB: "2048" });
    running = child;
    const h = await health(url);
    expect(h.memory.heapLimitMb).toBeGreaterThanOrEqual(1228);
    expect(h.memory.heapLimitMb).toBeLessThan(1400);
  }, 30_000);

  it("stops serving when the pid an operator sees is killed, even with SIGKILL", async () => {
    const { child, url } = await serve({ ...world.env, MPS_WEBHOOK_KEY: "k".repeat(32) });
    expect((await health(url)).status).toBe("ok");
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    // The relaunched child notices its parent is gone and exits: nothing answers any more.
    let answering = true;
    for (let i = 0; i < 50 && answering; i++) {
      await new Promise((r) => setTimeout(r, 200));
      answering = await fetch(`${url}/healthz`).then(
        () => true,
        () => false,
      );
    }
    expect(answering).toBe(false);
  }, 30_000);

  it("refuses a bad MPS_MAX_MEMORY_MB with exit code 2, naming the setting", async () => {
    const child = spawn(process.execPath, [BIN, "serve"], { env: { ...process.env, ...world.env, MPS_MAX_MEMORY_MB: "lots" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('MPS_MAX_MEMORY_MB is "lots": it must be a whole number from 256');
  }, 30_000);
});
