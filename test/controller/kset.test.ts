import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CoreIndex } from '../../src/controller/core-index.js';
import { IndexedMinHeap } from '../../src/controller/indexed-min-heap.js';
import { type KSet, KSetError, KSetPlanner, toRegisterSlots } from '../../src/controller/kset.js';
import { MAX_K } from '../../src/controller/limits.js';
import { RoundRobinModel } from '../../src/controller/round-robin-model.js';

/** Servers 0..3 with 4 cores each; service 0 on all, service 1 on servers 2 and 3. */
function setup(policy = { hysteresisLoad: 10, pushIntervalMs: 1000 }) {
  const index = new CoreIndex([0, 1, 2, 3].map((i) => ({ index: i, cores: 4 })));
  const heap = new IndexedMinHeap(index.size);
  const planner = new KSetPlanner(
    index,
    heap,
    [
      { serviceIndex: 0, k: 3, serverIndices: [0, 1, 2, 3] },
      { serviceIndex: 1, k: 2, serverIndices: [2, 3] },
    ],
    policy,
  );
  const setLoad = (server: number, core: number, load: number) => heap.set(index.idOf(server, core), load);
  return { index, heap, planner, setLoad };
}

const pairs = (kset: KSet) => kset.members.map((m) => `${m.serverIndex}/${m.coreId}`);

