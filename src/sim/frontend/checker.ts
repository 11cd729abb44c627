// Checker: name resolution, type checking, type inference for generics and untyped
// integer literals, and constant folding. It fills in the "checked" fields of the AST
// (see ast.ts) so that later passes read types and resolved references off the tree.
//
// Errors inside one statement or declaration are collected and checking moves on to
// the next one, so a run reports every independent error; a FrontendError is thrown at
// the end when there was any.

import type { Annotation, P4Type, Param } from '../ir/types.js';
import type * as A from './ast.js';
import type { CheckedProgram, MainBlock, MainInstance } from './checked-program.js';
import { ConstEvalError, foldBinary, foldCast, foldSlice, foldUnary, reduce } from './const-eval.js';
import { DiagnosticSink } from './diagnostics.js';
import { assignQualifiedNames, keyName } from './names.js';
import { Scope, type Entity } from './scope.js';
import {
  BOOL,
  INFINT,
  STRING,
  VOID,
  bitType,
  containsTypeVar,
  fieldsOf,
  intType,
  isInteger,
  sameType,
  substitute,
  typeToString,
  unify,
  type Bindings,
} from './type-ops.js';

/** A problem in the construct being checked; caught per statement/declaration. */
class CheckError extends Error {
  constructor(
    readonly loc: A.SourceLoc,
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

function fail(loc: A.SourceLoc, message: string): never {
  throw new CheckError(loc, message);
}

function unsupported(loc: A.SourceLoc, construct: string): never {
  throw new CheckError(loc, construct, true);
}

interface Ctx {
  readonly scope: Scope;
  /** The parser or control whose body or locals are being checked. */
  readonly block?: A.ParserDecl | A.ControlDecl;
  readonly action?: A.ActionDecl;
  readonly fn?: A.FunctionDecl;
  readonly returnType?: P4Type;
  /** Inside a loop body: `break` and `continue` are allowed. */
  readonly inLoop?: boolean;
}

interface Signature {
  readonly params: readonly Param[];
  readonly nodes: readonly A.ParameterNode[];
  readonly returnType: P4Type;
  readonly typeParams: readonly string[];
}

const DEFAULT_TABLE_SIZE = 1024;

/** The size queries P4 defines on types and expressions (`h.minSizeInBits()`). */
const SIZE_METHODS: Readonly<Record<string, { readonly max: boolean; readonly bytes: boolean }>> = {
  minSizeInBits: { max: false, bytes: false },
  minSizeInBytes: { max: false, bytes: true },
  maxSizeInBits: { max: true, bytes: false },
  maxSizeInBytes: { max: true, bytes: true },
};

/** Serialized size of a type in bits, counting varbits as empty (min) or full (max). */
function serializedBits(t: P4Type, max: boolean): number | undefined {
  switch (t.kind) {
    case 'bit':
    case 'int':
      return t.width;
    case 'bool':
      return 1;
    case 'varbit':
      return max ? t.maxWidth : 0;
    case 'serenum':
      return t.underlying.width;
    case 'newtype':
      return serializedBits(t.underlying, max);
    case 'header':
    case 'struct': {
      let sum = 0;
      for (const f of t.fields) {
        const b = serializedBits(f.type, max);
        if (b === undefined) return undefined;
        sum += b;
      }
      return sum;
    }
    case 'header_union': {
      const sizes = t.fields.map((f) => serializedBits(f.type, max));
      if (sizes.some((x) => x === undefined)) return undefined;
      return max ? Math.max(0, ...(sizes as number[])) : Math.min(...(sizes as number[]));
    }
    case 'stack': {
      const b = serializedBits(t.element, max);
      return b === undefined ? undefined : b * t.size;
    }
    default:
      return undefined;
  }
}


export function checkProgram(program: A.Program): CheckedProgram {
  return new Checker(program).run();
}

class Checker {
  private readonly sink = new DiagnosticSink();
  private readonly global = new Scope();
  private readonly errorType: P4Type & { kind: 'error' };
  private readonly matchKindType: P4Type & { kind: 'match_kind' };
  private readonly types = new Map<string, P4Type>();
  private readonly tables: A.TableDecl[] = [];
  private readonly actions: A.ActionDecl[] = [];
  private readonly externInstances: A.InstantiationDecl[] = [];
  private readonly valueSets: A.ValueSetDecl[] = [];
  private readonly signatures = new Map<A.MethodDecl | A.ExternFunctionDecl | A.FunctionDecl, Signature>();
  private readonly genericFunctions = new Map<A.FunctionDecl, { readonly pristine: A.FunctionDecl; readonly instances: Map<string, A.FunctionDecl> }>();
  private readonly genericBlocks = new Map<A.ParserDecl | A.ControlDecl, {
    readonly pristine: A.ParserDecl | A.ControlDecl;
    readonly instances: Map<string, A.ParserDecl | A.ControlDecl>;
  }>();
  private main: MainInstance | undefined;

  constructor(private readonly program: A.Program) {
    // `error` and `match_kind` are single program-wide types whose members come from
    // every declaration of them, wherever they are.
    const errors: string[] = [];
    const kinds: string[] = [];
    for (const d of program.declarations) {
      if (d.kind === 'ErrorDecl' || d.kind === 'MatchKindDecl') {
        const list = d.kind === 'ErrorDecl' ? errors : kinds;
        for (const m of d.members) {
          if (list.includes(m.name)) this.sink.error(m.loc, `duplicate ${d.kind === 'ErrorDecl' ? 'error' : 'match_kind'} member ${m.name}`);
          else list.push(m.name);
        }
      }
    }
    this.errorType = { kind: 'error', members: errors };
    this.matchKindType = { kind: 'match_kind', members: kinds };
    kinds.forEach((name, index) => {
      const decl: A.ConstantDecl = {
        kind: 'ConstantDecl',
        loc: program.declarations.find((d) => d.kind === 'MatchKindDecl')!.loc,
        name,
        annotations: [],
        typeRef: { kind: 'BaseTypeRef', loc: program.declarations[0]!.loc, name: 'match_kind' },
        value: { kind: 'PathExpr', loc: program.declarations[0]!.loc, name, global: true, type: this.matchKindType, constValue: { kind: 'member', name, index } },
        type: this.matchKindType,
      };
      this.global.declare(name, { kind: 'value', ref: { kind: 'const', decl }, type: this.matchKindType });
    });
  }

  run(): CheckedProgram {
    for (const d of this.program.declarations) this.guard(() => this.topLevel(d));
    if (!this.sink.hasErrors) assignQualifiedNames(this.program, this.main);
    this.sink.throwIfErrors('TYPE');
    const result: CheckedProgram = {
      program: this.program,
      errors: this.errorType.members,
      matchKinds: this.matchKindType.members,
      types: this.types,
      tables: this.tables,
      actions: this.actions,
      externInstances: this.externInstances,
      valueSets: this.valueSets,
      warnings: this.sink.warnings,
    };
    return this.main ? { ...result, main: this.main } : result;
  }

  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (!(e instanceof CheckError)) throw e;
      if (e.unsupported) this.sink.unsupported(e.loc, e.message);
      else this.sink.error(e.loc, e.message);
    }
  }

  private declare(scope: Scope, name: string, entity: Entity, loc: A.SourceLoc): void {
    if (!scope.declare(name, entity)) fail(loc, `${name} is already declared in this scope`);
  }

  // =========================================================================== declarations

  private topLevel(d: A.Declaration): void {
    const ctx: Ctx = { scope: this.global };
    switch (d.kind) {
      case 'ErrorDecl':
      case 'MatchKindDecl':
        return;
      case 'ConstantDecl':
        return this.constant(d, ctx);
      case 'HeaderDecl':
      case 'HeaderUnionDecl':
      case 'StructDecl':
        return this.structLike(d);
      case 'EnumDecl':
        return this.enumDecl(d);
      case 'TypedefDecl':
      case 'NewTypeDecl': {
        const underlying = this.resolveType(d.typeRef, this.global);
        const type: P4Type = d.kind === 'TypedefDecl' ? underlying : { kind: 'newtype', name: d.name, underlying };
        if (d.kind === 'NewTypeDecl' && !isInteger(underlying) && underlying.kind !== 'bool') {
          fail(d.loc, `type ${d.name}: the underlying type must be bit<W>, int<W> or bool`);
        }
        d.type = type;
        this.types.set(d.name, type);
        return this.declare(this.global, d.name, { kind: 'type', type }, d.loc);
      }
      case 'ExternDecl':
        return this.declare(this.global, d.name, { kind: 'extern', decl: d }, d.loc);
      case 'ExternFunctionDecl':
        return this.declare(this.global, d.name, { kind: 'functions', decls: [d] }, d.loc);
      case 'ParserTypeDecl':
      case 'ControlTypeDecl':
      case 'PackageTypeDecl':
        return this.declare(this.global, d.name, { kind: 'blockType', decl: d }, d.loc);
      case 'ParserDecl':
        return this.parserDecl(d);
      case 'ControlDecl':
        return this.controlDecl(d);
      case 'ActionDecl':
        return this.actionDecl(d, ctx);
      case 'FunctionDecl':
        return this.functionDecl(d);
      case 'InstantiationDecl':
        return this.instantiation(d, ctx);
      case 'VariableDecl':
        fail(d.loc, 'variables cannot be declared at top level');
        break;
      case 'TableDecl':
      case 'ValueSetDecl':
        fail(d.loc, `${d.kind === 'TableDecl' ? 'tables' : 'value sets'} must be declared inside a control or parser`);
    }
  }

  private constant(d: A.ConstantDecl, ctx: Ctx): void {
    const type = this.resolveType(d.typeRef, ctx.scope);
    this.expr(d.value, ctx, type);
    this.coerce(d.value, type);
    if (!d.value.constValue) fail(d.value.loc, `the value of constant ${d.name} is not a compile-time constant`);
    d.type = type;
    this.declare(ctx.scope, d.name, { kind: 'value', ref: { kind: 'const', decl: d }, type }, d.loc);
  }

  private structLike(d: A.HeaderDecl | A.HeaderUnionDecl | A.StructDecl): void {
    const fields = d.fields.map((f) => {
      const type = this.resolveType(f.typeRef, this.global);
      if (d.kind === 'HeaderDecl') {
        const ok = isInteger(type) || type.kind === 'varbit' || type.kind === 'bool' || type.kind === 'serenum' ||
          (type.kind === 'newtype' && (isInteger(type.underlying) || type.underlying.kind === 'bool'));
        if (!ok) fail(f.loc, `header field ${f.name} has type ${typeToString(type)}; header fields must be bit<W>, int<W>, varbit<W>, bool or a serializable enum`);
      }
      if (d.kind === 'HeaderUnionDecl' && type.kind !== 'header') fail(f.loc, `header union member ${f.name} must be a header`);
      if (d.fields.filter((g) => g.name === f.name).length > 1) fail(f.loc, `duplicate field ${f.name}`);
      return { name: f.name, type, annotations: this.annotations(f.annotations) };
    });
    if (d.kind === 'HeaderDecl' && fields.filter((f) => f.type.kind === 'varbit').length > 1) {
      fail(d.loc, `header ${d.name} has more than one varbit field`);
    }
    const kind = d.kind === 'HeaderDecl' ? 'header' : d.kind === 'HeaderUnionDecl' ? 'header_union' : 'struct';
    const type: P4Type = { kind, name: d.name, fields };
    d.type = type;
    this.types.set(d.name, type);
    this.declare(this.global, d.name, { kind: 'type', type }, d.loc);
  }

