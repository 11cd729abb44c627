import assert from 'node:assert/strict';
import type { TableSpec } from '../../../src/sim/runtime/abi.js';
import { parseStf, StfSyntaxError } from '../../../src/sim/stf/stf-parser.js';
import { stfActionArgs, stfKeyMatches } from '../../../src/sim/stf/stf-keys.js';
import { comparePacket } from '../../../src/sim/stf/stf-runner.js';

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
    assert.deepEqual(cmds[12], { line: 15, kind: 'check_counter', counter: 'c', index: 2, field: 'bytes', comparison: '>=', value: 64n });
  });

  it('reports the line of a syntax error', () => {
    assert.throws(() => parseStf('packet 0 00\nexpect x 00', 'f.stf'), (e: unknown) => e instanceof StfSyntaxError && e.line === 2 && /f\.stf:2: port/.test(e.message));
    assert.throws(() => parseStf('packet 0 012'), /odd number/);
    assert.throws(() => parseStf('add t k:1 noparens'), /action call/);
    assert.throws(() => parseStf('frobnicate'), /unknown STF command/);
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
    for (const spelling of ['hdr.opt', 'opt.valid', 'hdr.opt.$valid$']) {
      assert.deepEqual(stfKeyMatches(spec, [{ name: spelling, value: '1' }])[4], { kind: 'exact', value: 1n });
    }
    assert.deepEqual(stfKeyMatches(spec, [{ name: 'protocol', value: '0x11&&&0xf0' }, { name: 'port', value: '10->20' }])[1], { kind: 'ternary', value: 0x11n, mask: 0xf0n });
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
  });
});
