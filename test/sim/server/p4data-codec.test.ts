import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { P4DataTypeSpec, P4TypeInfo } from '../../../src/proto/p4/config/v1/p4types.js';
import { P4Data } from '../../../src/proto/p4/v1/p4data.js';
import type { Value } from '../../../src/sim/runtime/abi.js';
import { compileP4Data, valueToP4Data } from '../../../src/sim/server/p4data-codec.js';

const bit = (bitwidth: number): P4DataTypeSpec => ({ typeSpec: { $case: 'bitstring', value: { typeSpec: { $case: 'bit', value: { bitwidth } } } } }) as unknown as P4DataTypeSpec;
const int = (bitwidth: number): P4DataTypeSpec => ({ typeSpec: { $case: 'bitstring', value: { typeSpec: { $case: 'int', value: { bitwidth } } } } }) as unknown as P4DataTypeSpec;

// A digest struct like lb.p4's, plus a signed field, a nested header and a tuple.
const types = {
  structs: {
    d_t: {
      members: [
        { name: 'a', typeSpec: bit(8) },
        { name: 'b', typeSpec: bit(48) },
        { name: 'c', typeSpec: int(16) },
        { name: 'h', typeSpec: { typeSpec: { $case: 'header', value: { name: 'h_t' } } } },
        { name: 't', typeSpec: { typeSpec: { $case: 'tuple', value: { members: [bit(32), { typeSpec: { $case: 'bool', value: {} } }] } } } },
      ],
    },
  },
  headers: { h_t: { members: [{ name: 'x', typeSpec: { typeSpec: { $case: 'bit', value: { bitwidth: 32 } } } }] } },
} as unknown as P4TypeInfo;
const spec = { typeSpec: { $case: 'struct', value: { name: 'd_t' } } } as P4DataTypeSpec;

const value = fc.record({
  a: fc.integer({ min: 0, max: 255 }),
  b: fc.bigInt({ min: 0n, max: 2n ** 48n - 1n }),
  c: fc.integer({ min: -32768, max: 32767 }),
  h: fc.oneof(fc.record({ $valid: fc.constant(true), x: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }), fc.constant({ $valid: false, x: 0 })),
  t: fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.boolean()),
}) as fc.Arbitrary<Value>;
const small = fc.record({
  a: fc.integer({ min: 0, max: 2 }),
  b: fc.constantFrom(0n, 1n, 256n),
  c: fc.constantFrom(-1, 0, 1),
  h: fc.constantFrom({ $valid: false, x: 0 }, { $valid: true, x: 0 }, { $valid: true, x: 1 }),
  t: fc.tuple(fc.constantFrom(0, 1), fc.boolean()),
}) as fc.Arbitrary<Value>;
const bytes = (d: P4Data): string => Buffer.from(P4Data.encode(d).finish()).toString('hex');

describe('compiled digest P4Data', () => {
  const compiled = compileP4Data(spec, types);

  it('makes the same P4Data as the generic conversion', () => {
    fc.assert(fc.property(value, (v) => assert.deepEqual(compiled.toP4Data(v), valueToP4Data(v, spec, types))));
  });

  it('gives two values the same key exactly when their P4Data are equal', () => {
    fc.assert(fc.property(small, small, (v, w) => {
      assert.equal(compiled.key(v) === compiled.key(w), bytes(compiled.toP4Data(v)) === bytes(compiled.toP4Data(w)));
    }), { numRuns: 500 });
  });

  it('keys a number and a bigint of the same bits alike', () => {
    const v = { a: 1, b: 5n, c: -1, h: { $valid: false }, t: [7, true] } as unknown as Value;
    const w = { a: 1n, b: 5, c: 65535n, h: { $valid: false }, t: [7n, true] } as unknown as Value;
    assert.equal(compiled.key(v), compiled.key(w));
  });

  it('refuses a value that is not a bit string', () => {
    assert.throws(() => compiled.toP4Data({ a: 'x' } as unknown as Value), /expected a bit string value/);
  });
});
