import assert from 'node:assert/strict';
import fc from 'fast-check';
import type * as A from '../../../src/sim/frontend/ast.js';
import { localName } from '../../../src/sim/frontend/names.js';
import { typeToString } from '../../../src/sim/frontend/type-ops.js';
import { applyStmts, assignOf, callOf, check, constValueOf, decl, expectFailure } from './helpers.js';

const HDRS = `
header h_t { bit<8> a; bit<16> b; }
struct H { h_t h; h_t[3] st; }
struct M { bit<8> m; bit<32> w; }
`;

/** A control C(inout H hdr, inout M meta, inout standard_metadata_t sm) with `locals` and `body`. */
const control = (locals: string, body: string): string =>
  `${HDRS}\ncontrol C(inout H hdr, inout M meta, inout standard_metadata_t sm) {\n${locals}\napply {\n${body}\n}\n}\n`;

const intConst = (v: bigint): A.ConstValue => ({ kind: 'int', value: v });

describe('sim frontend: checker', () => {
  describe('types of expressions', () => {
    it('types untyped integer literals from their context and folds constants', () => {
      const p = check('const bit<8> A = 5; const int<8> B = -3; const bit<8> C = A + 1; const bit<16> D = (bit<16>)A << 4;');
      assert.deepEqual(constValueOf(p, 'A'), intConst(5n));
      assert.equal(typeToString(decl(p, 'ConstantDecl', 'A').value.type!), 'bit<8>');
      assert.deepEqual(constValueOf(p, 'B'), intConst(-3n));
      assert.equal(typeToString(decl(p, 'ConstantDecl', 'B').value.type!), 'int<8>');
      assert.deepEqual(constValueOf(p, 'C'), intConst(6n));
      assert.deepEqual(constValueOf(p, 'D'), intConst(80n));
    });

    it('gives concatenation, slices, comparisons and casts their result types', () => {
      const p = check(control('', `
        bit<24> cat = hdr.h.a ++ hdr.h.b;
        bit<4> nib = hdr.h.b[7:4];
        bool lt = hdr.h.a < 3;
        int<8> s = (int<8>)hdr.h.a;
        bit<8> sat = hdr.h.a |+| 250;`));
      const types = applyStmts(p, 'C').map((s) => {
        assert.equal(s.kind, 'VarDeclStmt');
        return typeToString((s as A.VarDeclStmt).decl.init!.type!);
      });
      assert.deepEqual(types, ['bit<24>', 'bit<4>', 'bool', 'int<8>', 'bit<8>']);
      const slice = (applyStmts(p, 'C')[1] as A.VarDeclStmt).decl.init as A.SliceExpr;
      assert.deepEqual([slice.hiBit, slice.loBit], [7, 4]);
      const sat = (applyStmts(p, 'C')[4] as A.VarDeclStmt).decl.init as A.BinaryExpr;
      assert.equal(typeToString(sat.right.type!), 'bit<8>');
      assert.deepEqual(sat.right.constValue, intConst(250n));
    });

    it('folds enum, serializable enum and error members to constants', () => {
      const p = check(`
        enum E { X, Y, Z }
        enum bit<4> S { P = 1, Q = 0xA }
        error { Mine }
        const E e = E.Z;
        const S s = S.Q;
        const bit<4> u = S.Q;
        const error err = error.Mine;`);
      assert.deepEqual(constValueOf(p, 'e'), { kind: 'member', name: 'Z', index: 2 });
      assert.deepEqual(constValueOf(p, 's'), intConst(10n));
      assert.deepEqual(constValueOf(p, 'u'), intConst(10n));
      assert.equal(p.errors.indexOf('Mine'), 7);
      assert.deepEqual(constValueOf(p, 'err'), { kind: 'member', name: 'Mine', index: 7 });
      assert.deepEqual(p.errors.slice(0, 7), ['NoError', 'PacketTooShort', 'NoMatch', 'StackOutOfBounds', 'HeaderTooShort', 'ParserTimeout', 'ParserInvalidArgument']);
    });

    it('types struct initialisers and lists from the target type', () => {
      const p = check(`${HDRS} const M K = { m = 1, w = 2 }; const M L = { 3, 4 };`);
      assert.deepEqual(constValueOf(p, 'K'), { kind: 'struct', fields: [{ name: 'm', value: intConst(1n) }, { name: 'w', value: intConst(2n) }] });
      assert.deepEqual(constValueOf(p, 'L'), { kind: 'struct', fields: [{ name: 'm', value: intConst(3n) }, { name: 'w', value: intConst(4n) }] });
    });

    it('keeps newtypes distinct from their underlying type except through casts', () => {
      const p = check('type bit<9> Port_t; const Port_t P = (Port_t)9w5; const bit<9> Q = (bit<9>)P;');
      assert.equal(decl(p, 'ConstantDecl', 'P').type!.kind, 'newtype');
      assert.deepEqual(constValueOf(p, 'Q'), intConst(5n));
      expectFailure('type bit<9> Port_t; const Port_t P = 9w5;', 'TYPE', /test\.p4:3:38: error: cannot use a value of type bit<9> where Port_t is expected/);
    });

    it('folds arithmetic exactly like BigInt reference semantics', () => {
      const ops: [string, (a: bigint, b: bigint, w: number) => bigint][] = [
        ['+', (a, b, w) => BigInt.asUintN(w, a + b)],
        ['-', (a, b, w) => BigInt.asUintN(w, a - b)],
        ['*', (a, b, w) => BigInt.asUintN(w, a * b)],
        ['&', (a, b) => a & b],
        ['|', (a, b) => a | b],
        ['^', (a, b) => a ^ b],
        ['|+|', (a, b, w) => (a + b > (1n << BigInt(w)) - 1n ? (1n << BigInt(w)) - 1n : a + b)],
        ['|-|', (a, b) => (a - b < 0n ? 0n : a - b)],
      ];
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 70 }), fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }), fc.integer({ min: 0, max: ops.length - 1 }), (w, x, y, i) => {
          const a = BigInt.asUintN(w, x);
          const b = BigInt.asUintN(w, y);
          const [op, ref] = ops[i]!;
          const p = check(`const bit<${w}> R = ${w}w${a} ${op} ${w}w${b};`);
          assert.deepEqual(constValueOf(p, 'R'), intConst(ref(a, b, w)));
        }),
        { numRuns: 40 },
      );
    });

    it('folds signed arithmetic and shifts with two\'s complement wrap-around', () => {
      const p = check('const int<8> A = 8s127 + 8s1; const int<8> B = -8s128 >> 1; const bit<8> C = 8w1 << 9; const int<8> D = 8s100 |+| 8s100; const bit<8> E = -1;');
      assert.deepEqual(constValueOf(p, 'A'), intConst(-128n));
      assert.deepEqual(constValueOf(p, 'B'), intConst(-64n));
      assert.deepEqual(constValueOf(p, 'C'), intConst(0n));
      assert.deepEqual(constValueOf(p, 'D'), intConst(127n));
      assert.deepEqual(constValueOf(p, 'E'), intConst(255n));
    });

    it('warns when a literal does not fit and reduces it', () => {
      const p = check('const bit<4> A = 4w17;');
      assert.deepEqual(constValueOf(p, 'A'), intConst(1n));
      assert.match(p.warnings[0]!.message, /4w17: value does not fit in bit<4>/);
    });
  });

  describe('resolution', () => {
    it('resolves names to parameters, locals, constants, tables, actions and instances', () => {
      const p = check(control(`
        const bit<8> K = 7;
        bit<8> local;
        counter(8, CounterType.packets) cnt;
        action act(bit<8> v) { meta.m = v + K + local; }
        table t { key = { meta.m: exact; } actions = { act; } }`, `
        cnt.count(0);
        act(1);
        t.apply();`));
      const c = decl(p, 'ControlDecl', 'C');
      const action = c.locals.find((l) => l.kind === 'ActionDecl') as A.ActionDecl;
      const assign = assignOf(action.body.stmts[0]);
      const lhs = assign.lhs as A.MemberExpr;
      assert.equal((lhs.base as A.PathExpr).ref?.kind, 'param');
      assert.equal(lhs.access?.kind, 'field');
      const sum = assign.rhs as A.BinaryExpr;
      const inner = sum.left as A.BinaryExpr;
      assert.equal((inner.left as A.PathExpr).ref?.kind, 'param');
      assert.equal((inner.right as A.PathExpr).ref?.kind, 'const');
      assert.deepEqual(inner.right.constValue, intConst(7n));
      assert.equal((sum.right as A.PathExpr).ref?.kind, 'local');
      const [count, call, apply] = c.body.stmts.map((s) => callOf(s));
      assert.equal(count!.target?.kind, 'externMethod');
      assert.equal(((count!.callee as A.MemberExpr).base as A.PathExpr).ref?.kind, 'instance');
      assert.deepEqual(count!.argsInParamOrder!.map((a) => typeToString(a!.type!)), ['bit<32>']);
      assert.equal(call!.target?.kind, 'action');
      assert.equal(apply!.target?.kind, 'tableApply');
    });

    it('binds the type arguments of generic externs and methods', () => {
      const p = check(control('register<bit<48>>(16) r;', `
        bit<48> v;
        r.read(v, 2);
        hash(meta.w, HashAlgorithm.crc32, 32w0, { hdr.h.a, hdr.h.b }, 32w1024);`));
      const [, read, hash] = applyStmts(p, 'C');
      const rt = callOf(read).target;
      assert.ok(rt?.kind === 'externMethod');
      assert.equal(rt.extern.name, 'register');
      assert.deepEqual(rt.params.map((x) => `${x.direction} ${typeToString(x.type)}`), ['out bit<48>', 'in bit<32>']);
      assert.deepEqual(callOf(read).argsInParamOrder![1]!.constValue, intConst(2n));
      const ht = callOf(hash).target;
      assert.ok(ht?.kind === 'externFunction');
      assert.deepEqual(ht.typeArgs.map(typeToString), ['bit<32>', 'bit<32>', 'tuple<bit<8>, bit<16>>', 'bit<32>']);
    });

    it('picks overloads by arity (mark_to_drop, extract with a varbit size)', () => {
      const p = check(`
        header v_t { bit<8> len; varbit<32> opt; }
        struct VH { v_t v; }
        parser P(packet_in pk, out VH h) {
          state start { pk.extract(h.v, 16); transition accept; }
        }
        control C(inout standard_metadata_t sm) { apply { mark_to_drop(sm); mark_to_drop(); } }`);
      const extract = callOf(decl(p, 'ParserDecl', 'P').states[0]!.stmts[0]);
      assert.ok(extract.target?.kind === 'externMethod');
      assert.equal(extract.target.method.params.length, 2);
      assert.deepEqual(extract.target.typeArgs.map(typeToString), ['v_t']);
      const [one, zero] = applyStmts(p, 'C').map(callOf);
      assert.ok(one!.target?.kind === 'externFunction' && zero!.target?.kind === 'externFunction');
      assert.equal(one.target.decl.params.length, 1);
      assert.equal(zero.target.decl.params.length, 0);
    });

    it('resolves header and stack operations', () => {
      const p = check(control('', `
        hdr.h.setValid();
        hdr.st.push_front(2);
        hdr.st.pop_front(1);
        bool v = hdr.st[1].isValid();
        bit<32> i = hdr.st.lastIndex;
        bit<32> n = hdr.st.size;`));
      const s = applyStmts(p, 'C');
      assert.deepEqual(callOf(s[0]).target, { kind: 'headerMethod', method: 'setValid' });
      assert.deepEqual(callOf(s[1]).target, { kind: 'stackMethod', method: 'push_front', count: 2 });
      assert.deepEqual(callOf(s[2]).target, { kind: 'stackMethod', method: 'pop_front', count: 1 });
      const v = (s[3] as A.VarDeclStmt).decl.init as A.CallExpr;
      assert.deepEqual(v.target, { kind: 'headerMethod', method: 'isValid' });
      assert.equal(((v.callee as A.MemberExpr).base as A.IndexExpr).kind, 'IndexExpr');
      assert.equal(((s[4] as A.VarDeclStmt).decl.init as A.MemberExpr).access?.kind, 'stackLastIndex');
      assert.deepEqual((s[5] as A.VarDeclStmt).decl.init!.constValue, intConst(3n));
    });

    it('resolves parser states, next/last, lookahead, value sets and sub-parsers', () => {
      const p = check(`${HDRS}
        parser Sub(packet_in pk, inout H h) { state start { transition accept; } }
        parser P(packet_in pk, out H h) {
          value_set<bit<8>>(4) vs;
          Sub() sub;
          state start {
            pk.extract(h.st.next);
            sub.apply(pk, h);
            transition select(h.st.last.a, pk.lookahead<bit<4>>()) {
              (vs, _): accept;
              (1 &&& 0xF, 0 .. 3): next;
              default: reject;
            }
          }
          state next { transition accept; }
        }`);
      const parser = decl(p, 'ParserDecl', 'P');
      const start = parser.states[0]!;
      const ext = callOf(start.stmts[0]);
      assert.equal((ext.argsInParamOrder![0] as A.MemberExpr).access?.kind, 'stackNext');
      assert.ok(callOf(start.stmts[1]).target?.kind === 'subApply');
      assert.ok(start.transition?.kind === 'select');
      const sel = start.transition.select;
      assert.equal((sel.keys[0] as A.MemberExpr).base.kind, 'MemberExpr');
      const look = sel.keys[1] as A.CallExpr;
      assert.equal(typeToString(look.type!), 'bit<4>');
      const first = sel.cases[0]!.keyset as A.ListExpr;
      assert.equal((first.elements[0] as A.PathExpr).ref?.kind, 'valueSet');
      const second = sel.cases[1]!.keyset as A.ListExpr;
      const mask = second.elements[0] as A.MaskExpr;
      assert.deepEqual([mask.value.constValue, mask.mask.constValue, typeToString(mask.mask.type!)], [intConst(1n), intConst(15n), 'bit<8>']);
      const range = second.elements[1] as A.RangeExpr;
      assert.equal(typeToString(range.high.type!), 'bit<4>');
      assert.equal(sel.cases[1]!.next.ref?.kind, 'parserState');
      assert.deepEqual(sel.cases[2]!.next.ref, { kind: 'terminalState', name: 'reject' });
      assert.equal(p.valueSets[0]!.qualifiedName, 'P.vs');
      assert.equal(p.valueSets[0]!.sizeValue, 4);
    });

    it('checks tables: keys, action lists, const entries with priorities, default actions and properties', () => {
      const p = check(control(`
        direct_counter(CounterType.packets) dc;
        action set(bit<8> v) { meta.m = v; }
        table t {
          key = { hdr.h.a: ternary; hdr.h.b: range; meta.m: optional @name("mm"); hdr.h.isValid(): exact; hdr.h.b[15:8]: exact; }
          actions = { set; NoAction; }
          const entries = {
            (0x10 &&& 0xF0, 1 .. 5, _, true, 1): set(3);
            priority = 9: (_, _, 7, false, _): NoAction();
          }
          const default_action = set(1);
          counters = dc;
          size = 2048;
          support_timeout = true;
        }`, 'switch (t.apply().action_run) { set: { exit; } NoAction: {} }'));
      const t = p.tables[0]!;
      assert.equal(t.qualifiedName, 'C.t');
      assert.deepEqual(t.keys.map((k) => k.name), ['hdr.h.a', 'hdr.h.b', 'mm', 'hdr.h.$valid$', 'hdr.h.b[15:8]']);
      assert.deepEqual(t.actions.map((a) => a.action?.qualifiedName), ['C.set', 'NoAction']);
      assert.equal(t.info?.size, 2048);
      assert.equal(t.info?.supportTimeout, true);
      assert.equal(t.info?.directCounter?.qualifiedName, 'C.dc');
      const [e0, e1] = t.entries!.entries;
      assert.deepEqual(e0!.action.argsInParamOrder!.map((a) => a?.constValue), [intConst(3n)]);
      assert.equal(e1!.priorityValue, 9);
      assert.equal(typeToString(((e0!.keyset as A.ListExpr).elements[1] as A.RangeExpr).low.type!), 'bit<16>');
      assert.deepEqual(t.defaultAction!.action.argsInParamOrder!.map((a) => a?.constValue), [intConst(1n)]);
      const sw = applyStmts(p, 'C')[0] as A.SwitchStmt;
      assert.equal(sw.switchKind, 'actionRun');
      assert.deepEqual(sw.cases.map((c) => (c.labels[0] as A.PathExpr).ref?.kind), ['action', 'action']);
    });

    it('accepts header stack indexes computed at run time and bounds-checks constant ones', () => {
      const p = check(control('', 'hdr.st[meta.m].a = 1;'));
      const lhs = assignOf(applyStmts(p, 'C')[0]).lhs as A.MemberExpr;
      const index = (lhs.base as A.IndexExpr).index;
      assert.equal(index.constValue, undefined);
      assert.equal(typeToString(index.type!), 'bit<8>');
      expectFailure(control('', 'hdr.st[3].a = 1;'), 'TYPE', /index 3 is out of bounds for a stack of 3/);
    });

    it('converts p4c @priority annotations (smaller wins) into priorities where larger wins', () => {
      const p = check(control('action a(bit<9> x) { sm.egress_spec = x; } table t { key = { hdr.h.b: ternary; } actions = { a; } const entries = { 0x1111 &&& 0xF : a(1) @priority(3); 0x1181 : a(2); 0x1181 &&& 0xF00F : a(3) @priority(1); } }', 't.apply();'));
      const entries = p.tables[0]!.entries!.entries;
      // BMv2 priorities 3, 2 (by position), 1: the last entry wins, then the second, then the first.
      assert.deepEqual(entries.map((e) => e.priorityValue), [1, 2, 3]);
      assert.deepEqual(entries[0]!.annotations.map((x) => x.name), ['priority']);
    });

    it('accepts initial (non-const) entries that the control plane may change', () => {
      const p = check(control('table t { key = { meta.m: exact; } actions = { NoAction; } entries = { 1: NoAction(); } }', 't.apply();'));
      assert.equal(p.tables[0]!.entries?.isConst, false);
      assert.deepEqual(p.tables[0]!.entries?.entries[0]!.keyset.constValue, intConst(1n));
    });

    it('checks .hit/.miss and value switches', () => {
      const p = check(control('table t { key = { meta.m: exact; } actions = { NoAction; } }', `
        if (t.apply().hit) { meta.m = 1; }
        if (t.apply().miss) { meta.m = 2; }
        switch (meta.m) { 1: 2: { meta.w = 1; } default: { } }`));
      const s = applyStmts(p, 'C');
      assert.equal(((s[0] as A.IfStmt).cond as A.MemberExpr).access?.kind, 'tableHit');
      assert.equal(((s[1] as A.IfStmt).cond as A.MemberExpr).access?.kind, 'tableMiss');
      const sw = s[2] as A.SwitchStmt;
      assert.equal(sw.switchKind, 'value');
      assert.deepEqual(sw.cases[0]!.labels.map((l) => l.constValue), [intConst(1n)]);
      assert.equal(sw.cases[0]!.body, undefined);
    });

    it('folds size queries on headers, structs and types', () => {
      const p = check(`
        header v_t { bit<8> len; varbit<32> opt; bit<4> a; bit<4> b; }
        struct S { v_t v; bit<3> x; }
        const bit<32> A = v_t.minSizeInBits();
        const bit<32> B = v_t.maxSizeInBytes();
        const bit<32> C = S.maxSizeInBits();`);
      assert.deepEqual([constValueOf(p, 'A'), constValueOf(p, 'B'), constValueOf(p, 'C')], [intConst(16n), intConst(6n), intConst(51n)]);
      const call = decl(p, 'ConstantDecl', 'A').value as A.CallExpr;
      assert.deepEqual(call.target, { kind: 'compileTimeConstant' });
    });

    it('evaluates static_assert while compiling', () => {
      const p = check('const bool ok = static_assert(V1MODEL_VERSION >= 20180101, "old v1model");');
      assert.deepEqual(constValueOf(p, 'ok'), { kind: 'bool', value: true });
      expectFailure('const bool ok = static_assert(1 > 2, "one is not above two");', 'TYPE', /test\.p4:3:17: error: static_assert: one is not above two/);
      expectFailure(control('', 'static_assert(meta.m == 1);'), 'TYPE', /static_assert needs a compile-time constant condition/);
    });

    it('types function calls and instantiates generic functions per type', () => {
      const p = check(`
        bit<8> inc(in bit<8> x) { return x + 1; }
        T pick<T>(in bool c, in T a, in T b) { if (c) { return a; } return b; }
        control C(inout bit<8> v, inout bit<16> w) { apply { v = inc(v); v = pick(true, v, 8w3); w = pick(false, w, 16w1); v = pick(v == 0, 8w1, v); } }`);
      const [a, b, c, d] = applyStmts(p, 'C').map(assignOf);
      const t = (a!.rhs as A.CallExpr).target;
      assert.ok(t?.kind === 'function');
      assert.equal(t.decl.name, 'inc');
      assert.equal(typeToString(a!.rhs.type!), 'bit<8>');
      const [tb, tc, td] = [b, c, d].map((x) => (x!.rhs as A.CallExpr).target);
      assert.ok(tb?.kind === 'function' && tc?.kind === 'function' && td?.kind === 'function');
      assert.deepEqual([tb.typeArgs.map(typeToString), tc.typeArgs.map(typeToString)], [['bit<8>'], ['bit<16>']]);
      assert.notEqual(tb.decl, decl(p, 'FunctionDecl', 'pick'));
      assert.equal(tb.decl, td.decl, 'one copy per instantiation');
      assert.notEqual(tb.decl, tc.decl);
      const ret = (tc.decl.body.stmts[1] as A.ReturnStmt).value!;
      assert.equal(typeToString(ret.type!), 'bit<16>');
      assert.equal(typeToString(tc.decl.params[1]!.type!), 'bit<16>');
    });
  });

  describe('control-plane names and main', () => {
    it('names objects as p4c does, honouring @name and sub-control instances', () => {
      const p = check(`${HDRS}
        @name("global_cnt") counter(4, CounterType.packets) top_cnt;
        action top() {}
        control Sub(inout M meta) {
          action inner() {}
          table t { key = { meta.m: exact; } actions = { inner; top; } }
          apply { t.apply(); }
        }
        control I(inout H hdr, inout M meta, inout standard_metadata_t sm) {
          Sub() guard;
          @name(".absolute") action a() {}
          @name("renamed") table t { key = { meta.m: exact; } actions = { a; } }
          apply { guard.apply(meta); t.apply(); }
        }
        parser Pr(packet_in b, out H h, inout M m, inout standard_metadata_t s) { state start { transition accept; } }
        control V(inout H h, inout M m) { apply {} }
        control E(inout H h, inout M m, inout standard_metadata_t s) { apply {} }
        control D(packet_out b, in H h) { apply {} }
        V1Switch(Pr(), V(), I(), E(), V(), D()) main;`);
      assert.deepEqual(p.tables.map((t) => t.qualifiedName), ['I.guard.t', 'I.renamed']);
      assert.deepEqual(p.actions.map((a) => a.qualifiedName), ['NoAction', 'top', 'I.guard.inner', 'absolute']);
      assert.deepEqual(p.externInstances.map((i) => i.qualifiedName), ['global_cnt']);
      assert.equal(p.main?.packageName, 'V1Switch');
      assert.deepEqual(p.main?.blocks.map((b) => `${b.paramName}=${b.instanceName}`), ['p=Pr', 'vr=V', 'ig=I', 'eg=E', 'ck=V', 'dep=D']);
    });

    it('names objects of a top-level block after its type even when main gets a named instance', () => {
      const p = check(`${HDRS}
        parser Pr(packet_in b, out H h, inout M m, inout standard_metadata_t s) { state start { transition accept; } }
        control V(inout H h, inout M m) { apply {} }
        control I(inout H h, inout M m, inout standard_metadata_t s) {
          table t { key = { m.m: exact; } actions = { NoAction; } }
          apply { t.apply(); }
        }
        control D(packet_out b, in H h) { apply {} }
        I() ingress_instance;
        V1Switch(Pr(), V(), ingress_instance, I(), V(), D()) main;`);
      assert.deepEqual(p.main?.blocks.map((b) => b.instanceName), ['Pr', 'V', 'I', 'I', 'V', 'D']);
      assert.deepEqual(p.tables.map((t) => t.qualifiedName), ['I.t']);
    });

    it('leaves per-instance names to later passes for a control instantiated twice', () => {
      const p = check(`${HDRS}
        control Sub(inout M meta) {
          @name("renamed") table t { key = { meta.m: exact; } actions = { NoAction; } }
          apply { t.apply(); }
        }
        control Once(inout M meta) { counter(4, CounterType.packets) c; apply { c.count(0); } }
        control I(inout M meta) { Sub() a; Sub() b; Once() o; apply { a.apply(meta); b.apply(meta); o.apply(meta); } }`);
      const t = p.tables[0]!;
      assert.equal(t.qualifiedName, undefined);
      assert.deepEqual(['I.a', 'I.b'].map((path) => localName(path, t)), ['I.a.renamed', 'I.b.renamed']);
      assert.deepEqual(p.externInstances.map((x) => x.qualifiedName), ['I.o.c']);
    });

    it('gives a directly invoked control an anonymous instance named after its type', () => {
      const p = check(`${HDRS}
        control Sub(inout M meta) { counter(4, CounterType.packets) c; apply { c.count(0); } }
        control I(inout M meta) { apply { Sub.apply(meta); } }`);
      const call = callOf(applyStmts(p, 'I')[0]!);
      assert.ok(call.target?.kind === 'subApply' && call.target.instance.kind === 'InstantiationDecl');
      assert.equal(call.target.instance.name, 'Sub_inst');
      assert.deepEqual(p.externInstances.map((x) => x.qualifiedName), ['I.Sub.c']);
    });

    it('applies a control passed as a constructor argument through the parameter', () => {
      const p = check(`${HDRS}
        control step_t(inout M meta);
        control Leaf(inout M meta) { apply { meta.m = 1; } }
        control User(inout M meta)(step_t next) { apply { next.apply(meta); } }
        control I(inout M meta) { Leaf() leaf; User(leaf) user; apply { user.apply(meta); } }`);
      const call = callOf(applyStmts(p, 'User')[0]!);
      assert.ok(call.target?.kind === 'subApply' && call.target.instance.kind === 'Parameter');
      assert.equal(call.target.block, undefined);
    });

    it('numbers const entries by priority_delta and honours largest_priority_wins', () => {
      const table = (props: string): string => control(
        `action a() {} table t { key = { meta.m: ternary; } actions = { a; } ${props}
          entries = { priority = 5: 1 &&& 0xff : a(); 2 &&& 0xff : a(); 3 &&& 0xff : a(); } }`,
        't.apply();');
      const prios = (props: string): (number | undefined)[] => check(table(props)).tables[0]!.entries!.entries.map((e) => e.priorityValue);
      // Largest wins: counted from the last entry backwards (1, 1 + delta); larger values win.
      assert.deepEqual(prios('priority_delta = 10;'), [5, 11, 1]);
      // Smallest wins: counted forwards from the explicit 5, then turned round so larger wins.
      assert.deepEqual(prios('largest_priority_wins = false; priority_delta = 10;'), [21, 11, 1]);
      expectFailure(table('priority_delta = 0;'), 'TYPE', /priority_delta must be positive/);
    });

    it('infers type arguments written as _ and types {#} from its context', () => {
      const p = check(control('', `bit<16> r; hash<_, bit<16>, _, bit<32>>(r, HashAlgorithm.crc16, 16w0, { meta.m }, 32w1024);
        hdr.h = {#};`));
      const call = callOf(applyStmts(p, 'C')[1]!);
      assert.ok(call.target?.kind === 'externFunction');
      assert.deepEqual(call.target.typeArgs.map(typeToString), ['bit<16>', 'bit<16>', 'tuple<bit<8>>', 'bit<32>']);
      const assign = assignOf(applyStmts(p, 'C')[2]!);
      assert.equal(assign.rhs.kind, 'InvalidHeaderExpr');
      expectFailure(control('', 'bit<8> x = {#};'), 'TYPE', /\{#\} needs a header or header union type/);
      expectFailure(control('', '_ x;'), 'SYNTAX', /./);
    });

    it('checks the main package arguments against the architecture', () => {
      const blocks = `${HDRS}
        parser Pr(packet_in b, out H h, inout M m, inout standard_metadata_t s) { state start { transition accept; } }
        control V(in H h, inout M m) { apply {} }
        control I(inout H h, inout M m, inout standard_metadata_t s) { apply {} }
        control D(packet_out b, in H h) { apply {} }`;
      expectFailure(`${blocks}\nV1Switch(Pr(), V(), I(), I(), V(), V()) main;`, 'TYPE', /argument for dep: V does not match Deparser/);
      const p = check(`${blocks}\nV1Switch(Pr(), V(), I(), I(), V(), D()) main;`);
      assert.match(p.warnings[0]!.message, /argument for vr: parameter h of V is in but VerifyChecksum declares it inout/);
    });
  });

  describe('errors and unsupported constructs', () => {
    const cases: [string, string, RegExp][] = [
      ['undeclared name', control('', 'meta.m = nothing;'), /test\.p4:\d+:10: error: nothing is not declared/],
      ['type mismatch', control('', 'bool b = meta.m;'), /error: cannot use a value of type bit<8> where bool is expected/],
      ['different operand widths', control('', 'meta.m = meta.m + hdr.h.b;'), /'\+': operands have different types bit<8> and bit<16>/],
      ['unknown field', control('', 'meta.zz = 1;'), /M has no field zz/],
      ['assignment to an in parameter', 'control C(in bit<8> x) { apply { x = 1; } }', /cannot assign to in parameter x/],
      ['out argument not an l-value', control('register<bit<8>>(4) r;', 'r.read(meta.m + 1, 0);'), /this expression cannot be assigned/],
      ['wrong argument count', control('', 'mark_to_drop(sm, sm);'), /mark_to_drop: no overload takes 2 arguments/],
      ['action not in the table', control('action a() {} action b() {} table t { key = { meta.m: exact; } actions = { a; } default_action = b(); }', 't.apply();'), /action b is not in the actions of table t/],
      ['non-constant action data', control('action a(bit<8> v) {} table t { key = { meta.m: exact; } actions = { a; } default_action = a(meta.m); }', 't.apply();'), /argument for v must be a compile-time constant/],
      ['unknown match kind', control('table t { key = { meta.m: fuzzy; } actions = { NoAction; } }', 't.apply();'), /unknown match kind fuzzy/],
      ['switch label that is no action of the table', control('action a() {} table t { key = { meta.m: exact; } actions = { a; } }', 'switch (t.apply().action_run) { NoAction: {} }'), /NoAction is not an action of table t/],
      ['duplicate declaration', control('bit<8> x; bit<8> x;', ''), /x is already declared in this scope/],
      ['parser without start', 'parser P(packet_in b) { state s { transition accept; } }', /parser P has no start state/],
      ['unknown state', 'parser P(packet_in b) { state start { transition nowhere; } }', /nowhere is not a parser state/],
      ['exit in a parser', 'parser P(packet_in b) { state start { exit; transition accept; } }', /'exit' is not allowed in a parser/],
      ['function without a return', 'bit<8> f(in bit<8> x) { if (x == 0) { return 1; } }', /function f does not return a value on every path/],
      ['slice out of range', control('', 'meta.m = hdr.h.a[8:1];'), /slice \[8:1\] is out of range for bit<8>/],
      ['width-less generic argument', control('', 'hash(meta.w, HashAlgorithm.crc16, 0, { meta.m }, 32w8);'), /cannot infer a width for type argument T/],
      ['next outside a parser', control('', 'hdr.st.next.a = 1;'), /'next' can only be used in a parser/],
      ['table applied in an action', control('table t { key = { meta.m: exact; } actions = { NoAction; } } action a() { t.apply(); }', ''), /tables can only be applied in a control apply block/],
      ['division on signed values', 'const int<8> X = 8s4 / 8s2;', /'\/' is not defined on signed int<W>/],
    ];
    for (const [name, src, pattern] of cases) {
      it(`reports ${name} with file:line:col`, () => {
        const e = expectFailure(src, 'TYPE', pattern);
        assert.match(e.message, /^test\.p4:\d+:\d+: error: /);
      });
    }

    it('reports every independent error, not only the first', () => {
      const e = expectFailure(control('', 'meta.m = a1;\nmeta.m = a2;'), 'TYPE', /a1 is not declared/);
      assert.equal(e.diagnostics.length, 2);
      assert.match(e.diagnostics[1]!.message, /a2 is not declared/);
    });

    it('checks loops', () => {
      const body = `
        for (bit<8> i = 1; i <= meta.m; i = i + 1) { meta.w = meta.w + (bit<32>)i; if (i == 5) { break; } }
        for (bit<8> k in 2 .. 4) { meta.m = meta.m |+| k; continue; }
        for (h_t e in hdr.st) { meta.m = meta.m + e.a; }`;
      const p = check(control('', body));
      const [f, r, st] = applyStmts(p, 'C');
      assert.ok(f?.kind === 'ForStmt' && r?.kind === 'ForInStmt' && st?.kind === 'ForInStmt');
      assert.equal(typeToString(f.cond!.type!), 'bool');
      const init = f.init[0]!;
      assert.ok(init.kind === 'VarDeclStmt');
      assert.deepEqual(init.decl.init!.constValue, intConst(1n));
      assert.ok(r.collection.kind === 'RangeExpr');
      assert.equal(typeToString(r.collection.high.type!), 'bit<8>');
      assert.equal(typeToString(st.decl.type!), 'h_t');
      expectFailure(control('', 'break;'), 'TYPE', /'break' outside a loop/);
      expectFailure(control('', 'for (bit<8> e in hdr.st) { }'), 'TYPE', /the loop variable has type bit<8> but the stack holds h_t/);
      expectFailure(`${HDRS} parser P(packet_in b, out H h) { state start { for (;;) { } transition accept; } }`, 'TYPE', /'for' loops are not allowed in a parser/);
    });

    it('warns that action profiles are ignored', () => {
      const p = check(control('table t { key = { meta.m: exact; } actions = { NoAction; } implementation = action_profile(32); }', 't.apply();'));
      assert.match(p.warnings[0]!.message, /'implementation' \(action profiles\/selectors\) is ignored/);
    });
  });
});