  private enumDecl(d: A.EnumDecl): void {
    let type: P4Type;
    if (d.underlying) {
      const underlying = this.resolveType(d.underlying, this.global);
      if (!isInteger(underlying)) fail(d.underlying.loc, `the underlying type of enum ${d.name} must be bit<W> or int<W>`);
      const members = d.members.map((m) => {
        if (!m.value) fail(m.loc, `member ${m.name} of serializable enum ${d.name} needs a value`);
        this.expr(m.value, { scope: this.global }, underlying);
        this.coerce(m.value, underlying);
        const v = m.value.constValue;
        if (v?.kind !== 'int') fail(m.value.loc, `the value of ${d.name}.${m.name} is not a constant`);
        return { name: m.name, value: v.value };
      });
      type = { kind: 'serenum', name: d.name, underlying, members };
    } else {
      type = { kind: 'enum', name: d.name, members: d.members.map((m) => m.name) };
    }
    for (const m of d.members) {
      if (d.members.filter((o) => o.name === m.name).length > 1) fail(m.loc, `duplicate member ${m.name} in enum ${d.name}`);
    }
    d.type = type;
    this.types.set(d.name, type);
    this.declare(this.global, d.name, { kind: 'type', type }, d.loc);
  }

  private annotations(list: readonly A.AnnotationNode[]): Annotation[] {
    return list.map((a) => ({ name: a.name, body: a.body, args: a.args }));
  }

  /** Resolves parameters (in a scope where the type parameters are declared). */
  private params(nodes: readonly A.ParameterNode[], scope: Scope): Param[] {
    return nodes.map((p) => {
      const type = this.resolveType(p.typeRef, scope);
      p.type = type;
      if (nodes.filter((q) => q.name === p.name).length > 1) fail(p.loc, `duplicate parameter ${p.name}`);
      if (p.defaultValue) {
        this.expr(p.defaultValue, { scope }, type);
        this.coerce(p.defaultValue, type);
      }
      return { name: p.name, direction: p.direction, type, annotations: this.annotations(p.annotations) };
    });
  }

  private typeParamScope(names: readonly string[], parent: Scope): Scope {
    const scope = new Scope(parent);
    for (const n of names) scope.declare(n, { kind: 'typeVar', name: n });
    return scope;
  }

  /** The parameter and return types of a method or function, with its type variables free. */
  private signature(d: A.MethodDecl | A.ExternFunctionDecl | A.FunctionDecl, outer: Scope): Signature {
    const cached = this.signatures.get(d);
    if (cached) return cached;
    const scope = this.typeParamScope(d.typeParams, outer);
    const params = this.params(d.params, scope);
    const returnType = d.returnType ? this.resolveType(d.returnType, scope) : VOID;
    const sig: Signature = { params, nodes: d.params, returnType, typeParams: d.typeParams };
    this.signatures.set(d, sig);
    return sig;
  }

  private externScope(decl: A.ExternDecl): Scope {
    return this.typeParamScope(decl.typeParams, this.global);
  }

  private blockParamsType(d: A.ParserDecl | A.ControlDecl, scope: Scope): P4Type {
    const params = this.params(d.params, scope);
    return d.kind === 'ParserDecl' ? { kind: 'parser', name: d.name, params } : { kind: 'control', name: d.name, params };
  }

  private blockScope(d: A.ParserDecl | A.ControlDecl, outer: Scope = this.global): Scope {
    const scope = new Scope(outer);
    for (const p of [...d.params, ...d.ctorParams]) {
      this.declare(scope, p.name, { kind: 'value', ref: { kind: 'param', decl: p, owner: d }, type: p.type! }, p.loc);
    }
    return scope;
  }

  /**
   * A generic parser or control (`control C<T>(inout T x)`) is declared with its type
   * variables free and checked once per instantiation with concrete type arguments
   * (specializeBlock), like generic functions.
   */
  private genericBlockDecl(d: A.ParserDecl | A.ControlDecl): void {
    const scope = this.typeParamScope(d.typeParams, this.global);
    const type = this.blockParamsType(d, scope);
    this.params(d.ctorParams, scope);
    d.type = type;
    this.genericBlocks.set(d, { pristine: structuredClone(d), instances: new Map() });
    this.declare(this.global, d.name, { kind: 'block', decl: d, type }, d.loc);
  }

  /** The copy of generic block `d` checked with its type parameters bound to `typeArgs`. */
  private specializeBlock(d: A.ParserDecl | A.ControlDecl, typeArgs: readonly P4Type[], loc: A.SourceLoc): A.ParserDecl | A.ControlDecl {
    const generic = this.genericBlocks.get(d) ?? fail(loc, `${d.name} is not generic`);
    if (typeArgs.length !== d.typeParams.length) fail(loc, `${d.name} takes ${d.typeParams.length} type arguments, not ${typeArgs.length}`);
    const key = typeArgs.map(typeToString).join(', ');
    const known = generic.instances.get(key);
    if (known) return known;
    const copy = { ...structuredClone(generic.pristine), typeParams: [] };
    generic.instances.set(key, copy);
    const scope = new Scope(this.global);
    d.typeParams.forEach((name, i) => scope.declare(name, { kind: 'type', type: typeArgs[i]! }));
    if (copy.kind === 'ParserDecl') this.parserBody(copy, scope);
    else this.controlBody(copy, scope);
    return copy;
  }

  private parserDecl(d: A.ParserDecl): void {
    if (d.typeParams.length) return this.genericBlockDecl(d);
    const type = this.blockParamsType(d, this.global);
    this.params(d.ctorParams, this.global);
    d.type = type;
    this.declare(this.global, d.name, { kind: 'block', decl: d, type }, d.loc);
    this.parserBody(d, this.global);
  }

  private parserBody(d: A.ParserDecl, outer: Scope): void {
    if (outer !== this.global) {
      d.type = this.blockParamsType(d, outer);
      this.params(d.ctorParams, outer);
    }
    const scope = this.blockScope(d, outer);
    const ctx: Ctx = { scope, block: d };
    for (const s of d.states) {
      if (s.name === 'accept' || s.name === 'reject') this.sink.error(s.loc, `state ${s.name} cannot be redefined`);
      this.guard(() => this.declare(scope, s.name, { kind: 'value', ref: { kind: 'parserState', decl: s }, type: VOID }, s.loc));
    }
    if (!d.states.some((s) => s.name === 'start')) this.sink.error(d.loc, `parser ${d.name} has no start state`);
    for (const l of d.locals) this.guard(() => this.local(l, ctx));
    for (const s of d.states) this.state(s, ctx);
  }

  private controlDecl(d: A.ControlDecl): void {
    if (d.typeParams.length) return this.genericBlockDecl(d);
    const type = this.blockParamsType(d, this.global);
    this.params(d.ctorParams, this.global);
    d.type = type;
    this.declare(this.global, d.name, { kind: 'block', decl: d, type }, d.loc);
    this.controlBody(d, this.global);
  }

  private controlBody(d: A.ControlDecl, outer: Scope): void {
    if (outer !== this.global) {
      d.type = this.blockParamsType(d, outer);
      this.params(d.ctorParams, outer);
    }
    const ctx: Ctx = { scope: this.blockScope(d, outer), block: d };
    for (const l of d.locals) this.guard(() => this.local(l, ctx));
    this.statements(d.body.stmts, { ...ctx, scope: new Scope(ctx.scope) });
  }

  private local(l: A.ParserLocal | A.ControlLocal, ctx: Ctx): void {
    switch (l.kind) {
      case 'ConstantDecl':
        return this.constant(l, ctx);
      case 'VariableDecl':
        return this.variable(l, ctx);
      case 'InstantiationDecl':
        return this.instantiation(l, ctx);
      case 'ValueSetDecl':
        return this.valueSet(l, ctx);
      case 'ActionDecl':
        return this.actionDecl(l, ctx);
      case 'TableDecl':
        return this.table(l, ctx);
    }
  }

  private variable(d: A.VariableDecl, ctx: Ctx): void {
    const type = this.resolveType(d.typeRef, ctx.scope);
    if (type.kind === 'extern' || type.kind === 'parser' || type.kind === 'control' || type.kind === 'package' || type.kind === 'void' || type.kind === 'infint') {
      fail(d.loc, `variables cannot have type ${typeToString(type)}`);
    }
    d.type = type;
    try {
      if (d.init) {
        this.expr(d.init, ctx, type);
        this.coerce(d.init, type);
      }
    } finally {
      // Declared even when the initialiser is wrong, so later uses do not report again.
      this.declare(ctx.scope, d.name, { kind: 'value', ref: { kind: 'local', decl: d }, type }, d.loc);
    }
  }

  private valueSet(d: A.ValueSetDecl, ctx: Ctx): void {
    const type = this.resolveType(d.elementType, ctx.scope);
    if (!isInteger(type) && type.kind !== 'struct' && type.kind !== 'serenum' && type.kind !== 'newtype') {
      fail(d.elementType.loc, `value_set element type ${typeToString(type)} must be bit<W>, int<W> or a struct of those`);
    }
    d.type = type;
    d.sizeValue = this.constInt(d.size, ctx, bitType(32));
    this.valueSets.push(d);
    this.declare(ctx.scope, d.name, { kind: 'value', ref: { kind: 'valueSet', decl: d }, type }, d.loc);
  }

  private actionDecl(d: A.ActionDecl, ctx: Ctx): void {
    const params = this.params(d.params, ctx.scope);
    let seenDirectionless = false;
    for (const p of d.params) {
      if (p.direction === 'none') seenDirectionless = true;
      else if (seenDirectionless) fail(p.loc, `action ${d.name}: directional parameters must come before directionless ones`);
    }
    d.type = { kind: 'action', name: d.name, params };
    this.declare(ctx.scope, d.name, { kind: 'value', ref: { kind: 'action', decl: d }, type: d.type }, d.loc);
    this.actions.push(d);
    const scope = new Scope(ctx.scope);
    for (const p of d.params) this.declare(scope, p.name, { kind: 'value', ref: { kind: 'param', decl: p, owner: d }, type: p.type! }, p.loc);
    this.statements(d.body.stmts, { ...ctx, scope, action: d });
  }

  private functionDecl(d: A.FunctionDecl): void {
    // A generic function is checked once with its type variables (for errors) and again
    // per instantiation from an untouched copy, since later passes need concrete types.
    if (d.typeParams.length > 0) this.genericFunctions.set(d, { pristine: structuredClone(d), instances: new Map() });
    const sig = this.signature(d, this.global);
    this.declare(this.global, d.name, { kind: 'functions', decls: [d] }, d.loc);
    this.functionBody(d, this.typeParamScope(d.typeParams, this.global), sig.returnType);
  }

  private functionBody(d: A.FunctionDecl, scope: Scope, returnType: P4Type): void {
    for (const p of d.params) this.declare(scope, p.name, { kind: 'value', ref: { kind: 'param', decl: p, owner: d }, type: p.type! }, p.loc);
    this.statements(d.body.stmts, { scope, fn: d, returnType });
    if (returnType.kind !== 'void' && !this.alwaysReturns(d.body)) {
      fail(d.loc, `function ${d.name} does not return a value on every path`);
    }
  }

  /** The copy of generic function `d` checked with its type parameters bound to `typeArgs`. */
  private specialize(d: A.FunctionDecl, typeArgs: readonly P4Type[]): A.FunctionDecl {
    const generic = this.genericFunctions.get(d)!;
    const key = typeArgs.map(typeToString).join(', ');
    const known = generic.instances.get(key);
    if (known) return known;
    const instance: A.FunctionDecl = { ...structuredClone(generic.pristine), typeParams: [] };
    generic.instances.set(key, instance);
    const scope = new Scope(this.global);
    d.typeParams.forEach((name, i) => scope.declare(name, { kind: 'type', type: typeArgs[i]! }));
    this.params(instance.params, scope);
    this.guard(() => this.functionBody(instance, scope, this.resolveType(instance.returnType, scope)));
    return instance;
  }

  private alwaysReturns(s: A.Statement): boolean {
    switch (s.kind) {
      case 'ReturnStmt':
      case 'ExitStmt':
        return true;
      case 'BlockStmt':
        return s.stmts.some((t) => this.alwaysReturns(t));
      case 'IfStmt':
        return s.else !== undefined && this.alwaysReturns(s.then) && this.alwaysReturns(s.else);
      default:
        return false;
    }
  }

