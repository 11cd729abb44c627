// P4Runtime byte-string encoding of unsigned bit<W> values.
//
// P4Runtime carries every bit<W> value as a big-endian byte string. The canonical form,
// which BMv2/PI and Stratum accept and return on reads, is the shortest string that holds
// the value, with at least one byte: 0 is "\x00", 0x0a0b is "\x0a\x0b" whatever W is.
// Values wider than W are rejected here rather than by the server, so the error names the
// field.
import { looksLikeIPv4, looksLikeIPv6, looksLikeMac, parseIPv4, parseIPv6, parseMac } from './addresses.js';
import { ValueEncodingError } from './errors.js';

/**
 * A value for a bit<W> field: a non-negative integer (number up to 2^53-1, or bigint),
 * an address string ('10.0.0.1' for W=32, '2001:db8::1' for W=128, 'aa:bb:cc:dd:ee:ff' for
 * W=48), a '0x..' hex or decimal string, or big-endian bytes.
 */
export type P4Value = number | bigint | string | Uint8Array;

const TWO_POW_32 = 0x1_0000_0000;

function outOfRange(what: string, shown: string, bitwidth: number): ValueEncodingError {
  return new ValueEncodingError('VALUE_OUT_OF_RANGE', `${what}: ${shown} does not fit in bit<${bitwidth}>`);
}

function checkBitwidth(bitwidth: number, what: string): void {
  if (!Number.isInteger(bitwidth) || bitwidth < 1) {
    throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `${what}: bit width ${bitwidth} is not a positive integer`);
  }
}

function parseAddressOrNumber(text: string, bitwidth: number, what: string): bigint {
  const addressWidth = (kind: string, width: number): void => {
    if (bitwidth !== width) {
      throw new ValueEncodingError(
        'VALUE_MALFORMED',
        `${what}: ${kind} address '${text}' given for a bit<${bitwidth}> field (${kind} needs bit<${width}>)`,
      );
    }
  };
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  if (/^[0-9]+$/.test(text)) return BigInt(text);
  if (looksLikeIPv4(text)) {
    addressWidth('IPv4', 32);
    return BigInt(parseIPv4(text));
  }
  if (looksLikeMac(text)) {
    addressWidth('MAC', 48);
    return BigInt(parseMac(text));
  }
  if (looksLikeIPv6(text)) {
    addressWidth('IPv6', 128);
    return parseIPv6(text);
  }
  throw new ValueEncodingError(
    'VALUE_MALFORMED',
    `${what}: '${text}' is neither a number (decimal or 0x hex) nor an IPv4, IPv6 or MAC address`,
  );
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  // Six bytes at a time as an exact number, so a value up to 48 bits (ports, addresses,
  // timestamps: most of what digests and reads carry) makes one bigint instead of two per byte.
  const head = bytes.length % 6 || Math.min(6, bytes.length);
  let chunk = 0;
  for (let i = 0; i < head; i += 1) chunk = chunk * 256 + bytes[i]!;
  let out = BigInt(chunk);
  for (let at = head; at < bytes.length; at += 6) {
    chunk = 0;
    for (let i = at; i < at + 6; i += 1) chunk = chunk * 256 + bytes[i]!;
    out = (out << 48n) | BigInt(chunk);
  }
  return out;
}

/** The value as a bigint, checked to be an integer in [0, 2^bitwidth). */
export function valueToBigInt(value: P4Value, bitwidth: number, what = 'value'): bigint {
  checkBitwidth(bitwidth, what);
  let v: bigint;
  if (typeof value === 'bigint') {
    v = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new ValueEncodingError(
        Number.isInteger(value) ? 'VALUE_OUT_OF_RANGE' : 'VALUE_MALFORMED',
        `${what}: ${value} is not a safe integer (use a bigint for values of 2^53 and more)`,
      );
    }
    v = BigInt(value);
  } else if (typeof value === 'string') {
    v = parseAddressOrNumber(value, bitwidth, what);
  } else if (value instanceof Uint8Array) {
    v = bytesToBigInt(value);
  } else {
    throw new ValueEncodingError('VALUE_MALFORMED', `${what}: ${typeof value} is not a P4 value`);
  }
  if (v < 0n) throw outOfRange(what, String(v), bitwidth);
  if (v >> BigInt(bitwidth) !== 0n) throw outOfRange(what, v <= BigInt(Number.MAX_SAFE_INTEGER) ? String(v) : `0x${v.toString(16)}`, bitwidth);
  return v;
}

/** Canonical bytes of a non-negative bigint: shortest big-endian form, at least one byte. */
export function bigIntToBytes(value: bigint): Buffer {
  if (value < 0n) throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `${value} is negative`);
  if (value < 0x1_0000_0000n) return smallIntToBytes(Number(value));
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}

// Numbers below 2^32 are by far the common case (ports, IPv4, indices); this path avoids
// bigint and hex strings entirely.
function smallIntToBytes(v: number): Buffer {
  let length = 1;
  if (v >= 0x100) length = v >= 0x10000 ? (v >= 0x1000000 ? 4 : 3) : 2;
  const out = Buffer.allocUnsafe(length);
  for (let i = length - 1; i >= 0; i -= 1) {
    out[i] = v & 0xff;
    v >>>= 8;
  }
  return out;
}

/** Canonical P4Runtime byte string of `value` for a bit<bitwidth> field. */
export function encodeValue(value: P4Value, bitwidth: number, what = 'value'): Buffer {
  if (typeof value === 'number' && value >= 0 && value < TWO_POW_32 && Number.isInteger(value)) {
    if (!Number.isInteger(bitwidth) || bitwidth < 1) checkBitwidth(bitwidth, what);
    if (bitwidth < 32 && value >= 2 ** bitwidth) throw outOfRange(what, String(value), bitwidth);
    return smallIntToBytes(value);
  }
  return bigIntToBytes(valueToBigInt(value, bitwidth, what));
}

/** Strips leading zero bytes, keeping at least one: any big-endian string -> canonical. */
export function canonicalBytes(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  if (bytes.length === 0) return Buffer.from([0]);
  return Buffer.from(bytes.subarray(start));
}

/** Big-endian bytes (canonical or padded) -> bigint. */
export function decodeBigInt(bytes: Uint8Array): bigint {
  return bytesToBigInt(bytes);
}

/** Big-endian bytes -> number; throws VALUE_OUT_OF_RANGE above 2^53-1. */
export function decodeNumber(bytes: Uint8Array, what = 'value'): number {
  let out = 0;
  for (let i = 0; i < bytes.length; i += 1) out = out * 256 + bytes[i]!;
  if (!Number.isSafeInteger(out)) {
    throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `${what}: 0x${Buffer.from(bytes).toString('hex')} is over 2^53-1; decode it as a bigint`);
  }
  return out;
}

/** Mask with the `prefixLen` most significant bits of a bit<bitwidth> value set. */
export function prefixMask(prefixLen: number, bitwidth: number): bigint {
  const width = BigInt(bitwidth);
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefixLen))) - 1n);
}

/** Number of leading one bits of a mask if it is a prefix mask, else undefined. */
export function prefixLength(mask: bigint, bitwidth: number): number | undefined {
  for (let len = 0; len <= bitwidth; len += 1) if (prefixMask(len, bitwidth) === mask) return len;
  return undefined;
}

/** Largest value of a bit<bitwidth> field. */
export function maxValue(bitwidth: number): bigint {
  return (1n << BigInt(bitwidth)) - 1n;
}
