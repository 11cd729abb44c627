// Ethernet II header with an optional single 802.1Q tag.
import type { MacAddress } from './addresses.js';
import { checkUint, readU16, readU48, requireBytes, requireRoom, writeU16, writeU48 } from './bytes.js';
import { ETHERTYPE_VLAN } from './constants.js';

export interface VlanTag {
  /** Priority code point, 3 bits. */
  pcp: number;
  /** Drop eligible indicator. */
  dei: boolean;
  /** VLAN id, 12 bits. */
  vid: number;
}

export interface EthernetHeader {
  dst: MacAddress;
  src: MacAddress;
  vlan?: VlanTag;
  /** EtherType of what follows (after the tag when there is one). */
  etherType: number;
}

export const ETHERNET_HEADER_LENGTH = 14;
export const VLAN_TAG_LENGTH = 4;

export function ethernetHeaderLength(h: EthernetHeader): number {
  return h.vlan === undefined ? ETHERNET_HEADER_LENGTH : ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH;
}

/** Writes the header at `offset` and returns the offset just past it. */
export function encodeEthernet(h: EthernetHeader, out: Uint8Array, offset = 0): number {
  requireRoom(out, offset, ethernetHeaderLength(h), 'ethernet');
  checkUint(h.etherType, 16, 'ethernet.etherType');
  checkUint(h.dst, 48, 'ethernet.dst');
  checkUint(h.src, 48, 'ethernet.src');
  writeU48(out, offset, h.dst);
  writeU48(out, offset + 6, h.src);
  let o = offset + 12;
  if (h.vlan !== undefined) {
    checkUint(h.vlan.pcp, 3, 'ethernet.vlan.pcp');
    checkUint(h.vlan.vid, 12, 'ethernet.vlan.vid');
    writeU16(out, o, ETHERTYPE_VLAN);
    writeU16(out, o + 2, (h.vlan.pcp << 13) | (h.vlan.dei ? 0x1000 : 0) | h.vlan.vid);
    o += 4;
  }
  writeU16(out, o, h.etherType);
  return o + 2;
}

export function decodeEthernet(bytes: Uint8Array, offset = 0): EthernetHeader {
  requireBytes(bytes, offset, ETHERNET_HEADER_LENGTH, 'ethernet');
  const dst = readU48(bytes, offset);
  const src = readU48(bytes, offset + 6);
  const type = readU16(bytes, offset + 12);
  if (type !== ETHERTYPE_VLAN) return { dst, src, etherType: type };
  requireBytes(bytes, offset + 14, 4, 'ethernet.vlan');
  const tci = readU16(bytes, offset + 14);
  return {
    dst,
    src,
    vlan: { pcp: tci >>> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0xfff },
    etherType: readU16(bytes, offset + 16),
  };
}
