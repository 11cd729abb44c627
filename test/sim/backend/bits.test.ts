// Property tests: every operation of src/sim/runtime/bits.ts, in both representations,
// against a BigInt reference model written straight from the P4_16 definitions.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Bits } from '../../../src/sim/runtime/abi.js';
import { P4RuntimeError } from '../../../src/sim/runtime/abi.js';
import {
  arith,
  BitsError,
  castInt,
  checkConstantDivision,
  clampShift,
  concat,
  fromBigInt,
  isInRange,
  setSlice,
  slice,
  toBigInt,
  toUnsignedBigInt,
  type IntRep,
} from '../../../src/sim/runtime/bits.js';

// ---- reference model: mathematical integers reduced modulo 2^W ----
const lo = (r: IntRep): bigint => (r.signed ? -(1n << BigInt(r.width - 1)) : 0n);
const hi = (r: IntRep): bigint => (r.signed ? (1n << BigInt(r.width - 1)) - 1n : (1n << BigInt(r.width)) - 1n);
const ref = (r: IntRep, x: bigint): bigint => (r.signed ? BigInt.asIntN(r.width, x) : BigInt.asUintN(r.width, x));
const sat = (r: IntRep, x: bigint): bigint => (x < lo(r) ? lo(r) : x > hi(r) ? hi(r) : x);

/** Widths 1..128, with the 31/32/33 and 63/64/65 boundaries drawn often. */
const widthArb = fc.oneof(
  fc.integer({ min: 1, max: 128 }),
  fc.constantFrom(1, 2, 8, 16, 31, 32, 33, 48, 63, 64, 65, 127, 128),
);
const repArb = fc.record({ width: widthArb, signed: fc.boolean() });

/** Values of a representation, biased towards its edges (0, ±1, min, max). */
function valueArb(r: IntRep): fc.Arbitrary<bigint> {
  const edges = [lo(r), hi(r), 0n, ref(r, 1n), ref(r, -1n), ref(r, lo(r) + 1n), ref(r, hi(r) - 1n)];
  return fc.oneof(fc.bigInt({ min: lo(r), max: hi(r) }), fc.constantFrom(...edges));
}
const repAndTwo = repArb.chain((r) => fc.tuple(fc.constant(r), valueArb(r), valueArb(r)));
const rt = (r: IntRep, x: bigint): Bits => fromBigInt(x, r);

function checkResult(r: IntRep, got: Bits, want: bigint): void {
  assert.ok(isInRange(got, r), `result ${String(got)} (${typeof got}) not a valid ${r.signed ? 'int' : 'bit'}<${r.width}>`);
  assert.equal(toBigInt(got), want);
}

