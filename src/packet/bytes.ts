// Byte-level helpers shared by the codecs. They work on Uint8Array directly: a DataView per
// call would be an allocation per header, and these run on every packet.
import { PacketDecodeError, PacketEncodeError } from './errors.js';

/** Throws a truncation error unless `bytes` holds `length` bytes from `offset`. */
export function requireBytes(bytes: Uint8Array, offset: number, length: number, what: string): void {
  if (offset + length > bytes.length) {
    throw new PacketDecodeError(what, offset, `truncated: needs ${length} bytes, ${Math.max(0, bytes.length - offset)} left`);
  }
}

export function readU16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function readU32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** 48-bit big-endian value; exact as a JS number (below 2^53). */
export function readU48(b: Uint8Array, o: number): number {
  return readU16(b, o) * 0x1_0000_0000 + readU32(b, o + 2);
}

export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}

export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}

export function writeU48(b: Uint8Array, o: number, v: number): void {
  writeU16(b, o, Math.floor(v / 0x1_0000_0000));
  writeU32(b, o + 2, v % 0x1_0000_0000);
}

/** Rejects values that are not integers in [0, 2^bits). */
export function checkUint(value: number, bits: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    throw new PacketEncodeError(what, `${value} is not an unsigned ${bits}-bit integer`);
  }
}

/** Throws unless `out` has room for `length` bytes at `offset`. */
export function requireRoom(out: Uint8Array, offset: number, length: number, what: string): void {
  if (offset < 0 || offset + length > out.length) {
    throw new PacketEncodeError(what, `needs ${length} bytes at offset ${offset}, buffer has ${out.length}`);
  }
}

/**
 * IPv4 and TCP both end their header with an option area of whole 32-bit words, 40 bytes at most,
 * announced by a 4-bit word count. Returns the header length the area gives.
 */
export function headerLengthWithOptions(options: Uint8Array, minLength: number, what: string): number {
  if (options.length % 4 !== 0 || options.length > 40) {
    throw new PacketEncodeError(what, `length ${options.length} is not a multiple of 4 up to 40`);
  }
  return minLength + options.length;
}

/** The option area of a decoded header, copied (a shared empty array when there is none). */
export function readOptionArea(bytes: Uint8Array, offset: number, minLength: number, headerLength: number): Uint8Array {
  return headerLength === minLength ? EMPTY_BYTES : bytes.slice(offset + minLength, offset + headerLength);
}

/** Shared zero-length array for headers without options, so decoding them allocates nothing extra. */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);
