// Packets per second through the whole simulator: a v1model program with a parser
// (Ethernet, IPv4, TCP/UDP), three tables (LPM routing, ternary ACL, exact MAC rewrite), a
// register read-modify-write and an IPv4 checksum update, compiled by the front end and
// the back end and run by the v1model pipeline on one core.
import { compileProgram } from '../src/sim/backend/compile.js';
import { frontendSource } from '../src/sim/frontend/frontend.js';
import { V1ModelPipeline } from '../src/sim/arch/v1model/pipeline.js';
import type { TableEntry } from '../src/sim/runtime/abi.js';
import { createTable } from '../src/sim/runtime/table.js';

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>

header ethernet_t { bit<48> dst; bit<48> src; bit<16> etherType; }
header ipv4_t {
  bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> totalLen; bit<16> identification;
  bit<3> flags; bit<13> fragOffset; bit<8> ttl; bit<8> protocol; bit<16> hdrChecksum;
  bit<32> srcAddr; bit<32> dstAddr;
}
header l4_t { bit<16> srcPort; bit<16> dstPort; }
struct headers { ethernet_t eth; ipv4_t ipv4; l4_t l4; }
struct metadata { bit<32> count; }

parser MyParser(packet_in pkt, out headers h, inout metadata m, inout standard_metadata_t sm) {
  state start { pkt.extract(h.eth); transition select(h.eth.etherType) { 0x0800: ipv4; default: accept; } }
  state ipv4 { pkt.extract(h.ipv4); transition select(h.ipv4.protocol) { 6: l4; 17: l4; default: accept; } }
  state l4 { pkt.extract(h.l4); transition accept; }
}

control MyVerify(inout headers h, inout metadata m) { apply { } }

control MyIngress(inout headers h, inout metadata m, inout standard_metadata_t sm) {
  register<bit<32>>(512) port_packets;
  action drop() { mark_to_drop(sm); }
  action forward(bit<48> nextHop, bit<9> port) {
    sm.egress_spec = port;
    h.eth.dst = nextHop;
    h.ipv4.ttl = h.ipv4.ttl - 1;
  }
  action set_smac(bit<48> mac) { h.eth.src = mac; }
  table routes { key = { h.ipv4.dstAddr: lpm; } actions = { forward; drop; } default_action = drop(); size = 4096; }
  table acl {
    key = { h.ipv4.srcAddr: ternary; h.l4.dstPort: ternary; }
    actions = { drop; NoAction; }
    default_action = NoAction();
  }
  table smac { key = { sm.egress_spec: exact; } actions = { set_smac; NoAction; } default_action = NoAction(); }
  apply {
    if (!h.ipv4.isValid()) { drop(); exit; }
    routes.apply();
    if (acl.apply().hit) { return; }
    smac.apply();
    bit<32> n;
    port_packets.read(n, (bit<32>)sm.ingress_port);
    port_packets.write((bit<32>)sm.ingress_port, n + 1);
    m.count = n + 1;
  }
}

control MyEgress(inout headers h, inout metadata m, inout standard_metadata_t sm) { apply { } }

control MyComputeChecksum(inout headers h, inout metadata m) {
  apply {
    update_checksum(h.ipv4.isValid(),
      { h.ipv4.version, h.ipv4.ihl, h.ipv4.diffserv, h.ipv4.totalLen, h.ipv4.identification,
        h.ipv4.flags, h.ipv4.fragOffset, h.ipv4.ttl, h.ipv4.protocol, h.ipv4.srcAddr, h.ipv4.dstAddr },
      h.ipv4.hdrChecksum, HashAlgorithm.csum16);
  }
}

control MyDeparser(packet_out pkt, in headers h) { apply { pkt.emit(h.eth); pkt.emit(h.ipv4); pkt.emit(h.l4); } }

V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyComputeChecksum(), MyDeparser()) main;
`;

function entry(matches: TableEntry['matches'], action: string, args: bigint[], priority = 0): TableEntry {
  return { matches, priority, action: { action, args }, idleTimeoutNs: 0n, controllerMetadata: 0n };
}

const t0 = process.hrtime.bigint();
const checked = frontendSource(PROGRAM, 'bench.p4');
const t1 = process.hrtime.bigint();
const compiled = compileProgram(checked, { tableFactory: createTable });
const t2 = process.hrtime.bigint();
const sw = new V1ModelPipeline(compiled);
console.log(`front end ${Number(t1 - t0) / 1e6} ms, back end ${Number(t2 - t1) / 1e6} ms`);

const tables = sw.program.tables;
const routes = tables.get('MyIngress.routes')!;
for (let i = 0; i < 1000; i++) {
  routes.insert(entry([{ kind: 'lpm', value: BigInt(((10 << 24) | (i << 8)) >>> 0), prefixLength: 24 }], 'MyIngress.forward', [BigInt(0x020000000000 + i), BigInt(1 + (i % 8))]));
}
const acl = tables.get('MyIngress.acl')!;
for (let i = 0; i < 100; i++) {
  acl.insert(entry([{ kind: 'ternary', value: BigInt(((192 << 24) | (168 << 16) | i) >>> 0), mask: 0xffffffffn }, { kind: 'ternary', value: 22n, mask: 0xffffn }], 'MyIngress.drop', [], 100 - i));
}
const smac = tables.get('MyIngress.smac')!;
for (let p = 1; p <= 8; p++) smac.insert(entry([{ kind: 'exact', value: BigInt(p) }], 'MyIngress.set_smac', [BigInt(0x0a0000000000 + p)]));

function packet(i: number): Uint8Array {
  const b = new Uint8Array(14 + 20 + 4 + 26);
  const v = new DataView(b.buffer);
  v.setUint16(12, 0x0800);
  b[14] = 0x45;
  v.setUint16(16, 20 + 4 + 26);
  b[22] = 64;
  b[23] = 6;
  v.setUint32(26, (172 << 24) | (16 << 16) | i);
  v.setUint32(30, ((10 << 24) | ((i % 1000) << 8) | 7) >>> 0);
  v.setUint16(34, 1024 + i);
  v.setUint16(36, 80);
  return b;
}
const packets = Array.from({ length: 1024 }, (_, i) => packet(i));

let forwarded = 0;
const warm = sw.process(0, packets[0]!);
if (warm.length !== 1) throw new Error(`expected one output packet, got ${warm.length}`);
for (let i = 0; i < 50_000; i++) forwarded += sw.process(i % 8, packets[i & 1023]!).length;

const N = 500_000;
forwarded = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < N; i++) forwarded += sw.process(i % 8, packets[i & 1023]!).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`v1model pipeline (parser, 3 tables, register, checksum): ${Math.round(N / seconds).toLocaleString('en')} packets/s, ${(seconds * 1e6 / N).toFixed(2)} µs/packet, ${forwarded} forwarded`);