  // =========================================================================== instantiation

  private instantiation(d: A.InstantiationDecl, ctx: Ctx): void {
    if (d.typeRef.kind !== 'NamedTypeRef') fail(d.loc, `cannot instantiate ${d.typeRef.kind === 'BaseTypeRef' ? d.typeRef.name : 'this type'}`);
    const entity = this.lookupType(d.typeRef, ctx.scope);
    let type: P4Type;
    if (entity.kind === 'extern') {
      const r = this.constructExtern(entity.decl, d.typeRef, d.args, ctx, d.loc);
      type = r.type;
      d.instanceOf = { kind: 'extern', decl: entity.decl, ctor: r.ctor, typeArgs: r.typeArgs, ctorParams: r.ctorParams };
      d.argsInParamOrder = r.args;
      this.externInstances.push(d);
    } else if (entity.kind === 'block') {
      let block = entity.decl;
      if (block.typeParams.length > 0) {
        // A generic block needs its type arguments written out; the instance runs the copy checked with them.
        const typeArgs = this.typeArguments(d.typeRef.typeArgs, ctx.scope);
        if (typeArgs.some((t) => t === undefined)) fail(d.loc, `write the type arguments of ${block.name} out in full`);
        block = this.specializeBlock(block, typeArgs as P4Type[], d.loc);
      } else if (d.typeRef.typeArgs.length > 0) {
        fail(d.loc, `${entity.decl.name} is not generic`);
      }
      d.argsInParamOrder = this.bindArgs(d.args, this.ctorSignature(block), ctx, d.loc, new Map(), new Set(), true);
      type = block.type!;
      d.instanceOf = block.kind === 'ParserDecl' ? { kind: 'parser', decl: block } : { kind: 'control', decl: block };
      if (ctx.block && ctx.block.kind !== (entity.decl.kind === 'ParserDecl' ? 'ParserDecl' : 'ControlDecl')) {
        fail(d.loc, `a ${ctx.block.kind === 'ParserDecl' ? 'parser' : 'control'} cannot instantiate ${entity.decl.name}`);
      }
    } else if (entity.kind === 'blockType' && entity.decl.kind === 'PackageTypeDecl') {
      if (ctx.block) fail(d.loc, 'packages can only be instantiated at top level');
      const pkg = entity.decl;
      const vars = new Set(pkg.typeParams);
      const bindings: Bindings = new Map();
      const scope = this.typeParamScope(pkg.typeParams, this.global);
      const sigParams = this.params(pkg.params, scope);
      this.typeArguments(d.typeRef.typeArgs, ctx.scope).forEach((t, i) => {
        if (t && i < pkg.typeParams.length) bindings.set(pkg.typeParams[i]!, t);
      });
      const sig: Signature = { params: sigParams, nodes: pkg.params, returnType: VOID, typeParams: pkg.typeParams };
      d.argsInParamOrder = this.bindArgs(d.args, sig, ctx, d.loc, bindings, vars, true);
      const typeArgs = pkg.typeParams.map((n) => bindings.get(n) ?? fail(d.loc, `cannot infer type argument ${n} of ${pkg.name}`));
      type = { kind: 'package', name: pkg.name, params: sigParams.map((p) => ({ ...p, type: substitute(p.type, bindings) })) };
      d.instanceOf = { kind: 'package', decl: pkg, typeArgs };
      if (d.name === 'main') this.main = this.mainInstance(d, pkg);
    } else {
      fail(d.typeRef.loc, `${d.typeRef.name} cannot be instantiated`);
    }
    d.type = type;
    this.declare(ctx.scope, d.name, { kind: 'value', ref: { kind: 'instance', decl: d }, type }, d.loc);
  }

  private ctorSignature(d: A.ParserDecl | A.ControlDecl): Signature {
    return {
      params: d.ctorParams.map((p) => ({ name: p.name, direction: p.direction, type: p.type!, annotations: this.annotations(p.annotations) })),
      nodes: d.ctorParams,
      returnType: VOID,
      typeParams: [],
    };
  }

  private mainInstance(d: A.InstantiationDecl, pkg: A.PackageTypeDecl): MainInstance {
    const blocks: MainBlock[] = [];
    pkg.params.forEach((p, i) => {
      const arg = d.argsInParamOrder![i];
      if (!arg) return;
      if (arg.kind === 'CallExpr' && arg.target?.kind === 'constructBlock') {
        blocks.push({ paramName: p.name, decl: arg.target.block, ctorArgs: arg.args.map((a) => a.value), instanceName: arg.target.block.name });
      } else if (arg.kind === 'PathExpr' && arg.ref?.kind === 'instance') {
        const inst = arg.ref.decl;
        const of = inst.instanceOf;
        if (of?.kind === 'parser' || of?.kind === 'control') {
          // p4c names the objects of top-level blocks after the block type, even for a named instance.
          blocks.push({ paramName: p.name, decl: of.decl, ctorArgs: inst.args.map((a) => a.value), instanceName: of.decl.name });
        }
      }
    });
    return { decl: d, package: pkg, packageName: pkg.name, blocks };
  }

  /** Checks the constructor call of an extern (`register<bit<32>>(1024)`). */
  private constructExtern(decl: A.ExternDecl, typeRef: A.NamedTypeRef | undefined, args: readonly A.Argument[], ctx: Ctx, loc: A.SourceLoc) {
    const explicit = typeRef ? this.typeArguments(typeRef.typeArgs, ctx.scope) : [];
    if (explicit.length > 0 && explicit.length !== decl.typeParams.length) {
      fail(loc, `${decl.name} takes ${decl.typeParams.length} type arguments, not ${explicit.length}`);
    }
    const ctors = decl.methods.filter((m) => m.isConstructor);
    if (ctors.length === 0) fail(loc, `extern ${decl.name} has no constructor`);
    const ctor = this.pickOverload(ctors, args, loc, decl.name) as A.MethodDecl;
    const sig = this.signature(ctor, this.externScope(decl));
    const bindings: Bindings = new Map();
    explicit.forEach((t, i) => t && bindings.set(decl.typeParams[i]!, t));
    const bound = this.bindArgs(args, sig, ctx, loc, bindings, new Set(decl.typeParams), true);
    const typeArgs = decl.typeParams.map((n) => bindings.get(n) ?? fail(loc, `cannot infer type argument ${n} of ${decl.name}; write ${decl.name}<...>(...)`));
    const type: P4Type = { kind: 'extern', name: decl.name, typeArgs };
    const ctorParams = sig.params.map((p) => ({ ...p, type: substitute(p.type, bindings) }));
    return { type, ctor, typeArgs, ctorParams, args: bound };
  }

  // =========================================================================== tables

  private table(d: A.TableDecl, ctx: Ctx): void {
    this.declare(ctx.scope, d.name, { kind: 'value', ref: { kind: 'table', decl: d }, type: { kind: 'table', name: d.name } }, d.loc);
    const keyTypes: P4Type[] = [];
    for (const k of d.keys) {
      const t = this.expr(k.expr, ctx);
      if (!this.matchKindType.members.includes(k.matchKind)) fail(k.loc, `unknown match kind ${k.matchKind}`);
      const ok = isInteger(t) || t.kind === 'bool' || t.kind === 'serenum' || t.kind === 'enum' || t.kind === 'error' || t.kind === 'newtype';
      if (!ok) fail(k.expr.loc, t.kind === 'infint' ? 'a table key needs a width' : `table key of type ${typeToString(t)} is not supported`);
      k.name = keyName(k);
      keyTypes.push(t);
    }
    for (const a of d.actions) this.actionRef(a, ctx, false);
    const inList = (a: A.ActionRef): void => {
      if (!d.actions.some((x) => x.action === a.action)) fail(a.loc, `action ${a.name.name} is not in the actions of table ${d.name}`);
    };
    if (d.defaultAction) {
      this.actionRef(d.defaultAction.action, ctx, true);
      inList(d.defaultAction.action);
    }
    if (d.entries) {
      for (const e of d.entries.entries) {
        this.keyset(e.keyset, keyTypes, ctx, e.loc);
        this.actionRef(e.action, ctx, true);
        inList(e.action);
        if (e.priority) e.priorityValue = this.constInt(e.priority, ctx, bitType(32));
      }
    }
    if (d.entries) this.annotatedPriorities(d.entries.entries);
    let largestPriorityWins = true;
    let priorityDelta = 1;
    let size = DEFAULT_TABLE_SIZE;
    let supportTimeout = false;
    let directCounter: A.InstantiationDecl | undefined;
    let directMeter: A.InstantiationDecl | undefined;
    let implementation: A.InstantiationDecl | undefined;
    for (const p of d.properties) {
      switch (p.name) {
        case 'size':
          size = this.constInt(p.value, ctx, bitType(32));
          break;
        case 'support_timeout':
          supportTimeout = this.boolProperty(p, ctx);
          break;
        case 'counters':
          directCounter = this.instanceProperty(p, ctx, 'direct_counter');
          break;
        case 'meters':
          directMeter = this.instanceProperty(p, ctx, 'direct_meter');
          break;
        case 'largest_priority_wins':
          largestPriorityWins = this.boolProperty(p, ctx);
          break;
        case 'priority_delta':
          priorityDelta = this.constInt(p.value, ctx, bitType(32));
          if (priorityDelta < 1) fail(p.value.loc, 'priority_delta must be positive');
          break;
        case 'implementation':
          if (p.value.kind === 'PathExpr') implementation = this.instanceProperty(p, ctx, undefined);
          else this.expr(p.value, ctx);
          this.sink.warning(p.loc, `table ${d.name}: 'implementation' (action profiles/selectors) is ignored by the simulator`);
          break;
        default:
          this.expr(p.value, ctx);
          this.sink.warning(p.loc, `table ${d.name}: unknown property '${p.name}' is ignored`);
      }
    }
    if (d.entries && (!largestPriorityWins || priorityDelta !== 1 || d.entries.entries.some((e) => e.priority))) {
      this.entryPriorities(d.entries.entries, largestPriorityWins, priorityDelta);
    }
    d.info = {
      size,
      supportTimeout,
      ...(directCounter ? { directCounter } : {}),
      ...(directMeter ? { directMeter } : {}),
      ...(implementation ? { implementation } : {}),
    };
    this.tables.push(d);
  }

  /**
   * p4c's `@priority(n)` entry annotation follows BMv2, where a smaller number wins and an
   * entry without one gets its 1-based position; priorityValue follows P4Runtime, where a
   * larger number wins. When a table uses the annotation, every entry without an explicit
   * `priority =` gets the converted value, so both orders agree.
   */
  private annotatedPriorities(entries: readonly A.TableEntryNode[]): void {
    const annotated = entries.map((e) => e.annotations.find((a) => a.name === 'priority'));
    if (annotated.every((a) => a === undefined)) return;
    const bmv2 = annotated.map((a, i) => {
      if (!a) return i + 1;
      const v = a.args[0];
      if (typeof v !== 'bigint' || a.args.length !== 1 || v < 0n) fail(a.loc, '@priority needs one non-negative integer argument');
      return Number(v);
    });
    const top = Math.max(...bmv2) + 1;
    entries.forEach((e, i) => {
      if (e.priorityValue === undefined) e.priorityValue = top - bmv2[i]!;
    });
  }

  /**
   * P4_16 entry priorities (1.2.4, 14.2.1.4): an entry without `priority =` gets the
   * priority of the entry before it plus `priority_delta`, counting from the last entry
   * backwards when the largest priority wins (so earlier entries win) and from the first
   * forwards otherwise; the first one so numbered gets 1. priorityValue is then turned into
   * P4Runtime's convention, where a larger value wins.
   */
  private entryPriorities(entries: readonly A.TableEntryNode[], largestWins: boolean, delta: number): void {
    const order = largestWins ? [...entries].reverse() : entries;
    const prio = new Map<A.TableEntryNode, number>();
    let previous: number | undefined;
    for (const e of order) {
      const p = e.priority ? e.priorityValue! : previous === undefined ? 1 : previous + delta;
      prio.set(e, p);
      previous = p;
    }
    const top = Math.max(...prio.values()) + 1;
    for (const e of entries) e.priorityValue = largestWins ? prio.get(e)! : top - prio.get(e)!;
  }

