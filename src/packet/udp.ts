// UDP header (RFC 768).
import { checkUint, readU16, requireBytes, requireRoom, writeU16 } from './bytes.js';
import { PacketDecodeError } from './errors.js';

export interface UdpHeader {
  srcPort: number;
  dstPort: number;
  /** Header plus payload, in bytes. */
  length: number;
  /** 0 over IPv4 means "not computed". */
  checksum: number;
}

export const UDP_HEADER_LENGTH = 8;
export const UDP_CHECKSUM_OFFSET = 6;

export function encodeUdp(h: UdpHeader, out: Uint8Array, offset = 0): number {
  requireRoom(out, offset, UDP_HEADER_LENGTH, 'udp');
  checkUint(h.srcPort, 16, 'udp.srcPort');
  checkUint(h.dstPort, 16, 'udp.dstPort');
  checkUint(h.length, 16, 'udp.length');
  checkUint(h.checksum, 16, 'udp.checksum');
  writeU16(out, offset, h.srcPort);
  writeU16(out, offset + 2, h.dstPort);
  writeU16(out, offset + 4, h.length);
  writeU16(out, offset + 6, h.checksum);
  return offset + UDP_HEADER_LENGTH;
}

export function decodeUdp(bytes: Uint8Array, offset = 0): UdpHeader {
  requireBytes(bytes, offset, UDP_HEADER_LENGTH, 'udp');
  const length = readU16(bytes, offset + 4);
  if (length < UDP_HEADER_LENGTH) throw new PacketDecodeError('udp.length', offset + 4, `${length} is shorter than the 8-byte header`);
  return { srcPort: readU16(bytes, offset), dstPort: readU16(bytes, offset + 2), length, checksum: readU16(bytes, offset + 6) };
}
