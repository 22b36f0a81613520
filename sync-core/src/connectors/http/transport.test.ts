import { createCallCounter } from "./call-counter";
import { createManualClock } from "./clock";
import { retryPolicy } from "./retry";
import { createTransport, NetworkFailure, type CallGate, type TransportOptions } from "./transport";

type Step = number | "drop";

/** A fetch that answers with the given statuses (or drops the connection) in order. */
function scripted(steps: Step[]): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const fake = (() => {
    const step = steps[Math.min(calls, steps.length - 1)] ?? 200;
    calls += 1;
    if (step === "drop") return Promise.reject(new TypeError("fetch failed", { cause: new Error("other side closed") }));
    return Promise.resolve(new Response(JSON.stringify({ step }), { status: step }));
  }) as typeof fetch;
  return { fetch: fake, calls: () => calls };
}

function transport(steps: Step[], extra: Partial<TransportOptions> = {}) {
  const clock = createManualClock();
  const counter = createCallCounter();
  const script = scripted(steps);
  const t = createTransport({
    fetch: script.fetch,
    clock,
    sleep: clock.sleep,
    random: () => 0.5,
    retry: retryPolicy({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 }),
    counter,
    timeoutMs: 1000,
    ...extra,
  });
  return { t, clock, counter, script };
}

const get = { method: "GET", url: "http://api.test/x", endpoint: "GET /x" } as const;

describe("transport retries", () => {
  it("retries a 5xx burst with growing waits and returns the answer that finally came", async () => {
    const { t, clock, counter } = transport([503, 500, 200]);
    const response = await t.send(get);
    expect(response.status).toBe(200);
    expect(clock.slept).toEqual([50, 100]);
    expect(counter.snapshot()).toMatchObject({ total: 3, retries: 2 });
  });

  it("retries dropped connections the same way", async () => {
    const { t, counter } = transport(["drop", "drop", 200]);
    expect((await t.send(get)).status).toBe(200);
    expect(counter.snapshot().total).toBe(3);
  });

  it("gives the last 5xx back after the last attempt instead of looping forever", async () => {
    const { t, script } = transport([502]);
    expect((await t.send(get)).status).toBe(502);
    expect(script.calls()).toBe(4);
  });

  it("throws NetworkFailure naming the endpoint when no attempt got an answer", async () => {
    const { t } = transport(["drop"]);
    const error = await t.send(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkFailure);
    expect((error as NetworkFailure).message).toMatch(/^GET \/x: no answer after 4 attempts \(fetch failed: other side closed\)/);
  });

  it("never retries a 4xx", async () => {
    const { t, script } = transport([400, 200]);
    expect((await t.send(get)).status).toBe(400);
    expect(script.calls()).toBe(1);
  });

  it("waits as long as the server asks through the gate, then sends again", async () => {
    const paused: number[] = [];
    const gate: CallGate = { acquire: () => Promise.resolve(), pauseUntil: (at) => void paused.push(at) };
    const { t, clock, counter } = transport([429, 200], { gate, throttle: (r) => (r.status === 429 ? 7000 : undefined) });
    const start = clock.now();
    expect((await t.send(get)).status).toBe(200);
    expect(paused).toEqual([start + 7000]);
    expect(counter.snapshot()).toMatchObject({ total: 2, throttled: 1, retries: 0 });
  });

  it("stops waiting after the allowed number of throttle waits and returns the 429", async () => {
    const { t, script } = transport([429], { throttle: (r) => (r.status === 429 ? 10 : undefined), retry: retryPolicy({ maxThrottleWaits: 2 }) });
    expect((await t.send(get)).status).toBe(429);
    expect(script.calls()).toBe(3);
  });
});
