// Bit-exact arithmetic on P4_16 fixed-width integers (bit<W>, int<W>) in the simulator's
// run-time representation (abi.ts): a JS number for W <= 32, a bigint above.
//
// Every operation is built once per (width, signedness) by `arith(rep)` and friends, so the
// returned closures are monomorphic (only numbers or only bigints) and carry their masks
// as constants; compiled code binds them at compile time and calls them per packet.
//
// Number tricks relied on: JS bitwise operators first reduce their operands modulo 2^32
// (ToInt32/ToUint32), so `x & mask` and `x >>> 0` reduce any safe integer modulo 2^W, and
// `(x << k) >> k` sign-extends from bit 31 - k. Sums and differences of two 32-bit values
// are exact doubles; products are not, hence Math.imul (exact low 32 bits).

import { P4RuntimeError } from './abi.js';
import type { Bits } from './abi.js';

/** The run-time shape of a bit<W> (signed = false) or int<W> (signed = true). */
export interface IntRep {
  readonly width: number;
  readonly signed: boolean;
}

/** Widths up to this one are JS numbers; wider ones are bigints. */
export const NUMBER_MAX_WIDTH = 32;

export function isNumberRep(rep: IntRep): boolean {
  return rep.width <= NUMBER_MAX_WIDTH;
}

export type BinaryOp = (a: Bits, b: Bits) => Bits;
export type UnaryOp = (a: Bits) => Bits;
/** Shift amounts are non-negative integers; `clampShift` turns a wide (bigint) amount into one. */
export type ShiftOp = (a: Bits, amount: number) => Bits;

export interface ArithOps {
  readonly rep: IntRep;
  readonly add: BinaryOp;
  readonly sub: BinaryOp;
  readonly mul: BinaryOp;
  /** Truncating division; a zero divisor throws P4RuntimeError. */
  readonly div: BinaryOp;
  /** Remainder with the sign of the dividend; a zero divisor throws P4RuntimeError. */
  readonly mod: BinaryOp;
  /** `|+|`: saturates at the type's minimum/maximum instead of wrapping. */
  readonly satAdd: BinaryOp;
  /** `|-|` */
  readonly satSub: BinaryOp;
  readonly and: BinaryOp;
  readonly or: BinaryOp;
  readonly xor: BinaryOp;
  readonly neg: UnaryOp;
  /** `~` */
  readonly not: UnaryOp;
  /** `<<`: amounts >= W give 0. */
  readonly shl: ShiftOp;
  /** `>>`: logical for bit<W>, arithmetic (sign fill) for int<W>; amounts >= W give 0 or -1. */
  readonly shr: ShiftOp;
  /** Reduces any integer of the representation's JS type (number or bigint) into range. */
  readonly wrap: UnaryOp;
}

export class BitsError extends Error {
  readonly code = 'BITS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'BitsError';
  }
}

function checkRep(rep: IntRep): void {
  if (!Number.isInteger(rep.width) || rep.width < 1) {
    throw new BitsError(`invalid width ${rep.width} for ${rep.signed ? 'int' : 'bit'}<W>`);
  }
}

function divisionByZero(): never {
  throw new P4RuntimeError('division by zero');
}

/** Reduces a number (any safe integer) modulo 2^width into bit<width> (width <= 32). */
export function wrapUnsignedNumber(width: number): (v: number) => number {
  if (width === 32) return (v) => v >>> 0;
  const mask = 2 ** width - 1;
  return (v) => v & mask;
}

/** Reduces a number (any safe integer) modulo 2^width into int<width> (width <= 32). */
export function wrapSignedNumber(width: number): (v: number) => number {
  const k = 32 - width;
  if (k === 0) return (v) => v | 0;
  return (v) => (v << k) >> k;
}

