// Code generation: one checked parser or control instance (with everything it calls) to
// the source of one JavaScript function.
//
// Strategy (see docs/sim-backend.md): every action, function, table action and
// sub-parser/sub-control instance is inlined at its call site, so a top-level block is a
// single straight-line JS function whose P4 locals and parameters are JS `let`s. `exit`
// is `break` to a label around the top-level body, `return` a `break` to the callable's
// label; copy-out after an exit is kept with try/finally. Parser states are the cases of
// a `switch` inside a loop. Expressions compile to side-effect-free JS expression strings;
// anything with side effects (extern calls, table applies, inlined calls) is emitted as
// statements first and its result read from a temporary.

import type {
  ActionDecl,
  ActionRef,
  BlockStmt,
  CallExpr,
  ControlDecl,
  Expression,
  ForInStmt,
  ForStmt,
  FunctionDecl,
  MemberExpr,
  ParameterNode,
  ParserDecl,
  ParserState,
  PathExpr,
  SelectExpr,
  Statement,
  SwitchStmt,
  TableDecl,
  ValueSetDecl,
} from '../frontend/ast.js';
import { formatLoc } from '../frontend/ast.js';
import type { CheckedProgram } from '../frontend/checked-program.js';
import type { P4Type, Param } from '../ir/types.js';
import { bitWidthOf } from '../ir/types.js';
import type { ExternCallSite, HeaderValue } from '../runtime/abi.js';
import { P4ParserError, P4RuntimeError } from '../runtime/abi.js';
import type { IntRep } from '../runtime/bits.js';
import { arith, castInt, checkConstantDivision, clampShift, concat, setSlice, slice, toUnsignedBigInt } from '../runtime/bits.js';
import { internal, invalid, unsupported } from './errors.js';
import { MAX_PARSER_STEPS, parserLoop, popFront, pushFront, stackOutOfBounds, valueSetContains } from './runtime-helpers.js';
import type { SlotTable } from './slots.js';
import type { ProgramObjects } from './objects.js';
import { matchKeys, registerInstanceObjects, type BlockInstance } from './objects.js';
import {
  cloneSource,
  constSource,
  defaultMaker,
  defaultSource,
  equalsSource,
  fieldAccess,
  intLiteral,
  intRepOf,
  isBigRep,
  isImmutable,
  representationType,
} from './values.js';

type Binding =
  /** A P4 value held in a JS variable (or a constant JS expression). */
  | { readonly kind: 'value'; readonly js: string }
  /** A parameter of extern type (packet_in, packet_out): reached through the architecture. */
  | { readonly kind: 'externParam'; readonly typeName: string }
  | { readonly kind: 'externInstance'; readonly name: string }
  | { readonly kind: 'subInstance'; readonly instance: BlockInstance }
  | { readonly kind: 'table'; readonly name: string }
  | { readonly kind: 'valueSet'; readonly name: string; readonly decl: ValueSetDecl };

class Scope {
  private readonly names = new Map<object, Binding>();
  constructor(readonly parent: Scope | undefined) {}
  bind(decl: object, b: Binding): void {
    this.names.set(decl, b);
  }
  lookup(decl: object): Binding | undefined {
    return this.names.get(decl) ?? this.parent?.lookup(decl);
  }
}

interface InlineOptions {
  /** Values for directionless parameters the call leaves to the control plane (table actions). */
  readonly controlPlaneArgs?: (param: ParameterNode, index: number) => string;
  /**
   * The callee sees nothing of the caller but its arguments (functions, sub-parsers,
   * sub-controls; not actions, which see their control's variables). Then an aggregate
   * in/inout argument no other argument overlaps can be passed by reference: nothing can
   * observe the difference from copy-in/copy-out, and it saves copying whole header structs.
   */
  readonly isolated?: boolean;
  /** Copy out even when the body throws (a sub-parser's parser error). */
  readonly copyOutOnThrow?: boolean;
}

/** Where `return` goes: the label of the callable being compiled and, for functions, its result variable. */
interface ReturnTarget {
  readonly label: string;
  readonly resultVar?: string;
}

/** How to read and write one l-value; `path` is a side-effect-free JS expression. */
interface LValue {
  readonly type: P4Type;
  /** Reads the current value (raw: invalid-header fields are not masked). */
  readonly read: string;
  /** JS statements storing `value` (a side-effect-free JS expression). */
  store(value: string): string;
}

const IDENT = /[^A-Za-z0-9_]/g;
/** JS emitted for a constant: needs no snapshot before later side effects. */
const LITERAL = /^(\(?-?\d+n?\)?|true|false|"[^"]*")$/;

function loc(e: { loc: import('../frontend/ast.js').SourceLoc }): string {
  return formatLoc(e.loc);
}

/**
 * The stack an out argument advances: `extract(s.next)` and, for a header union stack,
 * `extract(s.next.member)` move `s` on by one element (P4_16 8.18; BMv2's
 * extract_union_stack).
 */
function advancedStack(a: Expression): Expression | undefined {
  if (a.kind !== 'MemberExpr') return undefined;
  if (a.access?.kind === 'stackNext') return a.base;
  const b = a.base;
  return a.access?.kind === 'field' && b.kind === 'MemberExpr' && b.access?.kind === 'stackNext' ? b.base : undefined;
}

function typeOf(e: Expression): P4Type {
  return e.type ?? internal(e.loc, `expression ${e.kind} has no type`);
}

export class BlockCodegen {
  private out: string[] = [];
  private counter = 0;
  private scope: Scope;
  private returnTarget: ReturnTarget | undefined;
  private inParser = false;
  /** Label of the top-level control body: `exit` breaks to it. */
  private exitLabel: string | undefined;
  /** Labels of the enclosing loops, innermost last: `break` leaves `loop`, `continue` leaves `body`. */
  private loops: { readonly loop: string; readonly body: string }[] = [];
  /** The switch clock, read once per block run when the block applies a table (idle timeouts). */
  private readonly nowVar = 'now_ns';
  private usesClock = false;

  constructor(
    private readonly program: CheckedProgram,
    private readonly slots: SlotTable,
    private readonly objects: ProgramObjects,
    rootScope: Map<object, string>,
  ) {
    this.scope = new Scope(undefined);
    for (const [decl, name] of rootScope) this.scope.bind(decl, { kind: 'externInstance', name });
  }

  // -------------------------------------------------------------------------------------
  // Top level
  // -------------------------------------------------------------------------------------

  /** The body of `function run(args, ctx)` for a block passed to the package. */
  compileTopLevel(instance: BlockInstance, ctorArgs: readonly Expression[]): string {
    const decl = instance.decl;
    const params = decl.params;
    const vars: string[] = [];
    const blockScope = this.pushScope();
    this.bindCtorParams(decl, ctorArgs);
    for (const [i, p] of params.entries()) {
      const t = p.type ?? internal(p.loc, 'parameter without type');
      if (t.kind === 'extern') {
        this.scope.bind(p, { kind: 'externParam', typeName: t.name });
        vars.push('');
        continue;
      }
      const v = this.fresh(`p_${p.name}`);
      this.scope.bind(p, { kind: 'value', js: v });
      vars.push(v);
      // An `out` parameter starts from the type's zero value, as BMv2 gives it.
      this.emit(`let ${v} = ${p.direction === 'out' ? defaultSource(t) : `args[${i}]`};`);
    }
    const copyOut = params
      .map((p, i) => (p.direction === 'out' || p.direction === 'inout') && vars[i] !== '' ? `args[${i}] = ${vars[i]};` : '')
      .filter((s) => s !== '')
      .join('\n');
    if (decl.kind === 'ControlDecl') {
      this.exitLabel = this.fresh('exit');
      this.emit(`${this.exitLabel}: {`);
      this.controlBody(instance, this.exitLabel);
      this.emit('}');
      this.emit(copyOut);
      this.emit('return 0;');
    } else {
      this.inParser = true;
      const err = this.fresh('err');
      const pe = this.slots.value(P4ParserError);
      const errIndex = this.slots.value(this.errorIndexOf());
      this.emit(`let ${err} = 0;`);
      this.emit('try {');
      this.parserBody(instance);
      this.emit(`} catch (e) { if (e instanceof ${pe}) ${err} = ${errIndex}(e.errorName); else throw e; }`);
      this.emit(copyOut);
      this.emit(`return ${err};`);
    }
    this.popScope(blockScope);
    // One reading per pass: the architecture gives the pass's time; a bare block reads the clock.
    if (this.usesClock) this.out.unshift(`const ${this.nowVar} = ctx.nowNs ?? ${this.slots.value(this.objects.clock)}();`);
    return this.out.join('\n');
  }