  private boolProperty(p: A.TableProperty, ctx: Ctx): boolean {
    this.expr(p.value, ctx, BOOL);
    if (p.value.constValue?.kind !== 'bool') fail(p.value.loc, `${p.name} must be true or false`);
    return p.value.constValue.value;
  }

  private instanceProperty(p: A.TableProperty, ctx: Ctx, externName: string | undefined): A.InstantiationDecl {
    this.expr(p.value, ctx);
    if (p.value.kind !== 'PathExpr' || p.value.ref?.kind !== 'instance') fail(p.value.loc, `${p.name} must name an extern instance`);
    const inst = p.value.ref.decl;
    if (externName && (inst.instanceOf?.kind !== 'extern' || inst.instanceOf.decl.name !== externName)) {
      fail(p.value.loc, `${p.name} must name a ${externName} instance`);
    }
    return inst;
  }

  /**
   * An action reference in a table. In the `actions` list only directional parameters may
   * be bound; in default_action and entries every parameter is, and directionless ones
   * must be compile-time constants.
   */
  private actionRef(a: A.ActionRef, ctx: Ctx, complete: boolean): void {
    const entity = a.name.global ? ctx.scope.root.lookup(a.name.name) : ctx.scope.lookup(a.name.name);
    if (!entity || entity.kind !== 'value' || entity.ref.kind !== 'action') fail(a.name.loc, `${a.name.name} is not an action`);
    const decl = entity.ref.decl;
    a.name.ref = entity.ref;
    a.name.type = entity.type;
    a.action = decl;
    const sig: Signature = {
      params: (entity.type as P4Type & { kind: 'action' }).params,
      nodes: decl.params,
      returnType: VOID,
      typeParams: [],
    };
    const partial = !complete;
    const args = this.bindArgs(a.args, sig, ctx, a.loc, new Map(), new Set(), false, partial);
    if (complete) {
      decl.params.forEach((p, i) => {
        const arg = args[i];
        if (!arg) fail(a.loc, `action ${decl.name}: missing argument for parameter ${p.name}`);
        if (p.direction === 'none' && !arg.constValue) fail(arg.loc, `argument for ${p.name} must be a compile-time constant`);
      });
    }
    a.argsInParamOrder = args;
  }

  // =========================================================================== parsers

  private state(s: A.ParserState, parentCtx: Ctx): void {
    const ctx: Ctx = { ...parentCtx, scope: new Scope(parentCtx.scope) };
    this.statements(s.stmts, ctx);
    this.guard(() => {
      if (!s.transition) fail(s.loc, `state ${s.name} has no transition`);
      if (s.transition.kind === 'direct') {
        this.stateRef(s.transition.next, ctx);
        return;
      }
      const sel = s.transition.select;
      const keyTypes = sel.keys.map((k) => {
        const t = this.expr(k, ctx);
        if (t.kind === 'infint') fail(k.loc, 'a select key needs a width');
        return t;
      });
      for (const c of sel.cases) {
        this.keyset(c.keyset, keyTypes, ctx, c.loc);
        this.stateRef(c.next, ctx);
      }
    });
  }

  private stateRef(p: A.PathExpr, ctx: Ctx): void {
    if (p.name === 'accept' || p.name === 'reject') {
      p.ref = { kind: 'terminalState', name: p.name };
    } else {
      const e = ctx.scope.lookup(p.name);
      if (!e || e.kind !== 'value' || e.ref.kind !== 'parserState') fail(p.loc, `${p.name} is not a parser state`);
      p.ref = e.ref;
    }
    p.type = VOID;
  }

  /** A select case's or const entry's keyset against the key types. */
  private keyset(k: A.Expression, keyTypes: readonly P4Type[], ctx: Ctx, loc: A.SourceLoc): void {
    if (k.kind === 'DefaultExpr' || k.kind === 'DontCareExpr') {
      k.type = keyTypes.length === 1 ? keyTypes[0]! : { kind: 'tuple', elements: keyTypes };
      return;
    }
    if (keyTypes.length === 1) {
      this.simpleKeyset(k, keyTypes[0]!, ctx);
      return;
    }
    if (k.kind === 'PathExpr') {
      const e = ctx.scope.lookup(k.name);
      if (e?.kind === 'value' && e.ref.kind === 'valueSet') {
        const t = e.type;
        const fs = fieldsOf(t);
        if (!fs || fs.length !== keyTypes.length || !fs.every((f, i) => sameType(f.type, keyTypes[i]!))) {
          fail(k.loc, `value set ${k.name} of type ${typeToString(t)} does not match the ${keyTypes.length} select keys`);
        }
        k.ref = e.ref;
        k.type = t;
        return;
      }
    }
    if (k.kind !== 'ListExpr' || k.elements.length !== keyTypes.length) {
      fail(loc, `the keyset needs ${keyTypes.length} elements, one per key`);
    }
    k.elements.forEach((e, i) => this.simpleKeyset(e, keyTypes[i]!, ctx));
    k.type = { kind: 'tuple', elements: keyTypes };
  }

  private simpleKeyset(k: A.Expression, t: P4Type, ctx: Ctx): void {
    switch (k.kind) {
      case 'DefaultExpr':
      case 'DontCareExpr':
        k.type = t;
        return;
      case 'MaskExpr':
      case 'RangeExpr': {
        const [a, b] = k.kind === 'MaskExpr' ? [k.value, k.mask] : [k.low, k.high];
        // A mask or range on a serializable-enum key is written in the underlying type (as
        // p4c accepts it: `(bit<16>)E.A &&& 0xff00`); the enum's members convert to it.
        const elementType = t.kind === 'serenum' ? t.underlying : t;
        for (const e of [a, b]) {
          this.expr(e, ctx, elementType);
          this.coerce(e, elementType);
          if (!e.constValue) fail(e.loc, 'keyset values must be compile-time constants');
        }
        if (!isInteger(t) && t.kind !== 'serenum' && t.kind !== 'newtype') fail(k.loc, `${k.kind === 'MaskExpr' ? 'masks' : 'ranges'} need an integer key, not ${typeToString(t)}`);
        k.type = t;
        return;
      }
      case 'PathExpr': {
        const e = ctx.scope.lookup(k.name);
        if (e?.kind === 'value' && e.ref.kind === 'valueSet') {
          if (!sameType(e.type, t) && !(fieldsOf(e.type)?.length === 1 && sameType(fieldsOf(e.type)![0]!.type, t))) {
            fail(k.loc, `value set ${k.name} of type ${typeToString(e.type)} does not match the key type ${typeToString(t)}`);
          }
          k.ref = e.ref;
          k.type = e.type;
          return;
        }
        break;
      }
    }
    this.expr(k, ctx, t);
    this.coerce(k, t);
    if (!k.constValue) fail(k.loc, 'keyset values must be compile-time constants');
  }

  // =========================================================================== statements

  private statements(stmts: readonly A.Statement[], ctx: Ctx): void {
    for (const s of stmts) this.guard(() => this.statement(s, ctx));
  }

  private statement(s: A.Statement, ctx: Ctx): void {
    switch (s.kind) {
      case 'EmptyStmt':
        return;
      case 'BlockStmt':
        return this.statements(s.stmts, { ...ctx, scope: new Scope(ctx.scope) });
      case 'VarDeclStmt':
        return this.variable(s.decl, ctx);
      case 'ConstDeclStmt':
        return this.constant(s.decl, ctx);
      case 'AssignStmt': {
        const t = this.expr(s.lhs, ctx);
        this.requireLValue(s.lhs, ctx);
        this.expr(s.rhs, ctx, t);
        this.coerce(s.rhs, t);
        return;
      }
      case 'CallStmt':
        this.expr(s.call, ctx);
        return;
      case 'IfStmt': {
        this.expr(s.cond, ctx, BOOL);
        this.coerce(s.cond, BOOL);
        this.guard(() => this.statement(s.then, { ...ctx, scope: new Scope(ctx.scope) }));
        if (s.else) this.guard(() => this.statement(s.else!, { ...ctx, scope: new Scope(ctx.scope) }));
        return;
      }
      case 'SwitchStmt':
        return this.switchStmt(s, ctx);
      case 'ForStmt':
      case 'ForInStmt':
        return this.loop(s, ctx);
      case 'BreakStmt':
      case 'ContinueStmt':
        if (!ctx.inLoop) fail(s.loc, `'${s.kind === 'BreakStmt' ? 'break' : 'continue'}' outside a loop`);
        return;
      case 'ExitStmt':
        if (ctx.block?.kind === 'ParserDecl') fail(s.loc, "'exit' is not allowed in a parser");
        if (ctx.fn) fail(s.loc, "'exit' is not allowed in a function");
        return;
      case 'ReturnStmt': {
        if (ctx.block?.kind === 'ParserDecl' && !ctx.fn) fail(s.loc, "'return' is not allowed in a parser");
        const rt = ctx.returnType ?? VOID;
        if (s.value) {
          if (rt.kind === 'void') fail(s.loc, 'this return cannot have a value');
          this.expr(s.value, ctx, rt);
          this.coerce(s.value, rt);
        } else if (rt.kind !== 'void') {
          fail(s.loc, `return needs a value of type ${typeToString(rt)}`);
        }
        return;
      }
    }
  }

  private loop(s: A.ForStmt | A.ForInStmt, ctx: Ctx): void {
    if (ctx.block?.kind === 'ParserDecl' && !ctx.fn && !ctx.action) fail(s.loc, "'for' loops are not allowed in a parser (use parser states)");
    const scope = new Scope(ctx.scope);
    const inner: Ctx = { ...ctx, scope };
    if (s.kind === 'ForStmt') {
      this.statements(s.init, inner);
      if (s.cond) {
        this.expr(s.cond, inner, BOOL);
        this.coerce(s.cond, BOOL);
      }
      this.statements(s.update, inner);
    } else {
      const t = this.resolveType(s.decl.typeRef, scope);
      s.decl.type = t;
      const c = s.collection;
      if (c.kind === 'RangeExpr') {
        if (!isInteger(t)) fail(s.decl.loc, `a loop over a range needs a bit<W> or int<W> variable, not ${typeToString(t)}`);
        for (const bound of [c.low, c.high]) {
          this.expr(bound, inner, t);
          this.coerce(bound, t);
        }
        c.type = t;
      } else {
        const ct = this.expr(c, inner);
        if (ct.kind !== 'stack') fail(c.loc, `cannot loop over a value of type ${typeToString(ct)}`);
        if (!sameType(ct.element, t)) fail(s.decl.loc, `the loop variable has type ${typeToString(t)} but the stack holds ${typeToString(ct.element)}`);
      }
      this.declare(scope, s.decl.name, { kind: 'value', ref: { kind: 'local', decl: s.decl }, type: t }, s.decl.loc);
    }
    this.guard(() => this.statement(s.body, { ...inner, scope: new Scope(scope), inLoop: true }));
  }

