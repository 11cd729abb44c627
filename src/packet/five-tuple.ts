// The 5-tuple that identifies a flow: what the load balancer's redirect table matches on.
import { formatIPv4, formatIPv6, type IPv4Address, type IPv6Address } from './addresses.js';
import { IP_PROTO_TCP, IP_PROTO_UDP } from './constants.js';
import { parseFrame, type ParsedFrame } from './frame.js';

interface PortsAndProtocol {
  protocol: typeof IP_PROTO_TCP | typeof IP_PROTO_UDP;
  srcPort: number;
  dstPort: number;
}

export type FiveTuple =
  | ({ version: 4; src: IPv4Address; dst: IPv4Address } & PortsAndProtocol)
  | ({ version: 6; src: IPv6Address; dst: IPv6Address } & PortsAndProtocol);

/** The flow of a parsed TCP or UDP packet; undefined for anything else (incl. later fragments). */
export function fiveTupleOf(frame: ParsedFrame): FiveTuple | undefined {
  const l4 = frame.tcp ?? frame.udp;
  if (l4 === undefined) return undefined;
  const protocol = frame.tcp !== undefined ? IP_PROTO_TCP : IP_PROTO_UDP;
  if (frame.ipv4 !== undefined) {
    return { version: 4, src: frame.ipv4.src, dst: frame.ipv4.dst, protocol, srcPort: l4.srcPort, dstPort: l4.dstPort };
  }
  const ip = frame.ipv6!;
  return { version: 6, src: ip.src, dst: ip.dst, protocol, srcPort: l4.srcPort, dstPort: l4.dstPort };
}

/** Parses the frame and returns its flow (throws PacketDecodeError on a malformed frame). */
export function extractFiveTuple(bytes: Uint8Array): FiveTuple | undefined {
  return fiveTupleOf(parseFrame(bytes));
}

/** A stable text form, usable as a map key: "tcp 10.0.0.1:1234 -> 10.0.0.2:80". */
export function formatFiveTuple(t: FiveTuple): string {
  const name = t.protocol === IP_PROTO_TCP ? 'tcp' : 'udp';
  if (t.version === 4) return `${name} ${formatIPv4(t.src)}:${t.srcPort} -> ${formatIPv4(t.dst)}:${t.dstPort}`;
  return `${name} [${formatIPv6(t.src)}]:${t.srcPort} -> [${formatIPv6(t.dst)}]:${t.dstPort}`;
}
