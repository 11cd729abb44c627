// IPv6 fixed header (RFC 8200). Extension headers are not parsed: nextHeader names what follows.
import type { IPv6Address } from './addresses.js';
import { checkUint, readU16, readU32, requireBytes, requireRoom, writeU16, writeU32 } from './bytes.js';
import { PacketDecodeError, PacketEncodeError } from './errors.js';

export interface IPv6Header {
  trafficClass: number;
  /** 20 bits. */
  flowLabel: number;
  payloadLength: number;
  nextHeader: number;
  hopLimit: number;
  src: IPv6Address;
  dst: IPv6Address;
}

export const IPV6_HEADER_LENGTH = 40;

function checkAddress(address: IPv6Address, what: string): void {
  if (address.length !== 16) throw new PacketEncodeError(what, `has ${address.length} bytes, expected 16`);
}

export function encodeIPv6(h: IPv6Header, out: Uint8Array, offset = 0): number {
  requireRoom(out, offset, IPV6_HEADER_LENGTH, 'ipv6');
  checkUint(h.trafficClass, 8, 'ipv6.trafficClass');
  checkUint(h.flowLabel, 20, 'ipv6.flowLabel');
  checkUint(h.payloadLength, 16, 'ipv6.payloadLength');
  checkUint(h.nextHeader, 8, 'ipv6.nextHeader');
  checkUint(h.hopLimit, 8, 'ipv6.hopLimit');
  checkAddress(h.src, 'ipv6.src');
  checkAddress(h.dst, 'ipv6.dst');
  writeU32(out, offset, ((6 << 28) | (h.trafficClass << 20) | h.flowLabel) >>> 0);
  writeU16(out, offset + 4, h.payloadLength);
  out[offset + 6] = h.nextHeader;
  out[offset + 7] = h.hopLimit;
  out.set(h.src, offset + 8);
  out.set(h.dst, offset + 24);
  return offset + IPV6_HEADER_LENGTH;
}

export function decodeIPv6(bytes: Uint8Array, offset = 0): IPv6Header {
  requireBytes(bytes, offset, IPV6_HEADER_LENGTH, 'ipv6');
  const first = readU32(bytes, offset);
  const version = first >>> 28;
  if (version !== 6) throw new PacketDecodeError('ipv6.version', offset, `is ${version}, expected 6`);
  return {
    trafficClass: (first >>> 20) & 0xff,
    flowLabel: first & 0xfffff,
    payloadLength: readU16(bytes, offset + 4),
    nextHeader: bytes[offset + 6]!,
    hopLimit: bytes[offset + 7]!,
    src: bytes.slice(offset + 8, offset + 24),
    dst: bytes.slice(offset + 24, offset + 40),
  };
}
