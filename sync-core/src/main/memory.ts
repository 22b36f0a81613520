import { getHeapStatistics } from "node:v8";
import type { MemoryGauge } from "../runner/ports";

/** The process's own heap, as the runner's gauge: used against V8's limit (which MPS_MAX_MEMORY_MB sets). */
export const processMemory: MemoryGauge = {
  pressure() {
    const measure = () => {
      const h = getHeapStatistics();
      return h.heap_size_limit > 0 ? h.used_heap_size / h.heap_size_limit : 0;
    };
    const first = measure();
    // Used heap counts garbage until V8 collects it; when it looks full, collect (mpsync runs with
    // --expose-gc) and measure what is really live. Rare: only near the cap.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (first < 0.6 || gc === undefined) return first;
    gc();
    return measure();
  },
};

/** What /healthz says of memory, so an operator can see the cap the service runs under. */
export function memoryHealth(): { rssMb: number; heapUsedMb: number; heapLimitMb: number } {
  const h = getHeapStatistics();
  const mb = (n: number) => Math.round(n / 1048576);
  return { rssMb: mb(process.memoryUsage.rss()), heapUsedMb: mb(h.used_heap_size), heapLimitMb: mb(h.heap_size_limit) };
}
