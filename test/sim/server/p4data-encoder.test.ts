import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { P4DataTypeSpec, P4TypeInfo } from '../../../src/proto/p4/config/v1/p4types.js';
import { P4Data } from '../../../src/proto/p4/v1/p4data.js';
import { DigestList } from '../../../src/proto/p4/v1/p4runtime.js';
import type { Value } from '../../../src/sim/runtime/abi.js';
import { valueToP4Data } from '../../../src/sim/server/p4data-codec.js';
import { compileP4DataEncoder as compile } from '../../../src/sim/server/p4data-encoder.js';
import { DIGEST_LIST_DATA_TAG } from '../../../src/sim/server/stream-response-codec.js';

const compileP4DataEncoder = (spec: P4DataTypeSpec, types: P4TypeInfo) => compile(spec, types, DIGEST_LIST_DATA_TAG);

/** A digest type as the tests draw it; `typeOf` turns it into a P4DataTypeSpec plus type_info. */
type Shape =
  | { kind: 'bit' | 'int'; width: number }
  | { kind: 'bool' | 'error' }
  | { kind: 'varbit'; max: number }
  | { kind: 'enum'; members: number }
  | { kind: 'serializableEnum'; width: number }
  | { kind: 'header'; fields: { signed: boolean; width: number }[] }
  | { kind: 'struct' | 'tuple'; members: Shape[] };

const bitsSpec = (signed: boolean, bitwidth: number): P4DataTypeSpec =>
  ({ typeSpec: { $case: 'bitstring', value: { typeSpec: { $case: signed ? 'int' : 'bit', value: { bitwidth } } } } }) as P4DataTypeSpec;

function typeOf(shape: Shape): { spec: P4DataTypeSpec; types: P4TypeInfo } {
  const types = { structs: {}, headers: {}, headerUnions: {}, enums: {}, serializableEnums: {}, newTypes: {}, error: { members: ['NoError', 'PacketTooShort', 'NoMatch'] } } as unknown as P4TypeInfo;
  let names = 0;
  const specOf = (s: Shape): P4DataTypeSpec => {
    const named = (typeSpec: unknown) => ({ typeSpec }) as P4DataTypeSpec;
    switch (s.kind) {
      case 'bit':
      case 'int':
        return bitsSpec(s.kind === 'int', s.width);
      case 'bool':
        return named({ $case: 'bool', value: {} });
      case 'error':
        return named({ $case: 'error', value: {} });
      case 'varbit':
        return named({ $case: 'bitstring', value: { typeSpec: { $case: 'varbit', value: { maxBitwidth: s.max } } } });
      case 'enum': {
        const name = `e${names++}`;
        (types.enums as Record<string, unknown>)[name] = { members: Array.from({ length: s.members }, (_, i) => ({ name: `M${i}` })) };
        return named({ $case: 'enum', value: { name } });
      }
      case 'serializableEnum': {
        const name = `se${names++}`;
        (types.serializableEnums as Record<string, unknown>)[name] = { underlyingType: { bitwidth: s.width }, members: [] };
        return named({ $case: 'serializableEnum', value: { name } });
      }
      case 'header': {
        const name = `h${names++}`;
        const members = s.fields.map((f, i) => ({ name: `f${i}`, typeSpec: { typeSpec: { $case: f.signed ? 'int' : 'bit', value: { bitwidth: f.width } } } }));
        (types.headers as Record<string, unknown>)[name] = { members };
        return named({ $case: 'header', value: { name } });
      }
      case 'struct': {
        const name = `s${names++}`;
        (types.structs as Record<string, unknown>)[name] = { members: s.members.map((m, i) => ({ name: `m${i}`, typeSpec: specOf(m) })) };
        return named({ $case: 'struct', value: { name } });
      }
      case 'tuple':
        return named({ $case: 'tuple', value: { members: s.members.map(specOf) } });
    }
  };
  return { spec: specOf(shape), types };
}

