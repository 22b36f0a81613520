import Fastify from "fastify";
import { createSandboxControls, installSandboxControls, type SandboxControls } from "./controls";
import { listenOn, type Listening } from "./listen";

let server: Listening;
let controls: SandboxControls;

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

beforeEach(async () => {
  controls = createSandboxControls();
  const app = Fastify();
  installSandboxControls(app, { controls, faultBody: (status) => ({ message: `stand-in error ${status}` }) });
  app.get("/items/:id", (request) => ({ id: (request.params as { id: string }).id, at: controls.clock.now().toISOString() }));
  app.get("/other", () => ({ ok: true }));
  server = await listenOn(app);
});

afterEach(async () => {
  await server.close();
});

describe("test clock", () => {
  it("stamps the time a test sets, moves it forward on request and returns to real time", async () => {
    const set = await post("/_sandbox/clock", { now: "2024-03-01T10:00:00Z" });
    expect(await set.json()).toEqual({ now: "2024-03-01T10:00:00.000Z", fixed: true });
    expect(await (await fetch(`${server.url}/items/1`)).json()).toEqual({ id: "1", at: "2024-03-01T10:00:00.000Z" });

    await post("/_sandbox/clock", { advanceMs: 90_000 });
    expect(await (await fetch(`${server.url}/items/1`)).json()).toMatchObject({ at: "2024-03-01T10:01:30.000Z" });

    await post("/_sandbox/clock", { now: null });
    const { at } = (await (await fetch(`${server.url}/items/1`)).json()) as { at: string };
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(60_000);
  });

  it("rejects a date that is not ISO 8601 and says what to send", async () => {
    const response = await post("/_sandbox/clock", { now: "yesterday" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ kind: "bad-request", message: expect.stringContaining('"now"') as unknown });
  });
});

describe("request stats", () => {
  it("counts calls per method and route pattern, not per concrete URL, and resets", async () => {
    await fetch(`${server.url}/items/1`);
    await fetch(`${server.url}/items/2`);
    await fetch(`${server.url}/other`);
    await fetch(`${server.url}/missing`);
    expect(await (await fetch(`${server.url}/_sandbox/stats`)).json()).toEqual({
      total: 4,
      byRoute: { "GET (no route)": 1, "GET /items/:id": 2, "GET /other": 1 },
    });
    await post("/_sandbox/stats/reset", {});
    expect(await (await fetch(`${server.url}/_sandbox/stats`)).json()).toEqual({ total: 0, byRoute: {} });
  });
});

describe("fault injection", () => {
  it("answers the next N matching calls with the status and the stand-in's error body, then recovers", async () => {
    expect((await post("/_sandbox/faults", { status: 503, count: 2, route: "GET /items/:id" })).status).toBe(201);
    const other = await fetch(`${server.url}/other`);
    expect(other.status).toBe(200);
    const first = await fetch(`${server.url}/items/1`);
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ message: "stand-in error 503" });
    expect((await fetch(`${server.url}/items/1`)).status).toBe(503);
    expect((await fetch(`${server.url}/items/1`)).status).toBe(200);
  });

  it("sends a fault's own body and headers", async () => {
    await post("/_sandbox/faults", { status: 429, body: { custom: true }, headers: { "retry-after": "7" }, count: 1 });
    const response = await fetch(`${server.url}/other`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({ custom: true });
  });

  it("drops the connection without an answer", async () => {
    await post("/_sandbox/faults", { drop: true, count: 1, pathPrefix: "/items" });
    await expect(fetch(`${server.url}/items/1`)).rejects.toThrow();
    expect((await fetch(`${server.url}/items/1`)).status).toBe(200);
  });

  it("delays answers by the latency asked for", async () => {
    await post("/_sandbox/faults", { latencyMs: 150, count: 1 });
    const started = performance.now();
    const response = await fetch(`${server.url}/other`);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("picks the same requests for the same seed", async () => {
    async function run(): Promise<number[]> {
      await fetch(`${server.url}/_sandbox/faults`, { method: "DELETE" });
      await post("/_sandbox/faults", { status: 500, ratio: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await fetch(`${server.url}/other`)).status);
      return statuses;
    }
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it("clears every fault on DELETE and never faults its own control routes", async () => {
    await post("/_sandbox/faults", { status: 500 });
    expect((await fetch(`${server.url}/_sandbox/stats`)).status).toBe(200);
    expect((await fetch(`${server.url}/_sandbox/faults`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${server.url}/other`)).status).toBe(200);
  });

  it("refuses a rule that would do nothing, naming what is missing", async () => {
    const response = await post("/_sandbox/faults", { count: 3 });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining("status") as unknown });
  });
});
