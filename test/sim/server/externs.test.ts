import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { Entity, MeterConfig } from '../../../src/proto/p4/v1/p4runtime.js';
import type { P4RuntimeServerHandle } from '../../../src/sim/server/server.js';
import { insert, modify, rejection, remove, TestClient, updateErrors, usePrimarySession } from './harness.js';
import { action, bytes, exact, Names, tableEntity, tableEntry, ternary } from './p4info-names.js';

const frame = (dstLast: number, etherType = 0x0800, payload: number[] = new Array(20).fill(0)): Buffer =>
  Buffer.from([0, 0, 0, 0, 0, dstLast, 0, 0, 0, 0, 0, 0xaa, etherType >> 8, etherType & 255, ...payload]);

const rates: MeterConfig = { cir: 100n, cburst: 10n, pir: 200n, pburst: 20n, eburst: 0n };

describe('P4Runtime server: counters, meters, registers, packet replication', () => {
  const session = usePrimarySession();
  let server: P4RuntimeServerHandle;
  let client: TestClient;
  let n: Names;
  beforeEach(() => ({ server, client, names: n } = session));

  const sent = (port: number): Buffer[] => {
    const frames: Buffer[] = [];
    server.device.onPortOutput((p, f) => p === port && frames.push(Buffer.from(f)));
    return frames;
  };
  const macEntry = tableEntry(0, { match: [exact(1, bytes(7))] });
  const writeFails = async (entity: Entity, type = modify) => updateErrors(await rejection(client.write([type(entity)])))[0]!;

  it('counts packets in an indexed counter, reads it per index and for all, and writes it', async () => {
    server.device.injectPacket(3, frame(1));
    server.device.injectPacket(3, frame(1));
    const counterId = n.counter('port_counter');
    const [one] = await client.readAll([{ entity: { $case: 'counterEntry', value: { counterId, index: { index: 3n }, data: undefined } } }]);
    assert.deepEqual(one, { entity: { $case: 'counterEntry', value: { counterId, index: { index: 3n }, data: { packetCount: 2n, byteCount: 68n } } } });
    const all = await client.readAll([{ entity: { $case: 'counterEntry', value: { counterId: 0, index: undefined, data: undefined } } }]);
    assert.equal(all.length, 8);
    await client.write([modify({ entity: { $case: 'counterEntry', value: { counterId, index: { index: 3n }, data: { packetCount: 0n, byteCount: 5n } } } })]);
    const [after] = await client.readAll([{ entity: { $case: 'counterEntry', value: { counterId, index: { index: 3n }, data: undefined } } }]);
    assert.deepEqual(after?.entity?.value, { counterId, index: { index: 3n }, data: { packetCount: 0n, byteCount: 5n } });
  });

  it('refuses counter INSERT, unknown ids and indexes past the end', async () => {
    const counterId = n.counter('port_counter');
    const entity = (id: number, index: bigint): Entity => ({ entity: { $case: 'counterEntry', value: { counterId: id, index: { index }, data: undefined } } });
    assert.equal((await writeFails(entity(counterId, 1n), insert)).canonicalCode, status.INVALID_ARGUMENT);
    assert.equal((await writeFails(entity(99, 1n))).canonicalCode, status.INVALID_ARGUMENT);
    assert.equal((await writeFails(entity(counterId, 8n))).canonicalCode, status.OUT_OF_RANGE);
    assert.equal((await rejection(client.readAll([entity(counterId, 8n)]))).code, status.OUT_OF_RANGE);
  });

  it('keeps direct counters on table entries: set at insert, counted on hits, read and written per entry', async () => {
    const macId = n.table('mac');
    await client.write([insert(tableEntity(tableEntry(macId, {
      match: [exact(1, bytes(7))], action: action(n.action('forward'), bytes(2)), counterData: { packetCount: 10n, byteCount: 0n },
    })))]);
    const out = sent(2);
    server.device.injectPacket(1, frame(7));
    assert.equal(out.length, 1);
    const request: Entity = { entity: { $case: 'directCounterEntry', value: { tableEntry: { ...macEntry, tableId: macId }, data: undefined } } };
    const [read] = await client.readAll([request]);
    assert.deepEqual((read?.entity?.value as { data: unknown }).data, { packetCount: 11n, byteCount: 34n });
    const [withEntry] = await client.readAll([tableEntity(tableEntry(macId, { counterData: { packetCount: 0n, byteCount: 0n } }))]);
    assert.deepEqual((withEntry?.entity?.value as { counterData: unknown }).counterData, { packetCount: 11n, byteCount: 34n });
    await client.write([modify({ entity: { $case: 'directCounterEntry', value: { tableEntry: { ...macEntry, tableId: macId }, data: { packetCount: 1n, byteCount: 2n } } } })]);
    const all = await client.readAll([{ entity: { $case: 'directCounterEntry', value: { tableEntry: undefined, data: undefined } } }]);
    assert.deepEqual((all[0]?.entity?.value as { data: unknown }).data, { packetCount: 1n, byteCount: 2n });
    const missing = await writeFails({ entity: { $case: 'directCounterEntry', value: { tableEntry: tableEntry(macId, { match: [exact(1, bytes(8))] }), data: undefined } } });
    assert.equal(missing.canonicalCode, status.NOT_FOUND);
  });

  it('configures indexed meters and reads the config back; unset config returns a meter to unconfigured', async () => {
    const meterId = n.meter('port_meter');
    const entity = (config: MeterConfig | undefined): Entity =>
      ({ entity: { $case: 'meterEntry', value: { meterId, index: { index: 2n }, config, counterData: undefined } } });
    await client.write([modify(entity(rates))]);
    assert.deepEqual((await client.readAll([entity(undefined)]))[0], entity(rates));
    await client.write([modify(entity(undefined))]);
    assert.deepEqual((await client.readAll([entity(undefined)]))[0], entity(undefined));
    const bad = await writeFails(entity({ ...rates, pir: 50n }));
    assert.equal(bad.canonicalCode, status.INVALID_ARGUMENT);
    assert.match(bad.message, /pir 50 is below cir 100/);
  });

  it('configures direct meters with the entry and through DirectMeterEntry', async () => {
    const aclId = n.table('acl');
    const match = [ternary(1, bytes(10, 0, 0, 0), bytes(255, 0, 0, 0))];
    await client.write([insert(tableEntity(tableEntry(aclId, { match, priority: 5, action: action(n.action('acl_forward'), bytes(4)), meterConfig: rates })))]);
    const request: Entity = { entity: { $case: 'directMeterEntry', value: { tableEntry: tableEntry(aclId, { match, priority: 5 }), config: undefined, counterData: undefined } } };
    assert.deepEqual((((await client.readAll([request]))[0]?.entity?.value) as { config: unknown }).config, rates);
    const slower = { ...rates, cir: 1n };
    await client.write([modify({ entity: { $case: 'directMeterEntry', value: { tableEntry: tableEntry(aclId, { match, priority: 5 }), config: slower, counterData: undefined } } })]);
    const [entry] = await client.readAll([tableEntity(tableEntry(aclId, { meterConfig: rates }))]);
    assert.deepEqual((entry?.entity?.value as { meterConfig: unknown }).meterConfig, slower);
  });

  it('reads and writes registers (which BMv2 cannot), per index and all at once', async () => {
    const registerId = n.register('reg');
    const entity = (index: bigint | undefined, value?: Buffer): Entity => ({
      entity: {
        $case: 'registerEntry',
        value: { registerId, index: index === undefined ? undefined : { index }, data: value && { data: { $case: 'bitstring', value } } },
      },
    });
    server.device.injectPacket(1, frame(1));
    server.device.injectPacket(1, frame(1));
    assert.deepEqual((await client.readAll([entity(0n)]))[0], entity(0n, bytes(2)));
    await client.write([modify(entity(5n, bytes(1, 0, 0, 0)))]);
    assert.deepEqual((await client.readAll([entity(5n)]))[0], entity(5n, bytes(1, 0, 0, 0)));
    assert.equal((await client.readAll([entity(undefined)])).length, 16);
    await client.write([modify(entity(undefined, bytes(0)))]);
    assert.ok((await client.readAll([entity(undefined)])).every((e) => (e.entity?.value as { data: { data: { value: Buffer } } }).data.data.value.equals(bytes(0))));
    assert.equal((await writeFails(entity(1n, bytes(1, 0, 0, 0, 0)))).canonicalCode, status.INVALID_ARGUMENT);
    assert.equal((await writeFails(entity(16n, bytes(1)))).canonicalCode, status.OUT_OF_RANGE);
    assert.equal((await writeFails(entity(1n))).canonicalCode, status.INVALID_ARGUMENT);
  });

  it('manages multicast groups that replicate packets, and clone sessions', async () => {
    const group = (id: number, ports: number[]): Entity => ({
      entity: {
        $case: 'packetReplicationEngineEntry',
        value: {
          type: {
            $case: 'multicastGroupEntry',
            value: { multicastGroupId: id, replicas: ports.map((p) => ({ portKind: { $case: 'egressPort', value: p }, instance: 1, backupReplicas: [] })), metadata: Buffer.alloc(0) },
          },
        },
      },
    });
    await client.write([insert(group(5, [2, 3]))]);
    await client.write([insert(tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(9))], action: action(n.action('set_mcast'), bytes(5)) })))]);
    const [two, three] = [sent(2), sent(3)];
    server.device.injectPacket(1, frame(9));
    assert.equal(two.length + three.length, 2);
    assert.deepEqual(await client.readAll([group(0, [])]), [group(5, [2, 3])]);
    await client.write([modify(group(5, [4]))]);
    assert.deepEqual(await client.readAll([group(5, [])]), [group(5, [4])]);
    assert.equal((await writeFails(group(5, [4]), insert)).canonicalCode, status.ALREADY_EXISTS);
    assert.equal((await writeFails(group(6, [4]))).canonicalCode, status.NOT_FOUND);
    assert.equal((await writeFails(group(7, [4, 4]), insert)).canonicalCode, status.INVALID_ARGUMENT);
    assert.equal((await writeFails(group(8, [600]), insert)).canonicalCode, status.INVALID_ARGUMENT);
    await client.write([remove(group(5, []))]);
    assert.deepEqual(await client.readAll([group(0, [])]), []);

    const session: Entity = {
      entity: {
        $case: 'packetReplicationEngineEntry',
        value: { type: { $case: 'cloneSessionEntry', value: { sessionId: 3, replicas: [{ portKind: { $case: 'egressPort', value: 6 }, instance: 0, backupReplicas: [] }], classOfService: 0, packetLengthBytes: 64 } } },
      },
    };
    await client.write([insert(session)]);
    assert.deepEqual(await client.readAll([{ entity: { $case: 'packetReplicationEngineEntry', value: { type: { $case: 'cloneSessionEntry', value: { sessionId: 0, replicas: [], classOfService: 0, packetLengthBytes: 0 } } } } }]), [session]);
  });

  it('replaces the members of a parser value set, which then steers parsing', async () => {
    const valueSetId = n.valueSet('special_types');
    const entity = (...types: number[]): Entity => ({
      entity: { $case: 'valueSetEntry', value: { valueSetId, members: types.map((t) => ({ match: [exact(1, bytes(t >> 8, t & 255))] })) } },
    });
    const seven = sent(7);
    server.device.injectPacket(1, frame(1, 0x9999));
    assert.equal(seven.length, 0);
    await client.write([modify(entity(0x9999, 0x8888))]);
    server.device.injectPacket(1, frame(1, 0x9999));
    assert.equal(seven.length, 1);
    assert.deepEqual(await client.readAll([{ entity: { $case: 'valueSetEntry', value: { valueSetId: 0, members: [] } } }]), [entity(0x9999, 0x8888)]);
    assert.equal((await writeFails(entity(1, 2, 3))).canonicalCode, status.RESOURCE_EXHAUSTED);
    assert.equal((await writeFails(entity(1), insert)).canonicalCode, status.INVALID_ARGUMENT);
    const tooWide: Entity = { entity: { $case: 'valueSetEntry', value: { valueSetId, members: [{ match: [exact(1, bytes(1, 0, 0))] }] } } };
    assert.equal((await writeFails(tooWide)).canonicalCode, status.INVALID_ARGUMENT);
  });

  it('answers entity types the simulator does not support with UNIMPLEMENTED', async () => {
    const member: Entity = { entity: { $case: 'actionProfileMember', value: { actionProfileId: 1, memberId: 1, action: undefined } } };
    assert.equal((await writeFails(member, insert)).canonicalCode, status.UNIMPLEMENTED);
    assert.equal((await rejection(client.readAll([member]))).code, status.UNIMPLEMENTED);
  });
});