function numberOps(rep: IntRep): ArithOps {
  const w = rep.width;
  const wrap = rep.signed ? wrapSignedNumber(w) : wrapUnsignedNumber(w);
  const min = rep.signed ? -(2 ** (w - 1)) : 0;
  const max = rep.signed ? 2 ** (w - 1) - 1 : 2 ** w - 1;
  const clamp = (v: number): number => (v < min ? min : v > max ? max : v);
  // Unsigned results of & | ^ on values below 2^32 need `>>> 0` only when bit 31 can be set.
  const fixBitwise = rep.signed || w < 32 ? (v: number): number => v : (v: number): number => v >>> 0;
  type N = (a: number, b: number) => number;
  const bin = (f: N): BinaryOp => f as unknown as BinaryOp; // numbers only reach these closures
  const un = (f: (a: number) => number): UnaryOp => f as unknown as UnaryOp;
  const shift = (f: (a: number, s: number) => number): ShiftOp => f as unknown as ShiftOp;
  return {
    rep,
    wrap: un(wrap),
    add: bin((a, b) => wrap(a + b)),
    sub: bin((a, b) => wrap(a - b)),
    mul: bin((a, b) => wrap(Math.imul(a, b))),
    // For |a|, |b| < 2^32 the rounded quotient never crosses an integer, so trunc is exact.
    div: bin((a, b) => (b === 0 ? divisionByZero() : wrap(Math.trunc(a / b)))),
    mod: bin((a, b) => (b === 0 ? divisionByZero() : wrap(a % b))),
    satAdd: bin((a, b) => clamp(a + b)),
    satSub: bin((a, b) => clamp(a - b)),
    and: bin((a, b) => fixBitwise(a & b)),
    or: bin((a, b) => fixBitwise(a | b)),
    xor: bin((a, b) => fixBitwise(a ^ b)),
    neg: un((a) => wrap(-a)),
    not: un((a) => wrap(~a)),
    shl: shift((a, s) => (s >= w ? 0 : wrap(a << s))),
    shr: rep.signed
      ? shift((a, s) => (s >= w ? (a < 0 ? -1 : 0) : a >> s))
      : shift((a, s) => (s >= w ? 0 : a >>> s)),
  };
}

function bigintOps(rep: IntRep): ArithOps {
  const w = rep.width;
  const bw = BigInt(w);
  const wrap = rep.signed ? (v: bigint): bigint => BigInt.asIntN(w, v) : (v: bigint): bigint => BigInt.asUintN(w, v);
  const min = rep.signed ? -(1n << (bw - 1n)) : 0n;
  const max = rep.signed ? (1n << (bw - 1n)) - 1n : (1n << bw) - 1n;
  const clamp = (v: bigint): bigint => (v < min ? min : v > max ? max : v);
  type B = (a: bigint, b: bigint) => bigint;
  const bin = (f: B): BinaryOp => f as unknown as BinaryOp; // bigints only reach these closures
  const un = (f: (a: bigint) => bigint): UnaryOp => f as unknown as UnaryOp;
  const shift = (f: (a: bigint, s: number) => bigint): ShiftOp => f as unknown as ShiftOp;
  return {
    rep,
    wrap: un(wrap),
    add: bin((a, b) => wrap(a + b)),
    sub: bin((a, b) => wrap(a - b)),
    mul: bin((a, b) => wrap(a * b)),
    div: bin((a, b) => (b === 0n ? divisionByZero() : wrap(a / b))),
    mod: bin((a, b) => (b === 0n ? divisionByZero() : wrap(a % b))),
    satAdd: bin((a, b) => clamp(a + b)),
    satSub: bin((a, b) => clamp(a - b)),
    // Bitwise operators on in-range values stay in range for both signednesses.
    and: bin((a, b) => a & b),
    or: bin((a, b) => a | b),
    xor: bin((a, b) => a ^ b),
    neg: un((a) => wrap(-a)),
    not: un((a) => wrap(~a)),
    shl: shift((a, s) => (s >= w ? 0n : wrap(a << BigInt(s)))),
    // Arithmetic >> on an in-range value already gives 0 / -1 for large amounts.
    shr: shift((a, s) => (s >= w ? (a < 0n ? -1n : 0n) : a >> BigInt(s))),
  };
}

