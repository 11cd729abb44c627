// Heavy flows (the draft's back-pressure): a flow whose byte rate alone is over the
// threshold would overload the core it is pinned to. The controller samples the
// redirect table's direct counter (bytes per entry, summed over the switches, since
// ECMP may spread one flow's packets over several) every poll interval; the detector
// turns successive samples into rates and names the flows over the threshold, once
// each. The controller then treats the flow as heavy (heavyTreatment below) and
// penalises its core (core-penalties.ts).

import type { HeavyFlowsConfig } from './config.js';
import type { HeavyTreatment } from './redirect-writer.js';

/**
 * What a heavy flow's redirect entry becomes: without `rateLimit`, pin_flow_and_mark (every
 * packet gets the DSCP, which the network's QoS can police); with it, pin_flow_metered and the
 * entry's direct meter set to the configured rates (bytes): above the committed rate packets
 * get the DSCP, above the peak rate the switch drops them.
 */
export function heavyTreatment(config: HeavyFlowsConfig): HeavyTreatment {
  const { markDscp, rateLimit } = config;
  if (rateLimit === undefined) return { markDscp };
  return {
    markDscp,
    meter: {
      cir: rateLimit.committedBytesPerSecond, cburst: rateLimit.committedBurstBytes,
      pir: rateLimit.peakBytesPerSecond, pburst: rateLimit.peakBurstBytes,
    },
  };
}

export class HeavyFlowDetector {
  private last = new Map<string, number>();
  private lastAtMs: number | undefined;
  private readonly reported = new Set<string>();

  constructor(private readonly bytesPerSecond: number) {}

  /**
   * Feeds one sample (total bytes per flow id at `nowMs`) and returns the flows whose
   * rate since the previous sample is over the threshold and that were not reported
   * before, with their rates in bytes/s.
   */
  observe(bytes: ReadonlyMap<string, number>, nowMs: number): Array<{ id: string; bytesPerSecond: number }> {
    const heavy: Array<{ id: string; bytesPerSecond: number }> = [];
    const elapsedS = this.lastAtMs === undefined ? 0 : (nowMs - this.lastAtMs) / 1000;
    if (elapsedS > 0) {
      for (const [id, total] of bytes) {
        const before = this.last.get(id);
        if (before === undefined || this.reported.has(id)) continue;
        const rate = Math.max(0, total - before) / elapsedS;
        if (rate > this.bytesPerSecond) {
          this.reported.add(id);
          heavy.push({ id, bytesPerSecond: rate });
        }
      }
    }
    // Forget flows that are gone, so the sets do not grow without bound.
    for (const id of this.reported) if (!bytes.has(id)) this.reported.delete(id);
    this.last = new Map(bytes);
    this.lastAtMs = nowMs;
    return heavy;
  }
}