  private errorIndexOf(): (name: string) => number {
    const errors = this.program.errors;
    const index = new Map(errors.map((e, i) => [e, i]));
    return (name) => {
      const i = index.get(name);
      if (i === undefined) throw new P4RuntimeError(`parser error ${name} is not a member of the program's error type`);
      return i;
    };
  }

  // -------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------

  private emit(line: string): void {
    if (line !== '') this.out.push(line);
  }

  private fresh(hint: string): string {
    return `${hint.replace(IDENT, '_')}_${this.counter++}`;
  }

  private temp(value: string, hint = 't'): string {
    const t = this.fresh(hint);
    this.emit(`const ${t} = ${value};`);
    return t;
  }

  private pushScope(): Scope {
    const saved = this.scope;
    this.scope = new Scope(saved);
    return saved;
  }

  private popScope(saved: Scope): void {
    this.scope = saved;
  }

  /** Runs `f` with output captured; returns the captured lines and f's result. */
  private capture<T>(f: () => T): [string[], T] {
    const saved = this.out;
    this.out = [];
    try {
      const r = f();
      return [this.out, r];
    } finally {
      this.out = saved;
    }
  }

  private lookup(decl: object, at: { loc: import('../frontend/ast.js').SourceLoc }): Binding {
    return this.scope.lookup(decl) ?? internal(at.loc, 'reference to a declaration not in scope');
  }

  private site(call: CallExpr, method: string, params: readonly Param[], typeArgs: readonly P4Type[]): ExternCallSite {
    const args = call.argsInParamOrder ?? internal(call.loc, 'call without argsInParamOrder');
    return {
      method,
      params,
      argTypes: params.map((p, i) => args[i]?.type ?? p.type),
      typeArgs,
      location: loc(call),
    };
  }

  // -------------------------------------------------------------------------------------
  // Instances: controls and parsers, top-level or applied from another block
  // -------------------------------------------------------------------------------------

  private bindCtorParams(decl: ParserDecl | ControlDecl, ctorArgs: readonly (Expression | undefined)[]): void {
    for (const [i, p] of decl.ctorParams.entries()) {
      const arg = ctorArgs[i] ?? p.defaultValue;
      const t = p.type ?? internal(p.loc, 'parameter without type');
      if ((t.kind === 'extern' || t.kind === 'control' || t.kind === 'parser') && arg?.kind === 'PathExpr' && (arg.ref?.kind === 'instance' || arg.ref?.kind === 'param')) {
        // An instance handed down (`Sub(my_counter) s;`, `C2(c1) c2;`): the parameter names the caller's object.
        this.scope.bind(p, this.lookup(arg.ref.decl, arg));
        continue;
      }
      if (arg?.constValue === undefined) unsupported(p.loc, `constructor parameter ${p.name} without a constant argument`);
      this.scope.bind(p, { kind: 'value', js: constSource(arg.constValue, t) });
    }
  }

  /** Binds the instance's local objects (externs, tables, sub-instances, value sets) in the current scope. */
  private bindInstanceLocals(instance: BlockInstance): void {
    const locals = registerInstanceObjects(this.program, instance, this.objects);
    for (const l of locals.externs) this.scope.bind(l.decl, { kind: 'externInstance', name: l.name });
    for (const t of locals.tables) this.scope.bind(t.decl, { kind: 'table', name: t.name });
    for (const v of locals.valueSets) this.scope.bind(v.decl, { kind: 'valueSet', name: v.name, decl: v.decl });
    for (const s of locals.subInstances) this.scope.bind(s.decl, { kind: 'subInstance', instance: s.instance });
  }

  /** Local variables (re-initialised on every apply) and constants of a block. */
  private declareBlockVariables(decl: ParserDecl | ControlDecl): void {
    for (const l of decl.locals) {
      if (l.kind === 'VariableDecl') this.declareVariable(l);
      // Constants need no code: references emit their folded value.
    }
  }

  private controlBody(instance: BlockInstance, label: string): void {
    const decl = instance.decl as ControlDecl;
    this.bindInstanceLocals(instance);
    this.declareBlockVariables(decl);
    const savedReturn = this.returnTarget;
    this.returnTarget = { label };
    this.block(decl.body);
    this.returnTarget = savedReturn;
  }

  /** Applies a sub-parser or sub-control: copy-in, the inlined body, copy-out. */
  private subApply(call: CallExpr, instance: BlockInstance): void {
    const decl = instance.decl;
    const args = call.argsInParamOrder ?? internal(call.loc, 'call without argsInParamOrder');
    this.inlineWithParams(decl.params, args, call, () => {
      this.bindCtorParams(decl, instance.ctorArgs);
      if (decl.kind === 'ControlDecl') {
        const label = this.fresh(`ctl_${decl.name}`);
        this.emit(`${label}: {`);
        this.controlBody(instance, label);
        this.emit('}');
      } else {
        if (!this.inParser) unsupported(call.loc, 'a parser applied from a control');
        this.parserBody(instance);
      }
    }, { isolated: true, copyOutOnThrow: decl.kind === 'ParserDecl' });
  }

  // -------------------------------------------------------------------------------------
  // Parsers
  // -------------------------------------------------------------------------------------

  private parserBody(instance: BlockInstance): void {
    const decl = instance.decl as ParserDecl;
    this.bindInstanceLocals(instance);
    this.declareBlockVariables(decl);
    const stateIndex = new Map<ParserState, number>(decl.states.map((s, i) => [s, i]));
    const start = decl.states.find((s) => s.name === 'start') ?? unsupported(decl.loc, 'a parser without a start state');
    const st = this.fresh('state');
    const loop = this.fresh('parse');
    const pe = this.slots.value(P4ParserError);
    const steps = this.fresh('steps');
    this.emit(`let ${st} = ${stateIndex.get(start)}, ${steps} = 0;`);
    this.emit(`${loop}: for (;;) {`);
    // A state machine that cycles without end (a program bug) must not hang the switch.
    this.emit(`if (++${steps} > ${MAX_PARSER_STEPS}) ${this.slots.value(parserLoop)}(${JSON.stringify(`${loc(decl)}: parser ${decl.name}`)});`);
    this.emit(`switch (${st}) {`);
    const goTo = (next: PathExpr): string => {
      const ref = next.ref ?? internal(next.loc, 'transition target without ref');
      if (ref.kind === 'terminalState') {
        // An explicit `transition reject` ends parsing with the error the parser already
        // has, NoError when none was raised, as BMv2 does.
        return ref.name === 'accept' ? `break ${loop};` : `throw new ${pe}("NoError");`;
      }
      if (ref.kind !== 'parserState') internal(next.loc, 'transition to something other than a state');
      const i = stateIndex.get(ref.decl) ?? internal(next.loc, 'transition to a state of another parser');
      return `${st} = ${i}; continue ${loop};`;
    };
    for (const [i, state] of decl.states.entries()) {
      this.emit(`case ${i}: {`);
      const saved = this.pushScope();
      for (const s of state.stmts) this.statement(s);
      const tr = state.transition;
      if (tr === undefined) this.emit(`throw new ${pe}("NoError");`);
      else if (tr.kind === 'direct') this.emit(goTo(tr.next));
      else this.select(tr.select, goTo);
      this.popScope(saved);
      this.emit('}');
    }
    this.emit('}');
    this.emit('}');
  }

