import { createManualClock } from "../http/clock";
import { type HttpResponse } from "../http/transport";
import { createCallBudget, createDotdigitalRateLimiter, parseRateLimitHeaders, resetToLocalMs } from "./rate-limiter";

function response(status: number, headers: Record<string, string> = {}, text = ""): HttpResponse {
  return { status, headers: new Headers(headers), text, endpoint: "GET /v2/preferences" };
}

describe("call budget", () => {
  it("never lets more than the limit go out in any window, however many callers ask at once", async () => {
    const clock = createManualClock(0);
    const budget = createCallBudget({ limit: 3, windowMs: 1000, clock, sleep: clock.sleep });
    const sentAt: number[] = [];
    await Promise.all(Array.from({ length: 10 }, async () => {
      await budget.acquire();
      sentAt.push(clock.now());
    }));
    expect(sentAt).toHaveLength(10);
    for (const t of sentAt) expect(sentAt.filter((s) => s > t - 1000 && s <= t).length).toBeLessThanOrEqual(3);
    // And it is not slower than it must be: 10 calls at 3 per second take three windows.
    expect(Math.max(...sentAt)).toBe(3000);
  });

  it("lets calls through without waiting while under the limit", async () => {
    const clock = createManualClock(0);
    const budget = createCallBudget({ limit: 5, windowMs: 60_000, clock, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await budget.acquire();
    expect(clock.slept).toEqual([]);
    expect(budget.used()).toBe(5);
    clock.advance(60_000);
    expect(budget.used()).toBe(0);
  });

  it("holds every call back while the server has paused us", async () => {
    const clock = createManualClock(0);
    const budget = createCallBudget({ limit: 100, windowMs: 1000, clock, sleep: clock.sleep });
    budget.pauseUntil(45_000);
    budget.pauseUntil(10_000); // an earlier pause does not shorten a later one
    await budget.acquire();
    expect(clock.now()).toBe(45_000);
  });

  it("refuses a limit that is not a whole number of calls", () => {
    const clock = createManualClock(0);
    expect(() => createCallBudget({ limit: 0, windowMs: 1000, clock, sleep: clock.sleep })).toThrow("budget.limit");
  });
});

describe("X-RateLimit headers", () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it("reads Reset as seconds from now when it is small", () => {
    expect(resetToLocalMs(42, now)).toBe(now + 42_000);
  });

  it("reads Reset as an epoch in seconds or milliseconds when it is large", () => {
    expect(resetToLocalMs(now / 1000 + 30, now)).toBe(now + 30_000);
    expect(resetToLocalMs(now + 30_000, now)).toBe(now + 30_000);
  });

  it("moves an epoch Reset onto our clock when the server's clock is ahead", () => {
    const serverNow = now + 5000;
    expect(resetToLocalMs(serverNow / 1000 + 30, now, serverNow)).toBe(now + 30_000);
  });

  it("reads all four headers whatever their case", () => {
    const headers = new Headers({ "X-RATELIMIT-LIMIT": "35", "x-ratelimit-remaining": "0", "X-RateLimit-Reset": "12", "x-ratelimit-scope": "Low" });
    expect(parseRateLimitHeaders(headers, now)).toEqual({ limit: 35, remaining: 0, resetAt: now + 12_000, scope: "Low" });
    expect(parseRateLimitHeaders(new Headers(), now)).toEqual({ limit: undefined, remaining: undefined, resetAt: undefined, scope: undefined });
  });
});

describe("Dotdigital throttling", () => {
  it("waits until Reset on a 429", () => {
    const clock = createManualClock(0);
    const limiter = createDotdigitalRateLimiter(createCallBudget({ limit: 10, windowMs: 1000, clock, sleep: clock.sleep }), clock);
    expect(limiter.throttle(response(429, { "x-ratelimit-reset": "20" }), 0)).toBe(20_000);
  });

  it("treats 400 ERROR_APIUSAGE_EXCEEDED (hourly scheme) as a wait, escalating without a Reset header", () => {
    const clock = createManualClock(0);
    const limiter = createDotdigitalRateLimiter(createCallBudget({ limit: 10, windowMs: 1000, clock, sleep: clock.sleep }), clock);
    const hourly = response(400, {}, JSON.stringify({ message: "ERROR_APIUSAGE_EXCEEDED" }));
    expect([0, 1, 2, 9].map((n) => limiter.throttle(hourly, n))).toEqual([60_000, 120_000, 240_000, 3_600_000]);
    expect(limiter.throttle(response(400, {}, JSON.stringify({ message: "ERROR_PREFERENCE_INVALID" })), 0)).toBeUndefined();
  });

  it("pauses the whole client when an answer says nothing remains, before any 429", async () => {
    const clock = createManualClock(0);
    const budget = createCallBudget({ limit: 10, windowMs: 1000, clock, sleep: clock.sleep });
    const limiter = createDotdigitalRateLimiter(budget, clock);
    limiter.gate.observe?.(response(200, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30", "x-ratelimit-limit": "35" }));
    expect(limiter.lastSeen()).toMatchObject({ limit: 35, remaining: 0 });
    await budget.acquire();
    expect(clock.now()).toBe(30_000);
  });
});
