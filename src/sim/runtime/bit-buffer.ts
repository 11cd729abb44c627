// Bit-granular reading and writing of byte buffers, most significant bit first, as P4
// serializes headers on the wire. Values up to 32 bits travel as numbers, wider ones as
// bigints (the representation of abi.ts); both are unsigned bit patterns here.

/** The largest integer a double holds exactly (2^53 - 1). */
const MAX_EXACT = 0x1fffffffffffffn;

export class BitReader {
  /** Current position in bits from the start of `bytes`. */
  bitOffset: number;

  constructor(readonly bytes: Uint8Array, bitOffset = 0) {
    this.bitOffset = bitOffset;
  }

  get bitLength(): number {
    return this.bytes.length * 8;
  }

  get remainingBits(): number {
    return this.bytes.length * 8 - this.bitOffset;
  }

  /** Reads `width` (0..32) bits as an unsigned number. The caller checks there are enough bits. */
  readNumber(width: number): number {
    let result = 0;
    let offset = this.bitOffset;
    let left = width;
    const bytes = this.bytes;
    if ((offset & 7) === 0) {
      // Byte-aligned fast path: whole bytes first.
      while (left >= 8) {
        result = result * 256 + bytes[offset >>> 3]!;
        offset += 8;
        left -= 8;
      }
    }
    while (left > 0) {
      const inByte = offset & 7;
      const take = Math.min(8 - inByte, left);
      const bits = (bytes[offset >>> 3]! >>> (8 - inByte - take)) & ((1 << take) - 1);
      result = result * (1 << take) + bits;
      offset += take;
      left -= take;
    }
    this.bitOffset = offset;
    return result;
  }

  /** Reads `width` bits (any width) as an unsigned bigint. */
  readBigint(width: number): bigint {
    if (width <= 32) return BigInt(this.readNumber(width));
    if (width <= 53) {
      // Exact in a double: one BigInt conversion instead of bigint shifts (MAC addresses).
      const high = this.readNumber(width - 32);
      return BigInt(high * 0x100000000 + this.readNumber(32));
    }
    let result = 0n;
    let left = width;
    const head = left % 32;
    if (head > 0) {
      result = BigInt(this.readNumber(head));
      left -= head;
    }
    while (left > 0) {
      result = (result << 32n) | BigInt(this.readNumber(32));
      left -= 32;
    }
    return result;
  }
}

export class BitWriter {
  private buffer: Uint8Array;
  /** Number of bits written so far. */
  bitLength = 0;

  constructor(initialBytes = 64) {
    this.buffer = new Uint8Array(Math.max(1, initialBytes));
  }

  private ensure(extraBits: number): void {
    const neededBytes = (this.bitLength + extraBits + 7) >>> 3;
    if (neededBytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < neededBytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer);
    this.buffer = grown;
  }

  /**
   * The buffer, grown to hold `bits` more bits, for a caller that stores whole bytes at
   * bitLength / 8 onwards and then advances bitLength itself. Bytes past bitLength are zero.
   */
  reserve(bits: number): Uint8Array {
    this.ensure(bits);
    return this.buffer;
  }

  /** Writes the low `width` (0..32) bits of the unsigned number `value`. */
  writeNumber(value: number, width: number): void {
    if (width === 0) return;
    this.ensure(width);
    const buffer = this.buffer;
    let offset = this.bitLength;
    let left = width;
    if ((offset & 7) === 0) {
      // Byte-aligned fast path: whole bytes first (value < 2^32, so >>> is exact).
      while (left >= 8) {
        left -= 8;
        buffer[offset >>> 3] = (value >>> left) & 0xff;
        offset += 8;
      }
    }
    while (left > 0) {
      const inByte = offset & 7;
      const take = Math.min(8 - inByte, left);
      const bits = (value >>> (left - take)) & ((1 << take) - 1);
      buffer[offset >>> 3] = buffer[offset >>> 3]! | (bits << (8 - inByte - take));
      offset += take;
      left -= take;
    }
    this.bitLength = offset;
  }

  /** Writes the low `width` bits of the non-negative bigint `value`. */
  writeBigint(value: bigint, width: number): void {
    if (width > 32 && width <= 53 && value <= MAX_EXACT) {
      // Exact in a double: no bigint shifts (MAC addresses, timestamps).
      const n = Number(value);
      this.writeNumber(Math.floor(n / 0x100000000), width - 32);
      this.writeNumber(n % 0x100000000, 32);
      return;
    }
    let left = width;
    const head = left % 32;
    if (head > 0) {
      left -= head;
      this.writeNumber(Number((value >> BigInt(left)) & ((1n << BigInt(head)) - 1n)), head);
    }
    while (left > 0) {
      left -= 32;
      this.writeNumber(Number((value >> BigInt(left)) & 0xffffffffn), 32);
    }
  }

  writeBytes(bytes: Uint8Array): void {
    if ((this.bitLength & 7) === 0) {
      this.ensure(bytes.length * 8);
      this.buffer.set(bytes, this.bitLength >>> 3);
      this.bitLength += bytes.length * 8;
      return;
    }
    for (const byte of bytes) this.writeNumber(byte, 8);
  }

  /** A copy of the bytes written; a final partial byte is padded with zero bits. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, (this.bitLength + 7) >>> 3);
  }

  /** The bytes written, without copying: valid until the next write or reset. */
  view(): Uint8Array {
    return this.buffer.subarray(0, (this.bitLength + 7) >>> 3);
  }

  reset(): void {
    this.buffer.fill(0, 0, (this.bitLength + 7) >>> 3);
    this.bitLength = 0;
  }
}