  private select(sel: SelectExpr, goTo: (next: PathExpr) => string): void {
    const keys = this.operands(sel.keys).map((k) => this.temp(k, 'key'));
    const keyTypes = sel.keys.map(typeOf);
    for (const c of sel.cases) {
      const elements = c.keyset.kind === 'ListExpr' && sel.keys.length > 1 ? c.keyset.elements : [c.keyset];
      let cond: string;
      if (elements.length === 1 && sel.keys.length > 1) {
        // A bare `default` / `_` for a multi-key select.
        cond = this.keysetElement(elements[0]!, keys, keyTypes, true);
      } else {
        if (elements.length !== keys.length) internal(c.loc, 'keyset arity differs from the select keys');
        cond = elements.map((e, i) => this.keysetElement(e, [keys[i]!], [keyTypes[i]!], false)).join(' && ');
      }
      if (cond === 'true') {
        // default / _: later cases are unreachable and there is no NoMatch.
        this.emit(goTo(c.next));
        return;
      }
      this.emit(`if (${cond}) { ${goTo(c.next)} }`);
    }
    const pe = this.slots.value(P4ParserError);
    this.emit(`throw new ${pe}("NoMatch");`);
  }

  /** One keyset element as a JS condition on the key temporaries. */
  private keysetElement(e: Expression, keys: string[], types: P4Type[], wholeTuple: boolean): string {
    if (e.kind === 'DefaultExpr' || e.kind === 'DontCareExpr') return 'true';
    if (e.kind === 'PathExpr' && e.ref?.kind === 'valueSet') {
      const b = this.lookup(e.ref.decl, e);
      if (b.kind !== 'valueSet') internal(e.loc, 'value set binding');
      const set = this.slots.add({ kind: 'valueSet', name: b.name });
      const contains = this.slots.value(valueSetContains);
      const widths = types.map((t) => bitWidthOf(t));
      const toBig = this.slots.value(toUnsignedBigInt);
      return `${contains}(${set}, [${keys.map((k, i) => `${toBig}(${this.asBits(k, types[i]!)}, ${widths[i]})`).join(', ')}], ${JSON.stringify(widths)})`;
    }
    if (wholeTuple) unsupported(e.loc, 'a keyset that is neither a list nor default for a multi-key select');
    const key = keys[0]!;
    const type = types[0]!;
    const rep = intRepOf(type);
    if (e.kind === 'MaskExpr') {
      if (rep === undefined) unsupported(e.loc, `a mask on a ${type.kind} key`);
      const v = this.constInt(e.value);
      const m = this.constInt(e.mask);
      const w = rep.width;
      const pattern = BigInt.asUintN(w, v) & BigInt.asUintN(w, m);
      if (isBigRep(rep)) {
        return `((BigInt.asUintN(${w}, ${key}) & ${BigInt.asUintN(w, m)}n) === ${pattern}n)`;
      }
      return `(((${key} & ${Number(BigInt.asIntN(32, BigInt.asUintN(w, m)))}) >>> 0) === ${pattern})`;
    }
    if (e.kind === 'RangeExpr') {
      if (rep === undefined) unsupported(e.loc, `a range on a ${type.kind} key`);
      const lo = intLiteral(this.constInt(e.low), rep);
      const hi = intLiteral(this.constInt(e.high), rep);
      return `(${key} >= ${lo} && ${key} <= ${hi})`;
    }
    if (e.constValue === undefined) unsupported(e.loc, 'a select case that is not a compile-time constant');
    return `(${key} === ${constSource(e.constValue, type)})`;
  }

  private asBits(js: string, type: P4Type): string {
    const t = representationType(type);
    return t.kind === 'bool' ? `(${js} ? 1 : 0)` : js;
  }

  private constInt(e: Expression): bigint {
    const c = e.constValue;
    if (c?.kind === 'int') return c.value;
    if (c?.kind === 'bool') return c.value ? 1n : 0n;
    if (c?.kind === 'member') return BigInt(c.index);
    return unsupported(e.loc, 'a non-constant value in a keyset');
  }

  // -------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------

  private block(b: BlockStmt): void {
    const saved = this.pushScope();
    this.emit('{');
    for (const s of b.stmts) this.statement(s);
    this.emit('}');
    this.popScope(saved);
  }

  private declareVariable(d: import('../frontend/ast.js').VariableDecl): void {
    const t = d.type ?? internal(d.loc, 'variable without type');
    const v = this.fresh(`v_${d.name}`);
    // Uninitialised locals read as 0 / false / invalid, as in BMv2.
    const init = d.init === undefined ? defaultSource(t) : this.valueForStore(d.init);
    this.emit(`let ${v} = ${init};`);
    this.scope.bind(d, { kind: 'value', js: v });
  }

  private statement(s: Statement): void {
    switch (s.kind) {
      case 'AssignStmt': {
        const lv = this.lvalue(s.lhs);
        this.emit(lv.store(this.valueForStore(s.rhs)));
        return;
      }
      case 'CallStmt':
        this.call(s.call);
        return;
      case 'BlockStmt':
        this.block(s);
        return;
      case 'IfStmt': {
        const c = this.expr(s.cond);
        this.emit(`if (${c})`);
        this.blockOf(s.then);
        if (s.else !== undefined) {
          this.emit('else');
          this.blockOf(s.else);
        }
        return;
      }
      case 'SwitchStmt':
        this.switchStatement(s);
        return;
      case 'ExitStmt':
        if (this.exitLabel === undefined) unsupported(s.loc, 'exit outside a control');
        this.emit(`break ${this.exitLabel};`);
        return;
      case 'ReturnStmt': {
        const target = this.returnTarget ?? unsupported(s.loc, 'return outside a control, action or function');
        if (s.value !== undefined) {
          if (target.resultVar === undefined) internal(s.loc, 'return with a value outside a function');
          this.emit(`${target.resultVar} = ${this.valueForStore(s.value)};`);
        }
        this.emit(`break ${target.label};`);
        return;
      }
      case 'EmptyStmt':
        return;
      case 'VarDeclStmt':
        this.declareVariable(s.decl);
        return;
      case 'ConstDeclStmt':
        return;
      case 'ForStmt':
        this.forStatement(s);
        return;
      case 'ForInStmt':
        this.forInStatement(s);
        return;
      case 'BreakStmt':
      case 'ContinueStmt': {
        const l = this.loops[this.loops.length - 1] ?? internal(s.loc, `${s.kind} outside a loop`);
        // Labelled, because a P4 switch inside the loop is a JS switch, which would catch a bare break.
        this.emit(`break ${s.kind === 'BreakStmt' ? l.loop : l.body};`);
        return;
      }
    }
  }

  /**
   * `for (init; cond; update) body` as `L: while (true) { if (!cond) break; B: { body } update }`:
   * the condition may need statements of its own (temporaries, table applies), and
   * `continue` (a break out of B) must still run the update statements.
   */
  private forStatement(s: ForStmt): void {
    const saved = this.pushScope();
    this.emit('{');
    for (const st of s.init) this.statement(st);
    const labels = { loop: this.fresh('loop'), body: this.fresh('body') };
    this.emit(`${labels.loop}: while (true) {`);
    if (s.cond !== undefined) this.emit(`if (!(${this.expr(s.cond)})) break;`);
    this.loopBody(labels, s.body);
    for (const st of s.update) this.statement(st);
    this.emit('}');
    this.emit('}');
    this.popScope(saved);
  }

