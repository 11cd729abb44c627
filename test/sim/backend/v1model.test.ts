// The back end driven by the real v1model architecture and run-time tables: a small L3
// router forwards, drops and counts as written.
import assert from 'node:assert/strict';
import { compileProgram } from '../../../src/sim/backend/compile.js';
import { frontendSource } from '../../../src/sim/frontend/frontend.js';
import { RegisterInstance } from '../../../src/sim/arch/v1model/extern-objects.js';
import { V1ModelPipeline } from '../../../src/sim/arch/v1model/pipeline.js';
import { createTable } from '../../../src/sim/runtime/table.js';
import { L3_PROGRAM } from './support/l3-program.js';
import { tableEntry } from './support/test-tables.js';

/** Independent Internet checksum over an IPv4 header (RFC 1071). */
function ipv4Checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += (header[i]! << 8) | header[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function packet(dst: number, dstPort: number, src = 0xac100001): Uint8Array {
  const b = new Uint8Array(14 + 20 + 4 + 6);
  const v = new DataView(b.buffer);
  v.setUint16(12, 0x0800);
  b[14] = 0x45;
  v.setUint16(16, 30);
  b[22] = 64;
  b[23] = 6;
  v.setUint32(26, src);
  v.setUint32(30, dst);
  v.setUint16(34, 1234);
  v.setUint16(36, dstPort);
  b.set([1, 2, 3, 4, 5, 6], 38);
  return b;
}

describe('sim backend on v1model: L3 router', () => {
  let sw: V1ModelPipeline;
  before(() => {
    sw = new V1ModelPipeline(compileProgram(frontendSource(L3_PROGRAM, 'l3.p4'), { tableFactory: createTable }));
    const t = sw.program.tables;
    t.get('MyIngress.routes')!.insert(tableEntry([{ kind: 'lpm', value: 0x0a000100n, prefixLength: 24 }], 'MyIngress.forward', [0x020000000001n, 3n]));
    t.get('MyIngress.acl')!.insert(tableEntry([{ kind: 'ternary', value: 0n, mask: 0n }, { kind: 'ternary', value: 22n, mask: 0xffffn }], 'MyIngress.drop', [], 10));
    t.get('MyIngress.smac')!.insert(tableEntry([{ kind: 'exact', value: 3n }], 'MyIngress.set_smac', [0x0a0000000003n]));
  });

  it('routes: rewrites MACs, decrements TTL, fixes the checksum, keeps the payload', () => {
    const out = sw.process(1, packet(0x0a000107, 80));
    assert.equal(out.length, 1);
    const o = out[0]!;
    assert.equal(o.port, 3);
    const v = new DataView(o.bytes.buffer, o.bytes.byteOffset);
    assert.equal(v.getUint16(0) * 2 ** 32 + v.getUint32(2), 0x020000000001);
    assert.equal(v.getUint16(6) * 2 ** 32 + v.getUint32(8), 0x0a0000000003);
    assert.equal(o.bytes[22], 63);
    const header = o.bytes.slice(14, 34);
    assert.equal(ipv4Checksum(header), 0, 'checksum of the rewritten header verifies');
    assert.deepEqual([...o.bytes.slice(38)], [1, 2, 3, 4, 5, 6]);
  });

  it('drops what no route matches and what the ACL denies; counts per ingress port', () => {
    assert.deepEqual(sw.process(1, packet(0x0b000001, 80)), []);
    assert.deepEqual(sw.process(1, packet(0x0a000107, 22)), []);
    const reg = sw.program.externs.get('MyIngress.port_packets');
    assert.ok(reg instanceof RegisterInstance);
    sw.process(2, packet(0x0a000107, 80));
    sw.process(2, packet(0x0a000107, 80));
    assert.equal(reg.cells.read(2), 2);
    // Port 1: the routed packet and the unrouted one (dropped later) count; the ACL hit returns first.
    assert.equal(reg.cells.read(1), 2);
  });
});
