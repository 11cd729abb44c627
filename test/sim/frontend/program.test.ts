import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as A from '../../../src/sim/frontend/ast.js';
import { frontend, frontendSource } from '../../../src/sim/frontend/frontend.js';
import { P4_INCLUDE_DIR } from '../../../src/sim/frontend/preprocess.js';
import { typeToString } from '../../../src/sim/frontend/type-ops.js';
import { decl } from './helpers.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'basic_plus.p4');

/** Visits every expression reachable from the program's parsers, controls, actions and constants. */
function everyExpression(p: A.Program, f: (e: A.Expression) => void): void {
  const expr = (e: A.Expression | undefined): void => {
    if (!e) return;
    f(e);
    switch (e.kind) {
      case 'MemberExpr':
        return expr(e.base);
      case 'IndexExpr':
        expr(e.base);
        return expr(e.index);
      case 'SliceExpr':
        return expr(e.base);
      case 'CallExpr':
        expr(e.callee);
        return e.args.forEach((a) => expr(a.value));
      case 'UnaryExpr':
        return expr(e.operand);
      case 'BinaryExpr':
        expr(e.left);
        return expr(e.right);
      case 'TernaryExpr':
        expr(e.cond);
        expr(e.then);
        return expr(e.else);
      case 'CastExpr':
        return expr(e.expr);
      case 'ListExpr':
        return e.elements.forEach(expr);
      case 'StructExpr':
        return e.fields.forEach((x) => expr(x.value));
      case 'MaskExpr':
        expr(e.value);
        return expr(e.mask);
      case 'RangeExpr':
        expr(e.low);
        return expr(e.high);
    }
  };
  const stmt = (s: A.Statement): void => {
    switch (s.kind) {
      case 'AssignStmt':
        expr(s.lhs);
        return expr(s.rhs);
      case 'CallStmt':
        return expr(s.call);
      case 'BlockStmt':
        return s.stmts.forEach(stmt);
      case 'IfStmt':
        expr(s.cond);
        stmt(s.then);
        if (s.else) stmt(s.else);
        return;
      case 'SwitchStmt':
        expr(s.expr);
        return s.cases.forEach((c) => {
          c.labels.forEach(expr);
          if (c.body) stmt(c.body);
        });
      case 'ReturnStmt':
        return expr(s.value);
      case 'VarDeclStmt':
        return expr(s.decl.init);
      case 'ConstDeclStmt':
        return expr(s.decl.value);
    }
  };
  for (const d of p.declarations) {
    if (d.kind === 'ControlDecl') {
      for (const l of d.locals) {
        if (l.kind === 'ActionDecl') stmt(l.body);
        if (l.kind === 'TableDecl') {
          l.keys.forEach((k) => expr(k.expr));
          l.entries?.entries.forEach((en) => expr(en.keyset));
        }
        if (l.kind === 'VariableDecl') expr(l.init);
      }
      stmt(d.body);
    }
    if (d.kind === 'ParserDecl') {
      for (const s of d.states) {
        s.stmts.forEach(stmt);
        if (s.transition?.kind === 'select') {
          s.transition.select.keys.forEach(expr);
          s.transition.select.cases.forEach((c) => expr(c.keyset));
        }
      }
    }
    if (d.kind === 'ActionDecl') stmt(d.body);
    if (d.kind === 'ConstantDecl') expr(d.value);
  }
}