  /**
   * `for (T v in lo .. hi)`: the bounds are evaluated once and the range is inclusive; a
   * hidden counter drives the loop, so `hi` = the type's maximum cannot wrap round and an
   * assignment to `v` in the body does not change the iteration. `for (T v in stack)`:
   * `v` is a copy of each element in index order, all `size` of them.
   */
  private forInStatement(s: ForInStmt): void {
    const saved = this.pushScope();
    this.emit('{');
    const labels = { loop: this.fresh('loop'), body: this.fresh('body') };
    const v = this.fresh(`v_${s.decl.name}`);
    this.scope.bind(s.decl, { kind: 'value', js: v });
    const c = s.collection;
    if (c.kind === 'RangeExpr') {
      const lo = this.temp(this.expr(c.low), 'lo');
      const hi = this.temp(this.expr(c.high), 'hi');
      const i = this.fresh('i');
      this.emit(`${labels.loop}: for (let ${i} = ${lo}; ${i} <= ${hi}; ${i}++) {`);
      this.emit(`let ${v} = ${i};`);
    } else {
      const st = representationType(typeOf(c));
      if (st.kind !== 'stack') internal(c.loc, 'for-in over a non-stack');
      const base = this.temp(this.expr(c), 'stack');
      const i = this.fresh('i');
      this.emit(`${labels.loop}: for (let ${i} = 0; ${i} < ${st.size}; ${i}++) {`);
      this.emit(`let ${v} = ${this.copyOf(`${base}.elements[${i}]`, st.element)};`);
    }
    this.loopBody(labels, s.body);
    this.emit('}');
    this.emit('}');
    this.popScope(saved);
  }

  private loopBody(labels: { readonly loop: string; readonly body: string }, body: Statement): void {
    this.loops.push(labels);
    this.emit(`${labels.body}:`);
    this.blockOf(body);
    this.loops.pop();
  }

  private blockOf(s: Statement): void {
    if (s.kind === 'BlockStmt') this.block(s);
    else {
      const saved = this.pushScope();
      this.emit('{');
      this.statement(s);
      this.emit('}');
      this.popScope(saved);
    }
  }

  private switchStatement(s: SwitchStmt): void {
    let subject: string;
    let label: (e: Expression) => string;
    if (s.switchKind === 'actionRun') {
      const member = s.expr as MemberExpr;
      const apply = member.base as CallExpr;
      if (apply.target?.kind !== 'tableApply') internal(s.loc, 'action_run switch without a table apply');
      const table = apply.target.table;
      subject = this.applyTable(apply, table).actionIndex;
      const actions = this.tableActionList(table);
      label = (e) => {
        const ref = (e as PathExpr).ref;
        if (ref?.kind !== 'action') internal(e.loc, 'action_run label that is not an action');
        const i = actions.findIndex((a) => a === ref.decl);
        if (i < 0) internal(e.loc, 'action_run label not in the table');
        return `${i}`;
      };
    } else {
      subject = this.temp(this.expr(s.expr), 'sw');
      const t = typeOf(s.expr);
      label = (e) => (e.constValue === undefined ? unsupported(e.loc, 'a switch label that is not constant') : constSource(e.constValue, t));
    }
    this.emit(`switch (${subject}) {`);
    for (const c of s.cases) {
      for (const l of c.labels) this.emit(l.kind === 'DefaultExpr' ? 'default:' : `case ${label(l)}:`);
      if (c.body !== undefined) {
        this.block(c.body);
        this.emit('break;');
      }
    }
    this.emit('}');
  }

  // -------------------------------------------------------------------------------------
  // Calls
  // -------------------------------------------------------------------------------------

  /** Emits a call; returns a JS expression for its result ('undefined' for void calls). */
  private call(call: CallExpr): string {
    const target = call.target ?? internal(call.loc, 'call without target');
    const callee = call.callee;
    switch (target.kind) {
      case 'tableApply':
        this.applyTable(call, target.table);
        return 'undefined';
      case 'headerMethod':
        return this.headerMethod(call, target.method);
      case 'stackMethod': {
        const base = (callee as MemberExpr).base;
        const st = representationType(typeOf(base));
        if (st.kind !== 'stack') internal(call.loc, 'stack method on a non-stack');
        const make = defaultMaker(st.element) as () => HeaderValue;
        const f = this.slots.value((target.method === 'push_front' ? pushFront : popFront)(make, st.size));
        this.emit(`${f}(${this.lvalue(base).read}, ${target.count});`);
        return 'undefined';
      }
      case 'externMethod':
        return this.externMethodCall(call, target.extern.name, target.method.name, target.params, target.typeArgs);
      case 'externFunction':
        if (target.decl.name === 'verify' && target.params.length === 2) return this.verify(call);
        return this.externCall(call, this.slots.add({ kind: 'externFunction', site: this.site(call, target.decl.name, target.params, target.typeArgs) }), target.params);
      case 'action':
        this.inlineAction(target.decl, call.argsInParamOrder ?? internal(call.loc, 'call without args'), call, undefined);
        return 'undefined';
      case 'function':
        return this.inlineFunction(target.decl, call);
      case 'subApply': {
        const b = this.lookup(target.instance, call);
        if (b.kind !== 'subInstance') internal(call.loc, 'apply on something that is not a block instance');
        this.subApply(call, b.instance);
        return 'undefined';
      }
      case 'compileTimeConstant':
        return call.constValue === undefined ? internal(call.loc, 'compile-time call without value') : constSource(call.constValue, typeOf(call));
      case 'constructBlock':
      case 'constructExtern':
        return unsupported(call.loc, 'an anonymous instantiation inside a block body');
    }
  }

  private verify(call: CallExpr): string {
    const [cond, err] = call.argsInParamOrder ?? internal(call.loc, 'verify without args');
    const c = this.expr(cond ?? internal(call.loc, 'verify without condition'));
    const pe = this.slots.value(P4ParserError);
    const e = err ?? internal(call.loc, 'verify without error');
    if (e.constValue?.kind === 'member') {
      this.emit(`if (!(${c})) throw new ${pe}(${JSON.stringify(e.constValue.name)});`);
    } else {
      const names = this.slots.value(this.program.errors);
      this.emit(`if (!(${c})) throw new ${pe}(${names}[${this.expr(e)}]);`);
    }
    return 'undefined';
  }

  private headerMethod(call: CallExpr, method: 'isValid' | 'setValid' | 'setInvalid'): string {
    const base = (call.callee as MemberExpr).base;
    const bt = representationType(typeOf(base));
    if (method === 'isValid') {
      const h = this.expr(base);
      if (bt.kind === 'header_union') {
        return bt.fields.length === 0 ? 'false' : `(${bt.fields.map((f) => `${h}${fieldAccess(f.name)}.$valid`).join(' || ')})`;
      }
      return `${h}.$valid`;
    }
    const lv = this.lvalue(base);
    if (method === 'setValid' && bt.kind === 'header') {
      // BMv2's add_header: a header that was invalid is zeroed as it becomes valid (a valid
      // one is left alone), so values written or extracted before setInvalid() do not return.
      const h = this.temp(lv.read, 'hdr');
      const zero = bt.fields.map((f) => `${h}${fieldAccess(f.name)} = ${defaultSource(f.type)};`).join(' ');
      this.emit(`if (!${h}.$valid) { ${zero} ${h}.$valid = true; }`);
    } else {
      this.emit(`${lv.read}.$valid = ${method === 'setValid'};`);
    }
    if (method === 'setValid' && base.kind === 'MemberExpr') this.emit(this.invalidateUnionSiblingsOf(base, this.lvalue(base.base).read));
    return 'undefined';
  }

