// Compile-time evaluation of P4 operators on integer, boolean and enum values, with the
// exact wrap-around semantics of bit<W> (modulo 2^W) and int<W> (two's complement).
// Used by the checker to fold constants; the back end reuses reduce() for literals.

import type { P4Type } from '../ir/types.js';
import type { BinaryOp, ConstValue } from './ast.js';

/** Brings an integer into the range of `type` (bit<W>: modulo 2^W; int<W>: two's complement). */
export function reduce(value: bigint, type: P4Type): bigint {
  switch (type.kind) {
    case 'bit':
      return BigInt.asUintN(type.width, value);
    case 'int':
      return BigInt.asIntN(type.width, value);
    case 'serenum':
      return reduce(value, type.underlying);
    case 'newtype':
      return reduce(value, type.underlying);
    default:
      return value;
  }
}

export const intValue = (value: bigint): ConstValue => ({ kind: 'int', value });
export const boolValue = (value: boolean): ConstValue => ({ kind: 'bool', value });

function widthOf(t: P4Type): number | undefined {
  if (t.kind === 'bit' || t.kind === 'int') return t.width;
  if (t.kind === 'serenum') return t.underlying.width;
  if (t.kind === 'newtype') return widthOf(t.underlying);
  return undefined;
}

function saturate(value: bigint, type: P4Type): bigint {
  if (type.kind === 'bit') {
    const max = (1n << BigInt(type.width)) - 1n;
    return value < 0n ? 0n : value > max ? max : value;
  }
  if (type.kind === 'int') {
    const max = (1n << BigInt(type.width - 1)) - 1n;
    const min = -(1n << BigInt(type.width - 1));
    return value < min ? min : value > max ? max : value;
  }
  return value;
}

export class ConstEvalError extends Error {}

/**
 * Folds `left op right`. `type` is the result type for arithmetic (operand type, already
 * unified), `operandType` the operands' type; `rightType` matters for `++`.
 */
export function foldBinary(
  op: BinaryOp,
  left: ConstValue,
  right: ConstValue,
  operandType: P4Type,
  resultType: P4Type,
  rightType: P4Type,
): ConstValue {
  if (op === '&&' || op === '||') {
    const l = asBool(left);
    const r = asBool(right);
    return boolValue(op === '&&' ? l && r : l || r);
  }
  if (op === '==' || op === '!=') {
    const eq = constEquals(left, right);
    return boolValue(op === '==' ? eq : !eq);
  }
  const l = asInt(left);
  const r = asInt(right);
  switch (op) {
    case '<':
      return boolValue(l < r);
    case '<=':
      return boolValue(l <= r);
    case '>':
      return boolValue(l > r);
    case '>=':
      return boolValue(l >= r);
    case '+':
      return intValue(reduce(l + r, resultType));
    case '-':
      return intValue(reduce(l - r, resultType));
    case '*':
      return intValue(reduce(l * r, resultType));
    case '/':
    case '%':
      if (r === 0n) throw new ConstEvalError('division by zero');
      if (l < 0n || r < 0n) throw new ConstEvalError(`'${op}' is only defined on non-negative values`);
      return intValue(reduce(op === '/' ? l / r : l % r, resultType));
    case '|+|':
      return intValue(saturate(l + r, resultType));
    case '|-|':
      return intValue(saturate(l - r, resultType));
    case '&':
      return intValue(reduce(l & r, resultType));
    case '|':
      return intValue(reduce(l | r, resultType));
    case '^':
      return intValue(reduce(l ^ r, resultType));
    case '<<': {
      if (r < 0n) throw new ConstEvalError('negative shift amount');
      const w = widthOf(resultType);
      if (w !== undefined && r >= BigInt(w)) return intValue(0n);
      return intValue(reduce(l << r, resultType));
    }
    case '>>': {
      if (r < 0n) throw new ConstEvalError('negative shift amount');
      const w = widthOf(resultType);
      if (w !== undefined && r >= BigInt(w)) return intValue(l < 0n ? -1n : 0n);
      return intValue(reduce(l >> r, resultType));
    }
    case '++': {
      const rw = widthOf(rightType)!;
      const lw = widthOf(operandType)!;
      const bits = (BigInt.asUintN(lw, l) << BigInt(rw)) | BigInt.asUintN(rw, r);
      return intValue(reduce(bits, resultType));
    }
  }
}

export function foldUnary(op: '!' | '~' | '-' | '+', v: ConstValue, type: P4Type): ConstValue {
  if (op === '!') return boolValue(!asBool(v));
  const n = asInt(v);
  if (op === '~') return intValue(reduce(~n, type));
  if (op === '-') return intValue(reduce(-n, type));
  return v;
}

/** `e[hi:lo]` of the unsigned bit pattern of `v` (width `width`). */
export function foldSlice(v: ConstValue, width: number | undefined, hi: number, lo: number): ConstValue {
  let n = asInt(v);
  if (width !== undefined) n = BigInt.asUintN(width, n);
  return intValue(BigInt.asUintN(hi - lo + 1, n >> BigInt(lo)));
}

export function foldCast(v: ConstValue, from: P4Type, to: P4Type): ConstValue {
  if (to.kind === 'bool') return v.kind === 'bool' ? v : boolValue(asInt(v) !== 0n);
  if (v.kind === 'bool') return intValue(v.value ? 1n : 0n);
  if (v.kind !== 'int') return v;
  // Between bit and int of different widths, P4 first changes the width in the source's
  // signedness, then reinterprets: reducing to the target handles both.
  const w = widthOf(from);
  const source = w !== undefined && from.kind !== 'int' && !(from.kind === 'newtype' || from.kind === 'serenum') ? BigInt.asUintN(w, v.value) : v.value;
  return intValue(reduce(source, to));
}

function asInt(v: ConstValue): bigint {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return v.value ? 1n : 0n;
  if (v.kind === 'member') return BigInt(v.index);
  throw new ConstEvalError(`not an integer constant`);
}

function asBool(v: ConstValue): boolean {
  if (v.kind === 'bool') return v.value;
  throw new ConstEvalError('not a boolean constant');
}

export function constEquals(a: ConstValue, b: ConstValue): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
    case 'bool':
    case 'string':
      return a.value === (b as typeof a).value;
    case 'member':
      return a.index === (b as typeof a).index && a.name === (b as typeof a).name;
    case 'list': {
      const o = b as typeof a;
      return a.elements.length === o.elements.length && a.elements.every((e, i) => constEquals(e, o.elements[i]!));
    }
    case 'struct': {
      const o = b as typeof a;
      return a.fields.length === o.fields.length && a.fields.every((f, i) => f.name === o.fields[i]!.name && constEquals(f.value, o.fields[i]!.value));
    }
  }
}
