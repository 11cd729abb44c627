// Converting a switch's ingress timestamps to the load-report clock (µs since the Unix
// epoch modulo 2^48). BMv2 stamps packets with µs since the switch started, so the
// controller estimates the offset between the two clocks from the digests themselves:
//
//   offset = min over digests of (controller wall clock at receipt - switch timestamp)
//
// Each sample is the true offset plus the digest's delivery delay (batching, gRPC,
// event loop), never less, so the minimum converges on the offset plus the smallest
// delivery delay seen: switch times come out at most that much early, which errs on the
// side of calling a report fresh. A switch whose clock is already on the epoch (PTP on a
// hardware target) gives an offset of about zero the same way. The estimate restarts
// when the switch reconnects (it may have restarted, resetting its clock) and when a
// sample exceeds the estimate by more than `restartAfterUs` (a delivery delay that long
// is implausible: the switch clock went back to zero).
// The first digests after a (re)connect are often delivered slowly (connection and JIT
// warm-up), so the estimate starts high and settles within a moment. Until
// `settleUs` of digests have been seen the clock is not `settled`, and the controller
// does not judge staleness with it (a too-high offset would make fresh reports look
// stale and hold their servers down for nothing).

import { TIMESTAMP_MODULUS, diff48, toTimestamp48 } from './timestamp48.js';

export class SwitchClock {
  private offsetUs: number | undefined;
  private firstSampleWallUs: number | undefined;
  private lastSampleWallUs = 0;

  constructor(
    private readonly settleUs = 1_000_000,
    private readonly restartAfterUs = 60_000_000,
  ) {}

  /** Feeds a digest's switch timestamp received at `wallUs` (controller µs since the epoch); returns it on the report clock. */
  toReportClock(switchTimestampUs: number, wallUs: number): number {
    const sample = diff48(toTimestamp48(wallUs), switchTimestampUs);
    if (this.offsetUs === undefined || sample < this.offsetUs || sample - this.offsetUs > this.restartAfterUs) {
      if (this.offsetUs !== undefined && sample - this.offsetUs > this.restartAfterUs) this.firstSampleWallUs = undefined;
      this.offsetUs = sample;
    }
    this.firstSampleWallUs ??= wallUs;
    this.lastSampleWallUs = wallUs;
    const t = (switchTimestampUs + this.offsetUs) % TIMESTAMP_MODULUS;
    return t < 0 ? t + TIMESTAMP_MODULUS : t;
  }

  /** The current estimate, µs (undefined before the first digest). */
  get offset(): number | undefined {
    return this.offsetUs;
  }

  /** Whether the estimate has had `settleUs` of digests to settle. */
  get settled(): boolean {
    return this.firstSampleWallUs !== undefined && this.lastSampleWallUs - this.firstSampleWallUs >= this.settleUs;
  }

  reset(): void {
    this.offsetUs = undefined;
    this.firstSampleWallUs = undefined;
  }
}