  private switchStmt(s: A.SwitchStmt, ctx: Ctx): void {
    const t = this.expr(s.expr, ctx);
    const seen = new Set<string>();
    const label = (e: A.Expression): string => (e.kind === 'PathExpr' ? e.name : e.constValue ? JSON.stringify(e.constValue, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) : '');
    if (s.expr.kind === 'MemberExpr' && s.expr.access?.kind === 'tableActionRun') {
      s.switchKind = 'actionRun';
      const table = s.expr.access.table;
      for (const c of s.cases) {
        for (const l of c.labels) {
          if (l.kind === 'DefaultExpr') {
            l.type = t;
            continue;
          }
          if (l.kind !== 'PathExpr') fail(l.loc, 'switch labels on action_run must name actions');
          const ref = table.actions.find((a) => a.name.name === l.name || a.action?.name === l.name);
          if (!ref || !ref.action) fail(l.loc, `${l.name} is not an action of table ${table.name}`);
          l.ref = { kind: 'action', decl: ref.action };
          l.type = t;
        }
      }
    } else {
      s.switchKind = 'value';
      if (!isInteger(t) && t.kind !== 'enum' && t.kind !== 'serenum' && t.kind !== 'error') {
        fail(s.expr.loc, `cannot switch on a value of type ${typeToString(t)}`);
      }
      for (const c of s.cases) {
        for (const l of c.labels) {
          if (l.kind === 'DefaultExpr') {
            l.type = t;
            continue;
          }
          this.expr(l, ctx, t);
          this.coerce(l, t);
          if (!l.constValue) fail(l.loc, 'switch labels must be compile-time constants');
        }
      }
    }
    s.cases.forEach((c, i) => {
      for (const l of c.labels) {
        const key = l.kind === 'DefaultExpr' ? 'default' : label(l);
        if (seen.has(key)) fail(l.loc, 'duplicate switch label');
        seen.add(key);
        if (l.kind === 'DefaultExpr' && i !== s.cases.length - 1) fail(l.loc, "'default' must be the last switch label");
      }
      if (c.body) this.guard(() => this.statements(c.body!.stmts, { ...ctx, scope: new Scope(ctx.scope) }));
    });
    if (s.cases.length > 0 && !s.cases[s.cases.length - 1]!.body) fail(s.cases[s.cases.length - 1]!.loc, 'the last switch case needs a body');
  }

  /** `e` can be written: a variable, an out/inout parameter, or a field/element/slice of one. */
  private requireLValue(e: A.Expression, ctx: Ctx): void {
    switch (e.kind) {
      case 'PathExpr': {
        const r = e.ref;
        if (r?.kind === 'local') return;
        if (r?.kind === 'param') {
          const dir = r.decl.direction;
          if (dir === 'out' || dir === 'inout') return;
          if (dir === 'none' && r.owner.kind === 'ActionDecl') fail(e.loc, `cannot assign to action data parameter ${e.name}`);
          if (dir === 'in' || dir === 'none') fail(e.loc, `cannot assign to ${dir === 'in' ? 'in' : 'directionless'} parameter ${e.name}`);
        }
        fail(e.loc, `${e.name} cannot be assigned`);
        break;
      }
      case 'MemberExpr':
        if (e.access?.kind === 'field' || e.access?.kind === 'stackNext' || e.access?.kind === 'stackLast') return this.requireLValue(e.base, ctx);
        fail(e.loc, 'this expression cannot be assigned');
        break;
      case 'IndexExpr':
      case 'SliceExpr':
        return this.requireLValue(e.base, ctx);
      default:
        fail(e.loc, 'this expression cannot be assigned');
    }
  }

  // =========================================================================== types

  private lookupType(ref: A.NamedTypeRef, scope: Scope): Entity {
    const e = ref.global ? scope.root.lookup(ref.name) : scope.lookup(ref.name);
    if (!e) fail(ref.loc, `unknown type ${ref.name}`);
    return e;
  }

  resolveType(ref: A.TypeRef, scope: Scope): P4Type {
    const t = this.resolveTypeUncached(ref, scope);
    ref.resolved = t;
    return t;
  }

  private resolveTypeUncached(ref: A.TypeRef, scope: Scope): P4Type {
    switch (ref.kind) {
      case 'BaseTypeRef':
        switch (ref.name) {
          case 'bit':
          case 'int':
          case 'varbit': {
            if (!ref.width) return ref.name === 'bit' ? bitType(1) : INFINT;
            const w = this.constInt(ref.width, { scope }, INFINT);
            if (w < (ref.name === 'int' ? 1 : 0) || w > 2048) fail(ref.width.loc, `invalid width ${w}`);
            return ref.name === 'varbit' ? { kind: 'varbit', maxWidth: w } : ref.name === 'bit' ? bitType(w) : intType(w);
          }
          case 'bool':
            return BOOL;
          case 'error':
            return this.errorType;
          case 'string':
            return STRING;
          case 'void':
            return VOID;
          case 'match_kind':
            return this.matchKindType;
        }
        break;
      case 'TupleTypeRef':
        return { kind: 'tuple', elements: ref.elements.map((e) => this.resolveType(e, scope)) };
      case 'StackTypeRef': {
        const element = this.resolveType(ref.element, scope);
        if (element.kind !== 'header' && element.kind !== 'header_union') fail(ref.loc, `header stacks need header elements, not ${typeToString(element)}`);
        const size = this.constInt(ref.size, { scope }, INFINT);
        if (size < 1) fail(ref.size.loc, 'a header stack needs at least one element');
        return { kind: 'stack', element, size };
      }
      case 'DontCareTypeRef':
        // Calls, constructors and package instantiations take `_` for an inferred type
        // argument (typeArguments()); it names no type anywhere else.
        fail(ref.loc, "'_' can only stand for a type argument to be inferred");
        break;
      case 'NamedTypeRef': {
        const e = this.lookupType(ref, scope);
        const args = ref.typeArgs.map((t) => this.resolveType(t, scope));
        switch (e.kind) {
          case 'type':
            if (args.length) fail(ref.loc, `${ref.name} is not generic`);
            return e.type;
          case 'typeVar':
            return { kind: 'typevar', name: e.name };
          case 'extern':
            if (args.length !== e.decl.typeParams.length) fail(ref.loc, `${ref.name} takes ${e.decl.typeParams.length} type arguments`);
            return { kind: 'extern', name: e.decl.name, typeArgs: args };
          case 'block':
            return e.type;
          case 'blockType': {
            const d = e.decl;
            const inner = this.typeParamScope(d.typeParams, this.global);
            const params = this.params(d.params, inner);
            if (args.length && args.length !== d.typeParams.length) fail(ref.loc, `${ref.name} takes ${d.typeParams.length} type arguments`);
            const b: Bindings = new Map(args.map((a, i) => [d.typeParams[i]!, a]));
            const bound = params.map((p) => ({ ...p, type: substitute(p.type, b) }));
            const kind = d.kind === 'ParserTypeDecl' ? 'parser' : d.kind === 'ControlTypeDecl' ? 'control' : 'package';
            return { kind, name: d.name, params: bound };
          }
          default:
            fail(ref.loc, `${ref.name} is not a type`);
        }
      }
    }
  }

  /** Evaluates `e` as a non-negative compile-time integer (widths, sizes, counts). */
  private constInt(e: A.Expression, ctx: Ctx, type: P4Type): number {
    this.expr(e, ctx, type);
    const v = e.constValue;
    if (v?.kind !== 'int') fail(e.loc, 'expected a compile-time integer constant');
    if (v.value < 0n || v.value > BigInt(Number.MAX_SAFE_INTEGER)) fail(e.loc, `value ${v.value} out of range`);
    return Number(v.value);
  }

  /**
   * Makes `e` (already checked) usable where `target` is required: types an infint
   * constant as `target`, accepts a serializable enum for its underlying type.
   */
  private coerce(e: A.Expression, target: P4Type): void {
    const t = e.type!;
    if (sameType(t, target)) return;
    if (t.kind === 'infint' && (isInteger(target) || (target.kind === 'newtype' && isInteger(target.underlying)))) {
      const v = e.constValue;
      if (v?.kind !== 'int') fail(e.loc, `cannot infer a width for this expression; cast it to ${typeToString(target)}`);
      const reduced = reduce(v.value, target);
      if (reduced !== v.value) {
        if (target.kind === 'bit' && v.value < 0n && v.value >= -(1n << BigInt(target.width))) {
          // `bit<8> x = -1` is all ones, as p4c computes it.
        } else {
          this.sink.warning(e.loc, `value ${v.value} does not fit in ${typeToString(target)}; it is reduced to ${reduced}`);
        }
      }
      e.type = target;
      e.constValue = { kind: 'int', value: reduced };
      return;
    }
    if (t.kind === 'serenum' && sameType(t.underlying, target)) return;
    fail(e.loc, `cannot use a value of type ${typeToString(t)} where ${typeToString(target)} is expected`);
  }

  // =========================================================================== expressions

  /** Checks `e`, sets its `type` (and `constValue` when constant) and returns the type. */
  expr(e: A.Expression, ctx: Ctx, expected?: P4Type): P4Type {
    const t = this.exprInner(e, ctx, expected);
    e.type = t;
    return t;
  }

  private exprInner(e: A.Expression, ctx: Ctx, expected: P4Type | undefined): P4Type {
    switch (e.kind) {
      case 'IntLiteral': {
        if (e.width === undefined) {
          e.constValue = { kind: 'int', value: e.value };
          return INFINT;
        }
        const t = e.signed ? intType(e.width) : bitType(e.width);
        const max = e.signed ? 1n << BigInt(e.width - 1) : 1n << BigInt(e.width);
        if (e.value >= max) {
          this.sink.warning(e.loc, `${e.text}: value does not fit in ${typeToString(t)}; it is reduced to ${reduce(e.value, t)}`);
        }
        e.constValue = { kind: 'int', value: reduce(e.value, t) };
        return t;
      }
      case 'BoolLiteral':
        e.constValue = { kind: 'bool', value: e.value };
        return BOOL;
      case 'StringLiteral':
        e.constValue = { kind: 'string', value: e.value };
        return STRING;
      case 'PathExpr':
        return this.path(e, ctx);
      case 'MemberExpr':
        return this.member(e, ctx);
      case 'IndexExpr':
        return this.index(e, ctx);
      case 'SliceExpr':
        return this.slice(e, ctx);
      case 'CallExpr':
        return this.call(e, ctx, expected);
      case 'UnaryExpr':
        return this.unary(e, ctx, expected);
      case 'BinaryExpr':
        return this.binary(e, ctx, expected);
      case 'TernaryExpr':
        return this.ternary(e, ctx, expected);
      case 'CastExpr':
        return this.cast(e, ctx);
      case 'ListExpr':
        return this.list(e, ctx, expected);
      case 'StructExpr':
        return this.structExpr(e, ctx, expected);
      case 'InvalidHeaderExpr':
        if (expected?.kind !== 'header' && expected?.kind !== 'header_union') fail(e.loc, '{#} needs a header or header union type from its context');
        return expected;
      case 'DontCareExpr':
        // Out arguments and keysets handle `_` before getting here.
        fail(e.loc, "'_' is only allowed as an out argument or in a keyset");
        break;
      case 'DefaultExpr':
      case 'MaskExpr':
      case 'RangeExpr':
        fail(e.loc, `${e.kind === 'DefaultExpr' ? "'default'" : e.kind === 'MaskExpr' ? "'&&&'" : "'..'"} is only allowed in select cases and table entries`);
    }
  }

  private path(e: A.PathExpr, ctx: Ctx): P4Type {
    if (e.name === 'error' && !e.global) {
      e.ref = { kind: 'type', type: this.errorType };
      return this.errorType;
    }
    const ent = e.global ? ctx.scope.root.lookup(e.name) : ctx.scope.lookup(e.name);
    if (!ent) fail(e.loc, `${e.name} is not declared`);
    switch (ent.kind) {
      case 'value': {
        e.ref = ent.ref;
        if (ent.ref.kind === 'const') {
          const v = ent.ref.decl.value.constValue;
          if (v) e.constValue = v;
        }
        return ent.type;
      }
      case 'type':
        e.ref = { kind: 'type', type: ent.type };
        return ent.type;
      case 'block':
        e.ref = { kind: 'type', type: ent.type };
        return ent.type;
      case 'functions':
        fail(e.loc, `${e.name} is a function; call it`);
        break;
      default:
        fail(e.loc, `${e.name} is a type, not a value`);
    }
  }