describe('bits: bit-exact P4 integer arithmetic', () => {
  const binaries: [string, (r: IntRep, a: bigint, b: bigint) => bigint][] = [
    ['add', (r, a, b) => ref(r, a + b)],
    ['sub', (r, a, b) => ref(r, a - b)],
    ['mul', (r, a, b) => ref(r, a * b)],
    ['satAdd', (r, a, b) => sat(r, a + b)],
    ['satSub', (r, a, b) => sat(r, a - b)],
    ['and', (r, a, b) => ref(r, a & b)],
    ['or', (r, a, b) => ref(r, a | b)],
    ['xor', (r, a, b) => ref(r, a ^ b)],
  ];
  for (const [name, model] of binaries) {
    it(`${name} matches the reference model`, () => {
      fc.assert(
        fc.property(repAndTwo, ([r, a, b]) => {
          const op = arith(r)[name as 'add'];
          checkResult(r, op(rt(r, a), rt(r, b)), model(r, a, b));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('div and mod truncate towards zero and reject a zero divisor', () => {
    fc.assert(
      fc.property(repAndTwo, ([r, a, b]) => {
        const ops = arith(r);
        if (b === 0n) {
          assert.throws(() => ops.div(rt(r, a), rt(r, b)), P4RuntimeError);
          assert.throws(() => ops.mod(rt(r, a), rt(r, b)), P4RuntimeError);
          return;
        }
        checkResult(r, ops.div(rt(r, a), rt(r, b)), ref(r, a / b));
        checkResult(r, ops.mod(rt(r, a), rt(r, b)), ref(r, a % b));
      }),
      { numRuns: 400 },
    );
  });

  it('neg and not match the reference model', () => {
    fc.assert(
      fc.property(repAndTwo, ([r, a]) => {
        checkResult(r, arith(r).neg(rt(r, a)), ref(r, -a));
        checkResult(r, arith(r).not(rt(r, a)), ref(r, ~a));
      }),
      { numRuns: 400 },
    );
  });

  it('shifts: amounts >= W give 0 (or the sign fill for signed >>)', () => {
    const arb = repArb.chain((r) => fc.tuple(fc.constant(r), valueArb(r), fc.integer({ min: 0, max: r.width + 40 })));
    fc.assert(
      fc.property(arb, ([r, a, s]) => {
        const ops = arith(r);
        checkResult(r, ops.shl(rt(r, a), s), ref(r, a << BigInt(s)));
        // BigInt >> on a mathematical integer is the arithmetic shift: sign fill for negatives.
        const want = r.signed ? a >> BigInt(s) : s >= r.width ? 0n : a >> BigInt(s);
        checkResult(r, ops.shr(rt(r, a), s), want);
      }),
      { numRuns: 400 },
    );
  });

  it('comparisons on the representation agree with the mathematical order', () => {
    fc.assert(
      fc.property(repAndTwo, ([r, a, b]) => {
        const x = rt(r, a);
        const y = rt(r, b);
        assert.equal(x < y, a < b);
        assert.equal(x === y, a === b);
        assert.equal(x >= y, a >= b);
      }),
      { numRuns: 400 },
    );
  });

  it('casts sign-extend int, zero-extend bit, truncate and reinterpret', () => {
    const arb = fc.tuple(repArb, repArb).chain(([from, to]) => fc.tuple(fc.constant(from), fc.constant(to), valueArb(from)));
    fc.assert(
      fc.property(arb, ([from, to, a]) => {
        checkResult(to, castInt(from, to)(rt(from, a)), ref(to, a));
      }),
      { numRuns: 600 },
    );
  });

  it('concatenation puts the left operand above the right one', () => {
    const arb = fc
      .tuple(repArb, repArb)
      .filter(([l, r]) => l.width + r.width <= 128)
      .chain(([l, r]) => fc.tuple(fc.constant(l), fc.constant(r), valueArb(l), valueArb(r)));
    fc.assert(
      fc.property(arb, ([l, r, a, b]) => {
        const result: IntRep = { width: l.width + r.width, signed: l.signed };
        const bits = (BigInt.asUintN(l.width, a) << BigInt(r.width)) | BigInt.asUintN(r.width, b);
        checkResult(result, concat(l, r, result)(rt(l, a), rt(r, b)), ref(result, bits));
      }),
      { numRuns: 600 },
    );
  });

  const sliceArb = repArb.chain((r) =>
    fc
      .tuple(fc.integer({ min: 0, max: r.width - 1 }), fc.integer({ min: 0, max: r.width - 1 }))
      .map(([x, y]) => [Math.max(x, y), Math.min(x, y)] as const)
      .chain(([h, l]) => fc.tuple(fc.constant(r), fc.constant(h), fc.constant(l), valueArb(r), valueArb({ width: h - l + 1, signed: false }))),
  );

  it('slices read bits high..low of the two\'s-complement pattern', () => {
    fc.assert(
      fc.property(sliceArb, ([r, h, l, a]) => {
        const out: IntRep = { width: h - l + 1, signed: false };
        checkResult(out, slice(r, h, l)(rt(r, a)), BigInt.asUintN(h - l + 1, a >> BigInt(l)));
      }),
      { numRuns: 600 },
    );
  });

  it('slice assignment replaces exactly bits high..low', () => {
    fc.assert(
      fc.property(sliceArb, ([r, h, l, a, part]) => {
        const n = BigInt(h - l + 1);
        const mask = ((1n << n) - 1n) << BigInt(l);
        const pattern = (BigInt.asUintN(r.width, a) & ~mask) | (part << BigInt(l));
        const got = setSlice(r, h, l)(rt(r, a), rt({ width: h - l + 1, signed: false }, part));
        checkResult(r, got, ref(r, pattern));
      }),
      { numRuns: 600 },
    );
  });

  it('the representation switches from number to bigint between widths 32 and 33', () => {
    assert.equal(typeof fromBigInt(5n, { width: 32, signed: false }), 'number');
    assert.equal(typeof fromBigInt(5n, { width: 33, signed: false }), 'bigint');
    assert.equal(arith({ width: 32, signed: false }).add(0xffffffff, 1), 0);
    assert.equal(arith({ width: 33, signed: false }).add(0xffffffffn, 1n), 0x100000000n);
    assert.equal(castInt({ width: 33, signed: true }, { width: 32, signed: false })(-1n), 0xffffffff);
  });

  it('helpers: wide shift amounts clamp, unsigned patterns, constant division checks', () => {
    assert.equal(clampShift(1n << 70n, 64), 64);
    assert.equal(clampShift(3n, 64), 3);
    assert.equal(toUnsignedBigInt(-1, 8), 255n);
    assert.equal(checkConstantDivision('/', 4n, 0n), '/ by zero');
    assert.equal(checkConstantDivision('%', -4n, 3n), '% of a negative value');
    assert.equal(checkConstantDivision('/', 4n, 2n), undefined);
  });

  it('bad widths and slices are refused with BitsError', () => {
    assert.throws(() => arith({ width: 0, signed: false }), BitsError);
    assert.throws(() => slice({ width: 8, signed: false }, 8, 0), BitsError);
    assert.throws(() => slice({ width: 8, signed: false }, 2, 3), BitsError);
    assert.throws(() => concat({ width: 8, signed: false }, { width: 8, signed: false }, { width: 15, signed: false }), BitsError);
  });
});
