import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ExpiryQueue } from '../../src/controller/expiry-queue.js';

describe('ExpiryQueue', () => {
  it('pops exactly the entries up to a time, oldest first, through growth and compaction', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ push: fc.nat(5) }), fc.record({ pop: fc.nat(5) })), { maxLength: 300 }), (ops) => {
        const queue = new ExpiryQueue(2);
        const reference: Array<[number, number]> = [];
        let now = 0;
        let nextId = 0;
        for (const op of ops) {
          if ('push' in op) {
            now += op.push;
            queue.push(nextId, now);
            reference.push([nextId++, now]);
          } else {
            const until = now - op.pop;
            const popped: Array<[number, number]> = [];
            queue.popUntil(until, (id, time) => popped.push([id, time]));
            const expected: Array<[number, number]> = [];
            while (reference.length > 0 && reference[0]![1] <= until) expected.push(reference.shift()!);
            assert.deepEqual(popped, expected);
          }
          assert.equal(queue.length, reference.length);
        }
      }),
    );
  });
});
