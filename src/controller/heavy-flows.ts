// Heavy flows (the draft's back-pressure): a flow whose byte rate alone is over the
// threshold would overload the core it is pinned to. The controller samples the
// redirect table's direct counter (bytes per entry, summed over the switches, since
// ECMP may spread one flow's packets over several) every poll interval; the detector
// turns successive samples into rates and names the flows over the threshold, once
// each. The controller then marks the flow (pin_flow_and_mark with the configured DSCP,
// which the network's QoS can police) and penalises its core (core-penalties.ts).
//
// p4/lb.p4 offers marking but no per-flow meter: a direct meter on the redirect table
// would let the switch itself rate-limit a heavy flow (see docs/controller.md).

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
