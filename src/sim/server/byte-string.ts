// P4Runtime binary strings (spec section 8.4): an unsigned value of a known bit width,
// big-endian. Like BMv2/PI we accept any length up to the field's byte width (leading zero
// bytes included) and refuse longer strings, values that do not fit the width, and empty
// strings; what we send back is canonical: the shortest string, one zero byte for 0.
import { invalid } from './rpc-error.js';

export function bytesToBits(bytes: Uint8Array, width: number, what: string): bigint {
  if (bytes.length === 0) throw invalid(`${what}: empty byte string`);
  const maxBytes = Math.ceil(width / 8);
  if (bytes.length > maxBytes) {
    throw invalid(`${what}: ${bytes.length} bytes for a ${width}-bit field (at most ${maxBytes})`);
  }
  // Six bytes at a time as an exact number: one bigint per 48 bits, not two per byte.
  const head = bytes.length % 6 || 6;
  let small = 0;
  for (let i = 0; i < head; i++) small = small * 256 + bytes[i]!;
  let value = BigInt(small);
  for (let at = head; at < bytes.length; at += 6) {
    small = 0;
    for (let i = at; i < at + 6; i++) small = small * 256 + bytes[i]!;
    value = (value << 48n) | BigInt(small);
  }
  if (width < bytes.length * 8 && value >> BigInt(width) !== 0n) {
    throw invalid(`${what}: value 0x${value.toString(16)} does not fit in ${width} bits`);
  }
  return value;
}

export function bitsToBytes(value: bigint): Buffer {
  if (value < 0n) throw new RangeError(`negative value ${value} has no P4Runtime byte string`);
  if (value < 256n) return Buffer.of(Number(value));
  if (value <= 0xffff_ffff_ffffn) {
    // The common case (ports, addresses, MACs) without a detour through a hex string.
    let small = Number(value);
    let length = 0;
    for (let v = small; v >= 1; v = Math.floor(v / 256)) length++;
    const out = Buffer.allocUnsafe(length);
    for (let i = length - 1; i >= 0; i--) {
      out[i] = small % 256;
      small = Math.floor(small / 256);
    }
    return out;
  }
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}

/** `value` as exactly `byteWidth` big-endian bytes (controller headers are fixed-width on the wire). */
export function bitsToFixedBytes(value: bigint, byteWidth: number): Buffer {
  const out = Buffer.alloc(byteWidth);
  let v = value;
  for (let i = byteWidth - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export const maxOfWidth = (width: number): bigint => (1n << BigInt(width)) - 1n;
