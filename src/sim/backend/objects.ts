// The control-plane-visible objects of a program instance: tables (as TableSpecs),
// extern object instances (ExternInstanceSpecs), value sets and nested parser/control
// instances, with the fully qualified names P4Info gives them. Collected while the code
// generator walks the instance tree, created when the program is instantiated.

import type {
  ActionDecl,
  ActionRef,
  AnnotationNode,
  ControlDecl,
  Expression,
  InstantiationDecl,
  ParserDecl,
  TableDecl,
  TableEntryNode,
  ValueSetDecl,
} from '../frontend/ast.js';
import type { CheckedProgram } from '../frontend/checked-program.js';
import { localName } from '../frontend/names.js';
import type { Annotation, P4Type } from '../ir/types.js';
import { bitWidthOf } from '../ir/types.js';
import type {
  ActionCall,
  ExternInstanceSpec,
  FieldMatch,
  MatchKind,
  TableActionSpec,
  TableEntry,
  TableSpec,
  Value,
} from '../runtime/abi.js';
import { internal, unsupported } from './errors.js';
import { constValue } from './values.js';

/** One parser or control instance: a block passed to `main` or instantiated inside another. */
export interface BlockInstance {
  /** Control-plane name prefix: `MyIngress`, or `MyIngress.sub` for a nested instance. */
  readonly path: string;
  readonly decl: ParserDecl | ControlDecl;
  readonly ctorArgs: readonly (Expression | undefined)[];
}

export interface ValueSetSpec {
  readonly name: string;
  readonly size: number;
  readonly width: number;
}

export class ProgramObjects {
  readonly tables = new Map<string, TableSpec>();
  readonly externs = new Map<string, ExternInstanceSpec>();
  readonly valueSets = new Map<string, ValueSetSpec>();
  /** Each table's actions in TableSpec order (the index a lookup reports). */
  readonly tableActions = new Map<TableDecl, ActionDecl[]>();
  constructor(readonly clock: () => bigint) {}
}

export interface InstanceLocals {
  readonly externs: { readonly decl: InstantiationDecl; readonly name: string }[];
  readonly tables: { readonly decl: TableDecl; readonly name: string }[];
  readonly valueSets: { readonly decl: ValueSetDecl; readonly name: string }[];
  readonly subInstances: { readonly decl: InstantiationDecl; readonly instance: BlockInstance }[];
}

/**
 * A block-local declaration's control-plane name inside `instance`: the front end's
 * qualified name (`MyIngress.t`, `MyIngress.sub.t`), or, for a block instantiated under
 * several paths (whose objects the front end leaves unnamed), the instance path joined
 * with the local name the way the front end forms names (`@name` honoured).
 */
export function qualifiedIn(instance: BlockInstance, decl: NamedDecl): string {
  return decl.qualifiedName ?? localName(instance.path, decl);
}

type NamedDecl = { readonly name: string; readonly annotations: readonly AnnotationNode[]; readonly qualifiedName?: string | undefined };

function isLocalOf(instance: BlockInstance, decl: object): boolean {
  return (instance.decl.locals as readonly object[]).includes(decl);
}

export function externSpec(decl: InstantiationDecl, name: string, within?: BlockInstance): ExternInstanceSpec {
  const of = decl.instanceOf;
  if (of?.kind !== 'extern') return internal(decl.loc, 'not an extern instantiation');
  const args = decl.argsInParamOrder ?? [];
  const ctorArgs: Value[] = of.ctorParams.map((p, i) => {
    const a = within === undefined ? args[i] : resolveCtorParam(within, args[i]);
    const c = a?.constValue;
    if (c === undefined) return unsupported(a?.loc ?? decl.loc, `a non-constant argument for ${p.name} of ${of.decl.name}`);
    return constValue(c, p.type);
  });
  return { type: of.decl.name, name, typeArgs: of.typeArgs, ctorArgs, ctorParams: of.ctorParams, annotations: decl.annotations };
}

/**
 * `e` with a reference to one of `instance`'s own constructor parameters replaced by the
 * argument the instance was built with (`control C()(bit<32> n) { register<..>(n) r; }`).
 * Instances pass their arguments down already resolved, so one step suffices.
 */
function resolveCtorParam(instance: BlockInstance, e: Expression | undefined): Expression | undefined {
  if (e?.kind !== 'PathExpr' || e.ref?.kind !== 'param') return e;
  const i = (instance.decl.ctorParams as readonly object[]).indexOf(e.ref.decl);
  if (i < 0) return e;
  return instance.ctorArgs[i] ?? instance.decl.ctorParams[i]!.defaultValue;
}