  private member(e: A.MemberExpr, ctx: Ctx): P4Type {
    const bt = this.expr(e.base, ctx);
    const m = e.member;
    // Members of types named directly: MyEnum.A, error.NoError.
    if (e.base.kind === 'PathExpr' && e.base.ref?.kind === 'type') {
      const t = e.base.ref.type;
      if (t.kind === 'enum' || t.kind === 'error' || t.kind === 'match_kind') {
        const index = t.members.indexOf(m);
        if (index < 0) fail(e.loc, `${typeToString(t)} has no member ${m}`);
        e.access = { kind: 'enumMember' };
        e.constValue = { kind: 'member', name: m, index };
        return t;
      }
      if (t.kind === 'serenum') {
        const member = t.members.find((x) => x.name === m);
        if (!member) fail(e.loc, `${t.name} has no member ${m}`);
        e.access = { kind: 'enumMember' };
        e.constValue = { kind: 'int', value: member.value };
        return t;
      }
      fail(e.loc, `${typeToString(t)} is a type; it has no member ${m}`);
    }
    switch (bt.kind) {
      case 'header':
      case 'header_union':
      case 'struct': {
        const f = bt.fields.find((x) => x.name === m);
        if (f) {
          e.access = { kind: 'field' };
          const base = e.base.constValue;
          if (base?.kind === 'struct') {
            const v = base.fields.find((x) => x.name === m);
            if (v) e.constValue = v.value;
          }
          return f.type;
        }
        if (bt.kind !== 'struct' && (m === 'isValid' || (bt.kind === 'header' && (m === 'setValid' || m === 'setInvalid')))) {
          e.access = { kind: 'method' };
          return VOID;
        }
        fail(e.loc, `${typeToString(bt)} has no field ${m}`);
        break;
      }
      case 'stack':
        switch (m) {
          case 'next':
            if (ctx.block?.kind !== 'ParserDecl') fail(e.loc, "'next' can only be used in a parser");
            e.access = { kind: 'stackNext' };
            return bt.element;
          case 'last':
            if (ctx.block?.kind !== 'ParserDecl') fail(e.loc, "'last' can only be used in a parser");
            e.access = { kind: 'stackLast' };
            return bt.element;
          case 'lastIndex':
            e.access = { kind: 'stackLastIndex' };
            return bitType(32);
          case 'size':
            e.access = { kind: 'stackSize' };
            e.constValue = { kind: 'int', value: BigInt(bt.size) };
            return bitType(32);
          case 'push_front':
          case 'pop_front':
            e.access = { kind: 'method' };
            return VOID;
        }
        fail(e.loc, `header stacks have no member ${m}`);
        break;
      case 'table':
        if (e.base.kind === 'CallExpr' && e.base.target?.kind === 'tableApply') {
          const table = e.base.target.table;
          if (m === 'hit' || m === 'miss') {
            e.access = { kind: m === 'hit' ? 'tableHit' : 'tableMiss' };
            return BOOL;
          }
          if (m === 'action_run') {
            e.access = { kind: 'tableActionRun', table };
            return { kind: 'enum', name: `action_list(${table.name})`, members: table.actions.map((a) => a.name.name) };
          }
          fail(e.loc, `a table apply result has no member ${m} (hit, miss, action_run)`);
        }
        if (m === 'apply') {
          e.access = { kind: 'method' };
          return VOID;
        }
        fail(e.loc, `tables have no member ${m}`);
        break;
      case 'extern':
      case 'parser':
      case 'control':
        e.access = { kind: 'method' };
        return VOID;
    }
    fail(e.loc, `a value of type ${typeToString(bt)} has no member ${m}`);
  }

  private index(e: A.IndexExpr, ctx: Ctx): P4Type {
    const bt = this.expr(e.base, ctx);
    const it = this.expr(e.index, ctx, bitType(32));
    if (bt.kind === 'stack') {
      if (it.kind === 'infint') this.coerce(e.index, bitType(32));
      else if (!isInteger(it)) fail(e.index.loc, 'a header stack index must be an integer');
      const v = e.index.constValue;
      if (v?.kind === 'int' && (v.value < 0n || v.value >= BigInt(bt.size))) fail(e.index.loc, `index ${v.value} is out of bounds for a stack of ${bt.size}`);
      return bt.element;
    }
    if (bt.kind === 'tuple') {
      const v = e.index.constValue;
      if (v?.kind !== 'int') fail(e.index.loc, 'a tuple index must be a compile-time constant');
      const el = bt.elements[Number(v.value)];
      if (!el) fail(e.index.loc, `index ${v.value} out of bounds`);
      return el;
    }
    fail(e.loc, `cannot index a value of type ${typeToString(bt)}`);
  }

  private slice(e: A.SliceExpr, ctx: Ctx): P4Type {
    const bt = this.expr(e.base, ctx);
    const base = bt.kind === 'serenum' ? bt.underlying : bt;
    if (!isInteger(base) && base.kind !== 'infint') fail(e.loc, `cannot slice a value of type ${typeToString(bt)}`);
    const hi = this.constInt(e.hi, ctx, INFINT);
    const lo = this.constInt(e.lo, ctx, INFINT);
    if (hi < lo) fail(e.loc, `slice [${hi}:${lo}]: the high bit is below the low bit`);
    if (isInteger(base) && hi >= base.width) fail(e.loc, `slice [${hi}:${lo}] is out of range for ${typeToString(bt)}`);
    e.hiBit = hi;
    e.loBit = lo;
    const c = e.base.constValue;
    if (c) e.constValue = foldSlice(c, isInteger(base) ? base.width : undefined, hi, lo);
    return bitType(hi - lo + 1);
  }

  private unary(e: A.UnaryExpr, ctx: Ctx, expected: P4Type | undefined): P4Type {
    const t = this.expr(e.operand, ctx, e.op === '!' ? BOOL : expected);
    const num = t.kind === 'serenum' ? t.underlying : t;
    switch (e.op) {
      case '!':
        if (t.kind !== 'bool') fail(e.loc, `'!' needs a bool, not ${typeToString(t)}`);
        break;
      case '~':
        if (!isInteger(num)) fail(e.loc, `'~' needs bit<W> or int<W>, not ${typeToString(t)}`);
        break;
      case '-':
      case '+':
        if (!isInteger(num) && num.kind !== 'infint') fail(e.loc, `'${e.op}' needs a number, not ${typeToString(t)}`);
        break;
    }
    const result = e.op === '!' ? BOOL : num;
    const v = e.operand.constValue;
    if (v) e.constValue = this.fold(e.loc, () => foldUnary(e.op, v, result));
    return result;
  }

  private fold(loc: A.SourceLoc, f: () => A.ConstValue): A.ConstValue {
    try {
      return f();
    } catch (err) {
      if (err instanceof ConstEvalError) fail(loc, err.message);
      throw err;
    }
  }

  private binary(e: A.BinaryExpr, ctx: Ctx, expected: P4Type | undefined): P4Type {
    const op = e.op;
    if (op === '&&' || op === '||') {
      this.expr(e.left, ctx, BOOL);
      this.coerce(e.left, BOOL);
      this.expr(e.right, ctx, BOOL);
      this.coerce(e.right, BOOL);
      return this.foldBinaryExpr(e, BOOL, BOOL);
    }
    const numericExpected = expected && (isInteger(expected) || expected.kind === 'infint') ? expected : undefined;
    const passDown = op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=' || op === '++' ? undefined : numericExpected;
    let lt = this.expr(e.left, ctx, passDown);
    if (op === '<<' || op === '>>') {
      const rt = this.expr(e.right, ctx);
      const r = rt.kind === 'serenum' ? rt.underlying : rt;
      if (r.kind === 'int') fail(e.right.loc, 'a shift amount must be unsigned');
      if (!isInteger(r) && r.kind !== 'infint') fail(e.right.loc, `a shift amount must be a number, not ${typeToString(rt)}`);
      if (lt.kind === 'infint' && numericExpected) {
        if (e.left.constValue) {
          this.coerce(e.left, numericExpected);
          lt = numericExpected;
        }
      }
      const l = lt.kind === 'serenum' ? lt.underlying : lt;
      if (!isInteger(l) && l.kind !== 'infint') fail(e.left.loc, `cannot shift a value of type ${typeToString(lt)}`);
      if (l.kind === 'infint' && !e.right.constValue) fail(e.loc, 'shifting an untyped integer by a non-constant amount: give it a width');
      if (r.kind === 'infint' && e.right.constValue?.kind === 'int' && e.right.constValue.value < 0n) fail(e.right.loc, 'negative shift amount');
      return this.foldBinaryExpr(e, l, l);
    }
    let rt = this.expr(e.right, ctx, lt.kind === 'infint' ? passDown : lt);
    if (op === '++') {
      const l = lt.kind === 'serenum' ? lt.underlying : lt;
      const r = rt.kind === 'serenum' ? rt.underlying : rt;
      if (!isInteger(l) || !isInteger(r)) fail(e.loc, `'++' needs bit<W> or int<W> operands, not ${typeToString(lt)} and ${typeToString(rt)}`);
      const result: P4Type = l.kind === 'int' ? intType(l.width + r.width) : bitType(l.width + r.width);
      return this.foldBinaryExpr(e, l, result, r);
    }
    // Bring both operands to one type: an infint side takes the other side's type.
    if (lt.kind === 'infint' && rt.kind !== 'infint') {
      this.coerce(e.left, rt.kind === 'serenum' ? rt.underlying : rt);
      lt = e.left.type!;
    } else if (rt.kind === 'infint' && lt.kind !== 'infint') {
      this.coerce(e.right, lt.kind === 'serenum' ? lt.underlying : lt);
      rt = e.right.type!;
    }
    const l = lt.kind === 'serenum' && rt.kind !== 'serenum' ? lt.underlying : lt;
    const r = rt.kind === 'serenum' && lt.kind !== 'serenum' ? rt.underlying : rt;
    if (!sameType(l, r)) fail(e.loc, `'${op}': operands have different types ${typeToString(lt)} and ${typeToString(rt)}`);
    const t = l;
    switch (op) {
      case '==':
      case '!=':
        if (t.kind === 'void' || t.kind === 'extern' || t.kind === 'table' || t.kind === 'string') fail(e.loc, `cannot compare values of type ${typeToString(t)}`);
        return this.foldBinaryExpr(e, t, BOOL);
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (!isInteger(t) && t.kind !== 'infint') fail(e.loc, `'${op}' needs numbers, not ${typeToString(t)}`);
        return this.foldBinaryExpr(e, t, BOOL);
      case '/':
      case '%':
        if (t.kind === 'int') fail(e.loc, `'${op}' is not defined on signed int<W>`);
        if (!isInteger(t) && t.kind !== 'infint') fail(e.loc, `'${op}' needs numbers, not ${typeToString(t)}`);
        return this.foldBinaryExpr(e, t, t);
      case '|+|':
      case '|-|':
        if (!isInteger(t)) fail(e.loc, `'${op}' needs bit<W> or int<W>, not ${typeToString(t)}`);
        return this.foldBinaryExpr(e, t, t);
      default:
        if (!isInteger(t) && t.kind !== 'infint') fail(e.loc, `'${op}' needs numbers, not ${typeToString(t)}`);
        return this.foldBinaryExpr(e, t, t);
    }
  }

  private foldBinaryExpr(e: A.BinaryExpr, operandType: P4Type, resultType: P4Type, rightType: P4Type = operandType): P4Type {
    const l = e.left.constValue;
    const r = e.right.constValue;
    if (l && r) e.constValue = this.fold(e.loc, () => foldBinary(e.op, l, r, operandType, resultType, rightType));
    return resultType;
  }

