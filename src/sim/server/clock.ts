// Time for the stream-side machinery (digest batching, idle-timeout scans), injectable so
// tests step it by hand instead of sleeping.
export interface Clock {
  /** Wall-clock time in ns (DigestList and IdleTimeoutNotification timestamps). */
  nowNs(): bigint;
  /** Runs `callback` once after `delayMs`; returns a cancel function. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  nowNs: () => BigInt(Date.now()) * 1_000_000n,
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
