// An indexed binary min-heap over dense element ids 0..capacity-1, each with a numeric key.
//
// The controller numbers every (server, core) pair densely in (server index, core id)
// order (see core-index.ts), so ordering elements by (key, id) is exactly the
// deterministic tie-break the k-sets need: load, then server index, then core id.
//
// Everything lives in typed arrays sized once at construction: no per-operation
// allocation, no object headers. Keys are stored by heap position, next to the ids, so
// a sift compares neighbouring array slots instead of chasing each id to its key: at a
// million elements the arrays outgrow the caches and every indirection is a miss.
// At 1,000,000 elements the heap takes 16 MB (ids and positions as Int32, keys as Float64).

export class HeapError extends Error {
  constructor(readonly code: 'HEAP_BAD_ID' | 'HEAP_DUPLICATE' | 'HEAP_ABSENT' | 'HEAP_BAD_KEY', message: string) {
    super(message);
    this.name = 'HeapError';
  }
}

const ABSENT = -1;

/** The heap order: by key, then by id. */
function less(keyA: number, idA: number, keyB: number, idB: number): boolean {
  return keyA < keyB || (keyA === keyB && idA < idB);
}

export class IndexedMinHeap {
  readonly capacity: number;
  /** heap[i] = element id at heap position i (0 is the root). */
  private readonly heap: Int32Array;
  /** pos[id] = heap position of element id, or ABSENT. */
  private readonly pos: Int32Array;
  /** keys[i] = key of the element at heap position i. */
  private readonly keys: Float64Array;
  private count = 0;
  /** Scratch frontier for kSmallest: heap positions ordered by (key, id); grows on demand. */
  private frontier: Int32Array = new Int32Array(64);

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 0x7fffffff) {
      throw new HeapError('HEAP_BAD_ID', `heap capacity must be an integer in 0..2^31-1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(ABSENT);
    this.keys = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.capacity && this.pos[id] !== ABSENT;
  }

  /** The key of a present element; throws if it is absent. */
  keyOf(id: number): number {
    this.checkPresent(id);
    return this.keys[this.pos[id]!]!;
  }

  /** The element with the smallest (key, id), or undefined when empty. */
  peek(): number | undefined {
    return this.count === 0 ? undefined : this.heap[0];
  }

  insert(id: number, key: number): void {
    this.checkId(id);
    this.checkKey(key);
    if (this.pos[id] !== ABSENT) throw new HeapError('HEAP_DUPLICATE', `element ${id} is already in the heap`);
    const at = this.count++;
    this.siftUp(at, id, key);
  }

  /** Changes the key of a present element (decrease or increase), O(log n). */
  update(id: number, key: number): void {
    this.checkPresent(id);
    this.checkKey(key);
    const at = this.pos[id]!;
    const old = this.keys[at]!;
    if (key < old) this.siftUp(at, id, key);
    else if (key > old) this.siftDown(at, id, key);
  }

  /** Inserts the element, or updates its key if it is already present. */
  set(id: number, key: number): void {
    if (this.has(id)) this.update(id, key);
    else this.insert(id, key);
  }

  remove(id: number): void {
    this.checkPresent(id);
    const at = this.pos[id]!;
    const lastAt = --this.count;
    this.pos[id] = ABSENT;
    if (at === lastAt) return;
    const moved = this.heap[lastAt]!;
    const movedKey = this.keys[lastAt]!;
    // The last element fills the hole, and may belong above or below it.
    const parentAt = (at - 1) >> 1;
    if (at > 0 && less(movedKey, moved, this.keys[parentAt]!, this.heap[parentAt]!)) this.siftUp(at, moved, movedKey);
    else this.siftDown(at, moved, movedKey);
  }

  /** Removes the element if present; returns whether it was. */
  delete(id: number): boolean {
    if (!this.has(id)) return false;
    this.remove(id);
    return true;
  }

  /** Removes and returns the smallest element, or undefined when empty. */
  pop(): number | undefined {
    if (this.count === 0) return undefined;
    const top = this.heap[0]!;
    this.remove(top);
    return top;
  }

  /**
   * The up to `k` smallest elements (by key, then id) for which `accept(id)` holds,
   * smallest first, written into `out` (which must hold k ids); returns how many.
   *
   * Best-first walk of the heap: a small frontier heap holds candidate heap positions,
   * starting at the root; popping a candidate yields the next smallest element of the
   * whole heap, and its two children join the frontier. Rejected elements still expand
   * their children. Cost O((k + r) log(k + r)) for r rejections, independent of size.
   */
  kSmallest(k: number, accept: (id: number) => boolean, out: Int32Array): number {
    if (!Number.isInteger(k) || k < 0) throw new HeapError('HEAP_BAD_ID', `k must be a non-negative integer, got ${k}`);
    if (out.length < k) throw new HeapError('HEAP_BAD_ID', `output holds ${out.length} ids, fewer than k = ${k}`);
    if (k === 0 || this.count === 0) return 0;
    let frontierSize = 0;
    let found = 0;
    this.frontier[frontierSize++] = 0;
    while (frontierSize > 0) {
      const at = this.frontier[0]!;
      // Pop the frontier's minimum.
      frontierSize--;
      if (frontierSize > 0) {
        this.frontier[0] = this.frontier[frontierSize]!;
        this.frontierSiftDown(frontierSize);
      }
      const id = this.heap[at]!;
      if (accept(id)) {
        out[found++] = id;
        if (found === k) break;
      }
      const left = 2 * at + 1;
      if (left < this.count) frontierSize = this.frontierPush(frontierSize, left);
      if (left + 1 < this.count) frontierSize = this.frontierPush(frontierSize, left + 1);
    }
    return found;
  }

  /** Present element ids in heap order (not sorted); for inspection and tests. */
  ids(): number[] {
    return Array.from(this.heap.subarray(0, this.count));
  }

  /** Moves `id` with `key` from hole `start` towards the root to its place. */
  private siftUp(start: number, id: number, key: number): void {
    const heap = this.heap;
    const keys = this.keys;
    let at = start;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = heap[parentAt]!;
      const parentKey = keys[parentAt]!;
      if (!less(key, id, parentKey, parent)) break;
      this.place(at, parent, parentKey);
      at = parentAt;
    }
    this.place(at, id, key);
  }

  /** Moves `id` with `key` from hole `start` towards the leaves to its place. */
  private siftDown(start: number, id: number, key: number): void {
    const heap = this.heap;
    const keys = this.keys;
    const n = this.count;
    let at = start;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      let childId = heap[child]!;
      let childKey = keys[child]!;
      const right = child + 1;
      if (right < n) {
        const rightId = heap[right]!;
        const rightKey = keys[right]!;
        if (less(rightKey, rightId, childKey, childId)) {
          child = right;
          childId = rightId;
          childKey = rightKey;
        }
      }
      if (!less(childKey, childId, key, id)) break;
      this.place(at, childId, childKey);
      at = child;
    }
    this.place(at, id, key);
  }

  /** Puts element `id` with `key` at heap position `at`. */
  private place(at: number, id: number, key: number): void {
    this.heap[at] = id;
    this.keys[at] = key;
    this.pos[id] = at;
  }

  private frontierLess(atA: number, atB: number): boolean {
    return less(this.keys[atA]!, this.heap[atA]!, this.keys[atB]!, this.heap[atB]!);
  }

  private frontierPush(size: number, heapAt: number): number {
    if (size === this.frontier.length) {
      const grown = new Int32Array(size * 2);
      grown.set(this.frontier);
      this.frontier = grown;
    }
    const f = this.frontier;
    let i = size;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.frontierLess(heapAt, f[parent]!)) break;
      f[i] = f[parent]!;
      i = parent;
    }
    f[i] = heapAt;
    return size + 1;
  }

  private frontierSiftDown(size: number): void {
    const f = this.frontier;
    const item = f[0]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && this.frontierLess(f[child + 1]!, f[child]!)) child++;
      if (!this.frontierLess(f[child]!, item)) break;
      f[i] = f[child]!;
      i = child;
    }
    f[i] = item;
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.capacity) {
      throw new HeapError('HEAP_BAD_ID', `element id ${id} is outside 0..${this.capacity - 1}`);
    }
  }

  private checkPresent(id: number): void {
    this.checkId(id);
    if (this.pos[id] === ABSENT) throw new HeapError('HEAP_ABSENT', `element ${id} is not in the heap`);
  }

  private checkKey(key: number): void {
    if (Number.isNaN(key)) throw new HeapError('HEAP_BAD_KEY', 'heap key must not be NaN');
  }
}
