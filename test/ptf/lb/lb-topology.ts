// The network the lb.p4 packet tests set up: a client, two VIPs with three services, three
// servers, an ordinary host, and the frames each of them sends or should receive — all built
// with src/packet, so expected frames carry checksums computed independently of the switch.
import {
  buildPacket, ipv4, ipv6, ipv6LoadReportHeader, mac, TCP_ACK, TCP_SYN, type IPv4Header, type IPv6Address, type PacketSpec,
} from '../../../src/packet/index.js';

export const CPU_PORT = 255;
export const CLIENT_PORT = 1;
export const HOST_PORT = 3;

export const CLIENT_MAC = mac('02:00:00:00:00:01');
export const HOST_MAC = mac('02:00:00:00:00:33');
export const LB_MAC = mac('02:00:00:00:00:fe');
export const CLIENT_IP = ipv4('192.0.2.10');
export const HOST_IP = ipv4('192.0.2.33');

export const VIP = ipv4('198.51.100.10');
export const VIP2 = ipv4('198.51.100.20');

export interface Service {
  readonly index: number;
  readonly vip: number;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
}
export const WEB: Service = { index: 3, vip: VIP, protocol: 'tcp', port: 80 };
export const DNS: Service = { index: 4, vip: VIP, protocol: 'udp', port: 53 };
export const TLS: Service = { index: 5, vip: VIP2, protocol: 'tcp', port: 443 };
export const SERVICES = [WEB, DNS, TLS] as const;

export interface Server {
  readonly index: number;
  readonly dip: number;
  readonly mac: number;
  readonly port: number;
  /** Where its load reports come in, and from which addresses. */
  readonly reportPort: number;
  readonly reportIPv6: IPv6Address;
}
const server = (index: number, port: number): Server => ({
  index,
  dip: ipv4(`10.1.0.${index}`),
  mac: mac(`02:00:00:00:01:0${index}`),
  port,
  reportPort: 20 + index,
  reportIPv6: ipv6(`fd00::1:${index}`),
});
export const S1 = server(1, 11);
export const S2 = server(2, 12);
export const S3 = server(3, 13);
export const SERVERS = [S1, S2, S3] as const;

export const protocolNumber = (p: 'tcp' | 'udp'): number => (p === 'tcp' ? 6 : 17);

/** A client flow to a service. Each test takes fresh source ports so flows never repeat. */
export interface Flow {
  readonly service: Service;
  readonly srcIp: number;
  readonly srcPort: number;
}

let nextPort = 20000;
/** A flow no earlier test used. */
export function newFlow(service: Service = WEB, srcIp = CLIENT_IP): Flow {
  nextPort = nextPort >= 65000 ? 20000 : nextPort + 1;
  return { service, srcIp, srcPort: nextPort };
}

export interface FrameOptions {
  readonly ipv4?: Partial<IPv4Header>;
  readonly payload?: string | Uint8Array;
  readonly tcpFlags?: number;
  /** Raw TCP option bytes (a multiple of 4); the switch must carry them through untouched. */
  readonly tcpOptions?: Uint8Array;
  readonly udpChecksum?: number;
}

function l4(flow: Flow, options: FrameOptions): Pick<PacketSpec, 'tcp' | 'udp'> {
  const ports = { srcPort: flow.srcPort, dstPort: flow.service.port };
  if (flow.service.protocol === 'tcp') {
    return { tcp: { ...ports, seq: 1000, flags: options.tcpFlags ?? TCP_SYN, ...(options.tcpOptions && { options: options.tcpOptions }) } };
  }
  return { udp: options.udpChecksum === undefined ? ports : { ...ports, checksum: options.udpChecksum } };
}

/** What the client sends to the VIP. */
export function clientFrame(flow: Flow, options: FrameOptions = {}): Uint8Array {
  return buildPacket({
    eth: { dst: LB_MAC, src: CLIENT_MAC },
    ipv4: { src: flow.srcIp, dst: flow.service.vip, ttl: 64, identification: 0x4242, ...options.ipv4 },
    ...l4(flow, options),
    payload: options.payload ?? 'corelb',
  });
}

/** What `server` must receive for that frame on `core`: DIP, its MAC, TTL - 1, core shim, fresh checksums. */
export function serverFrame(flow: Flow, target: Server, core: number, options: FrameOptions = {}): Uint8Array {
  return buildPacket({
    eth: { dst: target.mac, src: LB_MAC },
    coreShim: { coreId: core },
    ipv4: { src: flow.srcIp, identification: 0x4242, ...options.ipv4, dst: target.dip, ttl: (options.ipv4?.ttl ?? 64) - 1 },
    ...l4(flow, options),
    payload: options.payload ?? 'corelb',
  });
}

/** A server's reply to the client, from its DIP and the service port. */
export function replyFrame(flow: Flow, from: Server, srcIp = from.dip): Uint8Array {
  const ports = { srcPort: flow.service.port, dstPort: flow.srcPort };
  return buildPacket({
    eth: { dst: CLIENT_MAC, src: from.mac },
    ipv4: { src: srcIp, dst: flow.srcIp, ttl: 64, identification: 0x5151 },
    ...(flow.service.protocol === 'tcp' ? { tcp: { ...ports, flags: TCP_SYN | TCP_ACK, seq: 7, ack: 1001 } } : { udp: ports }),
    payload: 'reply',
  });
}

/** An L2-format load report as `from` sends it toward the load balancer. */
export function loadReport(
  from: Server,
  report: { cpuId: number; cpuLoad: number; timestamp: number; route?: readonly number[]; srcIp?: number },
): Uint8Array {
  const [sr1 = 0, sr2 = 0, sr3 = 0, sr4 = 0] = report.route ?? [];
  return buildPacket({
    eth: { dst: LB_MAC, src: from.mac },
    loadReport: { sr1, sr2, sr3, sr4, srcIp: report.srcIp ?? from.dip, cpuId: report.cpuId, cpuLoad: report.cpuLoad, timestamp: report.timestamp },
  });
}

/** An IPv6 load report (traffic class 0xFC) from `from`. */
export function ipv6LoadReport(from: Server, cpuId: number, cpuLoad: number, src: IPv6Address = from.reportIPv6): Uint8Array {
  return buildPacket({
    eth: { dst: LB_MAC, src: from.mac },
    ipv6: ipv6LoadReportHeader({ src, dst: ipv6('fd00::fe'), cpuId, cpuLoad, hopLimit: 64 }),
  });
}