/** Widths around every boundary the encoder has: one byte, 32 bits (numbers), 53 bits (exact numbers), 64 and wider. */
const width = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(47, 48, 52, 53, 54, 63, 64, 65, 96, 128, 129, 200));
const shape: fc.Arbitrary<Shape> = fc.letrec<{ s: Shape }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constantFrom('bit' as const, 'int' as const), width }),
    fc.record({ kind: fc.constantFrom('bit' as const, 'int' as const), width }),
    fc.record({ kind: fc.constantFrom('bool' as const, 'error' as const) }),
    fc.record({ kind: fc.constant('varbit' as const), max: fc.integer({ min: 1, max: 256 }) }),
    fc.record({ kind: fc.constant('enum' as const), members: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('serializableEnum' as const), width: fc.integer({ min: 1, max: 32 }) }),
    fc.record({ kind: fc.constant('header' as const), fields: fc.array(fc.record({ signed: fc.boolean(), width }), { maxLength: 5 }) }),
    fc.record({ kind: fc.constantFrom('struct' as const, 'tuple' as const), members: fc.array(tie('s'), { maxLength: 5 }) }),
  ),
})).s;

/**
 * A run-time value of bit<W>/int<W> (abi.ts: numbers up to 32 bits, bigints above), at
 * times in the other form, and now and then out of range (the conversion masks signed
 * and negative values to W bits and leaves large unsigned ones as they are).
 */
function bitsValue(signed: boolean, w: number): fc.Arbitrary<Value> {
  const min = signed ? -(1n << BigInt(w - 1)) : 0n;
  const max = signed ? (1n << BigInt(w - 1)) - 1n : (1n << BigInt(w)) - 1n;
  const normal = fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(min, max, 0n, 1n, max >> 1n));
  const big = fc.oneof({ weight: 6, arbitrary: normal }, { weight: 1, arbitrary: fc.bigInt({ min: -(1n << BigInt(w + 4)), max: 1n << BigInt(w + 4) }) });
  const asNumber = big.filter((v) => v >= -(2n ** 53n) && v <= 2n ** 53n).map((v) => Number(v));
  if (w > 32) return fc.oneof(big, asNumber);
  return fc.oneof({ weight: 4, arbitrary: asNumber }, { weight: 1, arbitrary: big });
}

function valueOf(s: Shape): fc.Arbitrary<Value> {
  switch (s.kind) {
    case 'bit':
    case 'int':
      return bitsValue(s.kind === 'int', s.width);
    case 'bool':
      return fc.boolean();
    case 'error':
      return fc.integer({ min: 0, max: 2 });
    case 'varbit':
      return fc.integer({ min: 0, max: s.max }).chain((w) => fc.record({ width: fc.constant(w), value: fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }) }));
    case 'enum':
      return fc.integer({ min: 0, max: s.members - 1 });
    case 'serializableEnum':
      return bitsValue(false, s.width);
    case 'header':
      return fc.oneof(
        fc.tuple(...s.fields.map((f) => bitsValue(f.signed, f.width))).map((v) => ({ $valid: true, ...Object.fromEntries(v.map((x, i) => [`f${i}`, x])) })),
        fc.constant({ $valid: false }),
      ) as fc.Arbitrary<Value>;
    case 'struct':
      return fc.tuple(...s.members.map(valueOf)).map((v) => Object.fromEntries(v.map((x, i) => [`m${i}`, x])) as Value);
    case 'tuple':
      return fc.tuple(...s.members.map(valueOf)) as fc.Arbitrary<Value>;
  }
}

/** What the generated encoders write for the generic conversion: a DigestList holding just that datum is its data field. */
const generic = (value: Value | undefined, spec: P4DataTypeSpec, types: P4TypeInfo): string =>
  Buffer.from(DigestList.encode({ digestId: 0, listId: 0n, data: [valueToP4Data(value, spec, types)], timestamp: 0n }).finish()).toString('latin1');