  private ternary(e: A.TernaryExpr, ctx: Ctx, expected: P4Type | undefined): P4Type {
    this.expr(e.cond, ctx, BOOL);
    this.coerce(e.cond, BOOL);
    let a = this.expr(e.then, ctx, expected);
    let b = this.expr(e.else, ctx, a.kind === 'infint' ? expected : a);
    if (a.kind === 'infint' && b.kind !== 'infint') {
      this.coerce(e.then, b);
      a = b;
    } else if (b.kind === 'infint' && a.kind !== 'infint') {
      this.coerce(e.else, a);
      b = a;
    } else if (a.kind === 'infint' && expected && isInteger(expected)) {
      this.coerce(e.then, expected);
      this.coerce(e.else, expected);
      a = b = expected;
    }
    if (!sameType(a, b)) fail(e.loc, `the branches of '?:' have different types ${typeToString(a)} and ${typeToString(b)}`);
    const c = e.cond.constValue;
    if (c?.kind === 'bool') {
      const chosen = c.value ? e.then.constValue : e.else.constValue;
      if (chosen) e.constValue = chosen;
    }
    if (a.kind === 'infint' && !e.constValue) fail(e.loc, "'?:' on untyped integers needs a constant condition; give the values a width");
    return a;
  }

  private cast(e: A.CastExpr, ctx: Ctx): P4Type {
    const to = this.resolveType(e.target, ctx.scope);
    const from = this.expr(e.expr, ctx, fieldsOf(to) || to.kind === 'tuple' ? to : undefined);
    const repr = (t: P4Type): P4Type => (t.kind === 'serenum' ? t.underlying : t.kind === 'newtype' ? t.underlying : t);
    const f = repr(from);
    const g = repr(to);
    const numeric = (t: P4Type): boolean => isInteger(t) || t.kind === 'infint';
    let ok = false;
    if (sameType(from, to)) ok = true;
    else if (numeric(f) && numeric(g)) ok = true;
    else if (f.kind === 'bool' && g.kind === 'bit' && g.width === 1) ok = true;
    else if (g.kind === 'bool' && ((f.kind === 'bit' && f.width === 1) || f.kind === 'infint')) ok = true;
    else if (sameType(f, g)) ok = true;
    else if ((e.expr.kind === 'ListExpr' || e.expr.kind === 'StructExpr') && (fieldsOf(to) || to.kind === 'tuple')) ok = true;
    if (!ok) fail(e.loc, `cannot cast ${typeToString(from)} to ${typeToString(to)}`);
    if (to.kind === 'serenum' && f.kind === 'infint') {
      // Casting an untyped constant to a serializable enum goes through the underlying type.
      this.coerce(e.expr, to.underlying);
    }
    const v = e.expr.constValue;
    if (v && !fieldsOf(to)) e.constValue = foldCast(v, e.expr.type!, to);
    else if (v) e.constValue = v;
    return to;
  }

  private list(e: A.ListExpr, ctx: Ctx, expected: P4Type | undefined): P4Type {
    const fs = expected ? fieldsOf(expected) : undefined;
    if (expected && fs && expected.kind !== 'header_union') {
      if (e.rest ? fs.length < e.elements.length : fs.length !== e.elements.length) fail(e.loc, `${typeToString(expected)} has ${fs.length} fields but the list has ${e.elements.length}`);
      e.elements.forEach((el, i) => {
        this.expr(el, ctx, fs[i]!.type);
        this.coerce(el, fs[i]!.type);
      });
      if (fs.length === e.elements.length && e.elements.every((x) => x.constValue)) {
        e.constValue = { kind: 'struct', fields: fs.map((f, i) => ({ name: f.name, value: e.elements[i]!.constValue! })) };
      }
      return expected;
    }
    if (e.rest) fail(e.loc, "'...' needs a struct or header type from the context");
    if (expected?.kind === 'stack') {
      // A header stack initialiser: one element per stack entry (P4_16 8.18).
      if (expected.size !== e.elements.length) fail(e.loc, `the stack has ${expected.size} elements but the list has ${e.elements.length}`);
      for (const el of e.elements) {
        this.expr(el, ctx, expected.element);
        this.coerce(el, expected.element);
      }
      return expected;
    }
    if (expected?.kind === 'tuple') {
      if (expected.elements.length !== e.elements.length) fail(e.loc, `expected ${expected.elements.length} elements, not ${e.elements.length}`);
      e.elements.forEach((el, i) => {
        this.expr(el, ctx, expected.elements[i]!);
        this.coerce(el, expected.elements[i]!);
      });
    } else {
      for (const el of e.elements) {
        const t = this.expr(el, ctx);
        if (t.kind === 'infint') fail(el.loc, 'cannot infer a width for this list element; give it one (e.g. 8w1)');
      }
    }
    if (e.elements.every((x) => x.constValue)) e.constValue = { kind: 'list', elements: e.elements.map((x) => x.constValue!) };
    return { kind: 'tuple', elements: e.elements.map((x) => x.type!) };
  }

  private structExpr(e: A.StructExpr, ctx: Ctx, expected: P4Type | undefined): P4Type {
    const fs = expected ? fieldsOf(expected) : undefined;
    if (!expected || !fs) fail(e.loc, 'the type of this structure expression is unknown; cast it, e.g. (my_struct_t){ f = 1 }');
    const missing = fs.filter((f) => !e.fields.some((x) => x.name === f.name));
    if (missing.length && !e.rest) fail(e.loc, `field ${missing[0]!.name} of ${typeToString(expected)} is missing`);
    for (const x of e.fields) {
      const f = fs.find((g) => g.name === x.name);
      if (!f) fail(x.loc, `${typeToString(expected)} has no field ${x.name}`);
      this.expr(x.value, ctx, f.type);
      this.coerce(x.value, f.type);
    }
    if (!missing.length && e.fields.every((x) => x.value.constValue)) {
      e.constValue = { kind: 'struct', fields: fs.map((f) => ({ name: f.name, value: e.fields.find((x) => x.name === f.name)!.value.constValue! })) };
    }
    return expected;
  }

  // =========================================================================== calls

  private call(e: A.CallExpr, ctx: Ctx, expected: P4Type | undefined): P4Type {
    const callee = e.callee;
    if (callee.kind === 'PathExpr') {
      const ent = callee.global ? ctx.scope.root.lookup(callee.name) : ctx.scope.lookup(callee.name);
      if (!ent) fail(callee.loc, `${callee.name} is not declared`);
      if (ent.kind === 'functions') return this.functionCall(e, ent.decls, ctx, expected);
      if (ent.kind === 'value' && ent.ref.kind === 'action') {
        if (!ctx.block && !ctx.action) fail(e.loc, 'actions can only be called from controls and actions');
        if (ctx.block?.kind === 'ParserDecl') fail(e.loc, 'actions cannot be called from a parser');
        callee.ref = ent.ref;
        callee.type = ent.type;
        const decl = ent.ref.decl;
        const sig: Signature = { params: (ent.type as P4Type & { kind: 'action' }).params, nodes: decl.params, returnType: VOID, typeParams: [] };
        e.argsInParamOrder = this.bindArgs(e.args, sig, ctx, e.loc, new Map(), new Set(), false);
        e.target = { kind: 'action', decl };
        return VOID;
      }
      if (ent.kind === 'block') {
        callee.ref = { kind: 'type', type: ent.type };
        callee.type = ent.type;
        if (e.typeArgs.length) fail(e.loc, `${ent.decl.name} is not generic`);
        e.argsInParamOrder = this.bindArgs(e.args, this.ctorSignature(ent.decl), ctx, e.loc, new Map(), new Set(), true);
        e.target = { kind: 'constructBlock', block: ent.decl };
        return ent.type;
      }
      if (ent.kind === 'extern') {
        callee.ref = { kind: 'type', type: { kind: 'extern', name: ent.decl.name, typeArgs: [] } };
        const r = this.constructExtern(ent.decl, { kind: 'NamedTypeRef', loc: callee.loc, name: ent.decl.name, global: false, typeArgs: e.typeArgs }, e.args, ctx, e.loc);
        callee.type = r.type;
        e.argsInParamOrder = r.args;
        e.target = { kind: 'constructExtern', extern: ent.decl, ctor: r.ctor, typeArgs: r.typeArgs };
        return r.type;
      }
      fail(callee.loc, `${callee.name} cannot be called`);
    }
    if (callee.kind !== 'MemberExpr') fail(e.loc, 'this expression cannot be called');
    const bt = this.expr(callee.base, ctx);
    const m = callee.member;
    callee.access = { kind: 'method' };
    callee.type = VOID;
    const size = SIZE_METHODS[m];
    if (size) {
      if (e.args.length) fail(e.loc, `${m}() takes no arguments`);
      e.argsInParamOrder = [];
      e.target = { kind: 'compileTimeConstant' };
      const bits = serializedBits(bt, size.max) ?? fail(e.loc, `${m}() is not defined on ${typeToString(bt)}`);
      e.constValue = { kind: 'int', value: BigInt(size.bytes ? Math.ceil(bits / 8) : bits) };
      return INFINT;
    }
    const noArgs = (): void => {
      if (e.args.length) fail(e.loc, `${m}() takes no arguments`);
      e.argsInParamOrder = [];
    };
    if (bt.kind === 'table' && m === 'apply' && callee.base.kind === 'PathExpr' && callee.base.ref?.kind === 'table') {
      if (ctx.block?.kind !== 'ControlDecl' || ctx.action || ctx.fn) fail(e.loc, 'tables can only be applied in a control apply block');
      noArgs();
      e.target = { kind: 'tableApply', table: callee.base.ref.decl };
      return bt;
    }
    if (bt.kind === 'header' || bt.kind === 'header_union') {
      if (m === 'isValid' || (bt.kind === 'header' && (m === 'setValid' || m === 'setInvalid'))) {
        noArgs();
        if (m !== 'isValid') this.requireLValue(callee.base, ctx);
        e.target = { kind: 'headerMethod', method: m };
        return m === 'isValid' ? BOOL : VOID;
      }
    }
    if (bt.kind === 'stack' && (m === 'push_front' || m === 'pop_front')) {
      if (e.args.length !== 1) fail(e.loc, `${m} takes one argument`);
      const count = this.constInt(e.args[0]!.value, ctx, INFINT);
      this.coerce(e.args[0]!.value, bitType(32));
      this.requireLValue(callee.base, ctx);
      e.argsInParamOrder = [e.args[0]!.value];
      e.target = { kind: 'stackMethod', method: m, count };
      return VOID;
    }
    if ((bt.kind === 'parser' || bt.kind === 'control') && m === 'apply') {
      const base = callee.base;
      if (base.kind === 'PathExpr' && base.ref?.kind === 'type') this.directInvocation(base, ctx);
      if (base.kind === 'PathExpr' && base.ref?.kind === 'param') return this.applyBlockParam(e, base.ref.decl, bt, ctx);
      if (base.kind !== 'PathExpr' || base.ref?.kind !== 'instance') fail(e.loc, 'only parser and control instances can be applied');
      const inst = base.ref.decl;
      const of = inst.instanceOf;
      if (of?.kind !== 'parser' && of?.kind !== 'control') fail(e.loc, `${base.name} cannot be applied`);
      if (of.kind === 'control' && (ctx.action || ctx.fn || ctx.block?.kind !== 'ControlDecl')) fail(e.loc, 'controls can only be applied in a control apply block');
      const sig: Signature = { params: bt.params, nodes: of.decl.params, returnType: VOID, typeParams: [] };
      e.argsInParamOrder = this.bindArgs(e.args, sig, ctx, e.loc, new Map(), new Set(), false);
      e.target = { kind: 'subApply', instance: inst, block: of.decl };
      return VOID;
    }
    if (bt.kind === 'extern') {
      const ent = this.global.lookup(bt.name);
      if (ent?.kind !== 'extern') fail(e.loc, `unknown extern ${bt.name}`);
      const decl = ent.decl;
      const methods = decl.methods.filter((x) => !x.isConstructor && x.name === m);
      if (methods.length === 0) fail(callee.loc, `extern ${decl.name} has no method ${m}`);
      const method = this.pickOverload(methods, e.args, e.loc, `${decl.name}.${m}`) as A.MethodDecl;
      if (method.isAbstract) unsupported(e.loc, 'calling abstract extern methods');
      const sig = this.signature(method, this.externScope(decl));
      const bindings: Bindings = new Map(decl.typeParams.map((n, i) => [n, bt.typeArgs[i]!]));
      const r = this.genericCall(e, sig, ctx, expected, bindings);
      e.target = { kind: 'externMethod', externType: bt, extern: decl, method, params: r.params, typeArgs: r.typeArgs };
      return r.returnType;
    }
    fail(callee.loc, `a value of type ${typeToString(bt)} has no method ${m}`);
  }

