import assert from 'node:assert/strict';
import type { TableSpec } from '../../../src/sim/runtime/abi.js';
import { parseStf, StfSyntaxError } from '../../../src/sim/stf/stf-parser.js';
import { stfActionArgs, stfKeyMatches } from '../../../src/sim/stf/stf-keys.js';
import { fileURLToPath } from 'node:url';
import { SoftwareSwitch } from '../../../src/sim/switch.js';
import { comparePacket, formatStfResult, StfRunner } from '../../../src/sim/stf/stf-runner.js';

const spec: TableSpec = {
  name: 'MyIngress.t',
  keys: [
    { name: 'hdr.ipv4.dstAddr', matchKind: 'lpm', width: 32, annotations: [] },
    { name: 'hdr.ipv4.protocol', matchKind: 'ternary', width: 8, annotations: [] },
    { name: 'meta.port', matchKind: 'range', width: 16, annotations: [] },
    { name: 'hdr.vlan[0].vid', matchKind: 'exact', width: 12, annotations: [] },
    { name: 'hdr.opt.$valid$', matchKind: 'exact', width: 1, annotations: [] },
  ],
  actions: [{ name: 'MyIngress.set', params: [{ name: 'port', width: 9 }], scope: 'table_and_default', annotations: [] }],
  size: 10,
  defaultAction: { action: 'MyIngress.set', args: [0n] },
  defaultActionConst: false,
  entriesConst: false,
  constEntries: [],
  supportsIdleTimeout: false,
  annotations: [],
};

describe('sim STF: parser and value forms', () => {
  it('parses every command with line numbers, ignoring comments and blank lines', () => {
    const cmds = parseStf(
      [
        '# a comment',
        'add t 5 dstAddr:10.0.0.0/8 protocol:0x0*  set(port:3)',
        'setdefault MyIngress.t set(port:0x1)',
        '',
        'packet 0 0102 03   # trailing comment',
        'expect 1 01** 03$',
        'expect 2',
        'mc_mgrp_create 1',
        'mc_node_create 0 1 2',
        'mc_node_associate 1 0',
        'mirroring_add 5 7',
        'register_write r 1 0x10',
        'register_read r 1 16',
        'register_reset r',
        'check_counter c(2) bytes >= 64',
        'wait',
      ].join('\n'),
    );
    assert.equal(cmds.length, 14);
    const add = cmds[0]!;
    assert.ok(add.kind === 'add');
    assert.equal(add.line, 2);
    assert.equal(add.priority, 5);
    assert.deepEqual(add.keys, [{ name: 'dstAddr', value: '10.0.0.0/8' }, { name: 'protocol', value: '0x0*' }]);
    assert.deepEqual(add.action, { name: 'set', args: [{ name: 'port', value: '3' }] });
    const packet = cmds[2]!;
    assert.ok(packet.kind === 'packet');
    assert.deepEqual([...packet.bytes], [1, 2, 3]);
    const expect = cmds[3]!;
    assert.ok(expect.kind === 'expect');
    assert.deepEqual(expect.packet, { nibbles: '01**03', exactLength: true });
    assert.deepEqual(cmds[4], { line: 7, kind: 'expect', port: 2, packet: undefined });
    assert.deepEqual(cmds[12], { line: 15, kind: 'check_counter', counter: 'c', cell: { index: 2 }, check: { field: 'bytes', comparison: '>=', value: 64n } });
  });

  it("accepts p4c's grammar extras: case-insensitive commands, '= id', check_counter on $id, remove all, no_packet", () => {
    const cmds = parseStf(['ADD t k:1 a(x:2) = E1', 'Check_Counter dc($E1) PACKETS == 3', 'check_counter c(4)', 'remove all', 'NO_PACKET', 'Wait'].join('\n'));
    assert.deepEqual(
      cmds.map((c) => c.kind),
      ['add', 'check_counter', 'check_counter', 'remove_all', 'no_packet', 'wait'],
    );
    const add = cmds[0]!;
    assert.ok(add.kind === 'add');
    assert.equal(add.id, 'E1');
    assert.deepEqual(add.action, { name: 'a', args: [{ name: 'x', value: '2' }] });
    assert.deepEqual(cmds[1], { line: 2, kind: 'check_counter', counter: 'dc', cell: { entryId: 'E1' }, check: { field: 'packets', comparison: '==', value: 3n } });
    assert.deepEqual(cmds[2], { line: 3, kind: 'check_counter', counter: 'c', cell: { index: 4 }, check: undefined });
    assert.throws(() => parseStf('remove t'), /only 'remove all'/);
  });

  it('reports the line of a syntax error', () => {
    assert.throws(() => parseStf('packet 0 00\nexpect x 00', 'f.stf'), (e: unknown) => e instanceof StfSyntaxError && e.line === 2 && /f\.stf:2: port/.test(e.message));
    assert.throws(() => parseStf('packet 0 0g'), /hex digits/);
    // A lone last digit is a byte of its own, as p4c's runner reads it.
    const odd = parseStf('packet 0 012')[0]!;
    assert.ok(odd.kind === 'packet');
    assert.deepEqual([...odd.bytes], [0x01, 0x02]);
    assert.throws(() => parseStf('add t k:1 noparens'), /action call/);
    assert.deepEqual(parseStf('\nfrobnicate 1 2'), [{ line: 2, kind: 'unknown', command: 'frobnicate' }]);
  });

  it('converts key values as p4c does: * nibbles, /len, &&&, ->, defaults; suffix names', () => {
    const m = stfKeyMatches(spec, [
      { name: 'dstAddr', value: '0x0a00****' },
      { name: 'protocol', value: '0x*6' },
      { name: 'hdr.vlan$0.vid', value: '5' },
    ]);
    assert.deepEqual(m, [
      { kind: 'lpm', value: 0x0a000000n, prefixLength: 16 },
      { kind: 'ternary', value: 6n, mask: 0x0fn },
      { kind: 'range', low: 0n, high: 0xffffn },
      { kind: 'exact', value: 5n },
      { kind: 'exact', value: 0n },
    ]);
    for (const spelling of ['hdr.opt', 'opt.valid', 'opt.$valid', 'hdr.opt.$valid$']) {
      assert.deepEqual(stfKeyMatches(spec, [{ name: spelling, value: '1' }])[4], { kind: 'exact', value: 1n });
    }
    assert.deepEqual(stfKeyMatches(spec, [{ name: 'protocol', value: '0x11&&&0xf0' }, { name: 'port', value: '10->20' }])[1], { kind: 'ternary', value: 0x11n, mask: 0xf0n });
    // LPM: written hex digits give the prefix (p4c), decimals are full width.
    assert.deepEqual(stfKeyMatches(spec, [{ name: 'dstAddr', value: '0x0a0b0c0d' }])[0], { kind: 'lpm', value: 0x0a0b0c0dn, prefixLength: 32 });
    assert.deepEqual(stfKeyMatches(spec, [{ name: 'dstAddr', value: '0x0a0b' }])[0], { kind: 'lpm', value: 0x0a0bn, prefixLength: 16 });
    assert.deepEqual(stfKeyMatches(spec, [{ name: 'dstAddr', value: '167772160' }])[0], { kind: 'lpm', value: 167772160n, prefixLength: 32 });
    assert.throws(() => stfKeyMatches(spec, [{ name: 'vid', value: '0x1000' }]), /does not fit in 12 bits/);
    assert.throws(() => stfKeyMatches(spec, [{ name: 'nope', value: '1' }]), /no key of table/);
    assert.deepEqual(stfActionArgs(spec, 'set', [{ name: 'port', value: '0x1ff' }]), { action: 'MyIngress.set', args: [511n] });
    assert.throws(() => stfActionArgs(spec, 'set', []), /missing argument port/);
    assert.throws(() => stfActionArgs(spec, 'set', [{ name: 'port', value: '512' }]), /does not fit/);
  });

  it('compares packets with * nibbles and an optional $ end', () => {
    const pkt = Uint8Array.from([0x12, 0x34, 0x56]);
    assert.equal(comparePacket({ nibbles: '12*4', exactLength: false }, pkt), undefined);
    assert.match(comparePacket({ nibbles: '12*4', exactLength: true }, pkt)!, /too long/);
    assert.match(comparePacket({ nibbles: '1235', exactLength: false }, pkt)!, /byte 1 \(nibble 3\): expected 5, got 4/);
    assert.match(comparePacket({ nibbles: '1234567890', exactLength: false }, pkt)!, /too short/);
    // p4c compares nibble by nibble, so an odd-length expectation is a prefix check.
    const odd = parseStf('expect 1 12345')[0]!;
    assert.ok(odd.kind === 'expect' && odd.packet !== undefined);
    assert.equal(comparePacket(odd.packet, pkt), undefined);
  });
});

