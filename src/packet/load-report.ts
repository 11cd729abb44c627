// Corelb's source-routed load report (DESIGN.md 2.1): Ethernet type 0x88B5, then 16 bytes.
import type { IPv4Address } from './addresses.js';
import { checkUint, readU32, readU48, requireBytes, requireRoom, writeU32, writeU48 } from './bytes.js';

export interface LoadReportHeader {
  /** Source-route labels: the egress port at each remaining hop; 0 = no more hops. */
  sr1: number;
  sr2: number;
  sr3: number;
  sr4: number;
  /** IPv4 address of the reporting server. */
  srcIp: IPv4Address;
  cpuId: number;
  /** Smoothed utilisation, 0..255 meaning 0..100 %. */
  cpuLoad: number;
  /** Send time in microseconds since the Unix epoch, modulo 2^48 (see timestamp.ts). */
  timestamp: number;
}

export const LOAD_REPORT_LENGTH = 16;

export function encodeLoadReport(h: LoadReportHeader, out: Uint8Array, offset = 0): number {
  requireRoom(out, offset, LOAD_REPORT_LENGTH, 'loadReport');
  checkUint(h.sr1, 8, 'loadReport.sr1');
  checkUint(h.sr2, 8, 'loadReport.sr2');
  checkUint(h.sr3, 8, 'loadReport.sr3');
  checkUint(h.sr4, 8, 'loadReport.sr4');
  checkUint(h.srcIp, 32, 'loadReport.srcIp');
  checkUint(h.cpuId, 8, 'loadReport.cpuId');
  checkUint(h.cpuLoad, 8, 'loadReport.cpuLoad');
  checkUint(h.timestamp, 48, 'loadReport.timestamp');
  out[offset] = h.sr1;
  out[offset + 1] = h.sr2;
  out[offset + 2] = h.sr3;
  out[offset + 3] = h.sr4;
  writeU32(out, offset + 4, h.srcIp);
  out[offset + 8] = h.cpuId;
  out[offset + 9] = h.cpuLoad;
  writeU48(out, offset + 10, h.timestamp);
  return offset + LOAD_REPORT_LENGTH;
}

export function decodeLoadReport(bytes: Uint8Array, offset = 0): LoadReportHeader {
  requireBytes(bytes, offset, LOAD_REPORT_LENGTH, 'loadReport');
  return {
    sr1: bytes[offset]!,
    sr2: bytes[offset + 1]!,
    sr3: bytes[offset + 2]!,
    sr4: bytes[offset + 3]!,
    srcIp: readU32(bytes, offset + 4),
    cpuId: bytes[offset + 8]!,
    cpuLoad: bytes[offset + 9]!,
    timestamp: readU48(bytes, offset + 10),
  };
}

/** What a transit switch does before forwarding out of port sr1: shift the labels left. */
export function shiftSourceRoute(h: LoadReportHeader): LoadReportHeader {
  return { ...h, sr1: h.sr2, sr2: h.sr3, sr3: h.sr4, sr4: 0 };
}