  private externMethodCall(
    call: CallExpr,
    externName: string,
    method: string,
    params: readonly Param[],
    typeArgs: readonly P4Type[],
  ): string {
    const receiver = (call.callee as MemberExpr).base;
    if (receiver.kind !== 'PathExpr' || receiver.ref === undefined) unsupported(call.loc, 'an extern method on a computed receiver');
    const ref = receiver.ref;
    const b = this.lookup(ref.kind === 'param' || ref.kind === 'instance' || ref.kind === 'local' ? ref.decl : receiver, receiver);
    const site = this.site(call, method, params, typeArgs);
    let fn: string;
    if (b.kind === 'externInstance') fn = this.slots.add({ kind: 'externMethod', instance: b.name, site });
    else if (b.kind === 'externParam') fn = this.slots.add({ kind: 'paramMethod', externType: b.typeName, site });
    else return unsupported(call.loc, `method ${method} on ${externName} held in a variable`);
    return this.externCall(call, fn, params);
  }

  /** Copy-in into an args array, the bound call, copy-out from the array (abi.ts). */
  private externCall(call: CallExpr, fn: string, params: readonly Param[]): string {
    const args = call.argsInParamOrder ?? internal(call.loc, 'call without args');
    const parts: string[] = [];
    const outs: { index: number; lv: LValue; arg: Expression }[] = [];
    for (const [i, p] of params.entries()) {
      const a = args[i];
      if (a === undefined || a.kind === 'DontCareExpr') {
        parts.push('undefined');
        continue;
      }
      if (p.direction === 'out' || p.direction === 'inout') {
        const lv = this.lvalue(a);
        this.checkNextInBounds(a);
        outs.push({ index: i, lv, arg: a });
        parts.push(p.direction === 'inout' ? lv.read : 'undefined');
      } else {
        // An extern runs atomically and, by the ABI's convention, neither keeps nor changes
        // its `in` arguments, so aggregates go by reference (emit(hdr) copies nothing);
        // `inout` ones too, since nothing can observe them while the extern runs.
        parts.push(this.expr(a));
      }
    }
    const arr = this.temp(`[${parts.join(', ')}]`, 'args');
    const ret = typeOf(call).kind === 'void' ? 'undefined' : this.fresh('r');
    this.emit(ret === 'undefined' ? `${fn}(${arr}, ctx);` : `const ${ret} = ${fn}(${arr}, ctx);`);
    for (const o of outs) {
      this.emit(o.lv.store(`${arr}[${o.index}]`));
      const stack = advancedStack(o.arg);
      if (stack !== undefined) this.emit(`${this.lvalue(stack).read}.nextIndex++;`);
    }
    return ret;
  }

  private checkNextInBounds(a: Expression): void {
    if (a.kind !== 'MemberExpr' || a.access?.kind !== 'stackNext') return;
    const st = representationType(typeOf(a.base));
    if (st.kind !== 'stack') return;
    const s = this.lvalue(a.base).read;
    this.emit(`if (${s}.nextIndex >= ${st.size}) ${this.slots.value(stackOutOfBounds)}(${this.inParser}, ${JSON.stringify(loc(a))});`);
  }

  /**
   * Inlines a callable with P4's copy-in/copy-out: in/inout arguments are evaluated (and
   * aggregates copied) into fresh variables, out parameters start at their zero value, the
   * body runs, then out/inout variables are stored back into the argument l-values.
   */
  private inlineWithParams(
    params: readonly ParameterNode[],
    args: readonly (Expression | undefined)[],
    at: { loc: import('../frontend/ast.js').SourceLoc },
    body: () => void,
    options: InlineOptions = {},
  ): void {
    const { controlPlaneArgs } = options;
    const saved = this.pushScope();
    this.emit('{');
    const outs: { lv: LValue; v: string }[] = [];
    let cpIndex = 0;
    const shared = options.isolated === true ? sharableArguments(params, args) : new Set<Expression>();
    for (const p of params) {
      const t = p.type ?? internal(p.loc, 'parameter without type');
      const a = args[params.indexOf(p)];
      if (t.kind === 'extern') {
        if (a?.kind !== 'PathExpr' || a.ref === undefined) unsupported(at.loc, 'an extern argument that is not a name');
        const ref = a.ref;
        if (ref.kind !== 'param' && ref.kind !== 'instance') unsupported(a.loc, 'an extern argument that is not a parameter or instance');
        this.scope.bind(p, this.lookup(ref.decl, a));
        continue;
      }
      const v = this.fresh(`a_${p.name}`);
      this.scope.bind(p, { kind: 'value', js: v });
      if (a === undefined) {
        if (p.direction !== 'none' || controlPlaneArgs === undefined) {
          if (p.defaultValue !== undefined) this.emit(`let ${v} = ${this.valueForStore(p.defaultValue)};`);
          else if (p.direction === 'out' || p.optional) this.emit(`let ${v} = ${defaultSource(t)};`);
          else internal(at.loc, `no argument for parameter ${p.name}`);
        } else {
          this.emit(`let ${v} = ${controlPlaneArgs(p, cpIndex++)};`);
        }
        continue;
      }
      if (p.direction === 'out' || p.direction === 'inout') {
        if (a.kind === 'DontCareExpr') {
          this.emit(`let ${v} = ${defaultSource(t)};`);
          continue;
        }
        const lv = this.lvalue(a);
        const init = p.direction === 'out' ? defaultSource(t) : shared.has(a) ? lv.read : this.copyOf(lv.read, lv.type);
        this.emit(`let ${v} = ${init};`);
        outs.push({ lv, v });
      } else {
        this.emit(`let ${v} = ${shared.has(a) ? this.expr(a) : this.valueForStore(a)};`);
      }
    }
    const copyOut = outs.map((o) => o.lv.store(o.v)).join('\n');
    if (copyOut !== '' && options.copyOutOnThrow === true) {
      // A parser error inside a sub-parser keeps what it extracted so far, as if inlined.
      this.emit('try {');
      body();
      this.emit(`} finally { ${copyOut} }`);
    } else if (copyOut !== '' && this.exitLabel !== undefined) {
      // An exit inside the body still copies out (P4_16 12.5); `finally` runs on `break`.
      const [bodyLines] = this.capture(body);
      const exits = bodyLines.some((l) => l.includes(`break ${this.exitLabel};`));
      if (exits) {
        this.emit('try {');
        this.out.push(...bodyLines);
        this.emit(`} finally { ${copyOut} }`);
      } else {
        this.out.push(...bodyLines);
        this.emit(copyOut);
      }
    } else {
      body();
      this.emit(copyOut);
    }
    this.emit('}');
    this.popScope(saved);
  }

  private inlineAction(
    decl: ActionDecl,
    args: readonly (Expression | undefined)[],
    at: { loc: import('../frontend/ast.js').SourceLoc },
    controlPlaneArgs: ((param: ParameterNode, index: number) => string) | undefined,
  ): void {
    const label = this.fresh(`act_${decl.name}`);
    this.inlineWithParams(decl.params, args, at, () => {
      const savedReturn = this.returnTarget;
      this.returnTarget = { label };
      this.emit(`${label}: `);
      this.block(decl.body);
      this.returnTarget = savedReturn;
    }, controlPlaneArgs === undefined ? {} : { controlPlaneArgs });
  }

  private inlineFunction(decl: FunctionDecl, call: CallExpr): string {
    const rt = typeOf(call);
    const result = rt.kind === 'void' ? undefined : this.fresh(`ret_${decl.name}`);
    if (result !== undefined) this.emit(`let ${result} = ${defaultSource(rt)};`);
    const label = this.fresh(`fn_${decl.name}`);
    this.inlineWithParams(decl.params, call.argsInParamOrder ?? internal(call.loc, 'call without args'), call, () => {
      const savedReturn = this.returnTarget;
      this.returnTarget = result === undefined ? { label } : { label, resultVar: result };
      this.emit(`${label}: `);
      this.block(decl.body);
      this.returnTarget = savedReturn;
    }, { isolated: true });
    return result ?? 'undefined';
  }

