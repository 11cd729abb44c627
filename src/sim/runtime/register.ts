// v1model `register<T, I>`: an array of typed cells. Cells hold the run-time representation
// of T (number up to 32 bits, bigint above); the control plane sees unsigned bigints.

import type { Value } from './abi.js';
import { IndexOutOfRangeError } from './counter.js';

export class RegisterArray {
  private readonly cells: Value[];

  /**
   * @param zero the value of a fresh cell (0 of T), also what an out-of-range read returns
   * @param toBits and @param fromBits convert between a cell and its unsigned bit pattern
   */
  constructor(
    readonly name: string,
    readonly size: number,
    readonly width: number,
    private readonly zero: Value,
    private readonly toBits: (value: Value) => bigint,
    private readonly fromBits: (bits: bigint) => Value,
  ) {
    this.cells = new Array<Value>(size).fill(zero);
  }

  /** Data-plane read. BMv2 reads an index past the end as 0 (and logs); so do we. */
  read(index: number): Value {
    return index >= 0 && index < this.size ? this.cells[index]! : this.zero;
  }

  /** Data-plane write. BMv2 ignores a write past the end; so do we. */
  write(index: number, value: Value): void {
    if (index >= 0 && index < this.size) this.cells[index] = value;
  }

  /** Control-plane read: unsigned bit pattern; an index past the end is an error here. */
  readBits(index: number): bigint {
    this.checkIndex(index);
    return this.toBits(this.cells[index]!);
  }

  writeBits(index: number, bits: bigint): void {
    this.checkIndex(index);
    if (bits < 0n || bits >= 1n << BigInt(this.width)) {
      throw new RangeError(`${this.name}: value ${bits} does not fit in ${this.width} bits`);
    }
    this.cells[index] = this.fromBits(bits);
  }

  reset(): void {
    this.cells.fill(this.zero);
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new IndexOutOfRangeError(this.name, index, this.size);
  }
}
