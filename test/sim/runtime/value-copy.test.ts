import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Field, HeaderType, P4Type } from '../../../src/sim/ir/types.js';
import type { Value } from '../../../src/sim/runtime/abi.js';
import { compileCopier, copyValue } from '../../../src/sim/runtime/value-copy.js';

const bit = (width: number): P4Type => ({ kind: 'bit', width });
const field = (name: string, type: P4Type): Field => ({ name, type, annotations: [] });
const ipv4: HeaderType = { kind: 'header', name: 'ipv4_t', fields: [field('src', bit(32)), field('mac', bit(48))] };
const inner: P4Type = { kind: 'struct', name: 'inner_t', fields: [field('flag', { kind: 'bool' }), field('h', ipv4)] };
const outer: P4Type = {
  kind: 'struct',
  name: 'outer_t',
  fields: [
    field('n', bit(16)),
    field('inner', inner),
    field('pair', { kind: 'tuple', elements: [bit(8), ipv4] }),
    field('stack', { kind: 'stack', element: ipv4, size: 2 }),
  ],
};

// Plain objects, as the simulator's values are.
const plain = { noNullPrototype: true } as const;
const header = fc.record({ $valid: fc.boolean(), src: fc.nat(0xffffffff), mac: fc.bigInt(0n, 2n ** 48n - 1n) }, plain);
const outerValue = fc.record({
  n: fc.nat(0xffff),
  inner: fc.record({ flag: fc.boolean(), h: header }, plain),
  pair: fc.tuple(fc.nat(255), header),
  stack: fc.record({ nextIndex: fc.nat(2), elements: fc.tuple(header, header) }, plain),
}, plain);

/** Every object reachable from `value`. */
function objects(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value === 'object' && value !== null) {
    into.add(value);
    for (const member of Object.values(value)) objects(member, into);
  }
  return into;
}

describe('value copies', () => {
  it('a compiled copier gives an equal value that shares no object with the original', () => {
    const copy = compileCopier(outer);
    fc.assert(
      fc.property(outerValue, (value) => {
        const copied = copy(value as unknown as Value);
        assert.deepEqual(copied, value);
        assert.deepEqual(copied, copyValue(value as unknown as Value));
        const originals = objects(value);
        for (const o of objects(copied)) assert.ok(!originals.has(o), 'the copy shares an object with the original');
      }),
    );
  });

  it('a copy does not change when the original does', () => {
    const copy = compileCopier(outer);
    const value = { n: 1, inner: { flag: true, h: { $valid: true, src: 2, mac: 3n } }, pair: [4, { $valid: false, src: 0, mac: 0n }], stack: { nextIndex: 0, elements: [] } };
    const copied = copy(value as unknown as Value) as typeof value;
    value.inner.h.src = 99;
    value.inner.h.$valid = false;
    (value.pair[1] as { src: number }).src = 7;
    assert.equal(copied.inner.h.src, 2);
    assert.equal(copied.inner.h.$valid, true);
    assert.equal((copied.pair[1] as { src: number }).src, 0);
  });

  it('scalars copy as themselves', () => {
    assert.equal(compileCopier(bit(64))(5n), 5n);
    assert.equal(compileCopier({ kind: 'bool' })(true), true);
  });
});