const opsCache = new Map<string, ArithOps>();

/** The arithmetic of bit<W> / int<W>, specialised and cached per representation. */
export function arith(rep: IntRep): ArithOps {
  checkRep(rep);
  const key = `${rep.signed ? 'i' : 'u'}${rep.width}`;
  let ops = opsCache.get(key);
  if (ops === undefined) {
    ops = isNumberRep(rep) ? numberOps(rep) : bigintOps(rep);
    opsCache.set(key, ops);
  }
  return ops;
}

/** A shift amount held in a wide (bigint) type, clamped so every shift op can take a number. */
export function clampShift(amount: bigint, limit: number): number {
  return amount >= BigInt(limit) ? limit : Number(amount);
}

// ---------------------------------------------------------------------------
// Conversions between representations
// ---------------------------------------------------------------------------

/** The mathematical integer a value stands for. */
export function toBigInt(v: Bits): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** Any integer reduced modulo 2^W into the representation of `rep`. */
export function fromBigInt(value: bigint, rep: IntRep): Bits {
  checkRep(rep);
  const wrapped = rep.signed ? BigInt.asIntN(rep.width, value) : BigInt.asUintN(rep.width, value);
  return isNumberRep(rep) ? Number(wrapped) : wrapped;
}

/** The unsigned W-bit pattern of a value (two's complement for int<W>), as a bigint. */
export function toUnsignedBigInt(v: Bits, width: number): bigint {
  return BigInt.asUintN(width, toBigInt(v));
}

/** Whether a value is a valid member of `rep` in its representation. */
export function isInRange(v: Bits, rep: IntRep): boolean {
  if (isNumberRep(rep) !== (typeof v === 'number')) return false;
  if (typeof v === 'number' && !Number.isInteger(v)) return false;
  const x = toBigInt(v);
  const w = BigInt(rep.width);
  return rep.signed ? x >= -(1n << (w - 1n)) && x < 1n << (w - 1n) : x >= 0n && x < 1n << w;
}

/**
 * A cast between fixed-width integer types: the source value reduced modulo 2^W' into the
 * target. This is sign extension from int<W>, zero extension from bit<W>, truncation to a
 * narrower width and reinterpretation between bit<W> and int<W> of the same width: all
 * the conversions P4_16 (section 8.11) allows, composed.
 */
export function castInt(from: IntRep, to: IntRep): UnaryOp {
  checkRep(from);
  checkRep(to);
  const fromNum = isNumberRep(from);
  const toNum = isNumberRep(to);
  if (fromNum && toNum) {
    if (from.width === to.width && from.signed === to.signed) return (v) => v;
    const wrap = to.signed ? wrapSignedNumber(to.width) : wrapUnsignedNumber(to.width);
    return wrap as unknown as UnaryOp;
  }
  const w = to.width;
  if (toNum) {
    return (to.signed
      ? (v: bigint) => Number(BigInt.asIntN(w, v))
      : (v: bigint) => Number(BigInt.asUintN(w, v))) as unknown as UnaryOp;
  }
  if (fromNum) {
    return (to.signed
      ? (v: number) => BigInt.asIntN(w, BigInt(v))
      : (v: number) => BigInt.asUintN(w, BigInt(v))) as unknown as UnaryOp;
  }
  if (from.width <= w && from.signed === to.signed) return (v) => v;
  return (to.signed
    ? (v: bigint) => BigInt.asIntN(w, v)
    : (v: bigint) => BigInt.asUintN(w, v)) as unknown as UnaryOp;
}

