/** Request counts per route, so tests and the demo can show how many calls a sync made. */
export interface StatsSnapshot {
  total: number;
  /** Keyed by `METHOD /route/pattern` (the pattern, not the concrete URL), e.g. `GET /:region/v2/preferences`. */
  byRoute: Record<string, number>;
}

export interface RequestStats {
  record(routeKey: string): void;
  snapshot(): StatsSnapshot;
  /** Count for one `METHOD /pattern` key; 0 when never called. */
  count(routeKey: string): number;
  reset(): void;
}

export function createRequestStats(): RequestStats {
  const byRoute = new Map<string, number>();
  let total = 0;
  return {
    record(routeKey) {
      total += 1;
      byRoute.set(routeKey, (byRoute.get(routeKey) ?? 0) + 1);
    },
    snapshot: () => ({ total, byRoute: Object.fromEntries([...byRoute.entries()].sort(([a], [b]) => a.localeCompare(b))) }),
    count: (routeKey) => byRoute.get(routeKey) ?? 0,
    reset() {
      total = 0;
      byRoute.clear();
    },
  };
}
