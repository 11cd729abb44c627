// Load samples to report packets, in the two formats of DESIGN.md 2.1 and 2.2 (docs/agent.md).
// Pure functions of their configuration: the sockets that carry the bytes are elsewhere.

import {
  encodeEthernet, encodeIPv6, encodeLoadReport, ipv6LoadReportHeader, ETHERNET_HEADER_LENGTH, ETHERTYPE_LOAD_REPORT, IPV6_HEADER_LENGTH,
  LOAD_REPORT_LENGTH, type IPv4Address, type IPv6Address, type MacAddress,
} from '../packet/index.js';
import type { LoadSample } from './load-sampler.js';

/** Turns one core's sample, stamped with a 48-bit microsecond time, into the bytes to send. */
export interface ReportEncoder {
  encode(sample: LoadSample, timestamp48: number): Uint8Array;
}

/** Ethernet's minimum frame without FCS: NICs pad shorter frames, veth and some drivers do not. */
export const MIN_ETHERNET_FRAME = 60;

export interface L2ReportOptions {
  /** Destination MAC: the first switch's port (or broadcast). */
  dstMac: MacAddress;
  srcMac: MacAddress;
  /** The source route: egress port at each hop, then zeros; at most 4 labels. */
  sourceRoute: readonly number[];
  /** This server's IPv4 address, which the load balancer knows it by. */
  srcIp: IPv4Address;
}

/** The source-routed format: Ethernet (type 0x88B5) + the 16-byte report, zero-padded to 60 bytes. */
export class L2ReportEncoder implements ReportEncoder {
  private readonly labels: [number, number, number, number];

  constructor(private readonly options: L2ReportOptions) {
    const route = options.sourceRoute;
    this.labels = [route[0] ?? 0, route[1] ?? 0, route[2] ?? 0, route[3] ?? 0];
  }

  encode(sample: LoadSample, timestamp48: number): Uint8Array {
    const frame = new Uint8Array(MIN_ETHERNET_FRAME);
    const o = encodeEthernet({ dst: this.options.dstMac, src: this.options.srcMac, etherType: ETHERTYPE_LOAD_REPORT }, frame, 0);
    const [sr1, sr2, sr3, sr4] = this.labels;
    encodeLoadReport({ sr1, sr2, sr3, sr4, srcIp: this.options.srcIp, cpuId: sample.cpuId, cpuLoad: sample.load, timestamp: timestamp48 }, frame, o);
    return frame;
  }
}

/** Length of an L2 report before padding. */
export const L2_REPORT_LENGTH = ETHERNET_HEADER_LENGTH + LOAD_REPORT_LENGTH;

export interface IPv6ReportOptions {
  /** This server's address: the load balancer knows it by it. */
  src: IPv6Address;
  /** The load balancer's address. */
  dst: IPv6Address;
  hopLimit: number;
}

/** The IPv6 format: a bare 40-byte IPv6 header (no timestamp: the load balancer stamps on receipt). */
export class IPv6ReportEncoder implements ReportEncoder {
  constructor(private readonly options: IPv6ReportOptions) {}

  encode(sample: LoadSample): Uint8Array {
    const packet = new Uint8Array(IPV6_HEADER_LENGTH);
    const { src, dst, hopLimit } = this.options;
    encodeIPv6(ipv6LoadReportHeader({ src, dst, hopLimit, cpuId: sample.cpuId, cpuLoad: sample.load }), packet, 0);
    return packet;
  }
}
