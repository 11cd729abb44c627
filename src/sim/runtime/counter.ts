// Indexed counters (v1model `counter`) and the cell type shared with direct counters.
// CounterType numbering follows v1model.p4: packets 0, bytes 1, packets_and_bytes 2.

export const COUNTER_TYPES = ['packets', 'bytes', 'packets_and_bytes'] as const;
export type CounterType = (typeof COUNTER_TYPES)[number];

export interface CounterCell {
  packets: bigint;
  bytes: bigint;
}

export class CounterArray {
  private readonly packets: Float64Array;
  private readonly bytes: Float64Array;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly type: CounterType,
  ) {
    // Float64 holds integers exactly up to 2^53: far beyond any simulated run.
    this.packets = new Float64Array(size);
    this.bytes = new Float64Array(size);
  }

  /**
   * Counts one packet of `byteCount` bytes at `index`. An index past the end is ignored, as
   * BMv2 does (it logs an error and leaves the counters alone).
   */
  count(index: number, byteCount: number): void {
    if (index < 0 || index >= this.size) return;
    this.packets[index] = this.packets[index]! + 1;
    this.bytes[index] = this.bytes[index]! + byteCount;
  }

  read(index: number): CounterCell {
    this.checkIndex(index);
    return { packets: BigInt(this.packets[index]!), bytes: BigInt(this.bytes[index]!) };
  }

  write(index: number, cell: CounterCell): void {
    this.checkIndex(index);
    this.packets[index] = Number(cell.packets);
    this.bytes[index] = Number(cell.bytes);
  }

  reset(): void {
    this.packets.fill(0);
    this.bytes.fill(0);
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new IndexOutOfRangeError(this.name, index, this.size);
    }
  }
}

/** A control-plane access past the end of an indexed extern. */
export class IndexOutOfRangeError extends Error {
  readonly code = 'OUT_OF_RANGE';
  constructor(name: string, index: number, size: number) {
    super(`${name}: index ${index} out of range (size ${size})`);
    this.name = 'IndexOutOfRangeError';
  }
}
