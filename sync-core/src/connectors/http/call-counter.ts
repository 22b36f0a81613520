/** What a client has sent so far: the runner reports these in mps_syncrun. */
export interface CallCounts {
  /** HTTP requests sent, retries included: every one of them costs API budget. */
  readonly total: number;
  /** The same, per endpoint label such as "GET /v2/preferences". */
  readonly byEndpoint: Readonly<Record<string, number>>;
  /** Requests that were repeats after a 5xx or a network failure. */
  readonly retries: number;
  /** Times the server told us to slow down (429, or the hourly limit) and we waited. */
  readonly throttled: number;
}

export interface CallCounter {
  call(endpoint: string): void;
  retry(): void;
  throttled(): void;
  snapshot(): CallCounts;
}

export function createCallCounter(): CallCounter {
  let total = 0;
  let retries = 0;
  let throttled = 0;
  const byEndpoint: Record<string, number> = {};
  return {
    call(endpoint) {
      total += 1;
      byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    },
    retry() {
      retries += 1;
    },
    throttled() {
      throttled += 1;
    },
    snapshot: () => ({ total, byEndpoint: { ...byEndpoint }, retries, throttled }),
  };
}
