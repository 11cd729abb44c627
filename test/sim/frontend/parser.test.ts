import assert from 'node:assert/strict';
import type * as A from '../../../src/sim/frontend/ast.js';
import { FrontendError } from '../../../src/sim/frontend/diagnostics.js';
import { parseP4 } from '../../../src/sim/frontend/parser.js';

const parse = (src: string): A.Program => parseP4(src, 'p.p4');

/** The initialiser of `const <type> x = <expr>;` parsed at top level. */
function constExpr(expr: string, type = 'bit<8>', prelude = ''): A.Expression {
  const p = parse(`${prelude}\nconst ${type} x = ${expr};`);
  const d = p.declarations[p.declarations.length - 1]!;
  assert.equal(d.kind, 'ConstantDecl');
  return (d as A.ConstantDecl).value;
}

/** A compact rendering of an expression tree for precedence checks. */
function show(e: A.Expression): string {
  switch (e.kind) {
    case 'BinaryExpr':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'UnaryExpr':
      return `(${e.op}${show(e.operand)})`;
    case 'IntLiteral':
      return e.text;
    case 'PathExpr':
      return e.name;
    case 'MemberExpr':
      return `${show(e.base)}.${e.member}`;
    case 'CastExpr':
      return `cast(${show(e.expr)})`;
    case 'TernaryExpr':
      return `(${show(e.cond)} ? ${show(e.then)} : ${show(e.else)})`;
    case 'CallExpr':
      return `${show(e.callee)}<${e.typeArgs.length}>(${e.args.map((a) => show(a.value)).join(',')})`;
    case 'SliceExpr':
      return `${show(e.base)}[${show(e.hi)}:${show(e.lo)}]`;
    case 'IndexExpr':
      return `${show(e.base)}[${show(e.index)}]`;
    default:
      return e.kind;
  }
}