describe('KSetPlanner', () => {
  it('selects the k least-loaded eligible cores of the serving servers, as a sort would', () => {
    const loadsArb = fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), { minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(loadsArb, (loads) => {
        const { index, planner, setLoad } = setup();
        loads.forEach((load, id) => {
          if (load !== undefined) setLoad(index.serverIndexOfId(id), index.coreOfId(id), load);
        });
        for (const [service, k, servers] of [
          [0, 3, [0, 1, 2, 3]],
          [1, 2, [2, 3]],
        ] as const) {
          const expected = loads
            .map((load, id) => ({ id, load }))
            .filter((c): c is { id: number; load: number } => c.load !== undefined && (servers as readonly number[]).includes(index.serverIndexOfId(c.id)))
            .sort((a, b) => a.load - b.load || a.id - b.id)
            .slice(0, k)
            .map((c) => ({ serverIndex: index.serverIndexOfId(c.id), coreId: index.coreOfId(c.id), load: c.load }));
          assert.deepEqual(planner.select(service).members, expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('orders ties by server index then core id', () => {
    const { planner, setLoad } = setup();
    setLoad(3, 0, 5);
    setLoad(2, 3, 5);
    setLoad(2, 1, 5);
    setLoad(0, 0, 9);
    assert.deepEqual(pairs(planner.select(0)), ['2/1', '2/3', '3/0']);
  });

  it('pushes the first k-set and holds an unchanged one', () => {
    const { planner, setLoad } = setup();
    for (let core = 0; core < 4; core++) setLoad(2, core, 10 + core);
    const first = planner.plan(1, 0);
    assert.equal(first.push, true);
    assert.equal(first.reason, 'first');
    assert.deepEqual(pairs(first.candidate), ['2/0', '2/1']);
    planner.markPushed(first.candidate, 0);
    // Reordering inside the set is not a change.
    setLoad(2, 1, 1);
    const again = planner.plan(1, 5000);
    assert.equal(again.push, false);
    assert.equal(again.reason, 'unchanged');
    assert.deepEqual(pairs(again.candidate), ['2/1', '2/0']);
  });

  it('waits for the push interval when the gain is below the hysteresis margin', () => {
    const { planner, setLoad } = setup({ hysteresisLoad: 10, pushIntervalMs: 1000 });
    for (let core = 0; core < 4; core++) setLoad(2, core, 50 + core);
    planner.markPushed(planner.plan(1, 0).candidate, 0); // 2/0 (50), 2/1 (51)
    setLoad(3, 0, 40); // candidate 3/0 (40), 2/0 (50): mean gain (101 - 90) / 2 = 5.5
    const held = planner.plan(1, 999);
    assert.equal(held.push, false);
    assert.equal(held.reason, 'hysteresis');
    assert.equal(held.gain, 5.5);
    const due = planner.plan(1, 1000);
    assert.equal(due.push, true);
    assert.equal(due.reason, 'interval-elapsed');
  });

  it('pushes at once when the gain reaches the margin', () => {
    const { planner, setLoad } = setup({ hysteresisLoad: 10, pushIntervalMs: 1000 });
    for (let core = 0; core < 4; core++) setLoad(2, core, 50 + core);
    planner.markPushed(planner.plan(1, 0).candidate, 0);
    setLoad(3, 0, 10);
    setLoad(3, 1, 10);
    const plan = planner.plan(1, 1);
    assert.equal(plan.push, true);
    assert.equal(plan.reason, 'load-gain');
    assert.equal(plan.gain, (50 + 51 - 20) / 2);
    assert.deepEqual(pairs(plan.candidate), ['3/0', '3/1']);
  });

  it('pushes at once when a pushed member becomes ineligible or the size changes', () => {
    const { planner, setLoad, heap, index } = setup({ hysteresisLoad: 100, pushIntervalMs: 1e9 });
    setLoad(2, 0, 1);
    const single = planner.plan(1, 0);
    assert.deepEqual(pairs(single.candidate), ['2/0']);
    planner.markPushed(single.candidate, 0);
    setLoad(3, 0, 200);
    const grown = planner.plan(1, 1);
    assert.equal(grown.reason, 'size-changed');
    planner.markPushed(grown.candidate, 1);
    heap.remove(index.idOf(3, 0));
    const shrunk = planner.plan(1, 2);
    assert.equal(shrunk.push, true);
    assert.equal(shrunk.reason, 'member-ineligible');
    assert.deepEqual(pairs(shrunk.candidate), ['2/0']);
    planner.markPushed(shrunk.candidate, 2);
    heap.remove(index.idOf(2, 0));
    const empty = planner.plan(1, 3);
    assert.equal(empty.reason, 'member-ineligible');
    assert.equal(empty.candidate.members.length, 0);
  });

  it('remembers what was pushed, with current loads', () => {
    const { planner, setLoad } = setup();
    assert.equal(planner.pushed(0), undefined);
    setLoad(1, 2, 7);
    planner.markPushed(planner.select(0), 0);
    setLoad(1, 2, 9);
    assert.deepEqual(planner.pushed(0), { serviceIndex: 0, members: [{ serverIndex: 1, coreId: 2, load: 9 }] });
    assert.deepEqual(planner.serviceIndices(), [0, 1]);
  });

  it('refuses unknown services and bad service definitions', () => {
    const { planner, index, heap } = setup();
    assert.throws(() => planner.plan(5, 0), (e: unknown) => e instanceof KSetError && e.code === 'KSET_UNKNOWN_SERVICE');
    const policy = { hysteresisLoad: 0, pushIntervalMs: 0 };
    assert.throws(() => new KSetPlanner(index, heap, [{ serviceIndex: 0, k: 17, serverIndices: [0] }], policy), KSetError);
    assert.throws(() => new KSetPlanner(index, heap, [{ serviceIndex: 0, k: 1, serverIndices: [9] }], policy), KSetError);
    assert.throws(
      () => new KSetPlanner(index, heap, [{ serviceIndex: 0, k: 1, serverIndices: [0] }, { serviceIndex: 0, k: 1, serverIndices: [1] }], policy),
      KSetError,
    );
    assert.throws(() => planner.markPushed({ serviceIndex: 0, members: [{ serverIndex: 0, coreId: 4, load: 0 }] }, 0), KSetError);
  });
});

describe('register slots and the round-robin model', () => {
  const kset: KSet = {
    serviceIndex: 3,
    members: [
      { serverIndex: 4, coreId: 1, load: 2 },
      { serverIndex: 2, coreId: 7, load: 3 },
      { serverIndex: 4, coreId: 0, load: 9 },
    ],
  };

  it('writes members in k-set order and zero-pads to MAX_K slots', () => {
    const slots = toRegisterSlots(kset);
    assert.equal(slots.serviceIndex, 3);
    assert.equal(slots.count, 3);
    assert.equal(slots.slots.length, MAX_K);
    assert.deepEqual(slots.slots.slice(0, 4), [
      { serverIndex: 4, coreId: 1 },
      { serverIndex: 2, coreId: 7 },
      { serverIndex: 4, coreId: 0 },
      { serverIndex: 0, coreId: 0 },
    ]);
  });

  it('cycles through the used slots from the cursor', () => {
    const model = new RoundRobinModel(toRegisterSlots(kset), 2);
    assert.deepEqual(model.take(4), [
      { serverIndex: 4, coreId: 0 },
      { serverIndex: 4, coreId: 1 },
      { serverIndex: 2, coreId: 7 },
      { serverIndex: 4, coreId: 0 },
    ]);
  });

  it('restarts at slot 0 when the cursor is beyond the count (after a k-set shrank)', () => {
    const model = new RoundRobinModel(toRegisterSlots(kset), 9);
    assert.deepEqual(model.take(2), [
      { serverIndex: 4, coreId: 1 },
      { serverIndex: 2, coreId: 7 },
    ]);
  });

  it('spreads any number of flows evenly: slot counts differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_K }), fc.nat(255), fc.nat(500), (k, cursor, flows) => {
        const members = Array.from({ length: k }, (_, i) => ({ serverIndex: i, coreId: 0, load: 0 }));
        const counts = new Array<number>(k).fill(0);
        for (const choice of new RoundRobinModel(toRegisterSlots({ serviceIndex: 0, members }), cursor).take(flows)) counts[choice.serverIndex]! += 1;
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 1);
      }),
    );
  });

  it('refuses an empty slot set and a bad cursor', () => {
    assert.throws(() => new RoundRobinModel(toRegisterSlots({ serviceIndex: 0, members: [] })), RangeError);
    assert.throws(() => new RoundRobinModel(toRegisterSlots(kset), -1), RangeError);
    assert.throws(() => new RoundRobinModel(toRegisterSlots(kset), 256), RangeError);
  });
});
