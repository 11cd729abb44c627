// More language constructs through the front end and the back end: value sets,
// sub-parsers, lookahead/advance, switch, enums, copies of aggregates, evaluation order,
// keyless and bool-keyed tables, exit from a table action.
import assert from 'node:assert/strict';
import type { CallStmt, ControlDecl, Expression } from '../../../src/sim/frontend/ast.js';
import type { HeaderValue, StackValue, TableRuntime } from '../../../src/sim/runtime/abi.js';
import { P4RuntimeError } from '../../../src/sim/runtime/abi.js';
import { ETH, ETH_IP_PARSER, ethIp, hexBytes, pipeline, type Pipeline } from './support/pipeline.js';
import { exactEntry } from './support/test-tables.js';

describe('sim backend: more language constructs', () => {
  describe('parser features', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
        extra: `parser IpParser(packet_in pkt, out ip_t ip) {
          state start { pkt.extract(ip); transition accept; }
        }`,
        parser: `parser MyP(packet_in pkt, out headers h, inout meta_t m) {
          value_set<bit<16>>(4) special;
          IpParser() ipp;
          state start {
            pkt.extract(h.eth);
            transition select(h.eth.type) { special: skip; 0x0800: ip; default: peek; }
          }
          state ip { ipp.apply(pkt, h.ip); transition accept; }
          state skip { pkt.advance(8); pkt.extract(h.ab.a); transition accept; }
          state peek {
            m.b = pkt.lookahead<bit<8>>();
            transition select(pkt.lookahead<bit<8>>()) { 0x45: ab; default: accept; }
          }
          state ab { pkt.extract(h.ab.a); transition accept; }
        }`,
      });
    });

    it('a sub-parser extracts into the caller\'s header', () => {
      const r = p.run(ethIp(9, 6, 77));
      assert.equal((r.h['ip'] as HeaderValue)['addr'], 77);
    });

    it('value sets match the members the control plane adds', () => {
      const bytes = hexBytes(`${ETH} 1234 ff 2a`);
      assert.equal((p.run(bytes).h['ab'] as Record<string, HeaderValue>)['a']!.$valid, false);
      p.instance.valueSets.get('MyP.special')!.members.push([{ kind: 'exact', value: 0x1234n }]);
      const r = p.run(bytes);
      assert.equal((r.h['ab'] as Record<string, HeaderValue>)['a']!['x'], 0x2a);
    });

    it('lookahead reads without consuming', () => {
      const r = p.run(hexBytes(`${ETH} 4444 45`));
      assert.equal(r.m['b'], 0x45);
      assert.equal((r.h['ab'] as Record<string, HeaderValue>)['a']!['x'], 0x45);
    });
  });

  describe('statements and values', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
        parser: ETH_IP_PARSER,
        extra: `enum Color { Red, Green }
          enum bit<8> Proto { TCP = 6, UDP = 17 }
          bit<8> incr(inout bit<8> v) { v = v + 1; return v; }`,
        control: `control MyC(inout headers h, inout meta_t m) {
          apply {
            switch (h.ip.proto) {
              1: { trace(8w1); }
              2:
              3: { trace(8w23); }
              default: { trace(8w0); }
            }
            Color c = Color.Green;
            trace(c == Color.Green);
            Proto pr = (Proto)h.ip.proto;
            trace(pr == Proto.TCP);
            meta_t copy = m;
            copy.b = 5;
            trace(m.b);
            headers h2 = h;
            h2.ip.ttl = 1;
            trace(h.ip.ttl);
            trace(h2.ip == h.ip);
            h2.ip.ttl = h.ip.ttl;
            trace(h2.ip == h.ip);
            bit<8> x = 1;
            trace(x + incr(x));
            trace(x);
          }
        }`,
      });
    });

    it('switch with grouped labels and default, enums, aggregate copies, left-to-right evaluation', () => {
      assert.deepEqual(p.run(ethIp(9, 3, 0)).trace, [23, true, false, 0, 9, false, true, 3, 2]);
      assert.deepEqual(p.run(ethIp(9, 6, 0)).trace.slice(0, 3), [0, true, true]);
      assert.deepEqual(p.run(ethIp(9, 1, 0)).trace.slice(0, 1), [1]);
    });
  });

  describe('tables: keyless, bool keys, signed parameters, exit from an action', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
        parser: ETH_IP_PARSER,
        control: `control MyC(inout headers h, inout meta_t m) {
          action stop() { exit; }
          action set_s(int<8> v) { m.s = v; }
          table by_valid { key = { h.ip.isValid(): exact; } actions = { set_s; NoAction; } default_action = NoAction(); }
          table always { actions = { stop; NoAction; } default_action = NoAction(); }
          apply {
            by_valid.apply();
            trace(m.s);
            if (h.ip.proto == 99) { always.apply(); }
            trace(8w7);
          }
        }`,
      });
    });

    it('a bool key matches 1 for true; a signed action parameter is sign-extended', () => {
      (p.instance.tables.get('MyC.by_valid') as TableRuntime).insert(exactEntry([1n], 'MyC.set_s', [0xfen]));
      assert.deepEqual(p.run(ethIp(1, 1, 0)).trace, [-2, 7]);
    });

    it('exit in an action applied by a table leaves the control', () => {
      (p.instance.tables.get('MyC.always') as TableRuntime).setDefaultAction({ action: 'MyC.stop', args: [] });
      assert.deepEqual(p.run(ethIp(1, 99, 0)).trace, [-2]);
    });
  });

  describe('copy semantics and conditional evaluation', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
        parser: ETH_IP_PARSER,
        extra: `void reset(out ip_t tmp) { }
          bit<8> bump(inout bit<8> v) { v = v + 1; if (v > 8w100) { return 8w100; } return v; }`,
        control: `control MyC(inout headers h, inout meta_t m) {
          action keep_old(in bit<8> x) { h.ip.ttl = 5; h.ip.proto = x; }
          apply {
            keep_old(h.ip.ttl);
            trace(h.ip.proto);
            m.b = 1;
            trace(h.ip.ttl == 8w200 ? bump(m.b) : bump(m.b) + 8w10);
            trace(m.b);
            if (h.eth.type == 16w1 && bump(m.b) == 8w0) { trace(8w0); }
            trace(m.b);
            int<8> s = -8s3;
            trace(s[7:4]);
            trace(s[3:0] ++ 4w1);
            trace(s ++ 4w1);
            reset(h.ip);
            trace(h.ip.isValid());
            trace(h.ip.addr);
          }
        }`,
      });
    });

    it('in arguments are copies; only the chosen branch and the needed operand are evaluated; out headers start invalid', () => {
      const r = p.run(ethIp(9, 1, 0x01020304));
      assert.deepEqual(r.trace, [9, 12, 2, 2, 15, 0xd1, -47, false, 0]);
    });
  });

  describe('sub-blocks: aliasing and errors', () => {
    let p: Pipeline;
    before(() => {
      p = pipeline({
        extra: `parser Inner(packet_in pkt, out ip_t ip) {
            state start { pkt.extract(ip); verify(ip.ttl != 0, error.NoMatch); transition accept; }
          }
          control Both(inout headers a, inout ip_t b) {
            apply { b.ttl = 7; trace(a.ip.ttl); a.ip.ttl = 9; a.eth.type = 0x1111; }
          }
          control One(inout headers a) {
            apply { a.ip.proto = 42; if (a.ip.ttl == 3) { exit; } a.ip.proto = 43; }
          }`,
        parser: `parser MyP(packet_in pkt, out headers h, inout meta_t m) {
          Inner() inner;
          state start { pkt.extract(h.eth); inner.apply(pkt, h.ip); transition accept; }
        }`,
        control: `control MyC(inout headers h, inout meta_t m) {
          Both() both;
          One() one;
          apply {
            both.apply(h, h.ip);
            trace(h.ip.ttl);
            trace(h.eth.type);
            h.ip.ttl = h.ip.proto;
            one.apply(h);
            trace(h.ip.proto);
          }
        }`,
      });
    });

    it('overlapping arguments keep copy-in/copy-out order; a lone argument gets the callee\'s writes', () => {
      const r = p.run(ethIp(1, 4, 0));
      assert.deepEqual(r.trace, [1, 7, 0x1111, 43]);
    });

    it('exit inside a sub-control still copies its argument out', () => {
      // proto 3 -> ttl 3 -> One exits after writing proto 42; the control's trace after it never runs.
      const r = p.run(ethIp(5, 3, 0));
      assert.deepEqual(r.trace, [5, 7, 0x1111]);
      assert.equal((r.h['ip'] as HeaderValue)['proto'], 42);
    });

    it('a parser error in a sub-parser keeps what it extracted', () => {
      const r = p.run(ethIp(0, 3, 0));
      assert.equal(r.parserError, 'NoMatch');
      assert.equal((r.h['ip'] as HeaderValue).$valid, true);
    });
  });

  describe('run-time header stack indices in a control', () => {
    // The front end accepts only constant stack indices so far; the test turns the
    // constant indices of the checked program into `h.ip.ttl` to reach the back end's
    // run-time index path.
    let p: Pipeline;
    before(() => {
      p = pipeline({
        parser: ETH_IP_PARSER,
        control: `control MyC(inout headers h, inout meta_t m) {
          apply {
            trace(h.ip.ttl);
            h.labels[0].setValid();
            h.labels[0].value = 5;
            trace(h.labels[0].value);
            trace(h.labels[0].isValid());
          }
        }`,
        patch: (checked) => {
          const control = checked.main!.blocks[1]!.decl as ControlDecl;
          const [first, ...rest] = control.body.stmts;
          const ttl = ((first as CallStmt).call.argsInParamOrder![0])!;
          const visit = (node: unknown): void => {
            if (typeof node !== 'object' || node === null) return;
            const n = node as { kind?: string; index?: unknown };
            if (n.kind === 'IndexExpr') (n as { index: Expression }).index = ttl;
            for (const [k, v] of Object.entries(n)) if (k !== 'type' && k !== 'ref' && k !== 'target' && k !== 'access') visit(v);
          };
          visit(rest);
        },
      });
    });

    it('an index in range reads and writes that element', () => {
      assert.deepEqual(p.run(ethIp(1, 0, 0)).trace, [1, 5, true]);
    });

    it('an index out of range reads an invalid header and drops writes', () => {
      const r = p.run(ethIp(7, 0, 0));
      assert.deepEqual(r.trace, [7, 0, false]);
      assert.ok((r.h['labels'] as StackValue).elements.every((e) => !e.$valid));
    });
  });

  describe('parser loops', () => {
    it('a parser that cycles without consuming stops with a P4RuntimeError instead of hanging', () => {
      const p = pipeline({
        parser: `parser MyP(packet_in pkt, out headers h, inout meta_t m) {
          state start { transition select(m.b) { 0: spin; default: accept; } }
          state spin { transition start; }
        }`,
      });
      assert.throws(() => p.run(ethIp(1, 1, 1)), (e: Error) => e instanceof P4RuntimeError && /parser MyP took more than/.test(e.message));
    });
  });
});
