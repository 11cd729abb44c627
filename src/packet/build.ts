// buildPacket: whole frames from partial layer descriptions, for tests and tools. Every field left
// out gets a default; lengths, EtherTypes, protocol numbers and checksums are computed unless given,
// so a test can break exactly one thing (a bad checksum, a wrong length) and keep the rest right.
import { ipv4 as parseIPv4Text, ipv6 as parseIPv6Text, mac } from './addresses.js';
import { CORE_SHIM_LENGTH, encodeCoreShim, type CoreShimHeader } from './core-shim.js';
import {
  ETHERTYPE_CORE_SHIM, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_LOAD_REPORT, IP_PROTO_NO_NEXT_HEADER, IP_PROTO_TCP, IP_PROTO_UDP,
} from './constants.js';
import { PacketEncodeError } from './errors.js';
import { encodeEthernet, ethernetHeaderLength, type EthernetHeader } from './ethernet.js';
import { encodeIPv4, fillIPv4Checksum, type IPv4Header } from './ipv4.js';
import { encodeIPv6, IPV6_HEADER_LENGTH, type IPv6Header } from './ipv6.js';
import { encodeLoadReport, LOAD_REPORT_LENGTH, type LoadReportHeader } from './load-report.js';
import { encodeTcp, TCP_SYN, type TcpHeader } from './tcp.js';
import { fillTransportChecksum, type NetworkHeader } from './transport-checksum.js';
import { encodeUdp, UDP_HEADER_LENGTH, type UdpHeader } from './udp.js';
import { EMPTY_BYTES } from './bytes.js';

export interface PacketSpec {
  eth?: Partial<EthernetHeader>;
  /** Inserts the core shim after Ethernet; its origEtherType defaults to the next layer's type. */
  coreShim?: Partial<CoreShimHeader>;
  /** A source-routed load report (nothing else may follow but `payload`). */
  loadReport?: Partial<LoadReportHeader>;
  ipv4?: Partial<IPv4Header>;
  ipv6?: Partial<IPv6Header>;
  tcp?: Partial<TcpHeader>;
  udp?: Partial<UdpHeader>;
  /** Bytes after the last header (a string is UTF-8 encoded). */
  payload?: Uint8Array | string;
  /** Pads the frame with zeros up to this length (60 = Ethernet minimum without FCS). */
  padTo?: number;
}

export const DEFAULT_ETH_DST = mac('02:00:00:00:00:02');
export const DEFAULT_ETH_SRC = mac('02:00:00:00:00:01');
export const DEFAULT_IPV4_SRC = parseIPv4Text('10.0.0.1');
export const DEFAULT_IPV4_DST = parseIPv4Text('10.0.0.2');
const DEFAULT_IPV6_SRC = parseIPv6Text('fd00::1');
const DEFAULT_IPV6_DST = parseIPv6Text('fd00::2');

function l3Type(spec: PacketSpec): number | undefined {
  if (spec.loadReport !== undefined) return ETHERTYPE_LOAD_REPORT;
  if (spec.ipv4 !== undefined) return ETHERTYPE_IPV4;
  if (spec.ipv6 !== undefined) return ETHERTYPE_IPV6;
  return undefined;
}

function checkLayers(spec: PacketSpec): void {
  if (spec.ipv4 !== undefined && spec.ipv6 !== undefined) throw new PacketEncodeError('buildPacket', 'ipv4 and ipv6 both given');
  if (spec.tcp !== undefined && spec.udp !== undefined) throw new PacketEncodeError('buildPacket', 'tcp and udp both given');
  const hasIp = spec.ipv4 !== undefined || spec.ipv6 !== undefined;
  if ((spec.tcp !== undefined || spec.udp !== undefined) && !hasIp) throw new PacketEncodeError('buildPacket', 'tcp/udp need ipv4 or ipv6');
  if (spec.loadReport !== undefined && hasIp) throw new PacketEncodeError('buildPacket', 'a load report carries no IP header');
}

