// The Internet checksum (RFC 1071) and the pseudo-header sums TCP and UDP need (RFC 793, 768, 8200).
import type { IPv4Address, IPv6Address } from './addresses.js';

/**
 * Unfolded one's-complement sum of the 16-bit big-endian words in bytes[start, end), added to
 * `initial`. An odd trailing byte is padded with zero, as RFC 1071 says. The result stays far
 * below 2^53 for any frame size, so folding can wait until the end.
 */
export function onesComplementSum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  return sum;
}

/** Folds carries back into 16 bits. */
export function foldSum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  return s;
}

/** The checksum to store in a header: the complement of the folded sum. */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  return ~foldSum(onesComplementSum(bytes, start, end, initial)) & 0xffff;
}

/** Sum of the IPv4 pseudo-header (src, dst, zero, protocol, L4 length). */
export function ipv4PseudoHeaderSum(src: IPv4Address, dst: IPv4Address, protocol: number, l4Length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + l4Length;
}

/** Sum of the IPv6 pseudo-header (src, dst, 32-bit upper-layer length, zeros, next header). */
export function ipv6PseudoHeaderSum(src: IPv6Address, dst: IPv6Address, nextHeader: number, l4Length: number): number {
  return onesComplementSum(dst, 0, 16, onesComplementSum(src, 0, 16)) + Math.floor(l4Length / 0x10000) + (l4Length & 0xffff) + nextHeader;
}

/**
 * TCP/UDP checksum of the segment in bytes[start, end) whose checksum field is at `fieldOffset`,
 * computed as if that field were zero. UDP callers map a result of 0 to 0xFFFF (RFC 768).
 */
export function transportChecksum(bytes: Uint8Array, start: number, end: number, fieldOffset: number, pseudoSum: number): number {
  // The field sits at an even distance from `start` (16 in TCP, 6 in UDP), so skipping it keeps
  // the words aligned.
  const before = onesComplementSum(bytes, start, fieldOffset, pseudoSum);
  return internetChecksum(bytes, fieldOffset + 2, end, before);
}
