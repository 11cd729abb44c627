// Run-time values of P4 types, as JS source. The back end emits these snippets into the
// generated code so that default values, copies and comparisons of a given type are
// straight-line object literals and property reads (one hidden class per P4 type), never
// a generic walk over the type per packet. The representation is the one abi.ts fixes.

import type { P4Type } from '../ir/types.js';
import type { ConstValue } from '../frontend/ast.js';
import type { IntRep } from '../runtime/bits.js';
import { NUMBER_MAX_WIDTH } from '../runtime/bits.js';
import type { Value } from '../runtime/abi.js';
import { internal } from './errors.js';

/** bit<W>, int<W> and the types represented like them (serializable enums, newtypes over them). */
export function intRepOf(type: P4Type): IntRep | undefined {
  switch (type.kind) {
    case 'bit':
      return { width: type.width, signed: false };
    case 'int':
      return { width: type.width, signed: true };
    case 'serenum':
      return intRepOf(type.underlying);
    case 'newtype':
      return intRepOf(type.underlying);
    default:
      return undefined;
  }
}

/** Strips newtypes: the type whose representation a value has. */
export function representationType(type: P4Type): P4Type {
  return type.kind === 'newtype' ? representationType(type.underlying) : type;
}

export function isBigRep(rep: IntRep): boolean {
  return rep.width > NUMBER_MAX_WIDTH;
}

/** Values of these types are immutable JS primitives (or treated as such): no copy on assignment. */
export function isImmutable(type: P4Type): boolean {
  const t = representationType(type);
  switch (t.kind) {
    case 'header':
    case 'header_union':
    case 'struct':
    case 'stack':
    case 'tuple':
    case 'list':
      return false;
    default:
      return true;
  }
}

