// Load-report timestamps are microseconds since the Unix epoch modulo 2^48 (about 8.9
// years per wrap), so they must be compared by their difference modulo 2^48, never
// directly: 2^48 - 5 is 10 µs before 5. Values stay exact in a JS number.

export const TIMESTAMP_MODULUS = 2 ** 48;
const HALF = 2 ** 47;

/** True for an integer in 0..2^48-1. */
export function isTimestamp48(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < TIMESTAMP_MODULUS;
}

/**
 * `later - earlier` modulo 2^48, as a signed value in -2^47..2^47-1: positive when
 * `later` is after `earlier` by less than half the wrap period.
 */
export function diff48(later: number, earlier: number): number {
  let d = (later - earlier) % TIMESTAMP_MODULUS;
  if (d < 0) d += TIMESTAMP_MODULUS;
  return d >= HALF ? d - TIMESTAMP_MODULUS : d;
}

/** A wall-clock time in microseconds reduced to the 48-bit report timestamp. */
export function toTimestamp48(epochMicros: number): number {
  const t = Math.floor(epochMicros) % TIMESTAMP_MODULUS;
  return t < 0 ? t + TIMESTAMP_MODULUS : t;
}
