// Small P4 programs compiled through the real front end and the back end, run with the
// test harness (support/): parsers, expressions, tables, actions, exit/return, header
// stacks and unions, copy-in/copy-out, externs.
import assert from 'node:assert/strict';
import { compileProgram } from '../../../src/sim/backend/compile.js';
import { BackendError } from '../../../src/sim/backend/errors.js';
import { frontendSource } from '../../../src/sim/frontend/frontend.js';
import type { HeaderValue, StackValue, TableRuntime } from '../../../src/sim/runtime/abi.js';
import { ETH, ETH_IP_PARSER, ethIp, hexBytes, pipeline, type Pipeline } from './support/pipeline.js';
import { TestArch } from './support/test-arch.js';
import { exactEntry, ScanTable } from './support/test-tables.js';

describe('sim backend: compiled programs', () => {
  describe('parsers', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
      extra: 'error { TtlZero }',
      parser: `parser MyP(packet_in pkt, out headers h, inout meta_t m) {
        state start {
          pkt.extract(h.eth);
          transition select(h.eth.type) {
            0x0800: ip;
            0x8847: labels;
            0x9000 &&& 0xF000: ab_a;
            0xA000 .. 0xA0FF: ab_b;
            default: accept;
          }
        }
        state ip { pkt.extract(h.ip); verify(h.ip.ttl != 0, error.TtlZero); transition accept; }
        state labels {
          pkt.extract(h.labels.next);
          transition select(h.labels.last.bos) { 1: accept; default: labels; }
        }
        state ab_a { pkt.extract(h.ab.a); transition accept; }
        state ab_b { pkt.extract(h.ab.b); transition accept; }
      }`,
      });
    });

    it('extracts, selects on a value and deparses the same bytes', () => {
      const bytes = ethIp(64, 6, 0x0a000001);
      const r = p.run(bytes);
      assert.equal(r.parserError, 'NoError');
      const ip = r.h['ip'] as HeaderValue;
      assert.equal(ip.$valid, true);
      assert.equal(ip['ttl'], 64);
      assert.equal(ip['addr'], 0x0a000001);
      assert.equal((r.h['eth'] as HeaderValue)['dst'], 1n);
      assert.equal(r.out, bytes.map((b) => b.toString(16).padStart(2, '0')).join(''));
    });

    it('verify raises the program\'s error and keeps what was extracted', () => {
      const r = p.run(ethIp(0, 6, 1));
      assert.equal(r.parserError, 'TtlZero');
      assert.equal((r.h['ip'] as HeaderValue).$valid, true);
    });

    it('a short packet is PacketTooShort; headers extracted before stay valid', () => {
      const r = p.run(ethIp(1, 6, 1).slice(0, 17));
      assert.equal(r.parserError, 'PacketTooShort');
      assert.equal((r.h['eth'] as HeaderValue).$valid, true);
      assert.equal((r.h['ip'] as HeaderValue).$valid, false);
    });

    it('masks, ranges and default in select', () => {
      const a = p.run(hexBytes(`${ETH} 9abc 07`));
      assert.equal(((r) => (r.h['ab'] as Record<string, HeaderValue>)['a']!['x'])(a), 7);
      const b = p.run(hexBytes(`${ETH} a010 1234`));
      assert.equal((b.h['ab'] as Record<string, HeaderValue>)['b']!['y'], 0x1234);
      const other = p.run(hexBytes(`${ETH} 1234 ff`));
      assert.equal(other.parserError, 'NoError');
      assert.equal((other.h['ab'] as Record<string, HeaderValue>)['a']!.$valid, false);
    });

    it('header stacks: next/last in a loop, StackOutOfBounds past the end', () => {
      const two = p.run(hexBytes(`${ETH} 8847 02 05`));
      const s = two.h['labels'] as StackValue;
      assert.equal(two.parserError, 'NoError');
      assert.equal(s.nextIndex, 2);
      assert.equal(s.elements[0]!['value'], 1);
      assert.equal(s.elements[1]!['value'], 2);
      assert.equal(s.elements[2]!.$valid, false);
      const four = p.run(hexBytes(`${ETH} 8847 02 04 06 08`));
      assert.equal(four.parserError, 'StackOutOfBounds');
    });
  });

  describe('expressions', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
      parser: ETH_IP_PARSER,
      control: `control MyC(inout headers h, inout meta_t m) {
        apply {
          bit<8> t = h.ip.ttl;
          bit<8> n = h.ip.proto;
          trace(t + 8w10);
          trace(t |+| 8w10);
          trace(t |-| 8w251);
          trace(t * 8w3);
          trace(t / 8w7);
          trace(t % 8w7);
          trace(t << 3);
          trace(t >> n);
          trace((int<8>)t >> 1);
          trace(-t);
          trace(~t);
          trace(t[7:4]);
          trace(t ++ n);
          trace(h.eth.src ++ t);
          trace(h.ip.addr + 32w1);
          trace((bit<64>)h.ip.addr << 4);
          trace((bit<16>)(int<16>)(int<8>)t);
          trace(t > 8w100 ? 8w1 : 8w2);
          trace(t == 250 && n != 9);
          m.w = 0;
          m.w[15:8] = t;
          trace(m.w);
          m.s = (int<8>)t;
          trace(m.s |-| 8s127);
          m.big = (bit<64>)h.ip.addr * 64w3;
          trace((bool)h.eth.dst[0:0]);
        }
      }`,
      });
    });

    it('computes every operator bit-exactly in both representations', () => {
      const r = p.run(ethIp(250, 9, 0xffffffff));
      assert.deepEqual(r.trace, [
        4, 255, 0, 238, 35, 5, 208, 0, -3, 6, 5, 15, 64009, (2n << 8n) | 250n, 0, 0xffffffffn << 4n, 65530, 1, false, 64000, -128, true,
      ]);
      assert.equal(r.m['big'], 0xffffffffn * 3n);
    });
  });

  describe('tables', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
      parser: ETH_IP_PARSER,
      control: `control MyC(inout headers h, inout meta_t m) {
        action set_b(bit<8> v) { m.b = v; }
        action add_w(bit<32> d) { m.w = m.w + d; }
        action mark() { m.flag = true; }
        table t_exact { key = { h.ip.addr: exact; } actions = { set_b; mark; NoAction; } default_action = NoAction(); }
        table t_lpm { key = { h.ip.addr: lpm; } actions = { add_w; } default_action = add_w(100); }
        table t_const {
          key = { h.ip.proto: ternary; }
          actions = { set_b; NoAction; }
          const entries = { 0x06 &&& 0xff : set_b(66); _ : set_b(1); }
        }
        apply {
          if (t_exact.apply().hit) { trace(8w1); } else { trace(8w0); }
          switch (t_lpm.apply().action_run) { add_w: { trace(m.w); } }
          if (!m.flag) { t_const.apply(); }
          trace(m.b);
        }
      }`,
      });
    });
    const exact = (): TableRuntime => p.instance.tables.get('MyC.t_exact') as TableRuntime;

    it('registers every table under its qualified name with its spec', () => {
      assert.deepEqual([...p.instance.tables.keys()].sort(), ['MyC.t_const', 'MyC.t_exact', 'MyC.t_lpm']);
      assert.deepEqual(exact().spec.keys.map((k) => [k.name, k.matchKind, k.width]), [['h.ip.addr', 'exact', 32]]);
      assert.deepEqual(exact().spec.actions.map((a) => a.name), ['MyC.set_b', 'MyC.mark', 'NoAction']);
      const c = p.instance.tables.get('MyC.t_const')!;
      assert.equal(c.spec.constEntries.length, 2);
      assert.equal(c.spec.entriesConst, true);
      assert.deepEqual(p.instance.tables.get('MyC.t_lpm')!.spec.defaultAction, { action: 'MyC.add_w', args: [100n] });
    });

    it('miss runs the default action; hit runs the entry action with its arguments', () => {
      const miss = p.run(ethIp(1, 6, 0x0a000001));
      assert.deepEqual(miss.trace, [0, 100, 66]);
      exact().insert(exactEntry([0x0a000001n], 'MyC.set_b', [42n]));
      const hit = p.run(ethIp(1, 17, 0x0a000001));
      // t_const then overrides b: proto 17 matches only the wildcard entry.
      assert.deepEqual(hit.trace, [1, 100, 1]);
      exact().insert(exactEntry([0x0a000002n], 'MyC.mark'));
      const marked = p.run(ethIp(1, 6, 0x0a000002));
      assert.deepEqual(marked.trace, [1, 100, 0]);
      assert.equal(marked.m['flag'], true);
    });
  });

  describe('actions, functions, exit and return', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
      parser: ETH_IP_PARSER,
      extra: 'bit<8> twice(in bit<8> v, out bit<8> plus) { plus = v + 1; return v + v; }',
      control: `control MyC(inout headers h, inout meta_t m) {
        action inc(inout bit<8> x) { x = x + 1; m.b = 77; }
        action leave(inout bit<32> w) { w = 5; exit; }
        apply {
          m.b = 10;
          inc(m.b);
          trace(m.b);
          bit<8> q;
          trace(twice(m.b, q));
          trace(q);
          bit<8> u;
          trace(u);
          if (h.ip.proto == 1) { return; }
          if (h.ip.proto == 2) { leave(m.w); }
          trace(8w99);
        }
      }`,
      });
    });

    it('copy-out overwrites writes made through the same location; uninitialised locals are 0', () => {
      assert.deepEqual(p.run(ethIp(1, 3, 0)).trace, [11, 22, 12, 0, 99]);
    });

    it('return leaves the control', () => {
      assert.deepEqual(p.run(ethIp(1, 1, 0)).trace, [11, 22, 12, 0]);
    });

    it('exit leaves the control and still copies out the action\'s inout argument', () => {
      const r = p.run(ethIp(1, 2, 0));
      assert.deepEqual(r.trace, [11, 22, 12, 0]);
      assert.equal(r.m['w'], 5);
    });
  });

  describe('header stacks and unions in controls', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
      parser: `parser MyP(packet_in pkt, out headers h, inout meta_t m) {
        state start { pkt.extract(h.eth); transition labels; }
        state labels { pkt.extract(h.labels.next); transition select(h.labels.last.bos) { 1: ab; default: labels; } }
        state ab { pkt.extract(h.ab.a); transition accept; }
      }`,
      control: `control MyC(inout headers h, inout meta_t m) {
        apply {
          h.labels.push_front(1);
          trace(h.labels[0].isValid());
          trace(h.labels[1].value);
          trace(h.labels.lastIndex);
          h.labels[0].setValid();
          h.labels[0].value = 9;
          h.labels.pop_front(2);
          trace(h.labels[0].value);
          trace(h.labels[1].isValid());
          trace(h.labels[1].value);
          trace(h.ab.a.isValid());
          h.ab.b.setValid();
          trace(h.ab.a.isValid());
          trace(h.ab.isValid());
          h.ab.b.setInvalid();
          trace(h.ab.isValid());
        }
      }`,
      });
    });

    it('push_front/pop_front shift elements and invalidate the rest; union members exclude each other', () => {
      const r = p.run(hexBytes(`${ETH} 0000 02 05 07`));
      assert.deepEqual(r.trace, [false, 1, 2, 2, false, 0, true, false, true, false]);
      assert.equal((r.h['labels'] as StackValue).nextIndex, 1);
    });
  });

  describe('extern objects and sub-controls', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
      parser: ETH_IP_PARSER,
      extra: `Store<bit<32>>(2) shared;
      control Sub(inout meta_t m)(bit<8> k) {
        table st { key = { m.b: exact; } actions = { NoAction; } }
        apply { m.b = m.b + k; st.apply(); }
      }`,
      deparser: `control MyD(packet_out pkt, in headers h) { apply { trace(shared.read(0)); } }`,
      control: `control MyC(inout headers h, inout meta_t m) {
        Store<bit<32>>(4) store;
        Sub(8w5) s1;
        Sub(8w7) s2;
        apply {
          store.write(1, h.ip.addr);
          store.get(1, m.w);
          trace(m.w);
          trace(store.read(1) + 1);
          m.b = 1;
          s1.apply(m);
          trace(m.b);
          s2.apply(m);
          trace(m.b);
          shared.write(0, 77);
        }
      }`,
      });
    });

    it('binds extern instances by qualified name, copies out out-arguments, applies sub-controls (one control, two instances)', () => {
      const r = p.run(ethIp(1, 1, 1234));
      // The deparser reads what the control wrote into the top-level instance both use.
      assert.deepEqual(r.trace, [1234, 1235, 6, 13, 77]);
      assert.ok(p.instance.externs.has('MyC.store'));
      assert.ok(p.instance.externs.has('shared'));
      // One table per instance of the twice-instantiated control.
      assert.ok(p.instance.tables.has('MyC.s1.st'));
      assert.ok(p.instance.tables.has('MyC.s2.st'));
      assert.notEqual(p.instance.tables.get('MyC.s1.st'), p.instance.tables.get('MyC.s2.st'));
    });
  });

  describe('compile-time refusals', () => {
    it('a table with an action selector matches on its match keys only (selector inputs are hash inputs)', () => {
      const source = `#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; }
struct hs { h_t h; }
struct ms { }
parser P(packet_in pkt, out hs h, inout ms m, inout standard_metadata_t sm) { state start { pkt.extract(h.h); transition accept; } }
control V(inout hs h, inout ms m) { apply { } }
control I(inout hs h, inout ms m, inout standard_metadata_t sm) {
  action a() { }
  table t { key = { h.h.a: exact; h.h.a: selector; } actions = { a; } implementation = action_selector(HashAlgorithm.crc16, 32w16, 32w8); }
  apply { t.apply(); }
}
control E(inout hs h, inout ms m, inout standard_metadata_t sm) { apply { } }
control K(inout hs h, inout ms m) { apply { } }
control D(packet_out pkt, in hs h) { apply { pkt.emit(h.h); } }
V1Switch(P(), V(), I(), E(), K(), D()) main;`;
      const kinds: string[][] = [];
      compileProgram(frontendSource(source, 'sel.p4'), {
        tableFactory: (spec) => {
          kinds.push(spec.keys.map((k) => k.matchKind));
          return new ScanTable(spec);
        },
      }).instantiate(new TestArch());
      assert.deepEqual(kinds, [['exact']]);
    });

    it('division by a constant zero names the source location', () => {
      assert.throws(
        () => pipeline({ control: `control MyC(inout headers h, inout meta_t m) { apply { m.w = m.w / 0; } }` }),
        (e: Error) => /test\.p4:\d+:\d+: .*by zero/.test(e.message) || (e instanceof BackendError && e.loc !== undefined),
      );
    });
  });
});
