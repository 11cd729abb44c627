// Reconnect delays: exponential growth from `initialMs` by `multiplier` up to `maxMs`,
// each randomised by +/- `jitter` (a fraction) so that many controllers restarted together
// do not reconnect in lock step.

export interface BackoffOptions {
  /** First delay, ms (default 100). */
  initialMs?: number;
  /** Upper bound of the delay before jitter, ms (default 10,000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  multiplier?: number;
  /** Randomisation as a fraction of the delay, 0..1 (default 0.2). */
  jitter?: number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  readonly jitter: number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 10_000;
    this.multiplier = options.multiplier ?? 2;
    this.jitter = options.jitter ?? 0.2;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.multiplier >= 1) || !(this.jitter >= 0 && this.jitter <= 1)) {
      throw new RangeError(`invalid backoff: need 0 < initialMs <= maxMs, multiplier >= 1, 0 <= jitter <= 1 (got ${JSON.stringify(options)})`);
    }
  }

  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** Delay before the next attempt, ms; counts the attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.multiplier ** this.attempt);
    this.attempt += 1;
    const spread = base * this.jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(base + spread));
  }

  reset(): void {
    this.attempt = 0;
  }
}
