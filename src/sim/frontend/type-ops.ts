// Operations on P4Types the checker needs: equality, printing, substitution of type
// variables and unification for generic calls.

import type { P4Type } from '../ir/types.js';

export const BOOL: P4Type = { kind: 'bool' };
export const INFINT: P4Type = { kind: 'infint' };
export const VOID: P4Type = { kind: 'void' };
export const STRING: P4Type = { kind: 'string' };
export const bitType = (width: number): P4Type => ({ kind: 'bit', width });
export const intType = (width: number): P4Type => ({ kind: 'int', width });

/** Structural equality for unnamed types, nominal (by name) for declared ones. */
export function sameType(a: P4Type, b: P4Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'bit':
    case 'int':
      return a.width === (b as typeof a).width;
    case 'varbit':
      return a.maxWidth === (b as typeof a).maxWidth;
    case 'bool':
    case 'infint':
    case 'string':
    case 'void':
    case 'error':
    case 'match_kind':
      return true;
    case 'enum':
    case 'serenum':
    case 'header':
    case 'header_union':
    case 'struct':
    case 'newtype':
    case 'parser':
    case 'control':
    case 'package':
    case 'table':
    case 'action':
      return a.name === (b as typeof a).name;
    case 'stack': {
      const o = b as typeof a;
      return a.size === o.size && sameType(a.element, o.element);
    }
    case 'tuple':
    case 'list': {
      const o = b as typeof a;
      return a.elements.length === o.elements.length && a.elements.every((t, i) => sameType(t, o.elements[i]!));
    }
    case 'extern': {
      const o = b as typeof a;
      return a.name === o.name && a.typeArgs.length === o.typeArgs.length && a.typeArgs.every((t, i) => sameType(t, o.typeArgs[i]!));
    }
    case 'typevar':
      return a.name === (b as typeof a).name;
  }
}

/** The type as P4 source spells it, for messages. */
export function typeToString(t: P4Type): string {
  switch (t.kind) {
    case 'bit':
    case 'int':
      return `${t.kind}<${t.width}>`;
    case 'varbit':
      return `varbit<${t.maxWidth}>`;
    case 'infint':
      return 'int';
    case 'stack':
      return `${typeToString(t.element)}[${t.size}]`;
    case 'tuple':
    case 'list':
      return `${t.kind}<${t.elements.map(typeToString).join(', ')}>`;
    case 'extern':
      return t.typeArgs.length ? `${t.name}<${t.typeArgs.map(typeToString).join(', ')}>` : t.name;
    case 'bool':
    case 'string':
    case 'void':
    case 'error':
    case 'match_kind':
      return t.kind;
    default:
      return t.name;
  }
}

export function isInteger(t: P4Type): t is P4Type & { kind: 'bit' | 'int' } {
  return t.kind === 'bit' || t.kind === 'int';
}

export function containsTypeVar(t: P4Type): boolean {
  switch (t.kind) {
    case 'typevar':
      return true;
    case 'tuple':
    case 'list':
      return t.elements.some(containsTypeVar);
    case 'extern':
      return t.typeArgs.some(containsTypeVar);
    case 'stack':
      return containsTypeVar(t.element);
    case 'parser':
    case 'control':
    case 'package':
    case 'action':
      return t.params.some((p) => containsTypeVar(p.type));
    default:
      return false;
  }
}

export type Bindings = Map<string, P4Type>;

/** Replaces bound type variables. */
export function substitute(t: P4Type, b: Bindings): P4Type {
  if (b.size === 0) return t;
  switch (t.kind) {
    case 'typevar':
      return b.get(t.name) ?? t;
    case 'tuple':
    case 'list':
      return { ...t, elements: t.elements.map((e) => substitute(e, b)) };
    case 'extern':
      return { ...t, typeArgs: t.typeArgs.map((e) => substitute(e, b)) };
    case 'stack':
      return { ...t, element: substitute(t.element, b) as typeof t.element };
    case 'parser':
    case 'control':
    case 'package':
    case 'action':
      return { ...t, params: t.params.map((p) => ({ ...p, type: substitute(p.type, b) })) };
    default:
      return t;
  }
}

/**
 * Binds the type variables in `param` so that it equals `arg`; returns false on a
 * mismatch. Variables already bound must agree.
 */
export function unify(param: P4Type, arg: P4Type, b: Bindings, vars: ReadonlySet<string>): boolean {
  if (param.kind === 'typevar' && vars.has(param.name)) {
    const bound = b.get(param.name);
    if (bound) return sameType(bound, arg) || (arg.kind === 'infint' && isInteger(bound));
    b.set(param.name, arg);
    return true;
  }
  if (param.kind !== arg.kind) return false;
  switch (param.kind) {
    case 'tuple':
    case 'list': {
      const o = arg as typeof param;
      return param.elements.length === o.elements.length && param.elements.every((e, i) => unify(e, o.elements[i]!, b, vars));
    }
    case 'extern': {
      const o = arg as typeof param;
      return param.name === o.name && param.typeArgs.length === o.typeArgs.length && param.typeArgs.every((e, i) => unify(e, o.typeArgs[i]!, b, vars));
    }
    case 'parser':
    case 'control': {
      const o = arg as typeof param;
      return param.params.length === o.params.length && param.params.every((p, i) => unify(p.type, o.params[i]!.type, b, vars));
    }
    default:
      return sameType(param, arg);
  }
}

/** The fields of a struct-like type, or undefined. */
export function fieldsOf(t: P4Type): readonly { name: string; type: P4Type }[] | undefined {
  return t.kind === 'struct' || t.kind === 'header' || t.kind === 'header_union' ? t.fields : undefined;
}
