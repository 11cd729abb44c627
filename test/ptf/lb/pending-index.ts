// The pending-flow register index lb.p4 computes for a flow (docs/dataplane.md): CRC-16/ARC
// (v1model HashAlgorithm.crc16 on BMv2: poly 0x8005, reflected, init 0, no final xor) over
// IPv4 src, IPv4 dst, protocol, L4 src port, L4 dst port (13 bytes), modulo 4096. Written here
// from the CRC definition so tests can build colliding flows without trusting the switch.
import { newFlow, protocolNumber, type Flow, type Service } from './lb-topology.js';

export const PENDING_FLOW_SLOTS = 4096;

export function crc16Arc(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1; // 0xa001: 0x8005 reflected
  }
  return crc;
}

export function pendingIndex(flow: Flow): number {
  const key = new Uint8Array(13);
  const view = new DataView(key.buffer);
  view.setUint32(0, flow.srcIp);
  view.setUint32(4, flow.service.vip);
  view.setUint8(8, protocolNumber(flow.service.protocol));
  view.setUint16(9, flow.srcPort);
  view.setUint16(11, flow.service.port);
  return crc16Arc(key) % PENDING_FLOW_SLOTS;
}

/** A fresh flow whose pending slot differs from those of `others` (so it cannot evict them). */
export function newFlowApartFrom(service: Service, others: readonly Flow[]): Flow {
  const taken = new Set(others.map(pendingIndex));
  let flow = newFlow(service);
  while (taken.has(pendingIndex(flow))) flow = newFlow(service);
  return flow;
}