  // -------------------------------------------------------------------------------------
  // Tables
  // -------------------------------------------------------------------------------------

  private tableActionList(table: TableDecl): ActionDecl[] {
    const spec = this.objects.tableActions.get(table) ?? internal(table.loc, 'table actions not registered');
    return spec;
  }

  /** Applies a table; returns the JS names of its hit flag and the index of the action that ran. */
  private applyTable(call: CallExpr, table: TableDecl): { hit: string; actionIndex: string } {
    const b = this.lookup(table, call);
    if (b.kind !== 'table') internal(call.loc, 'apply on a table not bound in this instance');
    const t = this.slots.add({ kind: 'table', name: b.name });
    this.usesClock = true;
    const keys = this.operands(matchKeys(table).map((k) => k.expr));
    const hit = this.fresh('hit');
    const idx = this.fresh('action');
    const res = this.fresh('res');
    this.emit(`const ${res} = ${t}.lookup([${keys.join(', ')}], ${this.nowVar});`);
    this.emit(`const ${hit} = ${res}.hit, ${idx} = ${res}.actionIndex;`);
    this.emit(`switch (${idx}) {`);
    const actions = this.tableActionList(table);
    const refs = new Map<ActionDecl, ActionRef>(table.actions.map((r) => [r.action ?? internal(r.loc, 'action ref'), r]));
    for (const [i, a] of actions.entries()) {
      this.emit(`case ${i}:`);
      const ref = refs.get(a);
      const bound = ref?.argsInParamOrder ?? [];
      this.inlineAction(a, a.params.map((_, j) => bound[j]), call, (p, j) => this.fromControlPlane(`${res}.args[${j}]`, p.type ?? internal(p.loc, 'param type')));
      this.emit('break;');
    }
    this.emit('}');
    return { hit, actionIndex: idx };
  }

  /** An action argument from a table entry (an unsigned bit pattern) as a value of `type`. */
  private fromControlPlane(js: string, type: P4Type): string {
    const t = representationType(type);
    if (t.kind === 'bool') return `(${js} !== 0)`;
    const rep = intRepOf(t);
    if (rep === undefined) return js;
    if (!rep.signed) return js;
    return `${this.slots.value(castInt({ width: rep.width, signed: false }, rep))}(${js})`;
  }

  // -------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------

  /**
   * Compiles expressions left to right. When a later one needs statements (a call), the
   * earlier values are saved in temporaries first so P4's evaluation order is kept.
   */
  private operands(es: readonly Expression[]): string[] {
    const result: string[] = [];
    for (const e of es) {
      const [lines, js] = this.capture(() => this.expr(e));
      if (lines.length > 0) {
        // The statements may assign variables the earlier operands read: snapshot those first.
        for (let i = 0; i < result.length; i++) {
          if (!LITERAL.test(result[i]!)) result[i] = this.temp(result[i]!);
        }
        this.out.push(...lines);
      }
      result.push(js);
    }
    return result;
  }

  /** The value of `e` ready to be stored: aggregates read from an l-value are copied. */
  private valueForStore(e: Expression): string {
    const js = this.expr(e);
    return this.isFresh(e) ? js : this.copyOf(js, typeOf(e));
  }

  private isFresh(e: Expression): boolean {
    if (isImmutable(typeOf(e))) return true;
    return e.constValue !== undefined || e.kind === 'ListExpr' || e.kind === 'StructExpr' || e.kind === 'InvalidHeaderExpr' || e.kind === 'CallExpr';
  }

  private copyOf(js: string, type: P4Type): string {
    if (isImmutable(type)) return js;
    const simple = /^[\w$.[\]]+$/.test(js) ? js : this.temp(js);
    return cloneSource(type, simple);
  }

  expr(e: Expression): string {
    if (e.constValue !== undefined) return constSource(e.constValue, typeOf(e));
    switch (e.kind) {
      case 'IntLiteral':
        return intLiteral(e.value, intRepOf(typeOf(e)));
      case 'BoolLiteral':
        return e.value ? 'true' : 'false';
      case 'StringLiteral':
        return JSON.stringify(e.value);
      case 'PathExpr':
        return this.path(e);
      case 'MemberExpr':
        return this.member(e);
      case 'IndexExpr': {
        const bt = representationType(typeOf(e.base));
        const base = this.expr(e.base);
        if (bt.kind === 'tuple' || bt.kind === 'list') return `${base}[${this.constIndex(e.index)}]`;
        return this.stackElement(base, bt, e.index, e).place;
      }
      case 'SliceExpr': {
        const rep = intRepOf(typeOf(e.base)) ?? unsupported(e.loc, 'a slice of a non-integer');
        const hi = e.hiBit ?? internal(e.loc, 'slice bounds');
        const lo = e.loBit ?? internal(e.loc, 'slice bounds');
        const base = this.expr(e.base);
        if (!isBigRep(rep)) {
          const n = hi - lo + 1;
          return n === 32 ? `(${base} >>> 0)` : `((${base} >>> ${lo}) & ${2 ** n - 1})`;
        }
        return `${this.slots.value(slice(rep, hi, lo))}(${base})`;
      }
      case 'CallExpr':
        return this.call(e);
      case 'UnaryExpr':
        return this.unary(e);
      case 'BinaryExpr':
        return this.binary(e);
      case 'TernaryExpr': {
        const c = this.expr(e.cond);
        const [thenLines, thenJs] = this.capture(() => this.valueForStore(e.then));
        const [elseLines, elseJs] = this.capture(() => this.valueForStore(e.else));
        if (thenLines.length === 0 && elseLines.length === 0) return `(${c} ? ${thenJs} : ${elseJs})`;
        const r = this.fresh('cond');
        this.emit(`let ${r};`);
        this.emit(`if (${c}) {`);
        this.out.push(...thenLines);
        this.emit(`${r} = ${thenJs}; } else {`);
        this.out.push(...elseLines);
        this.emit(`${r} = ${elseJs}; }`);
        return r;
      }
      case 'CastExpr':
        return this.cast(e.expr, typeOf(e), e);
      case 'ListExpr': {
        const t = representationType(typeOf(e));
        const els = this.operands(e.elements).map((js, i) => (this.isFresh(e.elements[i]!) ? js : this.copyOf(js, typeOf(e.elements[i]!))));
        if (t.kind === 'tuple' || t.kind === 'list') return `[${els.join(', ')}]`;
        if (t.kind === 'stack') return `{ nextIndex: 0, elements: [${els.join(', ')}] }`;
        if (t.kind === 'struct' || t.kind === 'header' || t.kind === 'header_union') {
          const fields = t.fields.map((f, i) => `${JSON.stringify(f.name)}: ${els[i] ?? defaultSource(f.type)}`);
          return t.kind === 'header' ? `{ $valid: true, ${fields.join(', ')} }` : `{ ${fields.join(', ')} }`;
        }
        return unsupported(e.loc, `a list expression of type ${t.kind}`);
      }
      case 'StructExpr': {
        const t = representationType(typeOf(e));
        if (t.kind !== 'struct' && t.kind !== 'header' && t.kind !== 'header_union') return unsupported(e.loc, `a struct expression of type ${t.kind}`);
        const vals = this.operands(e.fields.map((f) => f.value)).map((js, i) => (this.isFresh(e.fields[i]!.value) ? js : this.copyOf(js, typeOf(e.fields[i]!.value))));
        const byName = new Map(e.fields.map((f, i) => [f.name, vals[i]!]));
        const fields = t.fields.map((f) => `${JSON.stringify(f.name)}: ${byName.get(f.name) ?? defaultSource(f.type)}`);
        return t.kind === 'header' ? `{ $valid: true, ${fields.join(', ')} }` : `{ ${fields.join(', ')} }`;
      }
      case 'InvalidHeaderExpr':
        return defaultSource(typeOf(e));
      case 'DontCareExpr':
      case 'DefaultExpr':
      case 'MaskExpr':
      case 'RangeExpr':
        return unsupported(e.loc, `${e.kind} outside a keyset`);
    }
  }

