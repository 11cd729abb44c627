// Whole-frame parsing: Ethernet (802.1Q), then the core shim, a load report, IPv4 or IPv6, then
// TCP or UDP. Everything after the last parsed header is the payload.
import { decodeCoreShim, CORE_SHIM_LENGTH, type CoreShimHeader } from './core-shim.js';
import { ETHERTYPE_CORE_SHIM, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_LOAD_REPORT, IP_PROTO_TCP, IP_PROTO_UDP } from './constants.js';
import { PacketDecodeError } from './errors.js';
import { decodeEthernet, ethernetHeaderLength, type EthernetHeader } from './ethernet.js';
import { decodeIPv4, ipv4ChecksumValid, ipv4HeaderLength, isLaterFragment, type IPv4Header } from './ipv4.js';
import { decodeIPv6, IPV6_HEADER_LENGTH, type IPv6Header } from './ipv6.js';
import { decodeLoadReport, LOAD_REPORT_LENGTH, type LoadReportHeader } from './load-report.js';
import { decodeTcp, tcpHeaderLength, type TcpHeader } from './tcp.js';
import { transportChecksumValid, type NetworkHeader } from './transport-checksum.js';
import { decodeUdp, UDP_HEADER_LENGTH, type UdpHeader } from './udp.js';

export interface ParsedFrame {
  ethernet: EthernetHeader;
  coreShim?: CoreShimHeader;
  loadReport?: LoadReportHeader;
  ipv4?: IPv4Header;
  ipv6?: IPv6Header;
  tcp?: TcpHeader;
  udp?: UdpHeader;
  /** Offset of the IP header, when there is one. */
  l3Offset?: number;
  /** Offset of the TCP/UDP header, when there is one. */
  l4Offset?: number;
  /** Offset of the first byte no header was parsed from. */
  payloadOffset: number;
  /** End of the payload: the IP length when there is an IP header (Ethernet padding excluded), else the frame's end. */
  payloadEnd: number;
  /** bytes[payloadOffset, payloadEnd), a view (not a copy) of the parsed buffer. */
  payload: Uint8Array;
}

/**
 * Parses a frame into layers. Throws PacketDecodeError when a header is truncated or malformed or
 * an IP length runs past the frame. Later IPv4 fragments get no transport header.
 */
export function parseFrame(bytes: Uint8Array): ParsedFrame {
  const ethernet = decodeEthernet(bytes, 0);
  const frame: ParsedFrame = { ethernet, payloadOffset: 0, payloadEnd: bytes.length, payload: bytes };
  let offset = ethernetHeaderLength(ethernet);
  let etherType = ethernet.etherType;
  if (etherType === ETHERTYPE_CORE_SHIM) {
    frame.coreShim = decodeCoreShim(bytes, offset);
    offset += CORE_SHIM_LENGTH;
    etherType = frame.coreShim.origEtherType;
  }
  if (etherType === ETHERTYPE_LOAD_REPORT) {
    frame.loadReport = decodeLoadReport(bytes, offset);
    offset += LOAD_REPORT_LENGTH;
  } else if (etherType === ETHERTYPE_IPV4) {
    offset = parseIPv4(bytes, offset, frame);
  } else if (etherType === ETHERTYPE_IPV6) {
    offset = parseIPv6(bytes, offset, frame);
  }
  frame.payloadOffset = offset;
  frame.payload = bytes.subarray(offset, frame.payloadEnd);
  return frame;
}

function ipEnd(bytes: Uint8Array, l3Offset: number, length: number, what: string, fieldOffset: number): number {
  const end = l3Offset + length;
  if (end > bytes.length) {
    throw new PacketDecodeError(what, fieldOffset, `truncated: says ${length} bytes, the frame holds ${bytes.length - l3Offset}`);
  }
  return end;
}

function parseIPv4(bytes: Uint8Array, l3Offset: number, frame: ParsedFrame): number {
  const ip = decodeIPv4(bytes, l3Offset);
  frame.ipv4 = ip;
  frame.l3Offset = l3Offset;
  frame.payloadEnd = ipEnd(bytes, l3Offset, ip.totalLength, 'ipv4.totalLength', l3Offset + 2);
  const l4Offset = l3Offset + ipv4HeaderLength(ip);
  if (isLaterFragment(ip)) return l4Offset;
  return parseTransport(bytes, ip.protocol, l4Offset, frame, ip.moreFragments);
}

function parseIPv6(bytes: Uint8Array, l3Offset: number, frame: ParsedFrame): number {
  const ip = decodeIPv6(bytes, l3Offset);
  frame.ipv6 = ip;
  frame.l3Offset = l3Offset;
  frame.payloadEnd = ipEnd(bytes, l3Offset, IPV6_HEADER_LENGTH + ip.payloadLength, 'ipv6.payloadLength', l3Offset + 4);
  return parseTransport(bytes, ip.nextHeader, l3Offset + IPV6_HEADER_LENGTH, frame, false);
}

function parseTransport(bytes: Uint8Array, protocol: number, l4Offset: number, frame: ParsedFrame, fragment: boolean): number {
  if (protocol !== IP_PROTO_TCP && protocol !== IP_PROTO_UDP) return l4Offset;
  // Bound the transport decoder by the IP length, so a header cannot borrow Ethernet padding.
  const ipBytes = bytes.subarray(0, frame.payloadEnd);
  frame.l4Offset = l4Offset;
  if (protocol === IP_PROTO_TCP) {
    frame.tcp = decodeTcp(ipBytes, l4Offset);
    return l4Offset + tcpHeaderLength(frame.tcp);
  }
  frame.udp = decodeUdp(ipBytes, l4Offset);
  const available = frame.payloadEnd - l4Offset;
  if (!fragment && frame.udp.length > available) {
    throw new PacketDecodeError('udp.length', l4Offset + 4, `truncated: says ${frame.udp.length} bytes, the IP payload holds ${available}`);
  }
  if (!fragment) frame.payloadEnd = l4Offset + frame.udp.length;
  return l4Offset + UDP_HEADER_LENGTH;
}

export interface ChecksumStatus {
  /** Present for IPv4. */
  ipv4?: boolean;
  /** Present for an unfragmented TCP or UDP segment (a fragment's checksum covers bytes it lacks). */
  transport?: boolean;
}

/** Checks the checksums of a frame `parseFrame` accepted. */
export function verifyChecksums(bytes: Uint8Array, frame: ParsedFrame): ChecksumStatus {
  const status: ChecksumStatus = {};
  let net: NetworkHeader | undefined;
  if (frame.ipv4 !== undefined) {
    status.ipv4 = ipv4ChecksumValid(bytes, frame.l3Offset!);
    if (!frame.ipv4.moreFragments && frame.ipv4.fragmentOffset === 0) net = { version: 4, header: frame.ipv4 };
  } else if (frame.ipv6 !== undefined) {
    net = { version: 6, header: frame.ipv6 };
  }
  const l4 = frame.tcp !== undefined ? IP_PROTO_TCP : frame.udp !== undefined ? IP_PROTO_UDP : undefined;
  if (net !== undefined && l4 !== undefined) {
    status.transport = transportChecksumValid(bytes, net, l4, frame.l4Offset!, frame.payloadEnd);
  }
  return status;
}
