// TCP header (RFC 9293) with its option area kept raw (see tcp-options.ts for the typed view).
import { checkUint, headerLengthWithOptions, readOptionArea, readU16, readU32, requireBytes, requireRoom, writeU16, writeU32 } from './bytes.js';
import { PacketDecodeError } from './errors.js';

export const TCP_FIN = 0x001;
export const TCP_SYN = 0x002;
export const TCP_RST = 0x004;
export const TCP_PSH = 0x008;
export const TCP_ACK = 0x010;
export const TCP_URG = 0x020;
export const TCP_ECE = 0x040;
export const TCP_CWR = 0x080;
/** The former ECN-nonce bit (RFC 3540, historic), the low bit of the byte holding the data offset. */
export const TCP_NS = 0x100;

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Flag bits TCP_FIN .. TCP_NS, 9 bits. */
  flags: number;
  window: number;
  checksum: number;
  urgentPointer: number;
  /** Raw option area, a multiple of 4 bytes, at most 40. */
  options: Uint8Array;
}

export const TCP_MIN_HEADER_LENGTH = 20;
export const TCP_MAX_OPTIONS_LENGTH = 40;
export const TCP_CHECKSUM_OFFSET = 16;

export function tcpHeaderLength(h: TcpHeader): number {
  return TCP_MIN_HEADER_LENGTH + h.options.length;
}

/** Writes the header as given (see fillTransportChecksum for the checksum). */
export function encodeTcp(h: TcpHeader, out: Uint8Array, offset = 0): number {
  const length = headerLengthWithOptions(h.options, TCP_MIN_HEADER_LENGTH, 'tcp.options');
  requireRoom(out, offset, length, 'tcp');
  checkUint(h.srcPort, 16, 'tcp.srcPort');
  checkUint(h.dstPort, 16, 'tcp.dstPort');
  checkUint(h.seq, 32, 'tcp.seq');
  checkUint(h.ack, 32, 'tcp.ack');
  checkUint(h.flags, 9, 'tcp.flags');
  checkUint(h.window, 16, 'tcp.window');
  checkUint(h.checksum, 16, 'tcp.checksum');
  checkUint(h.urgentPointer, 16, 'tcp.urgentPointer');
  writeU16(out, offset, h.srcPort);
  writeU16(out, offset + 2, h.dstPort);
  writeU32(out, offset + 4, h.seq);
  writeU32(out, offset + 8, h.ack);
  out[offset + 12] = ((length >>> 2) << 4) | (h.flags >>> 8);
  out[offset + 13] = h.flags & 0xff;
  writeU16(out, offset + 14, h.window);
  writeU16(out, offset + 16, h.checksum);
  writeU16(out, offset + 18, h.urgentPointer);
  out.set(h.options, offset + TCP_MIN_HEADER_LENGTH);
  return offset + length;
}

/** Decodes the header; the three reserved bits are ignored, as receivers must. */
export function decodeTcp(bytes: Uint8Array, offset = 0): TcpHeader {
  requireBytes(bytes, offset, TCP_MIN_HEADER_LENGTH, 'tcp');
  const headerLength = (bytes[offset + 12]! >>> 4) * 4;
  if (headerLength < TCP_MIN_HEADER_LENGTH) {
    throw new PacketDecodeError('tcp.dataOffset', offset + 12, `${headerLength / 4} words is below the minimum of 5`);
  }
  requireBytes(bytes, offset, headerLength, 'tcp.options');
  return {
    srcPort: readU16(bytes, offset),
    dstPort: readU16(bytes, offset + 2),
    seq: readU32(bytes, offset + 4),
    ack: readU32(bytes, offset + 8),
    flags: ((bytes[offset + 12]! & 1) << 8) | bytes[offset + 13]!,
    window: readU16(bytes, offset + 14),
    checksum: readU16(bytes, offset + 16),
    urgentPointer: readU16(bytes, offset + 18),
    options: readOptionArea(bytes, offset, TCP_MIN_HEADER_LENGTH, headerLength),
  };
}
