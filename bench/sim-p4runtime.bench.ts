// P4Runtime write and read rates against the simulator over gRPC on loopback: table
// entries in Write batches of 1,000 (target >= 50,000 entries/s written), then wildcard
// reads of the whole table; then digests: packets whose pipeline digests an lb.p4-sized
// load-report struct, sent to a client as DigestLists. Client and server share this
// process (and so one core), so the figures are a lower bound for a server on its own.
import { type Client, credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import {
  type Entity, P4RuntimeClient, P4RuntimeService, SetForwardingPipelineConfigRequest_Action, StreamMessageRequest, StreamMessageResponse,
  type Update, Update_Type, WriteRequest_Atomicity,
} from '../src/proto/p4/v1/p4runtime.js';
import { startP4RuntimeServer } from '../src/sim/server/server.js';
import { simPipelineLoader } from '../src/sim/server/sim-target.js';

const ENTRIES = 100_000;
const BATCH = 1_000;

const SOURCE = `
#include <core.p4>
#include <v1model.p4>
header ethernet_t { bit<48> dst; bit<48> src; bit<16> etherType; }
header ipv4_t { bit<64> a; bit<32> b; bit<32> srcAddr; bit<32> dstAddr; }
struct headers { ethernet_t eth; ipv4_t ipv4; }
struct metadata { }
parser P(packet_in p, out headers h, inout metadata m, inout standard_metadata_t sm) {
  state start { p.extract(h.eth); p.extract(h.ipv4); transition accept; }
}
control VC(inout headers h, inout metadata m) { apply { } }
control I(inout headers h, inout metadata m, inout standard_metadata_t sm) {
  action forward(bit<9> port, bit<48> mac) { sm.egress_spec = port; h.eth.dst = mac; }
  action drop() { mark_to_drop(sm); }
  table flows {
    key = { h.ipv4.srcAddr: exact; h.ipv4.dstAddr: exact; }
    actions = { forward; drop; }
    default_action = drop();
    size = 1048576;
  }
  apply { flows.apply(); }
}
control E(inout headers h, inout metadata m, inout standard_metadata_t sm) { apply { } }
control CC(inout headers h, inout metadata m) { apply { } }
control D(packet_out p, in headers h) { apply { p.emit(h.eth); p.emit(h.ipv4); } }
V1Switch(P(), VC(), I(), E(), CC(), D()) main;
`;

const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};

function call<Res>(f: (cb: (e: ServiceError | null, r: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => f((e, r) => (e ? reject(e) : resolve(r))));
}

const loader = simPipelineLoader();
const p4info = (await loader({ fileName: 'bench.p4', source: SOURCE })).p4info;
const tableId = p4info.tables[0]!.preamble!.id;
const actionId = p4info.actions.find((a) => a.preamble!.name.endsWith('forward'))!.preamble!.id;

const server = await startP4RuntimeServer({ address: '127.0.0.1:0', deviceId: 1, cpuPort: 255, loader });
const client = new P4RuntimeClient(`127.0.0.1:${server.port}`, credentials.createInsecure(), {
  'grpc.max_receive_message_length': 64 << 20,
});
const stream = client.streamChannel();
const arbitrated = new Promise((resolve) => stream.once('data', resolve));
stream.write({ update: { $case: 'arbitration', value: { deviceId: 1n, role: undefined, electionId: { high: 0n, low: 1n }, status: undefined } } });
await arbitrated;
await call((cb) => client.setForwardingPipelineConfig({
  deviceId: 1n, roleId: 0n, role: '', electionId: { high: 0n, low: 1n },
  action: SetForwardingPipelineConfigRequest_Action.VERIFY_AND_COMMIT,
  config: { p4info, p4DeviceConfig: Buffer.from(SOURCE), cookie: undefined },
}, cb));

function batch(start: number, type: Update_Type): Update[] {
  const updates: Update[] = [];
  for (let i = start; i < start + BATCH; i++) {
    updates.push({
      type,
      entity: {
        entity: {
          $case: 'tableEntry',
          value: {
            tableId, priority: 0, controllerMetadata: 0n, isDefaultAction: false, idleTimeoutNs: 0n, metadata: Buffer.alloc(0), isConst: false,
            match: [
              { fieldId: 1, fieldMatchType: { $case: 'exact', value: { value: u32(0x0a000000 + i) } } },
              { fieldId: 2, fieldMatchType: { $case: 'exact', value: { value: u32(0xc0a80001) } } },
            ],
            action: { type: { $case: 'action', value: { actionId, params: [{ paramId: 1, value: Buffer.of(1, 0) }, { paramId: 2, value: Buffer.of(2, 0, 0, 0, 0, i & 255) }] } } },
          },
        },
      },
    });
  }
  return updates;
}

async function writeAll(type: Update_Type, entries = ENTRIES): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < entries; i += BATCH) {
    const updates = batch(i, type);
    await call((cb) => client.write({ deviceId: 1n, roleId: 0n, role: '', electionId: { high: 0n, low: 1n }, updates, atomicity: WriteRequest_Atomicity.CONTINUE_ON_ERROR }, cb));
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function readAll(): Promise<[number, number]> {
  const start = process.hrtime.bigint();
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    const request: Entity = { entity: { $case: 'tableEntry', value: { tableId, match: [], priority: 0, controllerMetadata: 0n, isDefaultAction: false, idleTimeoutNs: 0n, metadata: Buffer.alloc(0), isConst: false } } };
    const read = client.read({ deviceId: 1n, role: '', entities: [request] });
    read.on('data', (r: { entities: Entity[] }) => (count += r.entities.length));
    read.on('error', reject);
    read.on('end', resolve);
  });
  return [count, Number(process.hrtime.bigint() - start) / 1e9];
}

