// The client over real gRPC on loopback against the recording test double.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { P4Info } from '../../src/proto/p4/config/v1/p4info.js';
import { SetForwardingPipelineConfigRequest_Action, WriteRequest_Atomicity } from '../../src/proto/p4/v1/p4runtime.js';
import {
  ConnectionStateError,
  P4RuntimeError,
  P4RuntimeWriteError,
  SwitchConnection,
  type ArbitrationResult,
  type SwitchConnectionOptions,
  type TableEntrySpec,
} from '../../src/p4runtime/index.js';
import { buildFixtureP4Info, IDS } from './support/fixture-p4info.js';
import { RecordingP4RuntimeServer } from './support/recording-server.js';
import { waitUntil } from './support/wait.js';

const ELECTION_ID = (1n << 64n) + 5n; // uses both halves of the 128-bit id

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function redirectEntry(n: number): TableEntrySpec {
  return {
    table: 'MyIngress.redirect',
    match: { 'hdr.ipv4.srcAddr': n, 'hdr.ipv4.dstAddr': '10.0.0.1', 'hdr.ipv4.protocol': 6, 'meta.l4.srcPort': n & 0xffff, 'meta.l4.dstPort': 80 },
    action: { name: 'set_core', params: { server: 1, core: n & 0xff } },
  };
}