describe('sim frontend: parser', () => {
  it('follows p4c operator precedence (bitwise binds tighter than comparison)', () => {
    assert.equal(show(constExpr('a & b == c', 'bool')), '((a & b) == c)');
    assert.equal(show(constExpr('a + b * c << 2 | d')), '(((a + (b * c)) << 2) | d)');
    assert.equal(show(constExpr('a ++ b + c', 'bit<16>')), '((a ++ b) + c)');
    assert.equal(show(constExpr('a < b && c != d || !e', 'bool')), '(((a < b) && (c != d)) || (!e))');
    assert.equal(show(constExpr('a ? b : c ? d : e')), '(a ? b : (c ? d : e))');
    assert.equal(show(constExpr('-a |+| ~b |-| c')), '(((-a) |+| (~b)) |-| c)');
  });

  it('joins adjacent > > into a shift but not separated ones', () => {
    assert.equal(show(constExpr('a >> 2 << 1')), '((a >> 2) << 1)');
    assert.throws(() => constExpr('a > > 2'), FrontendError);
  });

  it('tells generic calls from comparisons by the names it knows to be types', () => {
    const prelude = 'header h_t { bit<8> f; }';
    assert.equal(show(constExpr('p.lookahead<bit<8>>()', 'bit<8>', prelude)), 'p.lookahead<1>()');
    assert.equal(show(constExpr('f<h_t>(x)', 'bit<8>', prelude)), 'f<1>(x)');
    assert.equal(show(constExpr('a < b > (c)', 'bool', prelude)), '((a < b) > c)');
    assert.equal(show(constExpr('a < h_t.x', 'bool', prelude)), '(a < h_t.x)');
  });

  it('parses casts, slices, indexes and struct expressions', () => {
    assert.equal(show(constExpr('(bit<8>)x[7:0] + (bit<8>)s[1].f')), '(cast(x[7:0]) + cast(s[1].f))');
    assert.equal(show(constExpr('(x)')), 'x');
    const s = constExpr('{ a = 1, b = 2 }', 'S', 'struct S { bit<8> a; bit<8> b; }');
    assert.equal(s.kind, 'StructExpr');
    const l = constExpr('{ 1, 2 }', 'S', 'struct S { bit<8> a; bit<8> b; }');
    assert.equal(l.kind, 'ListExpr');
  });

  it('parses a parser with select masks, ranges, tuples, defaults and value sets', () => {
    const p = parse(`
      parser P(packet_in b, out bit<8> x) {
        value_set<bit<8>>(4) vs;
        state start {
          transition select(x, x) {
            (1 &&& 3, 2 .. 4): s1;
            (_, vs): accept;
            default: reject;
          }
        }
        state s1 { transition accept; }
      }`);
    const parser = p.declarations[0] as A.ParserDecl;
    assert.equal(parser.kind, 'ParserDecl');
    assert.equal(parser.locals[0]!.kind, 'ValueSetDecl');
    const t = parser.states[0]!.transition!;
    assert.equal(t.kind, 'select');
    const cases = (t as { select: A.SelectExpr }).select.cases;
    assert.deepEqual(cases.map((c) => c.keyset.kind), ['ListExpr', 'ListExpr', 'DefaultExpr']);
    const first = cases[0]!.keyset as A.ListExpr;
    assert.deepEqual(first.elements.map((e) => e.kind), ['MaskExpr', 'RangeExpr']);
    assert.deepEqual((cases[1]!.keyset as A.ListExpr).elements.map((e) => e.kind), ['DontCareExpr', 'PathExpr']);
    assert.equal(cases[2]!.next.name, 'reject');
  });

  it('parses tables with every property form', () => {
    const p = parse(`
      control C(inout bit<8> x) {
        action a(bit<8> v) { x = v; }
        table t {
          key = { x: exact @name("k"); x[3:0]: ternary; }
          actions = { a; @defaultonly NoAction; }
          const entries = {
            (1, _): a(2);
            priority = 5: (2, 3 &&& 3): a(4);
          }
          const default_action = a(7);
          size = 64;
          counters = c;
          support_timeout = true;
          implementation = action_profile(32);
        }
        apply { switch (t.apply().action_run) { a: { exit; } default: {} } }
      }`);
    const control = p.declarations[0] as A.ControlDecl;
    const t = control.locals[1] as A.TableDecl;
    assert.equal(t.kind, 'TableDecl');
    assert.deepEqual(t.keys.map((k) => k.matchKind), ['exact', 'ternary']);
    assert.equal(t.keys[0]!.annotations[0]!.args[0], 'k');
    assert.deepEqual(t.actions.map((a) => [a.name.name, a.annotations.map((x) => x.name)]), [['a', []], ['NoAction', ['defaultonly']]]);
    assert.equal(t.entries!.isConst, true);
    assert.equal(t.entries!.entries.length, 2);
    assert.ok(t.entries!.entries[1]!.priority);
    assert.equal(t.defaultAction!.isConst, true);
    assert.deepEqual(t.properties.map((x) => x.name), ['size', 'counters', 'support_timeout', 'implementation']);
    const sw = control.body.stmts[0] as A.SwitchStmt;
    assert.equal(sw.kind, 'SwitchStmt');
    assert.deepEqual(sw.cases.map((c) => c.labels[0]!.kind), ['PathExpr', 'DefaultExpr']);
  });

  it('parses for loops, for-in loops over ranges, break and continue', () => {
    const p = parse(`control C(inout bit<8> x) { apply {
      for (bit<8> i = 0, j = 1; i < x; i = i + 1, j = j + 2) { if (i == 3) { break; } continue; }
      for (;;) { break; }
      for (bit<4> k in 1 .. 5) x = x + 1;
    } }`);
    const [f, g, h] = (p.declarations[0] as A.ControlDecl).body.stmts;
    assert.ok(f?.kind === 'ForStmt' && g?.kind === 'ForStmt' && h?.kind === 'ForInStmt');
    assert.deepEqual(f.init.map((x) => x.kind), ['VarDeclStmt', 'AssignStmt']);
    assert.deepEqual(f.update.map((x) => x.kind), ['AssignStmt', 'AssignStmt']);
    assert.equal(show(f.cond!), '(i < x)');
    assert.deepEqual([g.init.length, g.cond, g.update.length], [0, undefined, 0]);
    assert.equal(h.decl.name, 'k');
    assert.equal(h.collection.kind, 'RangeExpr');
    const body = (f.body as A.BlockStmt).stmts;
    assert.deepEqual(body.map((x) => x.kind), ['IfStmt', 'ContinueStmt']);
  });

  it('keeps annotations with their bodies and literal arguments', () => {
    const p = parse('@controller_header("packet_in") @id(7) @hidden header h { bit<8> f; }');
    const h = p.declarations[0] as A.HeaderDecl;
    assert.deepEqual(h.annotations.map((a) => [a.name, a.body, a.args]), [
      ['controller_header', '"packet_in"', ['packet_in']],
      ['id', '7', [7n]],
      ['hidden', '', []],
    ]);
  });

  it('gives @pragma the rest of its line', () => {
    const p = parse('@pragma netro reglocked\nheader h { bit<8> f; }');
    const h = p.declarations[0] as A.HeaderDecl;
    assert.deepEqual(h.annotations.map((a) => [a.name, a.body]), [['pragma', 'netro reglocked']]);
  });

  it('parses generic externs, overloaded methods and extern functions with type parameters', () => {
    const p = parse('extern E<T> { E(bit<32> n); T get<U>(in U u); void put(in T t); } extern R f<R, D>(in D d);');
    const e = p.declarations[0] as A.ExternDecl;
    assert.deepEqual(e.typeParams, ['T']);
    assert.deepEqual(e.methods.map((m) => [m.name, m.isConstructor, m.typeParams]), [['E', true, []], ['get', false, ['U']], ['put', false, []]]);
    const f = p.declarations[1] as A.ExternFunctionDecl;
    assert.deepEqual(f.typeParams, ['R', 'D']);
  });

  it('gives syntax errors with file:line:col', () => {
    assert.throws(() => parse('header h {\n  bit<8> f\n}'), /p\.p4:3:1: error: expected ';' but found '}'/);
    assert.throws(() => parse('control C() { }'), /p\.p4:1:1: error: control C has no apply block/);
    assert.throws(() => parse('bit<8> x;'), /variables cannot be declared at top level/);
  });

  it('rejects unsupported constructs as unsupported, with their location', () => {
    const rejects = (src: string, what: RegExp): void =>
      assert.throws(() => parse(src), (e: unknown) => e instanceof FrontendError && e.code === 'UNSUPPORTED' && what.test(e.message));
    rejects('struct S<T> { T f; }', /generic struct declarations/);
    rejects('control C() { E() e = { void m() {} }; apply {} }', /abstract method implementations/);
  });

  it('parses {#} and the `...` of structure and list initialisers', () => {
    const p = parse('control C(inout h_t h) { apply { h = {#}; h = { a = 1, ... }; h = { 1, ... }; } }');
    const ctl = p.declarations[0]!;
    assert.ok(ctl.kind === 'ControlDecl');
    const [a, b, c] = ctl.body.stmts.map((s) => (s.kind === 'AssignStmt' ? s.rhs : undefined));
    assert.equal(a?.kind, 'InvalidHeaderExpr');
    assert.ok(b?.kind === 'StructExpr' && b.rest === true && b.fields.length === 1);
    assert.ok(c?.kind === 'ListExpr' && c.rest === true && c.elements.length === 1);
  });
});
