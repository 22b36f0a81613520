import { backoffDelayMs, isTransientStatus, retryPolicy } from "./retry";

describe("backoff", () => {
  const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });

  it("doubles the ceiling per retry and never goes past the cap", () => {
    const top = (retry: number): number => backoffDelayMs(retry, policy, () => 0.999999);
    expect([0, 1, 2, 3, 4, 10].map(top)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("spreads waits between zero and the ceiling (full jitter)", () => {
    expect(backoffDelayMs(2, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(200);
  });
});

describe("which answers are retried", () => {
  it("retries server errors only, never a 4xx", () => {
    expect([500, 502, 503, 504].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 429].some(isTransientStatus)).toBe(false);
  });
});
