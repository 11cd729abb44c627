// Corelb's IPv6 load report (DESIGN.md 2.2): an IPv6 header with Traffic Class 0xFC, the core
// and its load in the flow label, Next Header 59 and no payload.
import type { IPv6Address } from './addresses.js';
import { checkUint } from './bytes.js';
import { IP_PROTO_NO_NEXT_HEADER } from './constants.js';
import { PacketDecodeError } from './errors.js';
import type { IPv6Header } from './ipv6.js';

/** DSCP 63, ECN 0. */
export const LOAD_REPORT_TRAFFIC_CLASS = 0xfc;

export interface IPv6LoadReport {
  /** The reporting server. */
  src: IPv6Address;
  dst: IPv6Address;
  cpuId: number;
  cpuLoad: number;
  hopLimit: number;
}

export function isIPv6LoadReport(h: IPv6Header): boolean {
  return h.trafficClass === LOAD_REPORT_TRAFFIC_CLASS;
}

/** The IPv6 header that carries a report. */
export function ipv6LoadReportHeader(r: IPv6LoadReport): IPv6Header {
  checkUint(r.cpuId, 8, 'ipv6LoadReport.cpuId');
  checkUint(r.cpuLoad, 8, 'ipv6LoadReport.cpuLoad');
  return {
    trafficClass: LOAD_REPORT_TRAFFIC_CLASS,
    flowLabel: (r.cpuId << 8) | r.cpuLoad,
    payloadLength: 0,
    nextHeader: IP_PROTO_NO_NEXT_HEADER,
    hopLimit: r.hopLimit,
    src: r.src,
    dst: r.dst,
  };
}

/**
 * Reads the report out of a header with the report traffic class. Malformed: a flow label with
 * any of its top 4 bits set, or a next header other than 59. `offset` is the header's position,
 * for the error.
 */
export function decodeIPv6LoadReport(h: IPv6Header, offset = 0): IPv6LoadReport {
  if (!isIPv6LoadReport(h)) {
    throw new PacketDecodeError('ipv6LoadReport.trafficClass', offset, `0x${h.trafficClass.toString(16)} is not 0xfc`);
  }
  if (h.flowLabel >>> 16 !== 0) {
    throw new PacketDecodeError('ipv6LoadReport.flowLabel', offset + 1, `0x${h.flowLabel.toString(16)} has its top 4 bits set`);
  }
  if (h.nextHeader !== IP_PROTO_NO_NEXT_HEADER) {
    throw new PacketDecodeError('ipv6LoadReport.nextHeader', offset + 6, `${h.nextHeader} is not 59`);
  }
  return { src: h.src, dst: h.dst, cpuId: h.flowLabel >>> 8, cpuLoad: h.flowLabel & 0xff, hopLimit: h.hopLimit };
}
