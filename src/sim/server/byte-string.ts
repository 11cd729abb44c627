// P4Runtime binary strings (spec section 8.4): an unsigned value of a known bit width,
// big-endian. Like BMv2/PI we accept any length up to the field's byte width (leading zero
// bytes included) and refuse longer strings, values that do not fit the width, and empty
// strings; what we send back is canonical: the shortest string, one zero byte for 0.
import { invalid } from './rpc-error.js';

/** Big-endian bytes as a number, six at a time: one bigint per 48 bits, not two per byte. */
function bytesValue(buffer: Uint8Array, start: number, length: number): bigint {
  const end = start + length;
  const head = start + (length % 6 || 6);
  let small = 0;
  for (let i = start; i < head; i++) small = small * 256 + buffer[i]!;
  let value = BigInt(small);
  for (let at = head; at < end; at += 6) {
    small = 0;
    for (let i = at; i < at + 6; i++) small = small * 256 + buffer[i]!;
    value = (value << 48n) | BigInt(small);
  }
  return value;
}

/**
 * The value of `length` bytes of `buffer` from `start` as a field of `width` bits, or
 * undefined where bytesToBits throws (empty, too long, too wide): callers on hot paths
 * build their error text only then.
 */
export function readBits(buffer: Uint8Array, start: number, length: number, width: number): bigint | undefined {
  if (length === 0 || length > Math.ceil(width / 8)) return undefined;
  const value = bytesValue(buffer, start, length);
  if (width < length * 8 && value >> BigInt(width) !== 0n) return undefined;
  return value;
}

export function bytesToBits(bytes: Uint8Array, width: number, what: string): bigint {
  const value = readBits(bytes, 0, bytes.length, width);
  if (value !== undefined) return value;
  if (bytes.length === 0) throw invalid(`${what}: empty byte string`);
  const maxBytes = Math.ceil(width / 8);
  if (bytes.length > maxBytes) {
    throw invalid(`${what}: ${bytes.length} bytes for a ${width}-bit field (at most ${maxBytes})`);
  }
  throw invalid(`${what}: value 0x${bytesValue(bytes, 0, bytes.length).toString(16)} does not fit in ${width} bits`);
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