describe('sim frontend: whole programs', () => {
  it('checks core.p4 and v1model.p4 on their own, in both v1model versions', () => {
    for (const defines of [[], ['V1MODEL_VERSION=20200408']]) {
      const p = frontend(join(P4_INCLUDE_DIR, 'v1model.p4'), { defines });
      assert.equal(p.main, undefined);
      assert.deepEqual(p.matchKinds, ['exact', 'ternary', 'lpm', 'range', 'optional', 'selector']);
      const std = p.types.get('standard_metadata_t');
      assert.ok(std?.kind === 'struct');
      assert.deepEqual(std.fields.map((f) => f.name), [
        'ingress_port', 'egress_spec', 'egress_port', 'instance_type', 'packet_length', 'enq_timestamp', 'enq_qdepth',
        'deq_timedelta', 'deq_qdepth', 'ingress_global_timestamp', 'egress_global_timestamp', 'mcast_grp', 'egress_rid',
        'checksum_error', 'parser_error', 'priority',
      ]);
      const register = decl(p, 'ExternDecl', 'register');
      assert.deepEqual(register.typeParams, defines.length ? ['T', 'I'] : ['T']);
    }
    const core = frontend(join(P4_INCLUDE_DIR, 'core.p4'));
    assert.deepEqual(core.matchKinds, ['exact', 'ternary', 'lpm']);
    assert.deepEqual(core.actions.map((a) => a.qualifiedName), ['NoAction']);
  });

  describe('a realistic v1model program (basic.p4 with a header stack, checksums, a digest and a register)', () => {
    const p = frontend(FIXTURE);

    it('finds the main package and its six blocks', () => {
      assert.equal(p.main?.packageName, 'V1Switch');
      assert.deepEqual(p.main?.blocks.map((b) => [b.paramName, b.decl.kind, b.instanceName]), [
        ['p', 'ParserDecl', 'MyParser'],
        ['vr', 'ControlDecl', 'MyVerifyChecksum'],
        ['ig', 'ControlDecl', 'MyIngress'],
        ['eg', 'ControlDecl', 'MyEgress'],
        ['ck', 'ControlDecl', 'MyComputeChecksum'],
        ['dep', 'ControlDecl', 'MyDeparser'],
      ]);
      assert.deepEqual(p.warnings, []);
    });

    it('lists the control-plane objects with P4Info names', () => {
      assert.deepEqual(p.tables.map((t) => t.qualifiedName), ['MyIngress.ipv4_lpm_table', 'MyIngress.acl']);
      assert.deepEqual(p.actions.map((a) => a.qualifiedName), ['NoAction', 'MyIngress.drop', 'MyIngress.ipv4_forward', 'MyIngress.learn']);
      assert.deepEqual(p.externInstances.map((i) => [i.qualifiedName, i.instanceOf?.kind === 'extern' ? i.instanceOf.decl.name : '']), [
        ['MyIngress.flow_packets', 'register'],
        ['MyIngress.port_counter', 'counter'],
        ['MyIngress.lpm_counter', 'direct_counter'],
      ]);
      assert.deepEqual(p.valueSets.map((v) => v.qualifiedName), ['MyParser.extra_types']);
      const lpm = p.tables[0]!;
      assert.equal(lpm.info?.directCounter?.qualifiedName, 'MyIngress.lpm_counter');
      assert.deepEqual(lpm.keys.map((k) => [k.name, k.matchKind, typeToString(k.expr.type!)]), [['dst', 'lpm', 'bit<32>']]);
      const reg = p.externInstances[0]!;
      assert.ok(reg.instanceOf?.kind === 'extern');
      assert.deepEqual(reg.instanceOf.typeArgs.map(typeToString), ['bit<32>']);
      assert.deepEqual(reg.argsInParamOrder?.map((a) => a?.constValue), [{ kind: 'int', value: 1024n }]);
    });

    it('gives every expression a type, and every name, member and call its resolution', () => {
      let count = 0;
      everyExpression(p.program, (e) => {
        count++;
        assert.ok(e.type, `untyped ${e.kind} at ${e.loc.file}:${e.loc.line}:${e.loc.col}`);
        if (e.type.kind === 'infint') assert.ok(e.constValue, `non-constant int at ${e.loc.line}:${e.loc.col}`);
        if (e.kind === 'PathExpr') assert.ok(e.ref, `unresolved ${e.name} at ${e.loc.line}:${e.loc.col}`);
        if (e.kind === 'MemberExpr') assert.ok(e.access, `unresolved .${e.member} at ${e.loc.line}:${e.loc.col}`);
        if (e.kind === 'CallExpr') {
          assert.ok(e.target, `unresolved call at ${e.loc.line}:${e.loc.col}`);
          assert.ok(e.argsInParamOrder, `unbound arguments at ${e.loc.line}:${e.loc.col}`);
        }
      });
      assert.ok(count > 300, `only ${count} expressions visited`);
    });

    it('resolves the checksum, digest and varbit extract calls', () => {
      const verify = decl(p, 'ControlDecl', 'MyVerifyChecksum').body.stmts[0]!;
      assert.ok(verify.kind === 'CallStmt' && verify.call.target?.kind === 'externFunction');
      assert.equal(verify.call.target.decl.name, 'verify_checksum');
      assert.deepEqual(verify.call.target.typeArgs.map(typeToString), [
        'tuple<bit<4>, bit<4>, bit<8>, bit<16>, bit<16>, bit<3>, bit<13>, bit<8>, bit<8>, bit<32>, bit<32>>',
        'bit<16>',
      ]);
      const ingress = decl(p, 'ControlDecl', 'MyIngress');
      const learn = ingress.locals.find((l) => l.kind === 'ActionDecl' && l.name === 'learn') as A.ActionDecl;
      const digest = learn.body.stmts[0]!;
      assert.ok(digest.kind === 'CallStmt' && digest.call.target?.kind === 'externFunction');
      assert.deepEqual(digest.call.target.typeArgs.map(typeToString), ['learn_t']);
      assert.equal(typeToString(digest.call.argsInParamOrder![1]!.type!), 'learn_t');
      const options = decl(p, 'ParserDecl', 'MyParser').states.find((s) => s.name === 'parse_ipv4_options')!;
      const extract = options.stmts[0]!;
      assert.ok(extract.kind === 'CallStmt' && extract.call.target?.kind === 'externMethod');
      assert.deepEqual(extract.call.target.params.map((x) => typeToString(x.type)), ['ipv4_options_t', 'bit<32>']);
    });
  });

  it('checks unions, varbits, sub-parsers and every kind of v1model extern with the 20200408 signatures', () => {
    const p = frontendSource(`#define V1MODEL_VERSION 20200408
#include <v1model.p4>
header a_t { bit<8> x; }
header b_t { bit<16> y; }
header_union u_t { a_t a; b_t b; }
header v_t { bit<8> len; varbit<64> data; }
struct H { a_t a; u_t u; v_t v; a_t[2] st; }
struct M { bit<8> m; bit<2> color; }
struct pair_t { bit<8> p; bit<8> q; }
parser Sub(packet_in pk, inout H h) { state start { pk.extract(h.a); transition accept; } }
parser P(packet_in pk, out H h, inout M m, inout standard_metadata_t sm) {
  Sub() sub;
  value_set<pair_t>(2) pairs;
  state start {
    pk.advance(8);
    sub.apply(pk, h);
    pk.extract(h.v, (bit<32>)h.a.x * 8);
    transition select(h.a.x, h.v.len) { pairs: accept; (0, 1): s2; default: accept; }
  }
  state s2 { pk.extract(h.st.next); pk.extract(h.u.a); transition accept; }
}
control VC(inout H h, inout M m) { apply {} }
control I(inout H h, inout M m, inout standard_metadata_t sm) {
  register<bit<32>, bit<8>>(256) r;
  meter<bit<32>>(16, MeterType.bytes) mt;
  direct_meter<bit<2>>(MeterType.packets) dm;
  counter<bit<4>>(16, CounterType.bytes) c;
  action a1() { dm.read(m.color); }
  table t { key = { m.m: exact; } actions = { a1; } meters = dm; }
  apply {
    bit<32> v;
    r.read(v, m.m);
    r.write(8w3, v + 1);
    c.count(2);
    mt.execute_meter(32w1, m.color);
    random(m.m, 8w0, 8w255);
    digest(1, { m.m });
    clone(CloneType.I2E, 5);
    clone_preserving_field_list(CloneType.E2E, 5, 1);
    truncate(64);
    assert(m.m != 0);
    assume(m.m != 1);
    if (h.u.isValid()) { h.u.a.setInvalid(); }
    t.apply();
    log_msg("x = {}", { m.m });
    resubmit_preserving_field_list(0);
    recirculate_preserving_field_list(0);
    update_checksum_with_payload(true, { h.a.x }, m.m, HashAlgorithm.xor16);
    mark_to_drop(sm);
  }
}
control EG(inout H h, inout M m, inout standard_metadata_t sm) { apply {} }
control CC(inout H h, inout M m) { apply {} }
control D(packet_out pk, in H h) { apply { pk.emit(h); } }
V1Switch(P(), VC(), I(), EG(), CC(), D()) main;
`, 'externs.p4');
    assert.deepEqual(p.externInstances.map((x) => x.qualifiedName), ['I.r', 'I.mt', 'I.dm', 'I.c']);
    assert.equal(p.tables[0]!.info?.directMeter?.qualifiedName, 'I.dm');
    assert.deepEqual(p.valueSets.map((v) => [v.qualifiedName, typeToString(v.type!)]), [['P.pairs', 'pair_t']]);
    const read = decl(p, 'ControlDecl', 'I').body.stmts[1]!;
    assert.ok(read.kind === 'CallStmt' && read.call.target?.kind === 'externMethod');
    assert.deepEqual(read.call.target.params.map((x) => typeToString(x.type)), ['bit<32>', 'bit<8>']);
    const count = decl(p, 'ControlDecl', 'I').body.stmts[3]!;
    assert.ok(count.kind === 'CallStmt');
    assert.equal(typeToString(count.call.argsInParamOrder![0]!.type!), 'bit<4>');
  });

  it('reports errors in a program file with the file name, line and column', () => {
    assert.throws(
      () => frontendSource('#include <v1model.p4>\nstruct s_t { bit<8> x; }\nheader h_t {\n  bit<8> f;\n  bool b;\n  s_t inner;\n}\n', 'bad.p4'),
      /: bad\.p4:6:3: error: header field inner has type s_t; header fields must be/,
    );
  });
});
