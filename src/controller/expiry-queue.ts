// A FIFO of (element id, time) pairs in time order, for finding what has gone quiet
// without scanning everything: each accepted report appends its core and arrival time;
// a tick pops the entries older than the silence window and checks only those cores
// (an entry is obsolete when its core has been heard from again since).
// Times must be appended in non-decreasing order (a monotonic clock).

export class ExpiryQueue {
  private ids: Int32Array;
  private times: Float64Array;
  private head = 0;
  private tail = 0;

  constructor(initialCapacity = 1024) {
    this.ids = new Int32Array(Math.max(2, initialCapacity));
    this.times = new Float64Array(this.ids.length);
  }

  get length(): number {
    return this.tail - this.head;
  }

  push(id: number, time: number): void {
    if (this.tail === this.ids.length) this.makeRoom();
    this.ids[this.tail] = id;
    this.times[this.tail] = time;
    this.tail++;
  }

  /** Pops every entry with time <= `until`, oldest first, handing each to `visit`. */
  popUntil(until: number, visit: (id: number, time: number) => void): void {
    while (this.head < this.tail && this.times[this.head]! <= until) {
      const at = this.head++;
      visit(this.ids[at]!, this.times[at]!);
    }
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /** Reclaims popped space at the front, growing only when more than half is live. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 > this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      const times = new Float64Array(ids.length);
      ids.set(this.ids.subarray(this.head, this.tail));
      times.set(this.times.subarray(this.head, this.tail));
      this.ids = ids;
      this.times = times;
    } else {
      this.ids.copyWithin(0, this.head, this.tail);
      this.times.copyWithin(0, this.head, this.tail);
    }
    this.head = 0;
    this.tail = live;
  }
}
