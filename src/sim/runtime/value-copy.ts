// Deep copies of run-time values: replicated, cloned and resubmitted packets get their own
// headers and metadata, and a digest keeps its data as it was at the call.
//
// copyValue walks any value; compileCopier makes, once per P4 type, a copier generated as
// straight-line JavaScript (one object literal per header or struct, scalars assigned
// directly), which is what the per-packet paths use.

import type { P4Type } from '../ir/types.js';
import type { Value } from './abi.js';
import { representationOf } from './value-codec.js';

export function copyValue<T extends Value>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => copyValue(v)) as T;
  const copy: Record<string, Value> = {};
  for (const key of Object.keys(value)) copy[key] = copyValue((value as Record<string, Value>)[key]!);
  return copy as T;
}

export type ValueCopier = (value: Value) => Value;

/** Types whose values are immutable primitives (numbers, bigints, booleans, strings). */
function isScalar(type: P4Type): boolean {
  const kind = representationOf(type).kind;
  return kind === 'bit' || kind === 'int' || kind === 'bool' || kind === 'enum' || kind === 'error' || kind === 'string' || kind === 'match_kind';
}

/** A copier for values of `type`; values of a type it does not know are walked by copyValue. */
export function compileCopier(type: P4Type): ValueCopier {
  const t = representationOf(type);
  if (isScalar(t)) return (value) => value;
  switch (t.kind) {
    case 'header':
    case 'header_union':
    case 'struct': {
      const closures: ValueCopier[] = [];
      const parts = t.fields.map((f) => {
        const name = JSON.stringify(f.name);
        if (isScalar(f.type)) return `${name}: v[${name}]`;
        closures.push(compileCopier(f.type));
        return `${name}: $c[${closures.length - 1}](v[${name}])`;
      });
      if (t.kind === 'header') parts.unshift('$valid: v.$valid');
      // An absent member (a value built by hand) stays absent, as copyValue leaves it.
      return new Function('$c', `"use strict"; return function copy(v) { if (v === undefined) return v; return { ${parts.join(', ')} }; };`)(closures) as ValueCopier;
    }
    case 'tuple':
    case 'list': {
      const copiers = t.elements.map((e) => compileCopier(e));
      return (value) => {
        if (!Array.isArray(value)) return copyValue(value);
        const out = new Array<Value>(copiers.length);
        for (let i = 0; i < copiers.length; i++) out[i] = copiers[i]!(value[i]!);
        return out as unknown as Value;
      };
    }
    default:
      // Stacks, varbits and anything rarer: the generic walk (it copies any shape exactly).
      return copyValue;
  }
}