/** Registers the objects declared in an instance's locals; returns them for name binding. */
export function registerInstanceObjects(program: CheckedProgram, instance: BlockInstance, objects: ProgramObjects): InstanceLocals {
  const result: InstanceLocals = { externs: [], tables: [], valueSets: [], subInstances: [] };
  for (const l of instance.decl.locals) {
    switch (l.kind) {
      case 'InstantiationDecl': {
        const name = qualifiedIn(instance, l);
        const of = l.instanceOf ?? internal(l.loc, 'instantiation without instanceOf');
        if (of.kind === 'extern') {
          if (!objects.externs.has(name)) objects.externs.set(name, externSpec(l, name, instance));
          result.externs.push({ decl: l, name });
        } else if (of.kind === 'parser' || of.kind === 'control') {
          const ctorArgs = (l.argsInParamOrder ?? []).map((a) => resolveCtorParam(instance, a));
          result.subInstances.push({ decl: l, instance: { path: name, decl: of.decl, ctorArgs } });
        } else {
          unsupported(l.loc, 'a package instantiated inside a block');
        }
        break;
      }
      case 'TableDecl': {
        const name = qualifiedIn(instance, l);
        if (!objects.tables.has(name)) objects.tables.set(name, tableSpec(program, instance, l, name, objects));
        result.tables.push({ decl: l, name });
        break;
      }
      case 'ValueSetDecl': {
        const name = qualifiedIn(instance, l);
        const t = l.type ?? internal(l.loc, 'value set without type');
        objects.valueSets.set(name, { name, size: l.sizeValue ?? internal(l.loc, 'value set size'), width: bitWidthOf(t) });
        result.valueSets.push({ decl: l, name });
        break;
      }
      default:
        break;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------

const MATCH_KINDS: readonly MatchKind[] = ['exact', 'lpm', 'ternary', 'range', 'optional', 'selector'];

function actionName(instance: BlockInstance, a: ActionDecl): string {
  return isLocalOf(instance, a) ? qualifiedIn(instance, a) : (a.qualifiedName ?? a.name);
}

function hasAnnotation(annotations: readonly Annotation[], name: string): boolean {
  return annotations.some((a) => a.name === name);
}

/** A constant as the unsigned bit pattern the control plane uses. */
function controlPlaneValue(e: Expression, width: number): bigint {
  const c = e.constValue;
  switch (c?.kind) {
    case 'int':
      return BigInt.asUintN(width, c.value);
    case 'bool':
      return c.value ? 1n : 0n;
    case 'member':
      return BigInt(c.index);
    default:
      return unsupported(e.loc, 'a table constant that is not an integer, bool or enum member');
  }
}

/** The parameters the control plane supplies: directionless ones the action list leaves unbound. */
function controlPlaneParams(a: ActionDecl, ref: ActionRef | undefined): { name: string; width: number; type: P4Type }[] {
  const bound = ref?.argsInParamOrder ?? [];
  return a.params
    .filter((p, i) => p.direction === 'none' && bound[i] === undefined)
    .map((p) => {
      const type = p.type ?? internal(p.loc, 'parameter without type');
      return { name: p.name, width: bitWidthOf(type), type };
    });
}

function actionCall(instance: BlockInstance, ref: ActionRef, listRef: ActionRef | undefined): ActionCall {
  const a = ref.action ?? internal(ref.loc, 'action ref without action');
  const given = ref.argsInParamOrder ?? [];
  const listBound = listRef?.argsInParamOrder ?? [];
  const args: bigint[] = [];
  for (const [i, p] of a.params.entries()) {
    if (p.direction !== 'none' || listBound[i] !== undefined) continue;
    const e = given[i] ?? unsupported(ref.loc, `no value for action parameter ${p.name}`);
    args.push(controlPlaneValue(e, bitWidthOf(p.type ?? internal(p.loc, 'parameter type'))));
  }
  return { action: actionName(instance, a), args };
}

function keysetElements(entry: TableEntryNode, keyCount: number): readonly Expression[] {
  const ks = entry.keyset;
  if (keyCount === 1) return [ks];
  if (ks.kind === 'ListExpr') return ks.elements;
  if (ks.kind === 'DefaultExpr' || ks.kind === 'DontCareExpr') return Array.from({ length: keyCount }, () => ks);
  return unsupported(ks.loc, 'a table entry keyset that is not a list');
}

function fieldMatch(e: Expression, kind: MatchKind, width: number): FieldMatch {
  const all = (1n << BigInt(width)) - 1n;
  const wildcard = e.kind === 'DefaultExpr' || e.kind === 'DontCareExpr';
  switch (kind) {
    case 'exact':
      if (wildcard) unsupported(e.loc, 'a wildcard for an exact key');
      return { kind: 'exact', value: controlPlaneValue(e, width) };
    case 'ternary':
      if (wildcard) return { kind: 'ternary', value: 0n, mask: 0n };
      if (e.kind === 'MaskExpr') {
        const mask = controlPlaneValue(e.mask, width);
        return { kind: 'ternary', value: controlPlaneValue(e.value, width) & mask, mask };
      }
      return { kind: 'ternary', value: controlPlaneValue(e, width), mask: all };
    case 'lpm': {
      if (wildcard) return { kind: 'lpm', value: 0n, prefixLength: 0 };
      if (e.kind !== 'MaskExpr') return { kind: 'lpm', value: controlPlaneValue(e, width), prefixLength: width };
      const mask = controlPlaneValue(e.mask, width);
      const prefixLength = mask.toString(2).replace(/0+$/, '').length;
      if (mask !== 0n && (mask.toString(2).length !== width || /01/.test(mask.toString(2)))) unsupported(e.loc, 'an lpm mask that is not a prefix');
      return { kind: 'lpm', value: controlPlaneValue(e.value, width) & mask, prefixLength: mask === 0n ? 0 : prefixLength };
    }
    case 'range':
      if (wildcard) return { kind: 'range', low: 0n, high: all };
      if (e.kind === 'RangeExpr') return { kind: 'range', low: controlPlaneValue(e.low, width), high: controlPlaneValue(e.high, width) };
      return { kind: 'range', low: controlPlaneValue(e, width), high: controlPlaneValue(e, width) };
    case 'optional':
      return { kind: 'optional', value: wildcard ? undefined : controlPlaneValue(e, width) };
    case 'selector':
      return unsupported(e.loc, 'const entries on a selector key');
  }
}

/**
 * The keys a table matches on. `selector` keys are an action selector's hash inputs, not
 * match fields (P4Runtime leaves them out); the v1model binding runs action profiles and
 * selectors as plain tables whose entries name their action directly (as p4c's STF runner
 * makes one member per entry), so the selector inputs play no part.
 */
export function matchKeys(t: TableDecl): TableDecl['keys'] {
  return t.keys.filter((k) => k.matchKind !== 'selector');
}

function tableSpec(program: CheckedProgram, instance: BlockInstance, t: TableDecl, name: string, objects: ProgramObjects): TableSpec {
  const keys = matchKeys(t).map((k) => {
    if (!(MATCH_KINDS as readonly string[]).includes(k.matchKind)) unsupported(k.loc, `match kind ${k.matchKind}`);
    const type = k.expr.type ?? internal(k.loc, 'key without type');
    return { name: k.name ?? internal(k.loc, 'key without name'), matchKind: k.matchKind as MatchKind, width: bitWidthOf(type), annotations: k.annotations };
  });
  const refs = new Map<ActionDecl, ActionRef>();
  const decls: ActionDecl[] = [];
  for (const r of t.actions) {
    const a = r.action ?? internal(r.loc, 'action ref without action');
    refs.set(a, r);
    decls.push(a);
  }
  let defaultAction: ActionCall;
  if (t.defaultAction !== undefined) {
    const d = t.defaultAction.action;
    const a = d.action ?? internal(d.loc, 'default action without decl');
    defaultAction = actionCall(instance, d, refs.get(a));
    if (!refs.has(a)) {
      refs.set(a, d);
      decls.push(a);
    }
  } else {
    // P4_16 13.2.1.3: without default_action the default is NoAction, which p4c adds to
    // the table's actions as a default-only action when the list lacks it.
    const noAction = program.actions.find((a) => a.name === 'NoAction') ?? unsupported(t.loc, 'a table without default_action when NoAction is not declared');
    defaultAction = { action: actionName(instance, noAction), args: [] };
    if (!decls.includes(noAction)) decls.push(noAction);
  }
  const actions: TableActionSpec[] = decls.map((a) => {
    const ref = refs.get(a);
    const annotations: readonly Annotation[] = ref?.annotations ?? [];
    const scope = ref === undefined ? 'default_only' : hasAnnotation(annotations, 'tableonly') ? 'table_only' : hasAnnotation(annotations, 'defaultonly') ? 'default_only' : 'table_and_default';
    return { name: actionName(instance, a), params: controlPlaneParams(a, ref).map(({ name: n, width }) => ({ name: n, width })), scope, annotations };
  });
  objects.tableActions.set(t, decls);
  const constEntries: TableEntry[] = (t.entries?.entries ?? []).map((entry, index, all) => {
    const elements = keysetElements(entry, t.keys.length).filter((_, i) => t.keys[i]!.matchKind !== 'selector');
    if (elements.length !== keys.length) internal(entry.loc, 'entry keyset arity');
    const matches = elements.map((e, i) => fieldMatch(e, keys[i]!.matchKind, keys[i]!.width));
    const a = entry.action.action ?? internal(entry.loc, 'entry without action');
    return {
      matches,
      // Without explicit priorities, earlier entries win (P4_16 13.2.1.4): higher numbers first.
      priority: entry.priorityValue ?? all.length - index,
      action: actionCall(instance, entry.action, refs.get(a)),
      idleTimeoutNs: 0n,
      controllerMetadata: 0n,
    };
  });
  const info = t.info ?? internal(t.loc, 'table without info');
  const attached = (d: InstantiationDecl | undefined): string | undefined =>
    d === undefined ? undefined : isLocalOf(instance, d) ? qualifiedIn(instance, d) : (d.qualifiedName ?? d.name);
  const directCounter = attached(info.directCounter);
  const directMeter = attached(info.directMeter);
  return {
    name,
    keys,
    actions,
    size: info.size,
    defaultAction,
    defaultActionConst: t.defaultAction?.isConst ?? false,
    entriesConst: t.entries?.isConst ?? false,
    constEntries,
    supportsIdleTimeout: info.supportTimeout,
    ...(directCounter === undefined ? {} : { directCounter }),
    ...(directMeter === undefined ? {} : { directMeter }),
    annotations: t.annotations,
  };
}