  private constIndex(e: Expression): number {
    const c = e.constValue;
    if (c?.kind !== 'int') return unsupported(e.loc, 'a non-constant tuple index');
    return Number(c.value);
  }

  /**
   * `stack[index]`. `place` reads the element (and takes field writes); `raw` and `guard`
   * are for storing a whole element. A constant index out of range is a compile-time error.
   * A run-time index out of range is StackOutOfBounds in a parser; in a control, where
   * P4_16 leaves the result undefined, reads see an invalid header and writes are dropped.
   */
  private stackElement(base: string, st: P4Type, index: Expression, at: Expression): { place: string; raw: string; guard?: string } {
    if (st.kind !== 'stack') return internal(at.loc, 'index into a non-stack');
    const c = index.constValue;
    if (c?.kind === 'int') {
      const i = Number(c.value);
      if (i < 0 || i >= st.size) invalid(index.loc, `index ${i} out of bounds for a stack of size ${st.size}`);
      return { place: `${base}.elements[${i}]`, raw: `${base}.elements[${i}]` };
    }
    const rep = intRepOf(typeOf(index));
    let i = this.expr(index);
    if (rep !== undefined && isBigRep(rep)) i = `${this.slots.value(clampShift)}(${i}, ${st.size})`;
    const it = this.temp(i, 'idx');
    const raw = `${base}.elements[${it}]`;
    if (this.inParser) {
      this.emit(`if (${it} >= ${st.size}) ${this.slots.value(stackOutOfBounds)}(true, ${JSON.stringify(loc(at))});`);
      return { place: raw, raw };
    }
    const scratch = this.slots.value(defaultMaker(st.element));
    return { place: `(${it} < ${st.size} ? ${raw} : ${scratch}())`, raw, guard: `${it} < ${st.size}` };
  }

  private path(e: PathExpr): string {
    const ref = e.ref ?? internal(e.loc, `name ${e.name} without ref`);
    switch (ref.kind) {
      case 'local':
      case 'param': {
        const b = this.lookup(ref.decl, e);
        if (b.kind !== 'value') return unsupported(e.loc, `${e.name} used as a value`);
        return b.js;
      }
      case 'const': {
        const c = ref.decl.value.constValue ?? internal(e.loc, 'constant without value');
        return constSource(c, ref.decl.type ?? typeOf(e));
      }
      default:
        return unsupported(e.loc, `${e.name} (${ref.kind}) used as a value`);
    }
  }

  private member(e: MemberExpr): string {
    const access = e.access ?? internal(e.loc, 'member without access');
    switch (access.kind) {
      case 'field': {
        const bt = representationType(typeOf(e.base));
        const base = this.expr(e.base);
        const b = /^[\w$.[\]]+$/.test(base) ? base : this.temp(base);
        if (bt.kind === 'header') {
          // Fields of an invalid header read as 0, as in BMv2.
          return `(${b}.$valid ? ${b}${fieldAccess(e.member)} : ${defaultSource(typeOf(e))})`;
        }
        return `${b}${fieldAccess(e.member)}`;
      }
      case 'enumMember':
        return internal(e.loc, 'enum member without constant value');
      case 'stackNext':
      case 'stackLast': {
        const st = representationType(typeOf(e.base));
        if (st.kind !== 'stack') return internal(e.loc, 'stack member on a non-stack');
        const base = this.expr(e.base);
        const b = /^[\w$.[\]]+$/.test(base) ? base : this.temp(base);
        const i = this.temp(access.kind === 'stackNext' ? `${b}.nextIndex` : `${b}.nextIndex - 1`, 'idx');
        this.emit(`if (${i} < 0 || ${i} >= ${st.size}) ${this.slots.value(stackOutOfBounds)}(${this.inParser}, ${JSON.stringify(loc(e))});`);
        return `${b}.elements[${i}]`;
      }
      case 'stackLastIndex':
        return `((${this.expr(e.base)}.nextIndex - 1) >>> 0)`;
      case 'stackSize': {
        const st = representationType(typeOf(e.base));
        return st.kind === 'stack' ? `${st.size}` : internal(e.loc, 'size of a non-stack');
      }
      case 'tableHit':
      case 'tableMiss': {
        const call = e.base as CallExpr;
        if (call.target?.kind !== 'tableApply') return internal(e.loc, 'hit/miss without apply');
        const r = this.applyTable(call, call.target.table);
        return access.kind === 'tableHit' ? r.hit : `!${r.hit}`;
      }
      case 'tableActionRun':
        return unsupported(e.loc, 'action_run outside a switch statement');
      case 'method':
        return unsupported(e.loc, 'a method used as a value');
    }
  }

  private unary(e: import('../frontend/ast.js').UnaryExpr): string {
    const x = this.expr(e.operand);
    if (e.op === '!') return `!${x}`;
    if (e.op === '+') return x;
    const rep = intRepOf(typeOf(e)) ?? unsupported(e.loc, `unary ${e.op} on ${typeOf(e).kind}`);
    const ops = arith(rep);
    return `${this.slots.value(e.op === '-' ? ops.neg : ops.not)}(${x})`;
  }

