// IPv4 header (RFC 791) with options and fragmentation fields.
import type { IPv4Address } from './addresses.js';
import { checkUint, headerLengthWithOptions, readOptionArea, readU16, readU32, requireBytes, requireRoom, writeU16, writeU32 } from './bytes.js';
import { internetChecksum } from './checksum.js';
import { PacketDecodeError } from './errors.js';

export interface IPv4Header {
  /** DSCP, 6 bits. */
  dscp: number;
  /** ECN, 2 bits. */
  ecn: number;
  /** Header plus payload, in bytes. */
  totalLength: number;
  identification: number;
  /** The reserved (evil) flag bit; must be 0 on the wire but is carried so decoding is lossless. */
  reservedFlag: boolean;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In units of 8 bytes, 13 bits. */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  src: IPv4Address;
  dst: IPv4Address;
  /** Raw option area, a multiple of 4 bytes, at most 40 (see tlv-options.ts to split it). */
  options: Uint8Array;
}

export const IPV4_MIN_HEADER_LENGTH = 20;
export const IPV4_MAX_OPTIONS_LENGTH = 40;
/** Offset of the header checksum within the header. */
export const IPV4_CHECKSUM_OFFSET = 10;

export function ipv4HeaderLength(h: IPv4Header): number {
  return IPV4_MIN_HEADER_LENGTH + h.options.length;
}

/** Writes the header as given (checksum included; see fillIPv4Checksum) and returns the offset past it. */
export function encodeIPv4(h: IPv4Header, out: Uint8Array, offset = 0): number {
  const length = headerLengthWithOptions(h.options, IPV4_MIN_HEADER_LENGTH, 'ipv4.options');
  requireRoom(out, offset, length, 'ipv4');
  checkUint(h.dscp, 6, 'ipv4.dscp');
  checkUint(h.ecn, 2, 'ipv4.ecn');
  checkUint(h.totalLength, 16, 'ipv4.totalLength');
  checkUint(h.identification, 16, 'ipv4.identification');
  checkUint(h.fragmentOffset, 13, 'ipv4.fragmentOffset');
  checkUint(h.ttl, 8, 'ipv4.ttl');
  checkUint(h.protocol, 8, 'ipv4.protocol');
  checkUint(h.checksum, 16, 'ipv4.checksum');
  checkUint(h.src, 32, 'ipv4.src');
  checkUint(h.dst, 32, 'ipv4.dst');
  out[offset] = 0x40 | (length >>> 2);
  out[offset + 1] = (h.dscp << 2) | h.ecn;
  writeU16(out, offset + 2, h.totalLength);
  writeU16(out, offset + 4, h.identification);
  const flags = (h.reservedFlag ? 0x8000 : 0) | (h.dontFragment ? 0x4000 : 0) | (h.moreFragments ? 0x2000 : 0);
  writeU16(out, offset + 6, flags | h.fragmentOffset);
  out[offset + 8] = h.ttl;
  out[offset + 9] = h.protocol;
  writeU16(out, offset + 10, h.checksum);
  writeU32(out, offset + 12, h.src);
  writeU32(out, offset + 16, h.dst);
  out.set(h.options, offset + IPV4_MIN_HEADER_LENGTH);
  return offset + length;
}

/** Decodes the header only; the caller checks totalLength against what the frame holds. */
export function decodeIPv4(bytes: Uint8Array, offset = 0): IPv4Header {
  requireBytes(bytes, offset, IPV4_MIN_HEADER_LENGTH, 'ipv4');
  const version = bytes[offset]! >>> 4;
  if (version !== 4) throw new PacketDecodeError('ipv4.version', offset, `is ${version}, expected 4`);
  const headerLength = (bytes[offset]! & 0x0f) * 4;
  if (headerLength < IPV4_MIN_HEADER_LENGTH) {
    throw new PacketDecodeError('ipv4.ihl', offset, `${headerLength / 4} words is below the minimum of 5`);
  }
  requireBytes(bytes, offset, headerLength, 'ipv4.options');
  const totalLength = readU16(bytes, offset + 2);
  if (totalLength < headerLength) {
    throw new PacketDecodeError('ipv4.totalLength', offset + 2, `${totalLength} is shorter than the ${headerLength}-byte header`);
  }
  const fragment = readU16(bytes, offset + 6);
  return {
    dscp: bytes[offset + 1]! >>> 2,
    ecn: bytes[offset + 1]! & 3,
    totalLength,
    identification: readU16(bytes, offset + 4),
    reservedFlag: (fragment & 0x8000) !== 0,
    dontFragment: (fragment & 0x4000) !== 0,
    moreFragments: (fragment & 0x2000) !== 0,
    fragmentOffset: fragment & 0x1fff,
    ttl: bytes[offset + 8]!,
    protocol: bytes[offset + 9]!,
    checksum: readU16(bytes, offset + 10),
    src: readU32(bytes, offset + 12),
    dst: readU32(bytes, offset + 16),
    options: readOptionArea(bytes, offset, IPV4_MIN_HEADER_LENGTH, headerLength),
  };
}

/** Computes the header checksum of the encoded header at `offset` and stores it; returns it. */
export function fillIPv4Checksum(bytes: Uint8Array, offset = 0): number {
  const headerLength = (bytes[offset]! & 0x0f) * 4;
  bytes[offset + IPV4_CHECKSUM_OFFSET] = 0;
  bytes[offset + IPV4_CHECKSUM_OFFSET + 1] = 0;
  const checksum = internetChecksum(bytes, offset, offset + headerLength);
  writeU16(bytes, offset + IPV4_CHECKSUM_OFFSET, checksum);
  return checksum;
}

/** True when the encoded header at `offset` carries a correct checksum. */
export function ipv4ChecksumValid(bytes: Uint8Array, offset = 0): boolean {
  const headerLength = (bytes[offset]! & 0x0f) * 4;
  return internetChecksum(bytes, offset, offset + headerLength) === 0;
}

/** A fragment other than the first carries no transport header. */
export function isLaterFragment(h: IPv4Header): boolean {
  return h.fragmentOffset !== 0;
}
