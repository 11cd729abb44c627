import assert from 'node:assert/strict';
import { DigestList } from '../../../src/proto/p4/v1/p4runtime.js';
import { bitsToBytes } from '../../../src/sim/server/byte-string.js';
import type { Clock } from '../../../src/sim/server/clock.js';
import { DigestEngine, type EncodedDigestList, type EncodedDigestDatum } from '../../../src/sim/server/digest-engine.js';

/** Time moves only when told; timers fire as it passes them. */
class FakeClock implements Clock {
  ns = 0n;
  timers: { atNs: bigint; callback: () => void; live: boolean }[] = [];
  nowNs = (): bigint => this.ns;
  setTimer(delayMs: number, callback: () => void): () => void {
    const timer = { atNs: this.ns + BigInt(delayMs) * 1_000_000n, callback, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  }
  advance(ns: bigint): void {
    this.ns += ns;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.atNs <= this.ns);
      if (due.length === 0) return;
      for (const t of due) {
        t.live = false;
        t.callback();
      }
    }
  }
}

/** The bitstring `n` as the engine gets it: a DigestList data field. */
const datum = (n: number): EncodedDigestDatum => Buffer.from(DigestList.encode({
  digestId: 0, listId: 0n, data: [{ data: { $case: 'bitstring', value: bitsToBytes(BigInt(n)) } }], timestamp: 0n,
}).finish()).toString('latin1');
const decoded = (d: EncodedDigestDatum): number => {
  const data = DigestList.decode(Buffer.from(d, 'latin1')).data[0]?.data;
  return data?.$case === 'bitstring' ? Number(BigInt(`0x${Buffer.from(data.value).toString('hex')}`)) : -1;
};
const MS = 1_000_000n;

describe('digest batching', () => {
  let clock: FakeClock;
  let lists: EncodedDigestList[];
  let online: boolean;
  let engine: DigestEngine;

  beforeEach(() => {
    clock = new FakeClock();
    lists = [];
    online = true;
    engine = new DigestEngine(clock, (list) => online && lists.push(list) > 0);
  });

  const sizes = () => lists.map((l) => l.data.length);

  it('sends a list when max_list_size digests wait', () => {
    engine.configure(1, { maxTimeoutNs: 1000n * MS, maxListSize: 3, ackTimeoutNs: 0n });
    for (const i of [1, 2, 3, 4]) engine.offer(1, datum(i));
    assert.deepEqual(sizes(), [3]);
    assert.deepEqual(lists[0]!.listId, 1n);
  });

  it('sends what waits once the oldest digest has waited max_timeout_ns', () => {
    engine.configure(1, { maxTimeoutNs: 10n * MS, maxListSize: 100, ackTimeoutNs: 0n });
    engine.offer(1, datum(1));
    clock.advance(5n * MS);
    engine.offer(1, datum(2));
    assert.deepEqual(sizes(), []);
    clock.advance(5n * MS);
    assert.deepEqual(sizes(), [2]);
  });

  it('holds further lists until the ack, or until ack_timeout_ns runs out', () => {
    engine.configure(1, { maxTimeoutNs: 0n, maxListSize: 1, ackTimeoutNs: 50n * MS });
    engine.offer(1, datum(1));
    engine.offer(1, datum(2));
    engine.offer(1, datum(3));
    assert.deepEqual(sizes(), [1]);
    assert.ok(engine.ack(1, 1n));
    assert.deepEqual(sizes(), [1, 1]);
    assert.ok(!engine.ack(1, 1n), 'an old list id is not outstanding');
    clock.advance(50n * MS);
    assert.deepEqual(sizes(), [1, 1, 1]);
    assert.deepEqual(lists.map((l) => l.listId), [1n, 2n, 3n]);
  });

  it('drops data equal to data waiting or unacknowledged, and forgets it after the ack', () => {
    engine.configure(1, { maxTimeoutNs: 0n, maxListSize: 1, ackTimeoutNs: 1000n * MS });
    engine.offer(1, datum(7));
    engine.offer(1, datum(7));
    engine.ack(1, 1n);
    assert.deepEqual(sizes(), [1]);
    engine.offer(1, datum(7));
    assert.deepEqual(sizes(), [1, 1]);
  });

  it('arms one timer per wait, not one per digest, and still honours the earliest deadline', () => {
    engine.configure(1, { maxTimeoutNs: 10n * MS, maxListSize: 1000, ackTimeoutNs: 500n * MS });
    for (let i = 0; i < 100; i++) engine.offer(1, datum(i));
    assert.equal(clock.timers.length, 1);
    clock.advance(10n * MS);
    assert.deepEqual(sizes(), [100]);
    for (let i = 100; i < 200; i++) engine.offer(1, datum(i));
    assert.equal(clock.timers.filter((t) => t.live).length, 1, 'one timer: the ack timeout');
    assert.ok(engine.ack(1, 1n));
    clock.advance(10n * MS);
    assert.deepEqual(sizes(), [100, 100]);
  });

  it('sends a long backlog in lists of max_list_size, in order', () => {
    engine.configure(1, { maxTimeoutNs: 0n, maxListSize: 3, ackTimeoutNs: 1000n * MS });
    for (let i = 0; i < 10; i++) engine.offer(1, datum(i));
    for (let id = 1n; id <= 3n; id++) assert.ok(engine.ack(1, id));
    assert.deepEqual(sizes(), [1, 3, 3, 3], "the first goes at once (max_timeout_ns 0), the rest wait for acks");
    assert.deepEqual(lists.flatMap((l) => l.data.map(decoded)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('counts and drops digests beyond 65,536 waiting, and takes new ones once a list has gone', () => {
    engine.configure(1, { maxTimeoutNs: 0n, maxListSize: 0, ackTimeoutNs: 1000n * MS });
    engine.offer(1, datum(0));
    for (let i = 1; i <= 65_536 + 3; i++) engine.offer(1, datum(i));
    assert.equal(engine.dropped, 3);
    engine.offer(1, datum(1));
    assert.equal(engine.dropped, 3, 'a duplicate of a waiting datum is not counted as dropped');
    assert.ok(engine.ack(1, 1n));
    assert.deepEqual(sizes(), [1, 65_536]);
    assert.deepEqual(lists[1]!.data.map(decoded).slice(-2), [65_535, 65_536]);
    engine.offer(1, datum(65_537));
    assert.equal(engine.dropped, 3);
  });

  it('keeps lists while there is no primary and sends them when one appears', () => {
    engine.configure(1, { maxTimeoutNs: 0n, maxListSize: 0, ackTimeoutNs: 0n });
    online = false;
    engine.offer(1, datum(1));
    engine.offer(1, datum(2));
    online = true;
    engine.pumpAll();
    assert.deepEqual(sizes(), [2]);
  });

  it('ignores digests without a config and forgets pending data when the config is deleted', () => {
    engine.offer(1, datum(1));
    engine.configure(1, { maxTimeoutNs: 10n * MS, maxListSize: 0, ackTimeoutNs: 0n });
    engine.offer(1, datum(2));
    engine.configure(1, undefined);
    clock.advance(20n * MS);
    assert.deepEqual(sizes(), []);
    assert.deepEqual(engine.configuredIds(), []);
  });
});