  private binary(e: import('../frontend/ast.js').BinaryExpr): string {
    if (e.op === '&&' || e.op === '||') {
      const l = this.expr(e.left);
      const [lines, r] = this.capture(() => this.expr(e.right));
      if (lines.length === 0) return `(${l} ${e.op} ${r})`;
      const t = this.fresh('sc');
      this.emit(`let ${t} = ${l};`);
      this.emit(`if (${e.op === '&&' ? t : `!${t}`}) {`);
      this.out.push(...lines);
      this.emit(`${t} = ${r}; }`);
      return t;
    }
    const [l, r] = this.operands([e.left, e.right]) as [string, string];
    const lt = typeOf(e.left);
    switch (e.op) {
      case '==':
      case '!=': {
        const eq = isImmutable(lt) && representationType(lt).kind !== 'varbit' ? `(${l} === ${r})` : equalsSource(lt, this.pure(l), this.pure(r));
        return e.op === '==' ? eq : `!${eq}`;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `(${l} ${e.op} ${r})`;
      case '++': {
        const lr = intRepOf(lt) ?? unsupported(e.loc, 'concatenation of non-integers');
        const rr = intRepOf(typeOf(e.right)) ?? unsupported(e.loc, 'concatenation of non-integers');
        const res = intRepOf(typeOf(e)) ?? internal(e.loc, 'concatenation result type');
        return `${this.slots.value(concat(lr, rr, res))}(${l}, ${r})`;
      }
      case '<<':
      case '>>': {
        const rep = intRepOf(typeOf(e)) ?? unsupported(e.loc, `${e.op} on ${typeOf(e).kind}`);
        const ops = arith(rep);
        let amount = r;
        const c = e.right.constValue;
        if (c?.kind === 'int') {
          if (c.value < 0n) invalid(e.right.loc, 'a negative shift amount');
          amount = `${c.value > BigInt(rep.width) ? rep.width : Number(c.value)}`;
        } else {
          const sr = intRepOf(typeOf(e.right));
          if (sr?.signed === true) unsupported(e.right.loc, 'a signed shift amount');
          if (sr !== undefined && isBigRep(sr)) amount = `${this.slots.value(clampShift)}(${r}, ${rep.width})`;
        }
        return `${this.slots.value(e.op === '<<' ? ops.shl : ops.shr)}(${l}, ${amount})`;
      }
      default: {
        const rep = intRepOf(typeOf(e)) ?? unsupported(e.loc, `${e.op} on ${typeOf(e).kind}`);
        if (e.op === '/' || e.op === '%') {
          const cv = (x: Expression): bigint | undefined => (x.constValue?.kind === 'int' ? x.constValue.value : undefined);
          const problem = checkConstantDivision(e.op, cv(e.left), cv(e.right));
          if (problem !== undefined) invalid(e.loc, problem);
        }
        return this.arithmetic(e.op, rep, l, r);
      }
    }
  }

  private arithmetic(op: string, rep: IntRep, l: string, r: string): string {
    if (!isBigRep(rep)) {
      // The commonest operations on narrow values are inlined; bits.ts defines the same ones.
      const w = rep.width;
      const wrap = (x: string): string =>
        rep.signed ? (w === 32 ? `((${x}) | 0)` : `(((${x}) << ${32 - w}) >> ${32 - w})`) : w === 32 ? `((${x}) >>> 0)` : `((${x}) & ${2 ** w - 1})`;
      switch (op) {
        case '+':
        case '-':
          return wrap(`${l} ${op} ${r}`);
        case '&':
        case '|':
        case '^':
          return !rep.signed && w === 32 ? `((${l} ${op} ${r}) >>> 0)` : `(${l} ${op} ${r})`;
      }
    }
    const ops = arith(rep);
    const table: Record<string, keyof typeof ops> = {
      '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '|+|': 'satAdd', '|-|': 'satSub', '&': 'and', '|': 'or', '^': 'xor',
    };
    const name = table[op] ?? internal(undefined, `operator ${op}`);
    return `${this.slots.value(ops[name])}(${l}, ${r})`;
  }

  private pure(js: string): string {
    return /^[\w$.[\]]+$/.test(js) ? js : this.temp(js);
  }

  private cast(inner: Expression, to: P4Type, at: Expression): string {
    const x = this.expr(inner);
    const from = representationType(typeOf(inner));
    const target = representationType(to);
    if (target.kind === 'bool') {
      if (from.kind === 'bool') return x;
      const rep = intRepOf(from) ?? unsupported(at.loc, `a cast from ${from.kind} to bool`);
      return isBigRep(rep) ? `(${x} !== 0n)` : `(${x} !== 0)`;
    }
    const toRep = intRepOf(target);
    if (toRep !== undefined) {
      if (from.kind === 'bool') return isBigRep(toRep) ? `(${x} ? 1n : 0n)` : `(${x} ? 1 : 0)`;
      const fromRep = intRepOf(from);
      if (fromRep === undefined) return unsupported(at.loc, `a cast from ${from.kind} to ${target.kind}`);
      if (fromRep.width === toRep.width && fromRep.signed === toRep.signed) return x;
      return `${this.slots.value(castInt(fromRep, toRep))}(${x})`;
    }
    if (from.kind === target.kind) return x;
    return unsupported(at.loc, `a cast from ${from.kind} to ${target.kind}`);
  }

  // -------------------------------------------------------------------------------------
  // L-values
  // -------------------------------------------------------------------------------------

  private lvalue(e: Expression): LValue {
    const type = typeOf(e);
    switch (e.kind) {
      case 'PathExpr': {
        const js = this.path(e);
        if (!/^[\w$]+$/.test(js)) unsupported(e.loc, `assignment to ${e.name}`);
        return { type, read: js, store: (v) => `${js} = ${v};` };
      }
      case 'MemberExpr': {
        const access = e.access ?? internal(e.loc, 'member without access');
        if (access.kind === 'stackNext' || access.kind === 'stackLast') {
          const place = this.member(e);
          return { type, read: place, store: (v) => `${place} = ${v};` };
        }
        if (access.kind !== 'field') return unsupported(e.loc, `assignment to .${e.member}`);
        const base = this.lvalue(e.base).read;
        const place = `${base}${fieldAccess(e.member)}`;
        const siblings = this.invalidateUnionSiblingsOf(e, base);
        if (siblings === '') return { type, read: place, store: (v) => `${place} = ${v};` };
        // Storing a valid header into a union member makes the other members invalid.
        return { type, read: place, store: (v) => `${place} = ${v}; if (${place}.$valid) { ${siblings} }` };
      }
      case 'IndexExpr': {
        const bt = representationType(typeOf(e.base));
        const base = this.lvalue(e.base).read;
        if (bt.kind === 'tuple' || bt.kind === 'list') {
          const place = `${base}[${this.constIndex(e.index)}]`;
          return { type, read: place, store: (v) => `${place} = ${v};` };
        }
        const el = this.stackElement(base, bt, e.index, e);
        return { type, read: el.place, store: (v) => (el.guard === undefined ? `${el.raw} = ${v};` : `if (${el.guard}) ${el.raw} = ${v};`) };
      }
      case 'SliceExpr': {
        const inner = this.lvalue(e.base);
        const rep = intRepOf(inner.type) ?? unsupported(e.loc, 'a slice of a non-integer');
        const hi = e.hiBit ?? internal(e.loc, 'slice bounds');
        const lo = e.loBit ?? internal(e.loc, 'slice bounds');
        const set = this.slots.value(setSlice(rep, hi, lo));
        const get = this.slots.value(slice(rep, hi, lo));
        return { type, read: `${get}(${inner.read})`, store: (v) => inner.store(`${set}(${inner.read}, ${v})`) };
      }
      case 'DontCareExpr':
        return { type, read: defaultSource(type), store: () => '' };
      default:
        return unsupported(e.loc, `${e.kind} as an l-value`);
    }
  }

  private invalidateUnionSiblingsOf(member: MemberExpr, unionJs: string): string {
    const ut = representationType(typeOf(member.base));
    if (ut.kind !== 'header_union') return '';
    return ut.fields
      .filter((f) => f.name !== member.member)
      .map((f) => `${unionJs}${fieldAccess(f.name)}.$valid = false;`)
      .join(' ');
  }
}

const declIds = new WeakMap<object, number>();
let nextDeclId = 0;

/** `decl.f.g[2]` as a string for overlap tests, or undefined when not a constant l-value path. */
function lvaluePath(e: Expression): string | undefined {
  switch (e.kind) {
    case 'PathExpr': {
      const ref = e.ref;
      if (ref === undefined || (ref.kind !== 'local' && ref.kind !== 'param')) return undefined;
      let id = declIds.get(ref.decl);
      if (id === undefined) {
        id = nextDeclId++;
        declIds.set(ref.decl, id);
      }
      return `#${id}`;
    }
    case 'MemberExpr': {
      if (e.access?.kind !== 'field') return undefined;
      const base = lvaluePath(e.base);
      return base === undefined ? undefined : `${base}.${e.member}`;
    }
    case 'IndexExpr': {
      const base = lvaluePath(e.base);
      const i = e.index.constValue;
      return base === undefined || i?.kind !== 'int' ? undefined : `${base}[${i.value}]`;
    }
    default:
      return undefined;
  }
}

function overlaps(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || (long.startsWith(short) && (long[short.length] === '.' || long[short.length] === '['));
}

/** The aggregate in/inout arguments that may be passed by reference to an isolated callee. */
function sharableArguments(params: readonly ParameterNode[], args: readonly (Expression | undefined)[]): Set<Expression> {
  const candidates: { arg: Expression; path: string | undefined }[] = [];
  for (const [i, p] of params.entries()) {
    const a = args[i];
    if (a === undefined || p.type === undefined || isImmutable(p.type) || p.type.kind === 'extern') continue;
    if (p.direction === 'in' || p.direction === 'inout' || p.direction === 'out') candidates.push({ arg: a, path: lvaluePath(a) });
  }
  const shared = new Set<Expression>();
  for (const [i, c] of candidates.entries()) {
    if (c.path === undefined) continue;
    // Arguments that are not l-value paths are copied, so they cannot alias anything.
    const clash = candidates.some((o, j) => j !== i && o.path !== undefined && overlaps(o.path, c.path!));
    if (!clash) shared.add(c.arg);
  }
  return shared;
}
