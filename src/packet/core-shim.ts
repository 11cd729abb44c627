// Corelb's core shim (DESIGN.md 2.3): after the Ethernet header (type 0x88B6) of every packet the
// load balancer sends to a server; the server's XDP program strips it and steers to core_id.
import { checkUint, readU16, requireBytes, requireRoom, writeU16 } from './bytes.js';

export interface CoreShimHeader {
  coreId: number;
  /** 0 today. */
  flags: number;
  /** The EtherType the frame had before the shim went in. */
  origEtherType: number;
}

export const CORE_SHIM_LENGTH = 4;

export function encodeCoreShim(h: CoreShimHeader, out: Uint8Array, offset = 0): number {
  requireRoom(out, offset, CORE_SHIM_LENGTH, 'coreShim');
  checkUint(h.coreId, 8, 'coreShim.coreId');
  checkUint(h.flags, 8, 'coreShim.flags');
  checkUint(h.origEtherType, 16, 'coreShim.origEtherType');
  out[offset] = h.coreId;
  out[offset + 1] = h.flags;
  writeU16(out, offset + 2, h.origEtherType);
  return offset + CORE_SHIM_LENGTH;
}

export function decodeCoreShim(bytes: Uint8Array, offset = 0): CoreShimHeader {
  requireBytes(bytes, offset, CORE_SHIM_LENGTH, 'coreShim');
  return { coreId: bytes[offset]!, flags: bytes[offset + 1]!, origEtherType: readU16(bytes, offset + 2) };
}