  /**
   * `C.apply(...)` on a parser or control type (P4_16 direct type invocation): an anonymous
   * instance `C() C_inst;` is added to the enclosing block, named `@name("C")` as p4c's
   * InstantiateDirectCalls names it, and `base` is re-pointed to it.
   */
  private directInvocation(base: A.PathExpr, ctx: Ctx): void {
    const ent = this.global.lookup(base.name);
    if (ent?.kind !== 'block') fail(base.loc, `${base.name} cannot be applied`);
    if (ent.decl.ctorParams.length) fail(base.loc, `${base.name} has constructor parameters; instantiate it to apply it`);
    const block = ctx.block ?? fail(base.loc, `${base.name} can only be applied inside a parser or control`);
    const taken = new Set(block.locals.map((l) => l.name));
    let name = `${base.name}_inst`;
    for (let i = 1; taken.has(name); i++) name = `${base.name}_inst_${i}`;
    const annotation: A.AnnotationNode = { kind: 'Annotation', loc: base.loc, name: 'name', body: JSON.stringify(base.name), args: [base.name] };
    const d: A.InstantiationDecl = {
      kind: 'InstantiationDecl',
      loc: base.loc,
      name,
      annotations: [annotation],
      typeRef: { kind: 'NamedTypeRef', loc: base.loc, name: base.name, global: false, typeArgs: [] },
      args: [],
    };
    this.instantiation(d, { ...ctx, scope: new Scope(ctx.scope.root) });
    // The locals are the block's own list; the instance belongs to the block, not the statement.
    (block.locals as A.ControlLocal[]).push(d);
    base.ref = { kind: 'instance', decl: d };
  }

  /** `c.apply(...)` where `c` is a constructor parameter of parser or control type: the instance passed in runs. */
  private applyBlockParam(e: A.CallExpr, param: A.ParameterNode, bt: P4Type & { kind: 'parser' | 'control' }, ctx: Ctx): P4Type {
    if (bt.kind === 'control' && (ctx.action || ctx.fn || ctx.block?.kind !== 'ControlDecl')) fail(e.loc, 'controls can only be applied in a control apply block');
    const typeDecl = this.global.lookup(bt.name);
    const nodes = typeDecl?.kind === 'blockType' ? typeDecl.decl.params : typeDecl?.kind === 'block' ? typeDecl.decl.params : [];
    const sig: Signature = { params: bt.params, nodes, returnType: VOID, typeParams: [] };
    e.argsInParamOrder = this.bindArgs(e.args, sig, ctx, e.loc, new Map(), new Set(), false);
    e.target = { kind: 'subApply', instance: param };
    return VOID;
  }

  private functionCall(e: A.CallExpr, decls: readonly (A.ExternFunctionDecl | A.FunctionDecl)[], ctx: Ctx, expected: P4Type | undefined): P4Type {
    const callee = e.callee as A.PathExpr;
    const decl = this.pickOverload(decls, e.args, e.loc, callee.name) as A.ExternFunctionDecl | A.FunctionDecl;
    const sig = this.signature(decl, this.global);
    const r = this.genericCall(e, sig, ctx, expected, new Map());
    callee.type = VOID;
    if (decl.kind === 'ExternFunctionDecl' && decl.name === 'static_assert') {
      callee.ref = { kind: 'externFunction', decl };
      const [check, message] = e.argsInParamOrder!;
      if (check?.constValue?.kind !== 'bool') fail(e.loc, 'static_assert needs a compile-time constant condition');
      if (!check.constValue.value) {
        const text = message?.constValue?.kind === 'string' ? message.constValue.value : 'static assertion failed';
        fail(e.loc, `static_assert: ${text}`);
      }
      e.target = { kind: 'compileTimeConstant' };
      e.constValue = { kind: 'bool', value: true };
      return r.returnType;
    }
    if (decl.kind === 'ExternFunctionDecl') {
      callee.ref = { kind: 'externFunction', decl };
      e.target = { kind: 'externFunction', decl, params: r.params, typeArgs: r.typeArgs };
    } else {
      const body = decl.typeParams.length > 0 ? this.specialize(decl, r.typeArgs) : decl;
      callee.ref = { kind: 'function', decl: body };
      e.target = { kind: 'function', decl: body, params: r.params, typeArgs: r.typeArgs };
    }
    return r.returnType;
  }

  /** Explicit type arguments; `_` (undefined here) leaves that one to inference (P4_16 7.2.x). */
  private typeArguments(refs: readonly A.TypeRef[], scope: Scope): (P4Type | undefined)[] {
    return refs.map((t) => (t.kind === 'DontCareTypeRef' ? undefined : this.resolveType(t, scope)));
  }

  /** Binds explicit or inferred type arguments and checks the arguments of a generic call. */
  private genericCall(e: A.CallExpr, sig: Signature, ctx: Ctx, expected: P4Type | undefined, bindings: Bindings) {
    const own = sig.typeParams;
    if (e.typeArgs.length) {
      if (e.typeArgs.length !== own.length) fail(e.loc, `expected ${own.length} type arguments, not ${e.typeArgs.length}`);
      this.typeArguments(e.typeArgs, ctx.scope).forEach((t, i) => t && bindings.set(own[i]!, t));
    }
    // A generic return type can be inferred from the context (`bit<8> x = p.lookahead();`).
    const unbound = new Set(own.filter((n) => !bindings.has(n)));
    if (expected && containsTypeVar(sig.returnType) && unbound.size) unify(sig.returnType, expected, bindings, unbound);
    const vars = new Set([...own, ...bindings.keys()].filter((n) => !bindings.has(n) || own.includes(n)));
    e.argsInParamOrder = this.bindArgs(e.args, sig, ctx, e.loc, bindings, vars, false);
    for (const n of own) {
      const b = bindings.get(n);
      if (!b) fail(e.loc, `cannot infer type argument ${n}; give it explicitly`);
      if (b.kind === 'infint') fail(e.loc, `cannot infer a width for type argument ${n} from an untyped integer; give the argument a width (e.g. 32w0)`);
    }
    const params = sig.params.map((p) => ({ ...p, type: substitute(p.type, bindings) }));
    return { params, typeArgs: own.map((n) => bindings.get(n)!), returnType: substitute(sig.returnType, bindings) };
  }

  /** Picks among overloads by the number of arguments (P4 overloads only by arity). */
  private pickOverload(
    decls: readonly (A.MethodDecl | A.ExternFunctionDecl | A.FunctionDecl)[],
    args: readonly A.Argument[],
    loc: A.SourceLoc,
    what: string,
  ): A.MethodDecl | A.ExternFunctionDecl | A.FunctionDecl {
    const n = args.length;
    const fitting = decls.filter((d) => {
      const required = d.params.filter((p) => !p.defaultValue && !p.optional).length;
      if (args.some((a) => a.name !== undefined)) {
        return args.every((a) => a.name === undefined || d.params.some((p) => p.name === a.name)) && n >= required && n <= d.params.length;
      }
      return n >= required && n <= d.params.length;
    });
    if (fitting.length === 0) fail(loc, `${what}: no overload takes ${n} argument${n === 1 ? '' : 's'}`);
    if (fitting.length > 1) {
      const exact = fitting.filter((d) => d.params.length === n);
      if (exact.length === 1) return exact[0]!;
      fail(loc, `${what}: ambiguous call`);
    }
    return fitting[0]!;
  }

  /**
   * Matches arguments to parameters (positional or named), checks each against its
   * parameter type (binding type variables in `vars`), checks directions, and returns
   * the arguments in parameter order. `constant` requires compile-time constant arguments
   * (constructors); `partial` lets trailing parameters stay unbound (table action lists).
   */
  private bindArgs(
    args: readonly A.Argument[],
    sig: Signature,
    ctx: Ctx,
    loc: A.SourceLoc,
    bindings: Bindings,
    vars: ReadonlySet<string>,
    constant: boolean,
    partial = false,
  ): (A.Expression | undefined)[] {
    const params = sig.params;
    const ordered: (A.Expression | undefined)[] = params.map(() => undefined);
    const named = args.some((a) => a.name !== undefined);
    if (named && args.some((a) => a.name === undefined)) fail(loc, 'either all arguments are named or none is');
    if (args.length > params.length) fail(loc, `too many arguments: ${args.length} given, ${params.length} expected`);
    args.forEach((a, i) => {
      const index = named ? params.findIndex((p) => p.name === a.name) : i;
      if (index < 0) fail(a.loc, `no parameter named ${a.name}`);
      if (ordered[index]) fail(a.loc, `parameter ${params[index]!.name} is given twice`);
      ordered[index] = a.value;
    });
    params.forEach((p, i) => {
      const node = sig.nodes[i];
      const arg = ordered[i];
      if (!arg) {
        if (node?.defaultValue) ordered[i] = node.defaultValue;
        else if (!node?.optional && !partial) fail(loc, `missing argument for parameter ${p.name}`);
        return;
      }
      const want = substitute(p.type, bindings);
      const open = containsTypeVar(want) && [...vars].some((v) => !bindings.has(v));
      if (arg.kind === 'DontCareExpr') {
        if (p.direction !== 'out') fail(arg.loc, `'_' can only be passed to an out parameter (${p.name} is ${p.direction === 'none' ? 'directionless' : p.direction})`);
        if (open) fail(arg.loc, `cannot infer the type of '_' for parameter ${p.name}`);
        arg.type = want;
        return;
      }
      // Parser and control types match structurally (MyIngress against Ingress<H, M>).
      const structural = want.kind === 'parser' || want.kind === 'control';
      if (open || structural) {
        const t = this.expr(arg, ctx);
        if (structural && (t.kind === 'parser' || t.kind === 'control') && t.kind === want.kind) {
          // p4c accepts a block whose parameter directions differ from the package's (e.g.
          // `in H` for `inout H`); the block runs with its own directions, so only warn.
          t.params.forEach((q, j) => {
            const expectedDir = (want as typeof t).params[j]?.direction;
            if (expectedDir !== undefined && expectedDir !== q.direction) {
              this.sink.warning(arg.loc, `argument for ${p.name}: parameter ${q.name} of ${t.name} is ${q.direction} but ${typeToString(want)} declares it ${expectedDir}`);
            }
          });
        }
        if (!unify(want, t, bindings, vars)) fail(arg.loc, `argument for ${p.name}: ${typeToString(t)} does not match ${typeToString(want)}`);
        const now = substitute(want, bindings);
        if (!containsTypeVar(now) && t.kind === 'infint' && isInteger(now)) this.coerce(arg, now);
      } else {
        this.expr(arg, ctx, want);
        if (p.direction === 'out' || p.direction === 'inout') {
          if (!sameType(arg.type!, want) && !(arg.type!.kind === 'serenum' && sameType(arg.type!.underlying, want))) {
            fail(arg.loc, `argument for ${p.direction} parameter ${p.name} has type ${typeToString(arg.type!)}, expected ${typeToString(want)}`);
          }
        } else {
          this.coerce(arg, want);
        }
      }
      if (p.direction === 'out' || p.direction === 'inout') this.requireLValue(arg, ctx);
      if (constant && !arg.constValue && !this.isConstructorValue(arg)) fail(arg.loc, `argument for ${p.name} must be a compile-time constant`);
    });
    return ordered;
  }

  /** Constructor arguments may be instances or constructor calls as well as constants. */
  private isConstructorValue(e: A.Expression): boolean {
    if (e.kind === 'CallExpr') return e.target?.kind === 'constructBlock' || e.target?.kind === 'constructExtern';
    if (e.kind === 'PathExpr') return e.ref?.kind === 'instance' || (e.ref?.kind === 'param' && e.ref.decl.direction === 'none');
    return false;
  }
}