describe('P4Data encoder compiled from a digest type', () => {
  it('writes the bytes of the generated encoder for random types and values', () => {
    fc.assert(fc.property(shape.chain((s) => fc.tuple(fc.constant(s), valueOf(s))), ([s, value]) => {
      const { spec, types } = typeOf(s);
      const encoded = Buffer.from(compileP4DataEncoder(spec, types).encode(value), 'latin1');
      const p4data = Buffer.from(P4Data.encode(valueToP4Data(value, spec, types)).finish());
      // The P4Data message itself, behind the field's tag and length...
      assert.equal(encoded.subarray(encoded.length - p4data.length).toString('hex'), p4data.toString('hex'));
      // ...and the whole field as a DigestList carrying the datum writes it.
      assert.equal(encoded.toString('hex'), Buffer.from(generic(value, spec, types), 'latin1').toString('hex'));
    }), { numRuns: 1000 });
  });

  it('writes missing members as the generic conversion does (zero, invalid, empty)', () => {
    const s: Shape = { kind: 'struct', members: [{ kind: 'bit', width: 9 }, { kind: 'header', fields: [{ signed: false, width: 8 }] }, { kind: 'tuple', members: [{ kind: 'int', width: 64 }] }] };
    const { spec, types } = typeOf(s);
    const encoder = compileP4DataEncoder(spec, types);
    for (const value of [undefined, {}, { m0: 3 }, { m1: { $valid: true } }, { m2: [] }] as Value[]) {
      assert.equal(encoder.encode(value), generic(value, spec, types));
    }
  });

  it('moves a body behind a length of more than one byte (long structs and wide values)', () => {
    const s: Shape = { kind: 'struct', members: [{ kind: 'tuple', members: Array.from({ length: 40 }, () => ({ kind: 'bit' as const, width: 32 })) }, { kind: 'bit', width: 2048 }] };
    const { spec, types } = typeOf(s);
    const encoder = compileP4DataEncoder(spec, types);
    const value = { m0: Array.from({ length: 40 }, (_, i) => 0xffff_ffff - i), m1: (1n << 2047n) + 5n } as Value;
    const bytes = encoder.encode(value);
    assert.ok(bytes.length > 500, 'the scratch buffer grew past its first size');
    assert.equal(bytes, generic(value, spec, types));
  });

  it('encodes a number and a bigint of the same bits alike (one duplicate key)', () => {
    const { spec, types } = typeOf({ kind: 'struct', members: [{ kind: 'bit', width: 8 }, { kind: 'bit', width: 48 }, { kind: 'int', width: 16 }, { kind: 'int', width: 40 }] });
    const encoder = compileP4DataEncoder(spec, types);
    const v = { m0: 1, m1: 5n, m2: -1, m3: -2n } as unknown as Value;
    const w = { m0: 1n, m1: 5, m2: 65535n, m3: 2n ** 40n - 2n } as unknown as Value;
    assert.equal(encoder.encode(v), encoder.encode(w));
    assert.notEqual(encoder.encode(v), encoder.encode({ ...(v as object), m1: 6n } as Value));
  });

  it('refuses a value that is not a bit string, and types P4Data cannot carry', () => {
    const { spec, types } = typeOf({ kind: 'struct', members: [{ kind: 'bit', width: 8 }] });
    assert.throws(() => compileP4DataEncoder(spec, types).encode({ m0: 'x' } as unknown as Value), /expected a bit string value/);
    assert.throws(() => compileP4DataEncoder({ typeSpec: { $case: 'struct', value: { name: 'nope' } } } as P4DataTypeSpec, types), /struct nope is not in type_info/);
    assert.throws(() => compileP4DataEncoder({ typeSpec: { $case: 'string', value: {} } } as unknown as P4DataTypeSpec, types), /cannot be sent over P4Runtime/);
  });
});
