// Frames the tests send into the simulated switch, built with src/packet.
import { buildPacket, ipv4, ipv6, parseFrame, type ParsedFrame } from '../../../src/packet/index.js';

/** Now as a load-report timestamp: µs since the epoch modulo 2^48. */
export function nowTimestamp48(offsetMs = 0): number {
  return Math.floor((Date.now() + offsetMs) * 1000) % 2 ** 48;
}

/** A source-routed load report from `dip` (consumed by the switch: sr1 = 0). */
export function loadReport(dip: string, cpuId: number, cpuLoad: number, timestamp = nowTimestamp48()): Uint8Array {
  return buildPacket({ loadReport: { sr1: 0, sr2: 0, sr3: 0, sr4: 0, srcIp: ipv4(dip), cpuId, cpuLoad, timestamp } });
}

/** An IPv6-format load report (traffic class 0xFC, flow label cpu << 8 | load). */
export function loadReport6(src: string, cpuId: number, cpuLoad: number): Uint8Array {
  return buildPacket({ ipv6: { trafficClass: 0xfc, flowLabel: (cpuId << 8) | cpuLoad, nextHeader: 59, src: ipv6(src), dst: ipv6('fd00::ffff') } });
}

export function tcpPacket(src: string, srcPort: number, dst: string, dstPort: number, payload = ''): Uint8Array {
  return buildPacket({ ipv4: { src: ipv4(src), dst: ipv4(dst) }, tcp: { srcPort, dstPort }, payload });
}

/** The core a frame sent to a server is steered to (its core shim). */
export function coreOf(frame: Uint8Array): { core: number; parsed: ParsedFrame } {
  const parsed = parseFrame(frame);
  if (parsed.coreShim === undefined) throw new Error('frame to the server has no core shim');
  return { core: parsed.coreShim.coreId, parsed };
}
