import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { HeapError, IndexedMinHeap } from '../../src/controller/indexed-min-heap.js';

type Op =
  | { kind: 'set'; id: number; key: number }
  | { kind: 'remove'; id: number }
  | { kind: 'pop' };

const CAPACITY = 40;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), id: fc.nat(CAPACITY - 1), key: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(CAPACITY - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
);

/** The reference: a plain map, sorted on demand by (key, id). */
function sortedReference(ref: Map<number, number>): number[] {
  return [...ref.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([id]) => id);
}

function apply(heap: IndexedMinHeap, ref: Map<number, number>, op: Op): void {
  switch (op.kind) {
    case 'set':
      heap.set(op.id, op.key);
      ref.set(op.id, op.key);
      break;
    case 'remove':
      assert.equal(heap.delete(op.id), ref.delete(op.id));
      break;
    case 'pop': {
      const expected = sortedReference(ref)[0];
      assert.equal(heap.pop(), expected);
      if (expected !== undefined) ref.delete(expected);
      break;
    }
  }
}

describe('IndexedMinHeap', () => {
  it('matches a sort-based reference for peek, size and keys after any operation sequence', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const heap = new IndexedMinHeap(CAPACITY);
        const ref = new Map<number, number>();
        for (const op of ops) {
          apply(heap, ref, op);
          assert.equal(heap.size, ref.size);
          assert.equal(heap.peek(), sortedReference(ref)[0]);
        }
        for (const [id, key] of ref) assert.equal(heap.keyOf(id), key);
        // Draining the heap yields the full (key, id) order.
        const drained: number[] = [];
        for (let id = heap.pop(); id !== undefined; id = heap.pop()) drained.push(id);
        assert.deepEqual(drained, sortedReference(ref));
      }),
      { numRuns: 300 },
    );
  });

  it('kSmallest returns the k smallest accepted elements in (key, id) order', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 150 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        (ops, k, modulus) => {
          const heap = new IndexedMinHeap(CAPACITY);
          const ref = new Map<number, number>();
          for (const op of ops) apply(heap, ref, op);
          const accept = (id: number): boolean => id % modulus === 0;
          const out = new Int32Array(k);
          const n = heap.kSmallest(k, accept, out);
          const expected = sortedReference(ref).filter(accept).slice(0, k);
          assert.deepEqual(Array.from(out.subarray(0, n)), expected);
          // The walk must not disturb the heap.
          assert.equal(heap.size, ref.size);
          assert.equal(heap.peek(), sortedReference(ref)[0]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('kSmallest grows its frontier when many elements are rejected', () => {
    const n = 5000;
    const heap = new IndexedMinHeap(n);
    for (let id = 0; id < n; id++) heap.insert(id, (id * 7919) % 101);
    const out = new Int32Array(3);
    const accept = (id: number): boolean => id >= n - 300;
    const found = heap.kSmallest(3, accept, out);
    const expected = Array.from({ length: n }, (_, id) => id)
      .filter(accept)
      .sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b)
      .slice(0, 3);
    assert.equal(found, 3);
    assert.deepEqual(Array.from(out), expected);
  });

  it('breaks ties by id, so equal keys come out in id order', () => {
    const heap = new IndexedMinHeap(10);
    for (const id of [7, 3, 9, 1, 5]) heap.insert(id, 42);
    const out = new Int32Array(5);
    assert.equal(heap.kSmallest(5, () => true, out), 5);
    assert.deepEqual(Array.from(out), [1, 3, 5, 7, 9]);
  });

  it('moves an element both ways on update', () => {
    const heap = new IndexedMinHeap(4);
    heap.insert(0, 10);
    heap.insert(1, 20);
    heap.insert(2, 30);
    heap.update(2, 5);
    assert.equal(heap.peek(), 2);
    heap.update(2, 50);
    assert.equal(heap.peek(), 0);
    heap.update(0, 25);
    assert.equal(heap.peek(), 1);
  });

  it('rejects bad ids, duplicates, absent elements and NaN keys with typed errors', () => {
    const heap = new IndexedMinHeap(3);
    heap.insert(1, 1);
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        assert.ok(err instanceof HeapError);
        return err.code;
      }
      return 'no error';
    };
    assert.equal(code(() => heap.insert(3, 0)), 'HEAP_BAD_ID');
    assert.equal(code(() => heap.insert(-1, 0)), 'HEAP_BAD_ID');
    assert.equal(code(() => heap.insert(1.5, 0)), 'HEAP_BAD_ID');
    assert.equal(code(() => heap.insert(1, 0)), 'HEAP_DUPLICATE');
    assert.equal(code(() => heap.update(2, 0)), 'HEAP_ABSENT');
    assert.equal(code(() => heap.remove(0)), 'HEAP_ABSENT');
    assert.equal(code(() => heap.update(1, Number.NaN)), 'HEAP_BAD_KEY');
    assert.equal(code(() => heap.kSmallest(2, () => true, new Int32Array(1))), 'HEAP_BAD_ID');
    assert.equal(code(() => new IndexedMinHeap(-1)), 'HEAP_BAD_ID');
  });
});
