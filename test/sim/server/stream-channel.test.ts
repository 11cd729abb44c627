import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import type { DigestEntry_Config, Entity } from '../../../src/proto/p4/v1/p4runtime.js';
import type { P4RuntimeServerHandle } from '../../../src/sim/server/server.js';
import {
  CPU_PORT, insert, modify, programP4Info, rejection, startTestServer, type SwitchClock, TestClient,
} from './harness.js';
import { action, bytes, exact, Names, tableEntity, tableEntry } from './p4info-names.js';

const frame = (dstLast: number, srcLast = 0xaa): Buffer =>
  Buffer.from([0, 0, 0, 0, 0, dstLast, 0, 0, 0, 0, 0, srcLast, 0x86, 0xdd, 1, 2, 3, 4]);

describe('P4Runtime server: stream channel', () => {
  let server: P4RuntimeServerHandle;
  let p4info: P4Info;
  let n: Names;
  const clients: TestClient[] = [];
  const switchClock: SwitchClock = { ns: 0n };

  const newClient = (electionId: bigint, role = ''): TestClient => {
    const client = new TestClient(server.port, electionId, role);
    clients.push(client);
    return client;
  };

  before(async () => {
    p4info = await programP4Info();
    n = new Names(p4info);
  });
  beforeEach(async () => {
    switchClock.ns = 1_000_000_000n;
    server = await startTestServer({ switchClock, idleScanIntervalMs: 5, idleRepeatNs: 2_000_000_000n });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.stop();
  });


  describe('arbitration', () => {
    it('makes the highest election id primary and tells backups who is', async () => {
      const a = newClient(5n);
      assert.equal((await a.arbitrate()).status?.code, status.OK);
      const b = newClient(3n);
      const answer = await b.arbitrate();
      assert.equal(answer.status?.code, status.ALREADY_EXISTS);
      assert.equal(answer.electionId?.low, 5n);
    });

    it('hands primacy to a higher election id and notifies every client of the role', async () => {
      const a = newClient(5n);
      await a.arbitrate();
      const b = newClient(9n);
      assert.equal((await b.arbitrate()).status?.code, status.OK);
      const demoted = await a.stream!.nextOf('arbitration');
      assert.equal(demoted.status?.code, status.ALREADY_EXISTS);
      assert.equal(demoted.electionId?.low, 9n);
      await b.pushPipeline(p4info);
      assert.equal((await rejection(a.pushPipeline(p4info))).code, status.PERMISSION_DENIED);
    });

    it('promotes the backup when the primary goes away (primary loss and takeover)', async () => {
      const primary = newClient(8n);
      await primary.arbitrate();
      await primary.pushPipeline(p4info);
      const backup = newClient(4n);
      await backup.arbitrate();
      const entry = tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(1))], action: action(n.action('drop')) }));
      assert.equal((await rejection(backup.write([insert(entry)]))).code, status.PERMISSION_DENIED);
      primary.close();
      const promoted = await backup.stream!.nextOf('arbitration');
      assert.equal(promoted.status?.code, status.OK);
      await backup.write([insert(entry)]);
      assert.equal((await backup.readAll([tableEntity(tableEntry(n.table('mac')))])).length, 1);
    });

    it('keeps roles apart: each role has its own primary', async () => {
      const a = newClient(5n);
      await a.arbitrate();
      const other = newClient(2n, 'observer');
      assert.equal((await other.arbitrate()).status?.code, status.OK);
    });

    it('ends the stream with ALREADY_EXISTS for an election id another client holds', async () => {
      await newClient(5n).arbitrate();
      const dup = newClient(5n);
      dup.openStream();
      dup.stream!.send({ update: { $case: 'arbitration', value: { deviceId: 1n, role: undefined, electionId: { high: 0n, low: 5n }, status: undefined } } });
      const ended = await dup.stream!.whenEnded();
      assert.equal((ended as ServiceError).code, status.ALREADY_EXISTS);
    });

    it('ends the stream with INVALID_ARGUMENT for a wrong device id', async () => {
      const wrong = newClient(5n);
      wrong.openStream();
      wrong.stream!.send({ update: { $case: 'arbitration', value: { deviceId: 42n, role: undefined, electionId: { high: 0n, low: 5n }, status: undefined } } });
      assert.equal(((await wrong.stream!.whenEnded()) as ServiceError).code, status.INVALID_ARGUMENT);
    });

    it('answers packet-outs before arbitration or from a backup with a StreamError, keeping the stream', async () => {
      const primary = newClient(5n);
      await primary.arbitrate();
      await primary.pushPipeline(p4info);
      const early = newClient(1n);
      early.openStream();
      early.stream!.send({ update: { $case: 'packet', value: { payload: frame(1), metadata: [] } } });
      const error = await early.stream!.nextOf('error');
      assert.equal(error.canonicalCode, status.FAILED_PRECONDITION);
      assert.equal(error.details?.$case, 'packetOut');
      await early.arbitrate();
      early.stream!.send({ update: { $case: 'packet', value: { payload: frame(1), metadata: [] } } });
      assert.equal((await early.stream!.nextOf('error')).canonicalCode, status.PERMISSION_DENIED);
    });
  });

  describe('packet I/O', () => {
    let primary: TestClient;
    beforeEach(async () => {
      primary = newClient(5n);
      await primary.arbitrate();
      await primary.pushPipeline(p4info);
    });

    it('injects a packet-out on the CPU port with its packet_out header and sends it where the header says', async () => {
      const out: Buffer[] = [];
      server.device.pipeline!.target.subscribePort(6, (f) => out.push(Buffer.from(f)));
      const payload = frame(1);
      primary.stream!.send({ update: { $case: 'packet', value: { payload, metadata: [{ metadataId: 1, value: bytes(6) }, { metadataId: 2, value: bytes(0) }] } } });
      // A round trip on the same connection after the stream message: the packet-out has been handled.
      await primary.capabilities();
      while (out.length === 0) await primary.capabilities();
      assert.deepEqual(out, [payload]);
    });

    it('rejects packet-out metadata that is unknown, missing or too wide with a StreamError', async () => {
      const send = (metadata: { metadataId: number; value: Buffer }[]) =>
        primary.stream!.send({ update: { $case: 'packet', value: { payload: frame(1), metadata } } });
      send([{ metadataId: 1, value: bytes(6) }]);
      assert.match((await primary.stream!.nextOf('error')).message, /_pad .* missing/);
      send([{ metadataId: 1, value: bytes(2, 0) }, { metadataId: 2, value: bytes(0) }]);
      assert.match((await primary.stream!.nextOf('error')).message, /does not fit in 9 bits/);
      send([{ metadataId: 9, value: bytes(1) }]);
      assert.match((await primary.stream!.nextOf('error')).message, /no metadata id 9/);
    });

    it('sends packets the pipeline puts on the CPU port to the primary as PacketIn with metadata', async () => {
      await primary.write([insert(tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(4))], action: action(n.action('to_cpu')) })))]);
      const backup = newClient(2n);
      await backup.arbitrate();
      server.device.injectPacket(3, frame(4));
      const packetIn = await primary.stream!.nextOf('packet');
      assert.deepEqual(packetIn.metadata, [{ metadataId: 1, value: bytes(3) }, { metadataId: 2, value: bytes(0) }]);
      assert.deepEqual(packetIn.payload, frame(4));
      assert.equal(backup.stream!.pending(), 0);
      assert.equal(CPU_PORT, 255);
    });
  });

  describe('digests', () => {
    let primary: TestClient;
    const digestEntity = (config: DigestEntry_Config | undefined, digestId = n.digest('learn_t')): Entity =>
      ({ entity: { $case: 'digestEntry', value: { digestId, config } } });
    const HOUR = 3_600_000_000_000n;

    beforeEach(async () => {
      primary = newClient(5n);
      await primary.arbitrate();
      await primary.pushPipeline(p4info);
      await primary.write([insert(tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(2))], action: action(n.action('learn')) })))]);
    });

    it('configures digests with INSERT/MODIFY/DELETE and reads the config back', async () => {
      const config = { maxTimeoutNs: 10n, maxListSize: 3, ackTimeoutNs: 20n };
      await primary.write([insert(digestEntity(config))]);
      assert.deepEqual(await primary.readAll([digestEntity(undefined, 0)]), [digestEntity(config)]);
      await primary.write([modify(digestEntity({ ...config, maxListSize: 4 }))]);
      assert.equal(((await primary.readAll([digestEntity(undefined)]))[0]?.entity?.value as { config: DigestEntry_Config }).config.maxListSize, 4);
      await primary.write([{ type: 3, entity: digestEntity(undefined) }]);
      assert.deepEqual(await primary.readAll([digestEntity(undefined, 0)]), []);
    });

    it('batches digests up to max_list_size and holds the next list until the previous one is acknowledged', async () => {
      const digestId = n.digest('learn_t');
      await primary.write([insert(digestEntity({ maxTimeoutNs: HOUR, maxListSize: 2, ackTimeoutNs: HOUR }))]);
      server.device.injectPacket(1, frame(2, 0x11));
      server.device.injectPacket(1, frame(2, 0x11)); // a duplicate of pending data: suppressed
      server.device.injectPacket(2, frame(2, 0x22));
      const first = await primary.stream!.nextOf('digest');
      assert.equal(first.digestId, digestId);
      assert.equal(first.listId, 1n);
      assert.deepEqual(first.data.map((d) => d.data?.$case === 'struct' && d.data.value.members.map((m) => m.data?.value)), [
        [bytes(0x11), bytes(1)], [bytes(0x22), bytes(2)],
      ]);
      server.device.injectPacket(1, frame(2, 0x33));
      server.device.injectPacket(1, frame(2, 0x11)); // a duplicate of unacknowledged data: suppressed
      server.device.injectPacket(1, frame(2, 0x44));
      await primary.capabilities();
      assert.equal(primary.stream!.pending(), 0, 'no second list before the ack');
      primary.stream!.send({ update: { $case: 'digestAck', value: { digestId, listId: 1n } } });
      const second = await primary.stream!.nextOf('digest');
      assert.equal(second.listId, 2n);
      assert.deepEqual(second.data.map((d) => d.data?.$case === 'struct' && d.data.value.members.map((m) => m.data?.value)), [
        [bytes(0x33), bytes(1)], [bytes(0x44), bytes(1)],
      ]);
      primary.stream!.send({ update: { $case: 'digestAck', value: { digestId, listId: 7n } } });
      assert.equal((await primary.stream!.nextOf('error')).details?.$case, 'digestListAck');
    });

    it('sends each digest at once with max_timeout_ns 0 and no ack timeout', async () => {
      await primary.write([insert(digestEntity({ maxTimeoutNs: 0n, maxListSize: 0, ackTimeoutNs: 0n }))]);
      server.device.injectPacket(1, frame(2, 0x11));
      server.device.injectPacket(1, frame(2, 0x12));
      assert.equal((await primary.stream!.nextOf('digest')).data.length, 1);
      assert.equal((await primary.stream!.nextOf('digest')).data.length, 1);
    });

    it('does not report digests that are not configured', async () => {
      server.device.injectPacket(1, frame(2, 0x11));
      await primary.capabilities();
      assert.equal(primary.stream!.pending(), 0);
    });
  });

  describe('idle timeouts', () => {
    it('notifies the primary of entries idle past their timeout, again after the repeat interval, not after a hit', async () => {
      const primary = newClient(5n);
      await primary.arbitrate();
      await primary.pushPipeline(p4info);
      const match = [exact(1, bytes(3))];
      await primary.write([insert(tableEntity(tableEntry(n.table('mac'), { match, action: action(n.action('forward'), bytes(2)), idleTimeoutNs: 1_000_000_000n })))]);
      switchClock.ns += 1_500_000_000n;
      const first = await primary.stream!.nextOf('idleTimeoutNotification');
      assert.deepEqual(first.tableEntry.map((e) => [e.tableId, e.match, e.idleTimeoutNs]), [[n.table('mac'), match, 1_000_000_000n]]);
      switchClock.ns += 2_000_000_000n;
      assert.equal((await primary.stream!.nextOf('idleTimeoutNotification')).tableEntry.length, 1);
      server.device.injectPacket(1, frame(3));
      const [read] = await primary.readAll([tableEntity(tableEntry(n.table('mac'), { timeSinceLastHit: { elapsedNs: 0n } }))]);
      assert.equal((read?.entity?.value as { timeSinceLastHit: { elapsedNs: bigint } }).timeSinceLastHit.elapsedNs, 0n);
    });
  });

  it('survives a client that vanishes mid-stream and serves the next one', async () => {
    const first = newClient(5n);
    await first.arbitrate();
    await first.pushPipeline(p4info);
    first.stream!.call.cancel();
    first.stub.close();
    const second = newClient(6n);
    assert.equal((await second.arbitrate()).status?.code, status.OK);
    await second.write([insert(tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(1))], action: action(n.action('drop')) })))]);
  });
});
