import { getHeapStatistics } from "node:v8";
import type { MemoryGauge } from "../runner/ports";

/** The process's own heap, as the runner's gauge: used against V8's limit (which MPS_MAX_MEMORY_MB sets). */
export const processMemory: MemoryGauge = {
  pressure() {
    const h = getHeapStatistics();
    return h.heap_size_limit > 0 ? h.used_heap_size / h.heap_size_limit : 0;
  },
};

/** What /healthz says of memory, so an operator can see the cap the service runs under. */
export function memoryHealth(): { rssMb: number; heapUsedMb: number; heapLimitMb: number } {
  const h = getHeapStatistics();
  const mb = (n: number) => Math.round(n / 1048576);
  return { rssMb: mb(process.memoryUsage.rss()), heapUsedMb: mb(h.used_heap_size), heapLimitMb: mb(h.heap_size_limit) };
}
