// Packets per second through the whole simulator: a v1model program with a parser
// (Ethernet, IPv4, TCP/UDP), three tables (LPM routing, ternary ACL, exact MAC rewrite), a
// register read-modify-write and an IPv4 checksum update, compiled by the front end and
// the back end and run by the v1model pipeline on one core.
import { compileProgram } from '../src/sim/backend/compile.js';
import { frontendSource } from '../src/sim/frontend/frontend.js';
import { V1ModelPipeline } from '../src/sim/arch/v1model/pipeline.js';
import { V1PacketState } from '../src/sim/arch/v1model/packet-state.js';
import { defaultMaker } from '../src/sim/backend/values.js';
import type { Value } from '../src/sim/runtime/abi.js';
import { createTable } from '../src/sim/runtime/table.js';
import { L3_PROGRAM } from '../test/sim/backend/support/l3-program.js';
import { tableEntry } from '../test/sim/backend/support/test-tables.js';


const t0 = process.hrtime.bigint();
const checked = frontendSource(L3_PROGRAM, 'bench.p4');
const t1 = process.hrtime.bigint();
const compiled = compileProgram(checked, { tableFactory: createTable });
const t2 = process.hrtime.bigint();
const sw = new V1ModelPipeline(compiled);
console.log(`front end ${Number(t1 - t0) / 1e6} ms, back end ${Number(t2 - t1) / 1e6} ms`);

const tables = sw.program.tables;
const routes = tables.get('MyIngress.routes')!;
for (let i = 0; i < 1000; i++) {
  routes.insert(tableEntry([{ kind: 'lpm', value: BigInt(((10 << 24) | (i << 8)) >>> 0), prefixLength: 24 }], 'MyIngress.forward', [BigInt(0x020000000000 + i), BigInt(1 + (i % 8))]));
}
const acl = tables.get('MyIngress.acl')!;
for (let i = 0; i < 100; i++) {
  acl.insert(tableEntry([{ kind: 'ternary', value: BigInt(((192 << 24) | (168 << 16) | i) >>> 0), mask: 0xffffffffn }, { kind: 'ternary', value: 22n, mask: 0xffffn }], 'MyIngress.drop', [], 100 - i));
}
const smac = tables.get('MyIngress.smac')!;
for (let p = 1; p <= 8; p++) smac.insert(tableEntry([{ kind: 'exact', value: BigInt(p) }], 'MyIngress.set_smac', [BigInt(0x0a0000000000 + p)]));

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

// The compiled parser and ingress alone (what the back end generates plus the extract,
// table and register run-time they call), without the pipeline's plumbing, checksum and
// deparser: the share of the per-packet cost that belongs to compiled code.
const [parserBlock, , ingressBlock] = sw.program.blocks;
const fresh = (i: number): Value[] => [
  undefined as unknown as Value,
  defaultMaker(parserBlock!.params[1]!.type)(),
  defaultMaker(parserBlock!.params[2]!.type)(),
  { ...(defaultMaker(parserBlock!.params[3]!.type)() as Record<string, Value>), ingress_port: i % 8 },
];
const blocksStart = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const bytes = packets[i & 1023]!;
  const ctx = { arch: new V1PacketState(bytes, bytes.length) };
  const args = fresh(i);
  parserBlock!.run(args, ctx);
  ingressBlock!.run([args[1]!, args[2]!, args[3]!], ctx);
}
const blockSeconds = Number(process.hrtime.bigint() - blocksStart) / 1e9;
console.log(`compiled parser + ingress alone: ${Math.round(N / blockSeconds).toLocaleString('en')} packets/s, ${(blockSeconds * 1e6 / N).toFixed(2)} µs/packet`);
