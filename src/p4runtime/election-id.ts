// P4Runtime election ids are unsigned 128-bit integers carried as {high, low} uint64 pairs.
import type { Uint128 } from '../proto/p4/v1/p4runtime.js';
import { ValueEncodingError } from './errors.js';

const U64_MASK = 0xffff_ffff_ffff_ffffn;

/** Checks an election id and converts it for the wire. */
export function toUint128(id: bigint | number): Uint128 {
  const v = typeof id === 'bigint' ? id : Number.isSafeInteger(id) ? BigInt(id) : -1n;
  if (v < 0n || v >> 128n !== 0n) {
    throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `election id ${id} is not an unsigned 128-bit integer`);
  }
  return { high: v >> 64n, low: v & U64_MASK };
}

export function fromUint128(id: Uint128 | undefined): bigint | undefined {
  return id === undefined ? undefined : (id.high << 64n) | id.low;
}