export function buildPacket(spec: PacketSpec = {}): Uint8Array {
  checkLayers(spec);
  const payload = typeof spec.payload === 'string' ? new TextEncoder().encode(spec.payload) : (spec.payload ?? EMPTY_BYTES);
  const nextType = l3Type(spec);
  const l4Protocol = spec.tcp !== undefined ? IP_PROTO_TCP : spec.udp !== undefined ? IP_PROTO_UDP : undefined;

  const tcp: TcpHeader | undefined = spec.tcp && {
    srcPort: 1234, dstPort: 80, seq: 0, ack: 0, flags: TCP_SYN, window: 8192, checksum: 0, urgentPointer: 0, options: EMPTY_BYTES,
    ...spec.tcp,
  };
  const l4HeaderLength = tcp !== undefined ? 20 + tcp.options.length : spec.udp !== undefined ? UDP_HEADER_LENGTH : 0;
  const l4Length = l4HeaderLength + payload.length;
  const udp: UdpHeader | undefined = spec.udp && { srcPort: 1234, dstPort: 5000, length: l4Length, checksum: 0, ...spec.udp };

  const ipv4: IPv4Header | undefined = spec.ipv4 && {
    dscp: 0, ecn: 0, totalLength: 20 + (spec.ipv4.options?.length ?? 0) + l4Length, identification: 1,
    reservedFlag: false, dontFragment: false, moreFragments: false, fragmentOffset: 0, ttl: 64,
    protocol: l4Protocol ?? 0, checksum: 0, src: DEFAULT_IPV4_SRC, dst: DEFAULT_IPV4_DST, options: EMPTY_BYTES,
    ...spec.ipv4,
  };
  const ipv6: IPv6Header | undefined = spec.ipv6 && {
    trafficClass: 0, flowLabel: 0, payloadLength: l4Length, nextHeader: l4Protocol ?? IP_PROTO_NO_NEXT_HEADER, hopLimit: 64,
    src: DEFAULT_IPV6_SRC, dst: DEFAULT_IPV6_DST,
    ...spec.ipv6,
  };
  const loadReport: LoadReportHeader | undefined = spec.loadReport && {
    sr1: 0, sr2: 0, sr3: 0, sr4: 0, srcIp: DEFAULT_IPV4_SRC, cpuId: 0, cpuLoad: 0, timestamp: 0, ...spec.loadReport,
  };
  const coreShim: CoreShimHeader | undefined = spec.coreShim && { coreId: 0, flags: 0, origEtherType: nextType ?? 0, ...spec.coreShim };
  const eth: EthernetHeader = {
    dst: DEFAULT_ETH_DST, src: DEFAULT_ETH_SRC,
    etherType: coreShim !== undefined ? ETHERTYPE_CORE_SHIM : (nextType ?? 0),
    ...spec.eth,
  };

  const ipHeaderLength = ipv4 !== undefined ? 20 + ipv4.options.length : ipv6 !== undefined ? IPV6_HEADER_LENGTH : 0;
  const length = ethernetHeaderLength(eth) + (coreShim ? CORE_SHIM_LENGTH : 0) + (loadReport ? LOAD_REPORT_LENGTH : 0) + ipHeaderLength + l4Length;
  const out = new Uint8Array(Math.max(length, spec.padTo ?? 0));

  let o = encodeEthernet(eth, out, 0);
  if (coreShim !== undefined) o = encodeCoreShim(coreShim, out, o);
  if (loadReport !== undefined) o = encodeLoadReport(loadReport, out, o);
  const l3Offset = o;
  let net: NetworkHeader | undefined;
  if (ipv4 !== undefined) {
    o = encodeIPv4(ipv4, out, o);
    net = { version: 4, header: ipv4 };
  } else if (ipv6 !== undefined) {
    o = encodeIPv6(ipv6, out, o);
    net = { version: 6, header: ipv6 };
  }
  const l4Offset = o;
  if (tcp !== undefined) o = encodeTcp(tcp, out, o);
  else if (udp !== undefined) o = encodeUdp(udp, out, o);
  out.set(payload, o);

  if (net !== undefined && l4Protocol !== undefined) {
    const given = l4Protocol === IP_PROTO_TCP ? spec.tcp?.checksum : spec.udp?.checksum;
    if (given === undefined) fillTransportChecksum(out, net, l4Protocol, l4Offset, l4Offset + l4Length);
  }
  if (ipv4 !== undefined && spec.ipv4?.checksum === undefined) fillIPv4Checksum(out, l3Offset);
  return out;
}