describe('p4runtime SwitchConnection over gRPC (against the recording test double)', function () {
  let server: RecordingP4RuntimeServer;
  const connections: SwitchConnection[] = [];

  function open(options: Partial<SwitchConnectionOptions> = {}): SwitchConnection {
    const conn = new SwitchConnection({
      address: server.address, deviceId: 1, electionId: ELECTION_ID, p4info: buildFixtureP4Info(),
      reconnect: { initialMs: 20, maxMs: 200, jitter: 0.1 }, ...options,
    });
    connections.push(conn);
    return conn;
  }

  beforeEach(async () => {
    server = await RecordingP4RuntimeServer.start();
  });

  afterEach(async () => {
    for (const c of connections.splice(0)) c.close();
    await server.stop();
  });

  describe('arbitration', () => {
    it('becomes primary with its 128-bit election id, device id and role', async () => {
      const conn = open({ role: 'lb-controller' });
      const primaryEvent = once(conn, 'primary');
      const result = await conn.connect();
      assert.equal(result.isPrimary, true);
      assert.equal(result.code, 'OK');
      assert.equal(result.primaryElectionId, ELECTION_ID);
      assert.equal(result.role, 'lb-controller');
      assert.equal(conn.isPrimary, true);
      assert.equal(conn.state, 'connected');
      const [event] = (await primaryEvent) as [ArbitrationResult];
      assert.equal(event.isPrimary, true);
      assert.deepEqual(server.arbitrations, [{ deviceId: 1n, role: 'lb-controller', roleId: 0n, electionId: ELECTION_ID }]);
    });

    it('reports backup, then primacy won when the primary leaves and lost when a higher id arrives', async () => {
      const first = open({ electionId: 10 });
      await first.connect();
      const second = open({ electionId: 5 });
      const backup = await second.connect();
      assert.equal(backup.isPrimary, false);
      assert.equal(backup.code, 'ALREADY_EXISTS');
      assert.equal(backup.primaryElectionId, 10n);

      const won = once(second, 'primary');
      first.close();
      const [wonEvent] = (await won) as [ArbitrationResult];
      assert.equal(wonEvent.isPrimary, true);
      assert.equal(second.isPrimary, true);

      const lost = once(second, 'primary');
      const third = open({ electionId: 20 });
      await third.connect();
      const [lostEvent] = (await lost) as [ArbitrationResult];
      assert.equal(lostEvent.isPrimary, false);
      assert.equal(lostEvent.primaryElectionId, 20n);
      assert.equal(third.isPrimary, true);
    });

    it('lets a backup wait until it takes over, or until it is closed', async () => {
      const primary = open({ electionId: 10 });
      await primary.connect();
      const backup = open({ electionId: 5 });
      await backup.connect();
      const other = open({ electionId: 4 });
      await other.connect();
      const takeover = backup.waitForPrimary();
      const never = other.waitForPrimary();
      primary.close();
      const result = await takeover;
      assert.equal(result.isPrimary, true);
      assert.equal(result.electionId, 5n);
      assert.equal((await backup.waitForPrimary()).isPrimary, true, 'resolves at once when already primary');
      other.close();
      await assert.rejects(never, (e: unknown) => e instanceof ConnectionStateError && e.code === 'CLOSED');
      assert.equal(other.listenerCount('primary'), 0);
    });

    it('re-arbitrates with a new election id on the open stream', async () => {
      const a = open({ electionId: 10 });
      const b = open({ electionId: 5 });
      await a.connect();
      await b.connect();
      const won = once(b, 'primary');
      b.setElectionId(11);
      await won;
      assert.equal(b.isPrimary, true);
      await waitUntil(() => !a.isPrimary, 'the old primary learns it lost');
    });

    it('sends a numeric role id for older servers', async () => {
      const conn = open({ roleId: 7 });
      await conn.connect();
      await conn.insert(redirectEntry(1)).catch(() => undefined);
      assert.equal(server.arbitrations[0]!.roleId, 7n);
      assert.equal(server.writes[0]!.roleId, 7n);
    });

    it('rejects invalid election ids before connecting', () => {
      assert.throws(() => open({ electionId: -1 }), /election id -1 is not an unsigned 128-bit integer/);
      assert.throws(() => open({ electionId: 1n << 128n }), /not an unsigned 128-bit integer/);
    });
  });

  describe('pipeline and capabilities', () => {
    it('pushes P4Info, device config and cookie with VERIFY_AND_COMMIT and reads them back', async () => {
      const conn = open({ p4info: undefined });
      await conn.connect();
      assert.deepEqual(await conn.capabilities(), { p4runtimeApiVersion: '1.4.1' });
      assert.equal(conn.hasP4Info, false);
      await conn.setPipeline({ p4info: buildFixtureP4Info(), deviceConfig: Buffer.from('{"bmv2":"json"}'), cookie: 77n });
      assert.equal(conn.hasP4Info, true);
      const request = server.pipelines[0]!;
      assert.equal(request.action, SetForwardingPipelineConfigRequest_Action.VERIFY_AND_COMMIT);
      assert.equal(request.deviceId, 1n);
      assert.deepEqual(request.electionId, { high: 1n, low: 5n });
      assert.equal(request.config?.p4DeviceConfig.toString(), '{"bmv2":"json"}');
      assert.equal(request.config?.cookie?.cookie, 77n);
      assert.deepEqual(request.config?.p4info, buildFixtureP4Info());

      const all = await conn.fetchPipeline();
      assert.deepEqual(all.p4info, buildFixtureP4Info());
      assert.equal(all.deviceConfig?.toString(), '{"bmv2":"json"}');
      assert.equal(all.cookie, 77n);
      const cookieOnly = await conn.fetchPipeline('COOKIE_ONLY');
      assert.deepEqual(cookieOnly, { cookie: 77n });

      const other = open({ p4info: undefined, electionId: 1 });
      await other.fetchPipeline('P4INFO_AND_COOKIE', { adopt: true });
      assert.equal(other.p4info.table('redirect').id, IDS.redirect);
    });

    it('sends the other pipeline actions and keeps its P4Info for VERIFY', async () => {
      const conn = open();
      await conn.connect();
      const changed = P4Info.fromPartial({});
      await conn.setPipeline({ p4info: changed }, 'VERIFY');
      assert.equal(server.pipelines[0]!.action, SetForwardingPipelineConfigRequest_Action.VERIFY);
      assert.equal(conn.p4info.table('redirect').id, IDS.redirect, 'VERIFY does not change the P4Info in use');
      await conn.setPipeline({ p4info: buildFixtureP4Info() }, 'RECONCILE_AND_COMMIT');
      assert.equal(server.pipelines[1]!.action, SetForwardingPipelineConfigRequest_Action.RECONCILE_AND_COMMIT);
    });

    it('reports a server error with its code name', async () => {
      const conn = open();
      await conn.connect();
      await assert.rejects(conn.fetchPipeline(), (e: unknown) =>
        e instanceof P4RuntimeError && e.code === 'FAILED_PRECONDITION' && e.rpc === 'GetForwardingPipelineConfig'
        && /FAILED_PRECONDITION: No forwarding pipeline config set/.test(e.message));
    });
  });

  describe('write', () => {
    it('sends entities built from names in one batch with the election id and atomicity', async () => {
      const conn = open();
      await conn.connect();
      await conn.insert([redirectEntry(1), redirectEntry(2)], { atomicity: 'ROLLBACK_ON_ERROR' });
      await conn.write([
        { type: 'MODIFY', entity: { ...redirectEntry(1), action: { name: 'set_core', params: { server: 2, core: 2 } } } },
        { type: 'DELETE', entity: redirectEntry(2) },
        { type: 'INSERT', entity: conn.entities.register({ register: 'result_slots', index: 3, value: 7 }) },
      ]);
      assert.equal(server.writes.length, 2);
      assert.equal(server.writes[0]!.atomicity, WriteRequest_Atomicity.ROLLBACK_ON_ERROR);
      assert.deepEqual(server.writes[0]!.electionId, { high: 1n, low: 5n });
      assert.deepEqual(server.writes[1]!.updates.map((u) => u.type), [2, 3, 1]);
      assert.equal(server.store.size, 2, 'entry 1 and the register cell remain');
    });

    it('reports each failed update with its index, canonical code and message', async () => {
      const conn = open();
      await conn.connect();
      await conn.insert(redirectEntry(1));
      server.failUpdate = (_u, i) => (i === 3 ? { code: GrpcStatus.RESOURCE_EXHAUSTED, message: 'table full' } : undefined);
      const error = await conn.insert([redirectEntry(5), redirectEntry(1), redirectEntry(6), redirectEntry(7)]).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof P4RuntimeWriteError);
      assert.equal(error.code, 'UNKNOWN');
      assert.deepEqual(error.failures, [
        { index: 1, code: 'ALREADY_EXISTS', canonicalCode: 6, message: 'Match entry exists', space: 'test-double', spaceCode: 1006 },
        { index: 3, code: 'RESOURCE_EXHAUSTED', canonicalCode: 8, message: 'table full', space: 'test-double', spaceCode: 1008 },
      ]);
      assert.match(error.message, /2 update\(s\) failed: #1 ALREADY_EXISTS: Match entry exists; #3 RESOURCE_EXHAUSTED: table full/);
      await assert.rejects(conn.delete(redirectEntry(99)), (e: unknown) => e instanceof P4RuntimeWriteError && e.failures[0]?.code === 'NOT_FOUND');
    });

    it('splits into batches and reports failures with their index in the whole list', async () => {
      const conn = open();
      await conn.connect();
      await conn.insert(redirectEntry(4));
      const entries = Array.from({ length: 10 }, (_, i) => redirectEntry(i));
      await assert.rejects(conn.insert(entries, { batchSize: 3 }), (e: unknown) =>
        e instanceof P4RuntimeWriteError && e.failures.length === 1 && e.failures[0]!.index === 4);
      assert.deepEqual(server.writes.slice(1).map((w) => w.updates.length), [3, 3, 3, 1]);
      assert.equal(server.store.size, 10);
    });

    it('reports a backup\'s write as PERMISSION_DENIED', async () => {
      await open({ electionId: 100 }).connect();
      const backup = open({ electionId: 1 });
      await backup.connect();
      await assert.rejects(backup.insert(redirectEntry(1)), (e: unknown) =>
        e instanceof P4RuntimeWriteError && e.code === 'PERMISSION_DENIED' && e.failures.length === 0 && /PERMISSION_DENIED: Not primary/.test(e.message));
    });

    it('refuses bad entities before anything is sent', async () => {
      const conn = open();
      await conn.connect();
      await assert.rejects(conn.insert([redirectEntry(1), { ...redirectEntry(2), table: 'MyIngress.nope' }]), /unknown table 'MyIngress.nope'/);
      assert.equal(server.writes.length, 0);
    });
  });

  describe('read', () => {
    it('streams wildcard reads as decoded entries', async () => {
      const conn = open();
      await conn.connect();
      await conn.insert(Array.from({ length: 250 }, (_, i) => redirectEntry(i)));
      await conn.insert({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': '10.0.0.0/8' }, action: 'drop' });
      const redirect = [];
      for await (const entry of conn.readTableEntries('redirect')) redirect.push(entry);
      assert.equal(redirect.length, 250);
      assert.deepEqual(redirect[7]!.match['hdr.ipv4.srcAddr'], { kind: 'exact', value: 7n });
      assert.deepEqual(redirect[7]!.action, { kind: 'action', name: 'MyIngress.set_core', id: IDS.setCore, params: { server: 1n, core: 7n } });
      assert.equal(server.reads[0]!.entities[0]!.entity?.$case, 'tableEntry');

      let all = 0;
      for await (const entry of conn.readTableEntries()) { all += 1; assert.ok(entry.table); }
      assert.equal(all, 251);

      // Stopping early cancels the call without errors.
      for await (const entry of conn.readTableEntries('redirect')) { assert.ok(entry); break; }
    });

    it('reads other entities raw and decoded', async () => {
      const conn = open();
      await conn.connect();
      await conn.insert([
        conn.entities.register({ register: 'result_slots', index: 1, value: 11 }),
        conn.entities.register({ register: 'result_slots', index: 2, value: 22 }),
      ]);
      const cells = [];
      for await (const cell of conn.readRegisters('result_slots')) cells.push(cell);
      assert.deepEqual(cells, [{ index: 1n, value: 11n }, { index: 2n, value: 22n }]);
      const raw = await conn.readAll([conn.entities.register({ register: 'result_slots' })]);
      assert.equal(raw.length, 2);
    });

    it('asks for direct counter data and meter config and decodes counters', async () => {
      const conn = open();
      await conn.connect();
      await conn.insert({ ...redirectEntry(1), counterData: { byteCount: 1500, packetCount: 1 } });
      const [entry] = await collect(conn.readTableEntries('redirect', { withCounterData: true, withMeterConfig: true, match: { 'hdr.ipv4.srcAddr': 1 } }));
      const request = server.reads[0]!.entities[0]!.entity;
      assert.ok(request?.$case === 'tableEntry');
      assert.deepEqual(request.value.counterData, { byteCount: 0n, packetCount: 0n });
      assert.ok(request.value.meterConfig !== undefined);
      assert.deepEqual(request.value.match.map((m) => m.fieldId), [1]);
      assert.deepEqual(entry?.counterData, { byteCount: 1500n, packetCount: 1n });

      await conn.modify([
        conn.entities.counter({ counter: 'service_counter', index: 2, data: { byteCount: 10, packetCount: 1 } }),
        conn.entities.directCounter({ entry: redirectEntry(1), data: { byteCount: 20, packetCount: 2 } }),
      ]);
      assert.deepEqual(await collect(conn.readCounters('service_counter')), [{ index: 2n, data: { byteCount: 10n, packetCount: 1n } }]);
      const [direct] = await collect(conn.readDirectCounters('redirect'));
      assert.deepEqual(direct?.data, { byteCount: 20n, packetCount: 2n });
      assert.deepEqual(direct?.entry?.match['meta.l4.dstPort'], { kind: 'exact', value: 80n });
    });

    it('turns a failed read into a P4RuntimeError', async () => {
      const conn = open();
      await conn.connect();
      await server.stop();
      await assert.rejects(async () => { for await (const e of conn.readTableEntries()) assert.ok(e); }, (e: unknown) =>
        e instanceof P4RuntimeError && e.rpc === 'Read' && e.code === 'UNAVAILABLE');
    });
  });

  describe('stream messages', () => {
    it('decodes packet-ins, digests, idle timeouts and stream errors; sends packet-outs and acks', async () => {
      const conn = open();
      await conn.connect();

      const packetIn = once(conn, 'packetIn');
      server.sendPacketIn({ payload: Buffer.from('cafe', 'hex'), metadata: [{ metadataId: 1, value: Buffer.from([1, 2]) }, { metadataId: 2, value: Buffer.from([3]) }] });
      const [pin] = await packetIn;
      assert.deepEqual(pin.payload, Buffer.from('cafe', 'hex'));
      assert.deepEqual(pin.metadata, { ingress_port: 258n, reason: 3n });

      const digest = once(conn, 'digest');
      const bits = (n: number) => ({ data: { $case: 'bitstring' as const, value: Buffer.from([n]) } });
      server.sendDigest({ digestId: IDS.newFlowDigest, listId: 12n, timestamp: 1000n, data: [{ data: { $case: 'struct', value: { members: [bits(1), bits(2), bits(6), bits(4), bits(5)] } } }] });
      const [list] = await digest;
      assert.equal(list.listId, 12n);
      assert.deepEqual(list.data, [{ src_addr: 1n, dst_addr: 2n, protocol: 6n, server: 4n, core: 5n }]);
      conn.ackDigest(list);

      const idle = once(conn, 'idleTimeout');
      server.sendIdleTimeout({ tableEntry: [conn.entities.tableEntry(redirectEntry(9))], timestamp: 5n });
      const [notification] = await idle;
      assert.equal(notification.entries[0].table, 'MyIngress.redirect');
      assert.deepEqual(notification.entries[0].match['hdr.ipv4.srcAddr'], { kind: 'exact', value: 9n });

      const streamError = once(conn, 'streamError');
      server.sendStreamError({ canonicalCode: 3, message: 'bad packet-out', space: 'x', code: 1, details: { $case: 'packetOut', value: {} } });
      const [err] = await streamError;
      assert.equal(err.code, 'INVALID_ARGUMENT');
      assert.equal(err.about, 'packetOut');

      conn.sendPacket(Buffer.from('beef', 'hex'), { egress_port: 5 });
      await waitUntil(() => server.packetOuts.length === 1 && server.digestAcks.length === 1, 'the double has the packet-out and the ack');
      assert.deepEqual(server.digestAcks[0], { digestId: IDS.newFlowDigest, listId: 12n });
      assert.deepEqual(server.packetOuts[0], { payload: Buffer.from('beef', 'hex'), metadata: [{ metadataId: 1, value: Buffer.from([5]) }, { metadataId: 2, value: Buffer.from([0]) }] });
    });

    it('reports messages its P4Info cannot explain as decodeError', async () => {
      const conn = open();
      await conn.connect();
      const failure = once(conn, 'decodeError');
      server.sendDigest({ digestId: 0x17999999, listId: 1n, timestamp: 0n, data: [] });
      const [event] = await failure;
      assert.equal(event.what, 'digest');
      assert.match(event.error.message, /unknown digest id/);

      const packetFailure = once(conn, 'decodeError');
      const packetIn = once(conn, 'packetIn');
      server.sendPacketIn({ payload: Buffer.from([1]), metadata: [{ metadataId: 9, value: Buffer.from([4]) }] });
      const [packetEvent] = await packetFailure;
      assert.match(packetEvent.error.message, /unknown packet metadata field id 9/);
      const [packet] = await packetIn;
      assert.deepEqual(packet.metadata, { '#9': 4n }, 'the packet is still delivered, metadata by id');
    });

    it('refuses stream sends when not connected', () => {
      const conn = open();
      assert.throws(() => conn.sendPacket(Buffer.alloc(1), { egress_port: 1 }), (e: unknown) => e instanceof ConnectionStateError && e.code === 'NOT_CONNECTED');
    });
  });

  describe('failures and reconnection', () => {
    it('says which address is unreachable', async () => {
      const address = server.address;
      await server.stop();
      const conn = open({ address });
      await assert.rejects(conn.connect(), (e: unknown) =>
        e instanceof P4RuntimeError && e.code === 'UNAVAILABLE' && e.message.includes(`server at ${address} is unreachable`));
      assert.equal(conn.state, 'idle');
    });

    it('reconnects after a restart and re-arbitrates with the same election id', async () => {
      const conn = open();
      await conn.connect();
      const disconnected = once(conn, 'disconnected');
      const lost = once(conn, 'primary');
      await server.stop();
      const [error] = await disconnected;
      assert.ok(error instanceof P4RuntimeError);
      const [lostEvent] = (await lost) as [ArbitrationResult];
      assert.equal(lostEvent.isPrimary, false);
      assert.equal(conn.isPrimary, false);
      await waitUntil(() => conn.state === 'reconnecting', 'the connection is reconnecting');

      const reconnected = once(conn, 'reconnected');
      const won = once(conn, 'primary');
      await server.restart();
      const [result] = (await reconnected) as [ArbitrationResult];
      assert.equal(result.isPrimary, true);
      await won;
      assert.deepEqual(server.arbitrations.map((a) => a.electionId), [ELECTION_ID, ELECTION_ID]);
      await conn.insert(redirectEntry(1));
      assert.equal(server.writes.length, 1);
    });

    it('reconnects after the stream alone breaks, backing off between attempts', async () => {
      const conn = open();
      await conn.connect();
      const attempts: number[] = [];
      conn.on('reconnecting', (info) => attempts.push(info.attempt));
      const reconnected = once(conn, 'reconnected');
      server.dropStreams();
      await reconnected;
      assert.deepEqual(attempts, [1]);
      assert.equal(conn.isPrimary, true);
    });

    it('waits for a server that is not up yet when asked to', async () => {
      const address = server.address;
      await server.stop();
      const conn = open({ address });
      const attempts: number[] = [];
      conn.on('reconnecting', (info) => attempts.push(info.attempt));
      const connected = conn.connect({ waitForServer: true });
      await waitUntil(() => attempts.length >= 2, 'two attempts failed');
      await server.restart();
      const result = await connected;
      assert.equal(result.isPrimary, true);
    });

    it('gives up on a server that never answers the arbitration request', async () => {
      server.silentArbitration = true;
      const conn = open({ arbitrationTimeoutMs: 50 });
      await assert.rejects(conn.connect(), (e: unknown) =>
        e instanceof P4RuntimeError && e.code === 'DEADLINE_EXCEEDED' && /no arbitration answer within 50 ms/.test(e.message));
      assert.equal(server.arbitrations.length, 1);
    });

    it('keeps reconnecting when a connect() made meanwhile fails', async () => {
      const conn = open();
      await conn.connect();
      await server.stop();
      await waitUntil(() => conn.state === 'reconnecting', 'the connection is reconnecting');
      await assert.rejects(conn.connect(), (e: unknown) => e instanceof P4RuntimeError && e.code === 'UNAVAILABLE');
      const reconnected = once(conn, 'reconnected');
      await server.restart();
      await reconnected;
      assert.equal(conn.isPrimary, true);
    });

    it('stays disconnected when reconnect is off', async () => {
      const conn = open({ reconnect: false });
      await conn.connect();
      const disconnected = once(conn, 'disconnected');
      server.dropStreams();
      await disconnected;
      assert.equal(conn.state, 'disconnected');
    });

    it('close() stops reconnecting, rejects a pending connect and refuses further calls', async () => {
      const address = server.address;
      await server.stop();
      const conn = open({ address });
      const pending = conn.connect({ waitForServer: true });
      await once(conn, 'reconnecting');
      conn.close();
      await assert.rejects(pending, (e: unknown) => e instanceof ConnectionStateError && e.code === 'CLOSED');
      await assert.rejects(conn.capabilities(), (e: unknown) => e instanceof ConnectionStateError && e.code === 'CLOSED');
      await assert.rejects(conn.connect(), /closed/);
      assert.equal(conn.state, 'closed');
    });
  });
});