// Warm-up (JIT, buffers): 20,000 entries in and out, not measured.
await writeAll(Update_Type.INSERT, 20_000);
await writeAll(Update_Type.DELETE, 20_000);

const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} entries/s`;
const inserted = await writeAll(Update_Type.INSERT);
console.log(`write INSERT ${ENTRIES} entries in batches of ${BATCH}: ${inserted.toFixed(2)} s, ${rate(ENTRIES, inserted)} (target >= 50,000)`);
const [count, readSeconds] = await readAll();
console.log(`read ${count} entries (wildcard, streamed): ${readSeconds.toFixed(2)} s, ${rate(count, readSeconds)}`);
const modified = await writeAll(Update_Type.MODIFY);
console.log(`write MODIFY ${ENTRIES} entries: ${modified.toFixed(2)} s, ${rate(ENTRIES, modified)}`);
const deleted = await writeAll(Update_Type.DELETE);
console.log(`write DELETE ${ENTRIES} entries: ${deleted.toFixed(2)} s, ${rate(ENTRIES, deleted)}`);

// ---- Digests: pipeline -> P4Data encoding -> batching -> DigestList bytes on the wire.
// The client takes the lists as raw bytes (no decoding in the timed part), so the figure
// is the server's digest path plus the pipeline that makes the digests; the same packets
// with the digest not configured give the pipeline's share.
const DIGESTS = 100_000;
const LIST_SIZE = 1_000;
const DIGEST_SOURCE = `
#include <core.p4>
#include <v1model.p4>
header report_t { bit<16> server; bit<8> cpu; bit<8> load; bit<48> ts; }
struct headers { report_t r; }
struct metadata { }
struct load_digest_t { bit<16> server; bit<8> cpu_id; bit<8> cpu_load; bit<48> report_timestamp; bit<48> switch_timestamp; bit<1> report_format; }
parser P(packet_in p, out headers h, inout metadata m, inout standard_metadata_t sm) {
  state start { p.extract(h.r); transition accept; }
}
control VC(inout headers h, inout metadata m) { apply { } }
control I(inout headers h, inout metadata m, inout standard_metadata_t sm) {
  apply {
    digest<load_digest_t>(1, { h.r.server, h.r.cpu, h.r.load, h.r.ts, sm.ingress_global_timestamp, 0 });
    mark_to_drop(sm);
  }
}
control E(inout headers h, inout metadata m, inout standard_metadata_t sm) { apply { } }
control CC(inout headers h, inout metadata m) { apply { } }
control D(packet_out p, in headers h) { apply { p.emit(h.r); } }
V1Switch(P(), VC(), I(), E(), CC(), D()) main;
`;
const digestP4Info = (await loader({ fileName: 'digests.p4', source: DIGEST_SOURCE })).p4info;
const digestId = digestP4Info.digests[0]!.preamble!.id;
const DIGEST_ELECTION = { high: 0n, low: 2n };
await call((cb) => client.setForwardingPipelineConfig({
  deviceId: 1n, roleId: 0n, role: '', electionId: { high: 0n, low: 1n },
  action: SetForwardingPipelineConfigRequest_Action.VERIFY_AND_COMMIT,
  config: { p4info: digestP4Info, p4DeviceConfig: Buffer.from(DIGEST_SOURCE), cookie: undefined },
}, cb));

// A StreamChannel whose responses stay bytes; it takes over as primary (election id 2).
const RawP4RuntimeClient = makeGenericClientConstructor({
  streamChannel: { ...P4RuntimeService.streamChannel, responseDeserialize: (bytes: Buffer) => bytes },
}, 'p4.v1.P4Runtime') as unknown as new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client & {
  streamChannel(): import('@grpc/grpc-js').ClientDuplexStream<StreamMessageRequest, Buffer>;
};
const rawClient = new RawP4RuntimeClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
const rawStream = rawClient.streamChannel();
const received: Buffer[] = [];
let onReceived = (): void => undefined;
rawStream.on('data', (bytes: Buffer) => {
  received.push(bytes);
  onReceived();
});
rawStream.write({ update: { $case: 'arbitration', value: { deviceId: 1n, role: undefined, electionId: DIGEST_ELECTION, status: undefined } } });
await new Promise<void>((resolve) => (onReceived = resolve));
received.length = 0;

const digestEntry = (type: Update_Type): Update => ({
  type,
  entity: { entity: { $case: 'digestEntry', value: { digestId, config: { maxTimeoutNs: 1_000_000_000n, maxListSize: LIST_SIZE, ackTimeoutNs: 0n } } } },
});
const writeDigestEntry = (type: Update_Type) => call((cb) => client.write({
  deviceId: 1n, roleId: 0n, role: '', electionId: DIGEST_ELECTION, updates: [digestEntry(type)], atomicity: WriteRequest_Atomicity.CONTINUE_ON_ERROR,
}, cb));
const reportFrame = (i: number): Buffer => {
  const frame = Buffer.alloc(10);
  frame.writeUInt16BE(i % 64, 0);
  frame[2] = (i >> 6) % 16;
  frame[3] = (i * 7) % 256;
  frame.writeUIntBE(0x1234_0000_0000 + i, 4, 6);
  return frame;
};
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Injects `count` distinct reports (from `first`); resolves with the seconds until `lists` lists have arrived. */
async function runDigests(first: number, count: number, lists: number): Promise<number> {
  const frames = Array.from({ length: count }, (_, i) => reportFrame(first + i));
  const start = process.hrtime.bigint();
  const arrived = new Promise<void>((resolve) => {
    onReceived = () => {
      if (received.length >= lists) resolve();
    };
    onReceived();
  });
  for (let i = 0; i < count; i++) {
    server.device.injectPacket(1, frames[i]!);
    if (i % LIST_SIZE === LIST_SIZE - 1) await yieldToIo();
  }
  await arrived;
  return Number(process.hrtime.bigint() - start) / 1e9;
}

await writeDigestEntry(Update_Type.INSERT);
await runDigests(0, 20_000, 20_000 / LIST_SIZE); // warm-up
received.length = 0;
const digestSeconds = await runDigests(1_000_000, DIGESTS, DIGESTS / LIST_SIZE);
const data = received.reduce((sum, bytes) => {
  const update = StreamMessageResponse.decode(bytes).update;
  return sum + (update?.$case === 'digest' ? update.value.data.length : 0);
}, 0);
if (data !== DIGESTS) throw new Error(`${data} digests arrived, not ${DIGESTS}`);
await writeDigestEntry(Update_Type.DELETE);
await runDigests(2_000_000, 20_000, 0); // warm-up, digest not configured
const pipelineSeconds = await runDigests(3_000_000, DIGESTS, 0);
const perDigestUs = ((digestSeconds - pipelineSeconds) / DIGESTS) * 1e6;
const digestRate = (s: number) => `${Math.round(DIGESTS / s).toLocaleString('en-US')} digests/s`;
console.log(`digests: ${DIGESTS} load-report digests to a client in lists of ${LIST_SIZE}: ${digestSeconds.toFixed(2)} s, ${digestRate(digestSeconds)}`);
console.log(`  the same packets, digest not configured (pipeline only): ${digestRate(pipelineSeconds)};`
  + ` the digest path (encode, batch, serialize, send): ${perDigestUs.toFixed(2)} µs per digest = ${Math.round(1e6 / perDigestUs).toLocaleString('en-US')} digests/s`);

rawStream.end();
rawClient.close();
stream.end();
client.close();
await server.stop();