function prop(name: string): string {
  if (name === '__proto__') internal(undefined, 'a field named __proto__ cannot be represented');
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
function key(name: string): string {
  if (name === '__proto__') internal(undefined, 'a field named __proto__ cannot be represented');
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `.field` or `["odd name"]`: how generated code reads a field of a struct/header value. */
export const fieldAccess = prop;

/** The number literal or bigint literal of an integer in representation `rep`. */
export function intLiteral(value: bigint, rep: IntRep | undefined): string {
  if (rep === undefined || !isBigRep(rep)) {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) return `${value}n`;
    return value < 0n ? `(${value})` : `${value}`;
  }
  return value < 0n ? `(${value}n)` : `${value}n`;
}

/**
 * A fresh zero value of `type`: integers 0, booleans false, headers invalid with zero
 * fields, stacks empty. BMv2 gives uninitialised locals and metadata these values, and the
 * simulator does the same.
 */
export function defaultSource(type: P4Type): string {
  const t = representationType(type);
  switch (t.kind) {
    case 'bit':
    case 'int':
    case 'serenum':
      return intLiteral(0n, intRepOf(t));
    case 'bool':
      return 'false';
    case 'infint':
      return '0';
    case 'error':
    case 'enum':
    case 'match_kind':
      return '0';
    case 'string':
      return '""';
    case 'varbit':
      return '{ width: 0, value: 0n }';
    case 'header':
      return `{ $valid: false${t.fields.map((f) => `, ${key(f.name)}: ${defaultSource(f.type)}`).join('')} }`;
    case 'header_union':
    case 'struct':
      return `{ ${t.fields.map((f) => `${key(f.name)}: ${defaultSource(f.type)}`).join(', ')} }`;
    case 'stack':
      return `{ nextIndex: 0, elements: [${Array.from({ length: t.size }, () => defaultSource(t.element)).join(', ')}] }`;
    case 'tuple':
    case 'list':
      return `[${t.elements.map(defaultSource).join(', ')}]`;
    default:
      return internal(undefined, `no run-time value for type ${t.kind}`);
  }
}

/** A deep copy of the value that the (side-effect free) JS expression `expr` denotes. */
export function cloneSource(type: P4Type, expr: string): string {
  const t = representationType(type);
  switch (t.kind) {
    case 'header':
      return `{ $valid: ${expr}.$valid${t.fields.map((f) => `, ${key(f.name)}: ${cloneSource(f.type, expr + prop(f.name))}`).join('')} }`;
    case 'header_union':
    case 'struct':
      return `{ ${t.fields.map((f) => `${key(f.name)}: ${cloneSource(f.type, expr + prop(f.name))}`).join(', ')} }`;
    case 'stack':
      return `{ nextIndex: ${expr}.nextIndex, elements: [${Array.from({ length: t.size }, (_, i) => cloneSource(t.element, `${expr}.elements[${i}]`)).join(', ')}] }`;
    case 'tuple':
    case 'list':
      return `[${t.elements.map((e, i) => cloneSource(e, `${expr}[${i}]`)).join(', ')}]`;
    default:
      return expr;
  }
}

/** P4 `==` on two values of `type` (JS expressions without side effects). */
export function equalsSource(type: P4Type, a: string, b: string): string {
  const t = representationType(type);
  switch (t.kind) {
    case 'header': {
      const fields = t.fields.map((f) => equalsSource(f.type, a + prop(f.name), b + prop(f.name)));
      const same = fields.length === 0 ? 'true' : fields.join(' && ');
      // Two invalid headers are equal whatever their fields hold.
      return `(${a}.$valid === ${b}.$valid && (!${a}.$valid || (${same})))`;
    }
    case 'header_union':
    case 'struct':
      return t.fields.length === 0 ? 'true' : `(${t.fields.map((f) => equalsSource(f.type, a + prop(f.name), b + prop(f.name))).join(' && ')})`;
    case 'stack':
      return `(${Array.from({ length: t.size }, (_, i) => equalsSource(t.element, `${a}.elements[${i}]`, `${b}.elements[${i}]`)).join(' && ')})`;
    case 'tuple':
    case 'list':
      return t.elements.length === 0 ? 'true' : `(${t.elements.map((e, i) => equalsSource(e, `${a}[${i}]`, `${b}[${i}]`)).join(' && ')})`;
    case 'varbit':
      return `(${a}.width === ${b}.width && ${a}.value === ${b}.value)`;
    default:
      return `(${a} === ${b})`;
  }
}

/** A compile-time constant as a JS expression of type `type` (fresh objects for aggregates). */
export function constSource(value: ConstValue, type: P4Type): string {
  const t = representationType(type);
  switch (value.kind) {
    case 'int':
      return intLiteral(value.value, intRepOf(t));
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value.value);
    case 'member':
      return `${value.index}`;
    case 'list': {
      if (t.kind === 'tuple' || t.kind === 'list') {
        return `[${value.elements.map((e, i) => constSource(e, t.elements[i] ?? internal(undefined, 'tuple constant too long'))).join(', ')}]`;
      }
      if (t.kind === 'struct' || t.kind === 'header') {
        const fields = t.fields.map((f, i) => ({ name: f.name, value: value.elements[i] ?? internal(undefined, 'struct constant too short') }));
        return constSource({ kind: 'struct', fields }, t);
      }
      return internal(undefined, `list constant for type ${t.kind}`);
    }
    case 'struct': {
      if (t.kind !== 'struct' && t.kind !== 'header') return internal(undefined, `struct constant for type ${t.kind}`);
      const byName = new Map(value.fields.map((f) => [f.name, f.value]));
      const parts = t.fields.map((f) => {
        const v = byName.get(f.name);
        return `${key(f.name)}: ${v === undefined ? defaultSource(f.type) : constSource(v, f.type)}`;
      });
      // A header built from a list or struct expression is valid (P4_16 8.12).
      return t.kind === 'header' ? `{ $valid: true, ${parts.join(', ')} }` : `{ ${parts.join(', ')} }`;
    }
  }
}

/** A compile-time constant as a run-time Value (for constructor arguments and the like). */
export function constValue(value: ConstValue, type: P4Type): Value {
  return new Function(`return ${constSource(value, type)};`)() as Value;
}

const defaultMakers = new WeakMap<P4Type, () => Value>();

/** A factory of fresh default values of `type` (compiled once per type object). */
export function defaultMaker(type: P4Type): () => Value {
  let make = defaultMakers.get(type);
  if (make === undefined) {
    make = new Function(`return ${defaultSource(type)};`) as () => Value;
    defaultMakers.set(type, make);
  }
  return make;
}
