// An independent Internet checksum for the tests: builds the pseudo-header as explicit bytes and
// sums 16-bit words with BigInt, sharing no code with src/packet/checksum.ts.

export function referenceChecksum(data: readonly number[]): number {
  const bytes = data.length % 2 === 0 ? [...data] : [...data, 0];
  let sum = 0n;
  for (let i = 0; i < bytes.length; i += 2) sum += BigInt(bytes[i]! * 256 + bytes[i + 1]!);
  while (sum > 0xffffn) sum = (sum & 0xffffn) + (sum >> 16n);
  return Number(~sum & 0xffffn);
}

function u32Bytes(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** TCP/UDP checksum of `segment` (its checksum field zeroed here) over IPv4. */
export function referenceIPv4TransportChecksum(src: number, dst: number, protocol: number, segment: Uint8Array, checksumAt: number): number {
  const seg = [...segment];
  seg[checksumAt] = 0;
  seg[checksumAt + 1] = 0;
  const pseudo = [...u32Bytes(src), ...u32Bytes(dst), 0, protocol, (seg.length >>> 8) & 0xff, seg.length & 0xff];
  return referenceChecksum([...pseudo, ...seg]);
}

/** TCP/UDP checksum of `segment` (its checksum field zeroed here) over IPv6. */
export function referenceIPv6TransportChecksum(src: Uint8Array, dst: Uint8Array, nextHeader: number, segment: Uint8Array, checksumAt: number): number {
  const seg = [...segment];
  seg[checksumAt] = 0;
  seg[checksumAt + 1] = 0;
  const pseudo = [...src, ...dst, ...u32Bytes(seg.length), 0, 0, 0, nextHeader];
  return referenceChecksum([...pseudo, ...seg]);
}

export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}