/** `a ++ b`: left bits above right bits; the result is read as `result` (its width is the sum). */
export function concat(left: IntRep, right: IntRep, result: IntRep): BinaryOp {
  checkRep(left);
  checkRep(right);
  if (result.width !== left.width + right.width) {
    throw new BitsError(`concatenation of ${left.width} and ${right.width} bits cannot give ${result.width} bits`);
  }
  const rw = right.width;
  if (isNumberRep(result)) {
    const lowMask = 2 ** rw;
    const ul = wrapUnsignedNumber(left.width);
    const ur = wrapUnsignedNumber(rw);
    const wrap = result.signed ? wrapSignedNumber(result.width) : (v: number): number => v;
    return ((a: number, b: number) => wrap(ul(a) * lowMask + ur(b))) as unknown as BinaryOp;
  }
  const lw = left.width;
  const brw = BigInt(rw);
  const w = result.width;
  return ((a: Bits, b: Bits) => {
    const bits = (BigInt.asUintN(lw, toBigInt(a)) << brw) | BigInt.asUintN(rw, toBigInt(b));
    return result.signed ? BigInt.asIntN(w, bits) : bits;
  }) as BinaryOp;
}

function checkSlice(source: IntRep, high: number, low: number): void {
  checkRep(source);
  if (!Number.isInteger(high) || !Number.isInteger(low) || low < 0 || high < low || high >= source.width) {
    throw new BitsError(`slice [${high}:${low}] out of range for a ${source.width}-bit value`);
  }
}

/** `v[high:low]`: a bit<high - low + 1> of the source's bit pattern (from either signedness). */
export function slice(source: IntRep, high: number, low: number): UnaryOp {
  checkSlice(source, high, low);
  const n = high - low + 1;
  if (isNumberRep(source)) {
    // `>>>` reads the two's-complement pattern of a negative int<W> correctly up to bit 31.
    const wrap = wrapUnsignedNumber(n);
    return ((v: number) => wrap(v >>> low)) as unknown as UnaryOp;
  }
  const bl = BigInt(low);
  if (n <= NUMBER_MAX_WIDTH) return ((v: bigint) => Number(BigInt.asUintN(n, v >> bl))) as unknown as UnaryOp;
  return ((v: bigint) => BigInt.asUintN(n, v >> bl)) as unknown as UnaryOp;
}

/** Assignment to `target[high:low]`: the new target value with bits high..low replaced by `part`. */
export function setSlice(target: IntRep, high: number, low: number): BinaryOp {
  checkSlice(target, high, low);
  const n = high - low + 1;
  if (isNumberRep(target)) {
    const fieldMask = (2 ** n - 1) * 2 ** low;
    const keepMask = 2 ** target.width - 1 - fieldMask;
    const wrap = target.signed ? wrapSignedNumber(target.width) : wrapUnsignedNumber(target.width);
    // `& mask` reads the masks modulo 2^32, so they work even when bit 31 is set; `wrap` then
    // restores the target's representation (sign extension for int<W>).
    return ((old: number, part: number) => wrap((old & keepMask) | ((part << low) & fieldMask))) as unknown as BinaryOp;
  }
  const bl = BigInt(low);
  const w = target.width;
  const fieldMask = ((1n << BigInt(n)) - 1n) << bl;
  return ((old: Bits, part: Bits) => {
    const bits = (BigInt.asUintN(w, old as bigint) & ~fieldMask) | ((BigInt.asUintN(n, toBigInt(part)) << bl) & fieldMask);
    return target.signed ? BigInt.asIntN(w, bits) : BigInt.asUintN(w, bits);
  }) as BinaryOp;
}

/** Compile-time check of a constant divisor or dividend: P4_16 defines / and % on non-negative values only. */
export function checkConstantDivision(op: '/' | '%', dividend: bigint | undefined, divisor: bigint | undefined): string | undefined {
  if (divisor !== undefined && divisor === 0n) return `${op} by zero`;
  if (divisor !== undefined && divisor < 0n) return `${op} with a negative divisor`;
  if (dividend !== undefined && dividend < 0n) return `${op} of a negative value`;
  return undefined;
}
