// A load penalty on a core, for a while: a core carrying a heavy flow is busier than
// its last report may show yet, so the controller adds the penalty to the load of the
// core's reports until the penalty expires. The heap is keyed by reported loads, so the
// penalty takes effect with the core's next report and the k-set planner sees the core
// as busier exactly like any other load.

import { MAX_LOAD } from './limits.js';

export class CorePenalties {
  private readonly penalties = new Map<string, { penalty: number; untilMs: number }>();

  set(serverIndex: number, coreId: number, penalty: number, untilMs: number): void {
    this.penalties.set(`${serverIndex}/${coreId}`, { penalty, untilMs });
  }

  /** The load to ingest for a report of `load` from (server, core) at `nowMs`. */
  apply(serverIndex: number, coreId: number, load: number, nowMs: number): number {
    if (this.penalties.size === 0) return load;
    const key = `${serverIndex}/${coreId}`;
    const p = this.penalties.get(key);
    if (p === undefined) return load;
    if (p.untilMs <= nowMs) {
      this.penalties.delete(key);
      return load;
    }
    return Math.min(MAX_LOAD, load + p.penalty);
  }

  /** Active penalties, for the status endpoint. */
  list(nowMs: number): Array<{ serverIndex: number; coreId: number; penalty: number; remainingMs: number }> {
    const out = [];
    for (const [key, p] of this.penalties) {
      if (p.untilMs <= nowMs) continue;
      const [serverIndex, coreId] = key.split('/').map(Number) as [number, number];
      out.push({ serverIndex, coreId, penalty: p.penalty, remainingMs: p.untilMs - nowMs });
    }
    return out;
  }
}
