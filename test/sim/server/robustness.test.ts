import assert from 'node:assert/strict';
import { Client, credentials, status, type ServiceError } from '@grpc/grpc-js';
import type { P4RuntimeServerHandle } from '../../../src/sim/server/server.js';
import { insert, rejection, TestClient, updateErrors, usePrimarySession } from './harness.js';
import { action, bytes, exact, lpm, Names, tableEntity, tableEntry } from './p4info-names.js';

describe('P4Runtime server: bad input', () => {
  const session = usePrimarySession();
  let server: P4RuntimeServerHandle;
  let client: TestClient;
  let n: Names;
  beforeEach(() => ({ server, client, names: n } = session));

  const mac = (last: number) => tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(last))], action: action(n.action('drop')) }));

  it('answers bytes that are not a protobuf message with a status and keeps serving', async () => {
    const raw = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
    try {
      const error = await new Promise<ServiceError>((resolve) => {
        raw.makeUnaryRequest('/p4.v1.P4Runtime/Write', (b: Buffer) => b, (b: Buffer) => b, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]),
          (e) => resolve(e!));
      });
      assert.notEqual(error.code, status.OK);
    } finally {
      raw.close();
    }
    await client.write([insert(mac(1))]);
  });

  it('takes a large batch: every update answered, the valid ones applied, nothing installed lost', async () => {
    await client.write([insert(mac(1))]);
    const route = n.table('route');
    const routeEntry = (a: number, b: number, c: number, prefix = 24) =>
      insert(tableEntity(tableEntry(route, { match: [lpm(1, bytes(a, b, c, 0), prefix)], action: action(n.action('drop')) })));
    const before = [];
    for (let i = 0; i < 200; i++) before.push(routeEntry(12, 0, i));
    await client.write(before);
    const updates = [];
    // The route table holds 1,024 entries: 824 more fit; every 100th update is malformed.
    for (let i = 0; i < 1_000; i++) updates.push(routeEntry(10, i >> 8, i & 255, i % 100 === 99 ? 40 : 24));
    const errors = updateErrors(await rejection(client.write(updates)));
    assert.equal(errors.length, 1_000);
    const codes = new Map<number, number>();
    for (const e of errors) codes.set(e.canonicalCode, (codes.get(e.canonicalCode) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(codes), { [status.OK]: 824, [status.INVALID_ARGUMENT]: 10, [status.OUT_OF_RANGE]: 166 });
    assert.match(errors.find((e) => e.canonicalCode === status.INVALID_ARGUMENT)!.message, /prefix length 40/);
    assert.equal((await client.readAll([tableEntity(tableEntry(route))])).length, 1024);
    assert.equal((await client.readAll([tableEntity(tableEntry(n.table('mac')))])).length, 1);
  });

  it('details a batch of 1,000 failures per update, with messages for as many as fit the trailer', async () => {
    const updates = [];
    for (let i = 0; i < 1_000; i++) updates.push(insert(tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(1, 0, 0, 0, 0, 0, 0))], action: action(n.action('drop')) }))));
    const errors = updateErrors(await rejection(client.write(updates)));
    assert.equal(errors.length, 1_000);
    assert.ok(errors.every((e) => e.canonicalCode === status.INVALID_ARGUMENT));
    assert.match(errors[0]!.message, /7 bytes for a 48-bit field/);
  });

  it('still answers a batch too large to detail per update, with a summary that says so', async () => {
    const updates = [];
    for (let i = 0; i < 5_000; i++) updates.push(insert(tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(1, 0, 0, 0, 0, 0, 0))], action: action(n.action('drop')) }))));
    const error = await rejection(client.write(updates));
    assert.equal(error.code, status.UNKNOWN);
    assert.match(error.details, /5000 of 5000 updates failed; first: .*7 bytes.*per-update errors omitted/);
    await client.write([insert(mac(2))]);
  });

  it('survives a client that cancels a read mid-stream', async () => {
    const route = n.table('route');
    const updates = [];
    for (let i = 0; i < 1_024; i++) {
      updates.push(insert(tableEntity(tableEntry(route, { match: [lpm(1, bytes(10, i >> 8, i & 255, 0), 24)], action: action(n.action('drop')) }))));
    }
    await client.write(updates);
    await new Promise<void>((resolve) => {
      const call = client.stub.read({ deviceId: 1n, role: '', entities: [tableEntity(tableEntry(route))] });
      call.once('data', () => {
        call.cancel();
        resolve();
      });
      call.on('error', () => undefined);
    });
    assert.equal((await client.readAll([tableEntity(tableEntry(route))])).length, 1_024);
  });

  it('counts, rather than throws, a frame the pipeline cannot take', async () => {
    server.device.injectPacket(600, Buffer.alloc(20));
    assert.equal(server.device.packetsFailed, 1);
    await client.write([insert(mac(1))]);
  });

  it('does not let a failed MODIFY touch the entry it names', async () => {
    await client.write([insert(mac(1))]);
    const bad = tableEntity(tableEntry(n.table('mac'), { match: [exact(1, bytes(1))], action: action(n.action('forward'), bytes(2, 0)) }));
    await rejection(client.write([{ type: 2, entity: bad }]));
    const [entry] = await client.readAll([tableEntity(tableEntry(n.table('mac')))]);
    assert.deepEqual((entry?.entity?.value as { action: unknown }).action, action(n.action('drop')));
  });

  it('answers a read of an unknown id with INVALID_ARGUMENT and an empty read request with nothing', async () => {
    assert.equal((await rejection(client.readAll([tableEntity(tableEntry(4242))]))).code, status.INVALID_ARGUMENT);
    assert.deepEqual(await client.readAll([]), []);
    assert.equal((await rejection(client.readAll([{ entity: undefined }]))).code, status.INVALID_ARGUMENT);
  });

  it('refuses out-of-range enum values in requests', async () => {
    assert.equal((await rejection(client.write([{ type: 9 as never, entity: mac(1) }]))).code, status.UNKNOWN);
    const error = await rejection(client.getConfig(7 as never));
    assert.equal(error.code, status.INVALID_ARGUMENT);
  });
});
