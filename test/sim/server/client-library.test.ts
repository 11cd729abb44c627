// The project's P4Runtime client library (src/p4runtime/) against the simulator's server:
// the way the controller will drive it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { encodeDeviceConfig } from '../../../src/sim/server/device-config.js';
import type { P4RuntimeServerHandle } from '../../../src/sim/server/server.js';
import { P4RuntimeWriteError, SwitchConnection, type PacketInMessage } from '../../../src/p4runtime/index.js';
import type { DecodedDigestList } from '../../../src/p4runtime/decoding.js';
import { DEVICE_ID, PROGRAM_SOURCE, programP4Info, startTestServer } from './harness.js';

const frame = (dstLast: number, srcLast = 0xaa): Buffer =>
  Buffer.from([0, 0, 0, 0, 0, dstLast, 0, 0, 0, 0, 0, srcLast, 0x86, 0xdd, 1, 2, 3, 4]);

describe('P4Runtime server with the client library', () => {
  let server: P4RuntimeServerHandle;
  const connections: SwitchConnection[] = [];

  const connect = async (electionId: number): Promise<SwitchConnection> => {
    const conn = new SwitchConnection({ address: `127.0.0.1:${server.port}`, deviceId: DEVICE_ID, electionId, reconnect: false });
    conn.on('disconnected', () => undefined);
    connections.push(conn);
    await conn.connect();
    return conn;
  };

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const conn of connections.splice(0)) conn.close();
    await server.stop();
  });

  it('pushes the program, writes entries by name, reads them back decoded, and gets per-update errors', async () => {
    const conn = await connect(1);
    assert.ok(conn.isPrimary);
    await conn.setPipeline({ p4info: await programP4Info(), deviceConfig: encodeDeviceConfig({ fileName: 'p4rt.p4', source: PROGRAM_SOURCE }) });
    await conn.insert([
      { table: 'MyIngress.mac', match: { 'hdr.eth.dst': 0x0a }, action: { name: 'MyIngress.forward', params: { port: 2 } } },
      { table: 'MyIngress.acl', match: { 'hdr.ipv4.srcAddr': { value: '10.0.0.0', mask: '255.0.0.0' } }, priority: 3, action: 'MyIngress.drop' },
    ]);
    const entries = [];
    for await (const entry of conn.readTableEntries('MyIngress.mac')) entries.push(entry);
    assert.equal(entries.length, 1);
    const error = await conn.insert([
      { table: 'MyIngress.mac', match: { 'hdr.eth.dst': 0x0b }, action: 'MyIngress.drop' },
      { table: 'MyIngress.mac', match: { 'hdr.eth.dst': 0x0a }, action: 'MyIngress.drop' },
    ]).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof P4RuntimeWriteError);
    assert.deepEqual(error.failures.map((f) => [f.index, f.code]), [[1, 'ALREADY_EXISTS']]);
  });

  it('reads and writes registers and counters', async () => {
    const conn = await connect(1);
    await conn.setPipeline({ p4info: await programP4Info(), deviceConfig: Buffer.from(PROGRAM_SOURCE) });
    await conn.modify(conn.entities.register({ register: 'MyIngress.reg', index: 3, value: 77 }));
    const cells = [];
    for await (const cell of conn.readRegisters('MyIngress.reg', 3)) cells.push(cell);
    assert.deepEqual(cells.map((c) => [c.index, c.value]), [[3n, 77n]]);
    server.device.injectPacket(2, frame(1));
    const counters = [];
    for await (const c of conn.readCounters('MyIngress.port_counter', 2)) counters.push(c.data.packetCount);
    assert.deepEqual(counters, [1n]);
  });

  it('delivers packet-ins and digests as events, takes acks, and hands primacy over', async () => {
    const conn = await connect(5);
    await conn.setPipeline({ p4info: await programP4Info(), deviceConfig: Buffer.from(PROGRAM_SOURCE) });
    await conn.insert([
      { table: 'MyIngress.mac', match: { 'hdr.eth.dst': 4 }, action: 'MyIngress.to_cpu' },
      { table: 'MyIngress.mac', match: { 'hdr.eth.dst': 2 }, action: 'MyIngress.learn' },
      conn.entities.digest({ digest: 'learn_t', config: { maxTimeoutNs: 0, maxListSize: 1, ackTimeoutNs: 10_000_000_000n } }),
    ]);
    const packetIn = once(conn, 'packetIn');
    server.device.injectPacket(3, frame(4));
    const [message] = (await packetIn) as [PacketInMessage];
    assert.equal(message.metadata.ingress_port, 3n);
    const digest = once(conn, 'digest');
    server.device.injectPacket(1, frame(2, 0x55));
    const [list] = (await digest) as [DecodedDigestList];
    assert.equal(list.digest, 'learn_t');
    conn.ackDigest(list);

    const lost = once(conn, 'primary');
    const successor = await connect(9);
    assert.ok(successor.isPrimary);
    const [result] = (await lost) as [{ isPrimary: boolean }];
    assert.equal(result.isPrimary, false);
  });
});
