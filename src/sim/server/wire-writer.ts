// Protobuf wire bytes written by hand where the generated encoder's per-message objects
// cost too much (the digest path): varints, and length prefixes written before their
// body is known.

export const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x20_0000 ? 3 : n < 0x1000_0000 ? 4 : 5);

/** uint64/int64 as protobuf writes them (negative int64: ten bytes of two's complement). */
export function varint64Size(value: bigint): number {
  let v = BigInt.asUintN(64, value);
  let size = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    size++;
  }
  return size;
}

/**
 * Writes at `position` into `buffer`, growing it (a copy) only when a write would not fit:
 * a buffer sized exactly for a message stays the message's buffer.
 */
export class WireWriter {
  position = 0;
  constructor(public buffer: Buffer) {}

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.position + n > this.buffer.length) this.grow(this.position + n);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buffer[this.position++] = b;
  }

  /** A uint32. */
  varint(n: number): void {
    if (this.position + 5 > this.buffer.length) this.ensure(varintSize(n));
    while (n >= 0x80) {
      this.buffer[this.position++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buffer[this.position++] = n;
  }

  varint64(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    if (v <= 0xffff_ffffn) return this.varint(Number(v));
    if (this.position + 10 > this.buffer.length) this.ensure(varint64Size(v));
    while (v >= 0x80n) {
      this.buffer[this.position++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.position++] = Number(v);
  }

  /**
   * Starts a length-delimited body: one byte is kept for its length, which `closeLength`
   * fills in. Digest data are short, so the body rarely has to move for a longer varint.
   */
  openLength(): number {
    this.ensure(1);
    return this.position++;
  }

  closeLength(at: number): void {
    const length = this.position - at - 1;
    if (length < 0x80) {
      this.buffer[at] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.buffer.copyWithin(at + 1 + extra, at + 1, this.position);
    const end = this.position + extra;
    this.position = at;
    this.varint(length);
    this.position = end;
  }

  private grow(needed: number): void {
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }
}
