// 48-bit microsecond timestamps (DESIGN.md 2.1): microseconds since the Unix epoch modulo 2^48,
// so they wrap about every 8.9 years and must be compared modulo 2^48.

export const TIMESTAMP_MODULUS = 2 ** 48;

export function toTimestamp48(microsSinceEpoch: number | bigint): number {
  if (typeof microsSinceEpoch === 'bigint') return Number(((microsSinceEpoch % 2n ** 48n) + 2n ** 48n) % 2n ** 48n);
  const m = Math.floor(microsSinceEpoch) % TIMESTAMP_MODULUS;
  return m < 0 ? m + TIMESTAMP_MODULUS : m;
}

/** The current time as a 48-bit timestamp (microsecond resolution from the monotonic clock). */
export function nowTimestamp48(): number {
  return toTimestamp48((performance.timeOrigin + performance.now()) * 1000);
}

/**
 * `later - earlier` modulo 2^48, mapped to [-2^47, 2^47): positive when `later` is after
 * `earlier` by less than half the wrap period, even across a wrap.
 */
export function timestamp48Diff(later: number, earlier: number): number {
  const d = toTimestamp48(later - earlier);
  return d >= TIMESTAMP_MODULUS / 2 ? d - TIMESTAMP_MODULUS : d;
}
