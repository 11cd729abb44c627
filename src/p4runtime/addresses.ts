// Strict parsing and formatting of IPv4, IPv6 and MAC address strings as unsigned integers.
// Strict means: anything that is not exactly one of the textual forms below is rejected,
// because a lenient parser turns typos into wrong table entries.
//   IPv4: four decimal octets 0..255, no leading zeros ('10.0.0.1').
//   IPv6: RFC 4291 text form, at most one '::', optional dotted IPv4 tail ('::ffff:10.0.0.1').
//   MAC:  six two-digit hex octets separated by ':' or '-' (one separator kind throughout).
import { ValueEncodingError } from './errors.js';

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const MAC_COLON = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const MAC_DASH = /^[0-9a-fA-F]{2}(-[0-9a-fA-F]{2}){5}$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function malformed(kind: string, text: string, why: string): ValueEncodingError {
  return new ValueEncodingError('VALUE_MALFORMED', `malformed ${kind} address '${text}': ${why}`);
}

/** 'a.b.c.d' -> 32-bit number; throws VALUE_MALFORMED otherwise. */
export function parseIPv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw malformed('IPv4', text, 'expected four dot-separated octets');
  let value = 0;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part)) throw malformed('IPv4', text, `octet '${part}' is not a decimal number without leading zeros`);
    const octet = Number(part);
    if (octet > 255) throw malformed('IPv4', text, `octet ${octet} is over 255`);
    value = value * 256 + octet;
  }
  return value;
}

/** RFC 4291 text form -> 128-bit bigint; throws VALUE_MALFORMED otherwise. */
export function parseIPv6(text: string): bigint {
  const halves = text.split('::');
  if (halves.length > 2) throw malformed('IPv6', text, "more than one '::'");
  const groupsOf = (half: string, isLast: boolean): number[] => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    pieces.forEach((piece, i) => {
      if (isLast && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        out.push(Math.floor(v4 / 0x10000), v4 % 0x10000);
        return;
      }
      if (!IPV6_GROUP.test(piece)) throw malformed('IPv6', text, `group '${piece}' is not 1 to 4 hex digits`);
      out.push(parseInt(piece, 16));
    });
    return out;
  };
  let groups: number[];
  if (halves.length === 2) {
    const head = groupsOf(halves[0]!, false);
    const tail = groupsOf(halves[1]!, true);
    const missing = 8 - head.length - tail.length;
    if (missing < 1) throw malformed('IPv6', text, "'::' stands for no group");
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = groupsOf(text, true);
    if (groups.length !== 8) throw malformed('IPv6', text, `expected 8 groups, found ${groups.length}`);
  }
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** 'aa:bb:cc:dd:ee:ff' or 'aa-bb-...' -> 48-bit number; throws VALUE_MALFORMED otherwise. */
export function parseMac(text: string): number {
  if (!MAC_COLON.test(text) && !MAC_DASH.test(text)) {
    throw malformed('MAC', text, "expected six two-digit hex octets separated by ':' or '-'");
  }
  return parseInt(text.replace(/[:-]/g, ''), 16);
}

export function looksLikeIPv4(text: string): boolean {
  return /^[0-9.]+$/.test(text) && text.includes('.');
}

export function looksLikeMac(text: string): boolean {
  return /^[0-9a-fA-F]{1,2}([:-][0-9a-fA-F]{1,2}){5}$/.test(text) && !text.includes('::');
}

export function looksLikeIPv6(text: string): boolean {
  return text.includes(':') && !looksLikeMac(text);
}

function toBigInt(value: bigint | number | Uint8Array): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  let out = 0n;
  for (const byte of value) out = (out << 8n) | BigInt(byte);
  return out;
}

function checkWidth(kind: string, value: bigint, bits: number): void {
  if (value < 0n || value >> BigInt(bits) !== 0n) {
    throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `${value} does not fit in ${bits} bits, so it is no ${kind} address`);
  }
}

/** 32-bit value (number, bigint or big-endian bytes) -> 'a.b.c.d'. */
export function formatIPv4(value: bigint | number | Uint8Array): string {
  const v = toBigInt(value);
  checkWidth('IPv4', v, 32);
  return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join('.');
}

/** 48-bit value -> 'aa:bb:cc:dd:ee:ff' (lower case). */
export function formatMac(value: bigint | number | Uint8Array): string {
  const v = toBigInt(value);
  checkWidth('MAC', v, 48);
  return v.toString(16).padStart(12, '0').match(/../g)!.join(':');
}

/** 128-bit value -> RFC 5952 canonical text (lower case, longest zero run as '::'). */
export function formatIPv6(value: bigint | number | Uint8Array): string {
  const v = toBigInt(value);
  checkWidth('IPv6', v, 128);
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((v >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1; // RFC 5952: a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i += 1; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
