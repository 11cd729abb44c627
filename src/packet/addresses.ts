// Address representations: IPv4 as an unsigned 32-bit number and MAC as a 48-bit number (both
// exact in a JS number, so decoding them allocates nothing); IPv6 as 16 bytes.
import { PacketEncodeError } from './errors.js';

export type IPv4Address = number;
export type MacAddress = number;
export type IPv6Address = Uint8Array;

export function ipv4(text: string): IPv4Address {
  const parts = text.split('.');
  if (parts.length !== 4) throw new PacketEncodeError('ipv4 address', `"${text}" is not dotted-quad`);
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) {
      throw new PacketEncodeError('ipv4 address', `"${text}" has a bad octet "${part}"`);
    }
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIPv4(address: IPv4Address): string {
  return `${address >>> 24}.${(address >>> 16) & 0xff}.${(address >>> 8) & 0xff}.${address & 0xff}`;
}

export function mac(text: string): MacAddress {
  if (!/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(text)) {
    throw new PacketEncodeError('mac address', `"${text}" is not six hex octets`);
  }
  return parseInt(text.replace(/[:-]/g, ''), 16);
}

export function formatMac(address: MacAddress): string {
  return address.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
}

export function ipv6(text: string): IPv6Address {
  const fail = (reason: string): never => {
    throw new PacketEncodeError('ipv6 address', `"${text}" ${reason}`);
  };
  let groups: string[];
  const halves = text.split('::');
  if (halves.length > 2) fail('has more than one "::"');
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  let tail = halves.length === 2 && halves[1] !== '' ? halves[1]!.split(':') : [];
  const last = (tail.length > 0 ? tail : head).at(-1);
  const embedded: string[] = [];
  if (last !== undefined && last.includes('.')) {
    const v4 = ipv4(last);
    embedded.push((v4 >>> 16).toString(16), (v4 & 0xffff).toString(16));
    if (tail.length > 0) tail = [...tail.slice(0, -1), ...embedded];
    else head.splice(head.length - 1, 1, ...embedded);
  }
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) fail('has too many groups');
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) fail('does not have 8 groups');
  const out = new Uint8Array(16);
  groups.forEach((group, i) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) fail(`has a bad group "${group}"`);
    const v = parseInt(group, 16);
    out[2 * i] = v >>> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run (>= 2) of zero groups as "::". */
export function formatIPv6(address: IPv6Address): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((address[i]! << 8) | address[i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
