// TCP and UDP checksums over either IP version, and their verification.
import { writeU16 } from './bytes.js';
import { foldSum, ipv4PseudoHeaderSum, ipv6PseudoHeaderSum, onesComplementSum, transportChecksum } from './checksum.js';
import { IP_PROTO_UDP } from './constants.js';
import type { IPv4Header } from './ipv4.js';
import type { IPv6Header } from './ipv6.js';
import { TCP_CHECKSUM_OFFSET } from './tcp.js';
import { UDP_CHECKSUM_OFFSET } from './udp.js';

/** The network header a segment travels in: it supplies the pseudo-header. */
export type NetworkHeader = { version: 4; header: IPv4Header } | { version: 6; header: IPv6Header };

function pseudoSum(net: NetworkHeader, protocol: number, l4Length: number): number {
  return net.version === 4
    ? ipv4PseudoHeaderSum(net.header.src, net.header.dst, protocol, l4Length)
    : ipv6PseudoHeaderSum(net.header.src, net.header.dst, protocol, l4Length);
}

function fieldOffset(protocol: number): number {
  return protocol === IP_PROTO_UDP ? UDP_CHECKSUM_OFFSET : TCP_CHECKSUM_OFFSET;
}

/**
 * The correct checksum for the TCP (protocol 6) or UDP (17) segment in bytes[start, end),
 * whatever its checksum field holds now. UDP's computed 0 is sent as 0xFFFF (RFC 768, 8200).
 */
export function computeTransportChecksum(bytes: Uint8Array, net: NetworkHeader, protocol: number, start: number, end: number): number {
  const checksum = transportChecksum(bytes, start, end, start + fieldOffset(protocol), pseudoSum(net, protocol, end - start));
  return protocol === IP_PROTO_UDP && checksum === 0 ? 0xffff : checksum;
}

/** Computes and stores the segment's checksum; returns it. */
export function fillTransportChecksum(bytes: Uint8Array, net: NetworkHeader, protocol: number, start: number, end: number): number {
  const checksum = computeTransportChecksum(bytes, net, protocol, start, end);
  writeU16(bytes, start + fieldOffset(protocol), checksum);
  return checksum;
}

/**
 * True when the stored checksum is right. A UDP checksum of 0 over IPv4 means "none" and is
 * accepted; over IPv6 it is invalid (RFC 8200 8.1).
 */
export function transportChecksumValid(bytes: Uint8Array, net: NetworkHeader, protocol: number, start: number, end: number): boolean {
  const field = start + fieldOffset(protocol);
  if (protocol === IP_PROTO_UDP && bytes[field] === 0 && bytes[field + 1] === 0) return net.version === 4;
  return foldSum(onesComplementSum(bytes, start, end, pseudoSum(net, protocol, end - start))) === 0xffff;
}
