// Headers, structs and tuples are read and written by code specialised to their bit layout
// when they start on a byte boundary (byte-layout.ts). These properties hold it to the
// field-by-field BitReader/BitWriter model, at aligned and unaligned starting offsets.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Field, P4Type } from '../../../src/sim/ir/types.js';
import type { Value } from '../../../src/sim/runtime/abi.js';
import { BitReader, BitWriter } from '../../../src/sim/runtime/bit-buffer.js';
import { compileReader, compileWriter } from '../../../src/sim/runtime/value-codec.js';

type Kind = 'bit' | 'int' | 'bool';
interface FieldSpec {
  kind: Kind;
  width: number;
}

const fieldSpec: fc.Arbitrary<FieldSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant<Kind>('bit'), width: fc.integer({ min: 1, max: 32 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<Kind>('bit'), width: fc.integer({ min: 33, max: 128 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<Kind>('int'), width: fc.integer({ min: 1, max: 70 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<Kind>('bool'), width: fc.constant(1) }) },
);

function typeOf(spec: FieldSpec): P4Type {
  return spec.kind === 'bool' ? { kind: 'bool' } : { kind: spec.kind, width: spec.width };
}

function fieldsOf(specs: readonly FieldSpec[]): Field[] {
  return specs.map((spec, i) => ({ name: `f${i}`, type: typeOf(spec), annotations: [] }));
}

/** A value of the field in the run-time representation (numbers up to 32 bits, else bigints). */
function valueOf(spec: FieldSpec, seed: bigint): Value {
  if (spec.kind === 'bool') return (seed & 1n) === 1n;
  const unsigned = BigInt.asUintN(spec.width, seed);
  const value = spec.kind === 'int' ? BigInt.asIntN(spec.width, unsigned) : unsigned;
  return spec.width <= 32 ? Number(value) : value;
}

function writeModel(writer: BitWriter, spec: FieldSpec, value: Value): void {
  if (spec.kind === 'bool') return writer.writeNumber(value ? 1 : 0, 1);
  const pattern = BigInt.asUintN(spec.width, BigInt(value as number | bigint));
  if (spec.width <= 32) writer.writeNumber(Number(pattern), spec.width);
  else writer.writeBigint(pattern, spec.width);
}

function readModel(reader: BitReader, spec: FieldSpec): Value {
  if (spec.kind === 'bool') return reader.readNumber(1) === 1;
  const pattern = reader.readBigint(spec.width);
  const value = spec.kind === 'int' ? BigInt.asIntN(spec.width, pattern) : pattern;
  return spec.width <= 32 ? Number(value) : value;
}

const layout = fc.record({
  specs: fc.array(fieldSpec, { minLength: 1, maxLength: 12 }),
  seeds: fc.array(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), { minLength: 12, maxLength: 12 }),
  // Bits already in the writer (or skipped by the reader) before the layout starts.
  lead: fc.integer({ min: 0, max: 19 }),
});

describe('byte-layout codecs', () => {
  it('write a header, struct or tuple exactly as field-by-field writes would, at any bit offset', () => {
    fc.assert(
      fc.property(layout, ({ specs, seeds, lead }) => {
        const fields = fieldsOf(specs);
        const values = specs.map((spec, i) => valueOf(spec, seeds[i]!));
        const record: Record<string, Value> = { $valid: true };
        fields.forEach((f, i) => (record[f.name] = values[i]!));
        const model = new BitWriter(4);
        model.writeNumber(0x5a5a5 & (2 ** Math.min(lead, 19) - 1), lead);
        specs.forEach((spec, i) => writeModel(model, spec, values[i]!));

        const header: P4Type = { kind: 'header', name: 'h_t', fields };
        const struct: P4Type = { kind: 'struct', name: 's_t', fields };
        const tuple: P4Type = { kind: 'tuple', elements: specs.map(typeOf) };
        for (const [type, value] of [[header, record], [struct, record], [tuple, values]] as const) {
          const writer = new BitWriter(4);
          writer.writeNumber(0x5a5a5 & (2 ** Math.min(lead, 19) - 1), lead);
          compileWriter(type, { skipInvalidHeaders: true })(writer, value as Value);
          assert.equal(writer.bitLength, model.bitLength);
          assert.deepEqual(writer.toBytes(), model.toBytes(), `${type.kind} at bit ${lead}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('read a header or struct exactly as field-by-field reads would, at any bit offset', () => {
    fc.assert(
      fc.property(layout, fc.uint8Array({ minLength: 200, maxLength: 200 }), ({ specs, lead }, bytes) => {
        const fields = fieldsOf(specs);
        const model = new BitReader(bytes, lead);
        const expected: Record<string, Value> = {};
        specs.forEach((spec, i) => (expected[fields[i]!.name] = readModel(model, spec)));

        const header = new BitReader(bytes, lead);
        assert.deepEqual(compileReader({ kind: 'header', name: 'h_t', fields })(header), { $valid: true, ...expected });
        assert.equal(header.bitOffset, model.bitOffset);
        const struct = new BitReader(bytes, lead);
        assert.deepEqual(compileReader({ kind: 'struct', name: 's_t', fields })(struct), expected);
        assert.equal(struct.bitOffset, model.bitOffset);
      }),
      { numRuns: 300 },
    );
  });

  it('leave the bytes after the layout untouched for the next write', () => {
    const writer = new BitWriter(2);
    const fields = fieldsOf([{ kind: 'bit', width: 4 }, { kind: 'bit', width: 8 }]);
    const write = compileWriter({ kind: 'struct', name: 's_t', fields }, { skipInvalidHeaders: true });
    write(writer, { f0: 0xa, f1: 0xbc });
    write(writer, { f0: 0xd, f1: 0xef });
    assert.deepEqual([...writer.toBytes()], [0xab, 0xcd, 0xef]);
  });
});
