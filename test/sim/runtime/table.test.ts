import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FieldMatch, MatchKind, TableEntry } from '../../../src/sim/runtime/abi.js';
import { TableError } from '../../../src/sim/runtime/abi.js';
import { createTable, setHitListener } from '../../../src/sim/runtime/table.js';
import { entry, referenceLookup, runtimeKey, tableSpec } from './table-helpers.js';

function expectCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof TableError && e.code === code);
}

describe('sim runtime: tables', () => {
  it('exact: hit returns the entry action and arguments in run-time representation', () => {
    const t = createTable(tableSpec([{ kind: 'exact', width: 32 }, { kind: 'exact', width: 48 }]));
    t.insert(entry([{ kind: 'exact', value: 0x0a000001n }, { kind: 'exact', value: 0x112233445566n }], 7));
    const hit = t.lookup([0x0a000001, 0x112233445566n], 5n);
    assert.equal(hit.hit, true);
    assert.equal(hit.actionIndex, 0);
    assert.deepEqual(hit.args, [7, 0xabcdef012345n]);
    assert.equal(hit.entry?.lastHitNs, 5n);
    const miss = t.lookup([0x0a000001, 0x112233445567n], 6n);
    assert.equal(miss.hit, false);
    assert.equal(miss.actionIndex, 1);
  });

  it('exact tables keep packed keys only, yet give back the matches they were given', () => {
    for (const widths of [[48], [32, 16, 1], [32, 32, 8, 16, 16]]) {
      const t = createTable(tableSpec(widths.map((width) => ({ kind: 'exact' as const, width }))));
      const matches = widths.map((w, i): FieldMatch => ({ kind: 'exact', value: ((1n << BigInt(w)) - 1n) >> BigInt(i) }));
      const stored = t.insert(entry(matches, 1));
      assert.deepEqual(stored.matches, matches);
      assert.deepEqual([...t.entries()].map((e) => e.matches), [matches]);
      assert.equal(t.find(matches, 0), stored);
      assert.equal(t.delete(matches, 0), stored);
      assert.deepEqual(stored.matches, matches);
      assert.equal(t.entryCount, 0);
    }
  });

  it('5-tuple keys (all <= 32 bits, 104 in all) find exactly their entry and read back as given (property)', () => {
    const widths = [32, 32, 8, 16, 16];
    // Halves in the UTF-16 surrogate range and at the edges are the interesting ones.
    const half = fc.oneof(fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xffff), fc.integer({ min: 0, max: 0xffff }));
    const key = fc.tuple(fc.tuple(half, half), fc.tuple(half, half), fc.integer({ min: 0, max: 255 }), half, half)
      .map(([[a, b], [c, d], p, s, t]) => [a * 0x10000 + b, c * 0x10000 + d, p, s, t]);
    fc.assert(fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 30, selector: (k) => k.join(',') }), (keys) => {
      const t = createTable(tableSpec(widths.map((width) => ({ kind: 'exact' as const, width }))));
      const matchesOf = (k: number[]): FieldMatch[] => k.map((v) => ({ kind: 'exact', value: BigInt(v) }));
      keys.forEach((k, i) => t.insert(entry(matchesOf(k), i)));
      keys.forEach((k, i) => assert.equal(t.lookup(k, 0n).args[0], i));
      const show = (matches: readonly FieldMatch[]): string => matches.map((m) => String((m as { value: bigint }).value)).join();
      assert.deepEqual([...t.entries()].map((e) => show(e.matches)).sort(), keys.map((k) => show(matchesOf(k))).sort());
      const probe = [...keys[0]!.slice(0, 4), (keys[0]![4]! + 1) & 0xffff];
      assert.equal(t.lookup(probe, 0n).hit, keys.some((k) => k.join() === probe.join()));
    }), { numRuns: 200 });
  });

  it('bool keys match as 0/1', () => {
    const t = createTable(tableSpec([{ kind: 'exact', width: 1 }]));
    t.insert(entry([{ kind: 'exact', value: 1n }], 3));
    assert.equal(t.lookup([true], 0n).hit, true);
    assert.equal(t.lookup([false], 0n).hit, false);
  });

  it('P4Runtime errors: duplicate, not found, full, bad widths, bad action, const', () => {
    const t = createTable(tableSpec([{ kind: 'exact', width: 8 }], { size: 2 }));
    t.insert(entry([{ kind: 'exact', value: 1n }], 1));
    expectCode(() => t.insert(entry([{ kind: 'exact', value: 1n }], 2)), 'ALREADY_EXISTS');
    t.insert(entry([{ kind: 'exact', value: 2n }], 1));
    expectCode(() => t.insert(entry([{ kind: 'exact', value: 3n }], 1)), 'OUT_OF_RANGE');
    expectCode(() => t.modify(entry([{ kind: 'exact', value: 9n }], 1)), 'NOT_FOUND');
    expectCode(() => t.delete([{ kind: 'exact', value: 9n }], 0), 'NOT_FOUND');
    expectCode(() => t.insert(entry([{ kind: 'exact', value: 256n }], 1)), 'INVALID_ARGUMENT');
    expectCode(() => t.insert(entry([{ kind: 'exact', value: 4n }], 1, 5)), 'INVALID_ARGUMENT');
    expectCode(() => t.insert({ ...entry([{ kind: 'exact', value: 4n }], 1), action: { action: 'nope', args: [] } }), 'INVALID_ARGUMENT');
    expectCode(() => t.insert(entry([{ kind: 'exact', value: 4n }], 512)), 'INVALID_ARGUMENT');
    t.delete([{ kind: 'exact', value: 2n }], 0);
    assert.equal(t.entryCount, 1);
    const c = createTable(
      tableSpec([{ kind: 'exact', width: 8 }], {
        entriesConst: true,
        defaultActionConst: true,
        constEntries: [entry([{ kind: 'exact', value: 5n }], 4)],
      }),
    );
    assert.deepEqual(c.lookup([5], 0n).args, [4, 0xabcdef012345n]);
    expectCode(() => c.insert(entry([{ kind: 'exact', value: 6n }], 1)), 'PERMISSION_DENIED');
    expectCode(() => c.setDefaultAction({ action: 'NoAction', args: [] }), 'PERMISSION_DENIED');
  });

  it('const entries of tables without priorities lose the priority a compiler gave them', () => {
    const t = createTable(tableSpec([{ kind: 'exact', width: 8 }], { entriesConst: true, constEntries: [entry([{ kind: 'exact', value: 1n }], 5, 7)] }));
    assert.equal([...t.entries()][0]!.priority, 0);
    assert.equal(t.lookup([1], 0n).args[0], 5);
    // LPM const entries written with bits beyond the prefix are masked.
    const l = createTable(tableSpec([{ kind: 'lpm', width: 16 }], { constEntries: [entry([{ kind: 'lpm', value: 0x12ffn, prefixLength: 8 }], 6)] }));
    assert.equal(l.lookup([0x1200], 0n).args[0], 6);
  });

  it('modify keeps handle and counters; default action can change', () => {
    const t = createTable(tableSpec([{ kind: 'exact', width: 8 }]));
    const stored = t.insert(entry([{ kind: 'exact', value: 1n }], 1));
    stored.packets = 3n;
    const modified = t.modify(entry([{ kind: 'exact', value: 1n }], 9));
    assert.equal(modified.handle, stored.handle);
    assert.equal(modified.packets, 3n);
    assert.deepEqual(t.lookup([1], 0n).args, [9, 0xabcdef012345n]);
    t.setDefaultAction({ action: 'ingress.set', args: [2n, 0n] });
    assert.deepEqual(t.lookup([2], 0n).args, [2, 0n]);
    assert.equal(t.lookup([2], 0n).hit, false);
  });

  it('LPM rejects bits beyond the prefix and picks the longest prefix', () => {
    const t = createTable(tableSpec([{ kind: 'lpm', width: 32 }]));
    expectCode(() => t.insert(entry([{ kind: 'lpm', value: 0x0a000001n, prefixLength: 8 }], 1)), 'INVALID_ARGUMENT');
    t.insert(entry([{ kind: 'lpm', value: 0x0a000000n, prefixLength: 8 }], 1));
    t.insert(entry([{ kind: 'lpm', value: 0x0a010000n, prefixLength: 16 }], 2));
    t.insert(entry([{ kind: 'lpm', value: 0n, prefixLength: 0 }], 3));
    assert.equal(t.lookup([0x0a010203], 0n).args[0], 2);
    assert.equal(t.lookup([0x0a020203], 0n).args[0], 1);
    assert.equal(t.lookup([0x0b020203], 0n).args[0], 3);
  });

  it('ternary needs a priority and the highest wins; hit listener sees the entry', () => {
    const t = createTable(tableSpec([{ kind: 'ternary', width: 16 }]));
    expectCode(() => t.insert(entry([{ kind: 'ternary', value: 0x1200n, mask: 0xff00n }], 1, 0)), 'INVALID_ARGUMENT');
    t.insert(entry([{ kind: 'ternary', value: 0x1200n, mask: 0xff00n }], 1, 10));
    t.insert(entry([{ kind: 'ternary', value: 0x1234n, mask: 0xffffn }], 2, 5));
    t.insert(entry([{ kind: 'ternary', value: 0x1234n, mask: 0xffffn }], 3, 20));
    const seen: number[] = [];
    setHitListener(t, (e) => seen.push(e.priority));
    assert.equal(t.lookup([0x1234], 0n).args[0], 3);
    assert.equal(t.lookup([0x1299], 0n).args[0], 1);
    assert.deepEqual(seen, [20, 10]);
    t.delete([{ kind: 'ternary', value: 0x1234n, mask: 0xffffn }], 20);
    assert.equal(t.lookup([0x1234], 0n).args[0], 1);
  });

  it('among equal priorities the older entry wins, whatever mask group it sits in (BMv2)', () => {
    const t = createTable(tableSpec([{ kind: 'ternary', width: 16 }]));
    t.insert(entry([{ kind: 'ternary', value: 0x9900n, mask: 0xff00n }], 1, 5)); // group /ff00, never matches
    t.insert(entry([{ kind: 'ternary', value: 0x0034n, mask: 0x00ffn }], 2, 5)); // group /00ff, older match
    t.insert(entry([{ kind: 'ternary', value: 0x1200n, mask: 0xff00n }], 3, 5)); // group /ff00, newer match
    assert.equal(t.lookup([0x1234], 0n).args[0], 2);
  });

  const kindArb = fc.constantFrom<MatchKind>('exact', 'lpm', 'ternary', 'range', 'optional');
  const widthArb = fc.constantFrom(1, 4, 8, 9, 16, 32, 33, 48);

  function matchArb(kind: MatchKind, width: number, keyPool: bigint[]): fc.Arbitrary<FieldMatch> {
    const max = (1n << BigInt(width)) - 1n;
    const value = fc.oneof(fc.constantFrom(...keyPool.map((k) => k & max)), fc.bigInt({ min: 0n, max }));
    switch (kind) {
      case 'exact':
        return value.map((v) => ({ kind: 'exact', value: v }));
      case 'lpm':
        return fc.tuple(value, fc.integer({ min: 0, max: width })).map(([v, len]) => {
          const mask = ((1n << BigInt(len)) - 1n) << BigInt(width - len);
          return { kind: 'lpm', value: v & mask, prefixLength: len };
        });
      case 'ternary':
        return fc.tuple(value, fc.bigInt({ min: 0n, max })).map(([v, mask]) => ({ kind: 'ternary', value: v & mask, mask }));
      case 'range':
        return fc.tuple(value, value).map(([a, b]) => ({ kind: 'range', low: a < b ? a : b, high: a < b ? b : a }));
      case 'optional':
        return fc.option(value, { nil: undefined }).map((v) => ({ kind: 'optional', value: v }));
      default:
        throw new Error(kind);
    }
  }

  it('agrees with a naive matcher on random tables of every key shape (property)', () => {
    const scenario = fc
      .tuple(fc.array(fc.tuple(kindArb, widthArb), { minLength: 1, maxLength: 3 }), fc.array(fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }), { minLength: 3, maxLength: 6 }))
      .chain(([keys, pool]) => {
        const entries = fc.array(fc.tuple(...keys.map(([k, w]) => matchArb(k, w, pool))), { maxLength: 25 });
        const probes = fc.array(fc.tuple(...keys.map(([, w]) => fc.oneof(fc.constantFrom(...pool.map((p) => p & ((1n << BigInt(w)) - 1n))), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n })))), { minLength: 1, maxLength: 20 });
        return fc.tuple(fc.constant(keys), entries, probes);
      });
    fc.assert(
      fc.property(scenario, ([keys, rawEntries, probes]) => {
        const spec = tableSpec(keys.map(([kind, width]) => ({ kind, width })));
        const needsPriority = keys.some(([k]) => k === 'ternary' || k === 'range' || k === 'optional');
        const table = createTable(spec);
        const accepted: TableEntry[] = [];
        rawEntries.forEach((matches, i) => {
          // Few distinct priorities, so ties happen: the older entry must win them.
          const e = entry(matches as FieldMatch[], i, needsPriority ? 1 + (i % 3) : 0);
          try {
            table.insert(e);
            accepted.push(e);
          } catch (err) {
            assert.ok(err instanceof TableError && err.code === 'ALREADY_EXISTS', String(err));
          }
        });
        for (const probe of probes) {
          const expected = referenceLookup(spec, accepted, probe);
          const got = table.lookup(probe.map((k, i) => runtimeKey(k, keys[i]![1])), 0n);
          assert.equal(got.hit, expected !== undefined);
          if (expected !== undefined) assert.equal(got.args[0], Number(expected.action.args[0]));
        }
        // Deleting everything leaves an empty table that only misses.
        for (const e of accepted) table.delete(e.matches, e.priority);
        assert.equal(table.entryCount, 0);
        for (const probe of probes) assert.equal(table.lookup(probe.map((k, i) => runtimeKey(k, keys[i]![1])), 0n).hit, false);
      }),
      { numRuns: 300 },
    );
  });
});
