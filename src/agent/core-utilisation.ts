// Per-core utilisation over the interval between two /proc/stat samples.

import type { CpuTimes } from './proc-stat.js';

export interface CoreUtilisation {
  cpuId: number;
  /** Fraction of the interval the core was busy, 0..1. */
  utilisation: number;
}

/**
 * busy ticks / total ticks between `before` and `after`, for each CPU present in both.
 * A CPU with no elapsed ticks (sampled faster than the tick rate) or with counters that
 * went backwards (it was taken offline and back) yields no value for this interval.
 */
export function utilisationBetween(before: readonly CpuTimes[], after: readonly CpuTimes[]): CoreUtilisation[] {
  const previous = new Map(before.map((cpu) => [cpu.cpuId, cpu]));
  const result: CoreUtilisation[] = [];
  for (const cpu of after) {
    const prev = previous.get(cpu.cpuId);
    if (prev === undefined) continue;
    const total = cpu.total - prev.total;
    const busy = cpu.busy - prev.busy;
    if (total <= 0 || busy < 0) continue;
    result.push({ cpuId: cpu.cpuId, utilisation: Math.min(1, busy / total) });
  }
  return result;
}