describe('sim STF: runner port semantics', () => {
  const program = fileURLToPath(new URL('../conformance/programs/basic_forward.p4', import.meta.url));
  const run = (text: string) => new StfRunner(SoftwareSwitch.fromFile(program)).run(parseStf(text));
  const fwd = 'add dmac dstAddr:1 forward(port:3)\n';
  const frame = '000000000001 000000000000 0800';

  it('ignores packets on ports the test never mentions', () => {
    assert.equal(run(`${fwd}packet 1 ${frame}\n`).passed, true);
  });

  it('fails on unexpected packets once no_packet is given, and on extra packets on a mentioned port', () => {
    const r = run(`${fwd}no_packet\npacket 1 ${frame}\n`);
    assert.equal(r.passed, false);
    assert.match(r.failures[0]!.message, /port 3: expected 0 packet\(s\), received 1; unexpected: 000000000001/);
    assert.equal(run(`${fwd}packet 1 ${frame}\npacket 1 ${frame}\nexpect 3 ${frame}\n`).passed, false);
  });

  it('skips unknown commands with a warning, as p4c does', () => {
    const r = run(`meter_set_rates m 0 1:1 2:2\n${fwd}packet 1 ${frame}\nexpect 3 ${frame}\n`);
    assert.equal(r.passed, true);
    assert.match(formatStfResult('t.stf', r), /^PASS t\.stf .*\n  line 1: warning: ignored unknown command 'meter_set_rates'$/);
  });

  it('reports control-plane errors at their line and keeps going', () => {
    const r = run(`add dmac dstAddr:1 forward(port:3)\nadd dmac dstAddr:1 forward(port:4)\nadd nosuch k:1 a()\npacket 1 ${frame}\nexpect 3 ${frame}\n`);
    assert.deepEqual(r.failures.map((f) => f.line), [2, 3]);
    assert.match(r.failures[0]!.message, /exists/);
    assert.match(r.failures[1]!.message, /no table named nosuch/);
  });
});
