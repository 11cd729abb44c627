// The controller facing a switch that misbehaves: malformed digests, digests it cannot
// decode, refused writes, k-set packet-outs that are never answered, garbage idle-timeout
// notifications and stream errors. The "switch" here is RecordingP4RuntimeServer, the
// P4Runtime client's TEST DOUBLE (test/p4runtime/support): a gRPC server that stores
// entities and can fail chosen updates, but has no data plane. The controller must stay
// up, count and report what went wrong, and keep serving.
import assert from 'node:assert/strict';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Controller } from '../../src/controller/controller.js';
import type { P4Data } from '../../src/proto/p4/v1/p4data.js';
import { RecordingP4RuntimeServer } from '../p4runtime/support/recording-server.js';
import { eventually, startController, testConfig } from './support/controller-fixture.js';

const bits = (value: number, bytes: number): P4Data => {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(value, 0, bytes);
  return { data: { $case: 'bitstring', value: b } };
};
const struct = (...members: P4Data[]): P4Data => ({ data: { $case: 'struct', value: { members } } });

describe('controller facing a misbehaving switch (test double)', function () {
  this.timeout(15_000);
  let server: RecordingP4RuntimeServer;
  let controller: Controller;

  beforeEach(async () => {
    server = await RecordingP4RuntimeServer.start();
    controller = await startController(testConfig({ switches: [{ address: server.address }] }), { ksetReplyTimeoutMs: 100 });
    await eventually(() => controller.sessions[0]!.isReady, 'synced with the double');
  });
  afterEach(async () => {
    controller.stop();
    await server.stop();
  });

  const digestId = (name: string): number => controller.sessions[0]!.conn.p4info.digests.get(name).id;
  const counter = async (name: string): Promise<number> => {
    const metric = (await controller.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    return (metric?.values ?? []).reduce((sum, v) => sum + Number(v.value), 0);
  };

  it('counts malformed and undecodable digests and carries on', async () => {
    const load = digestId('load_report_digest_t');
    server.sendDigest({ digestId: load, listId: 1n, timestamp: 0n, data: [
      bits(5, 2), // not a struct
      struct(bits(0, 2), bits(1, 1)), // two members instead of six
      struct(bits(0, 2), bits(1, 1), bits(300, 2), bits(1, 6), bits(1, 6), bits(0, 1)), // load wider than 8 bits
      struct(bits(0, 2), bits(0, 1), bits(10, 1), bits(0, 6), bits(0, 6), bits(1, 1)), // well-formed (IPv6 format: no timestamp to judge)
    ] });
    server.sendDigest({ digestId: 0x17ffffff, listId: 2n, timestamp: 0n, data: [bits(1, 1)] }); // unknown digest id
    server.sendDigest({ digestId: digestId('new_flow_digest_t'), listId: 3n, timestamp: 0n, data: [
      struct(bits(1, 4), bits(2, 4), bits(6, 1), bits(3, 2), bits(80, 2), bits(0, 1), bits(9, 2), bits(0, 1)), // server 9 does not exist
    ] });
    await eventually(() => controller.status().servers[0]!.loads[0] === 10, 'the well-formed report applied');
    await eventually(async () => (await counter('corelb_digests_malformed_total')) === 5, 'five malformed digests counted');
    assert.equal(controller.flows.size, 0);
    assert.equal(controller.sessions[0]!.isReady, true);
  });

  it('reports a redirect entry the switch keeps refusing, after retrying it', async () => {
    const redirectId = controller.sessions[0]!.conn.p4info.tables.get('LbIngress.service_lookup.redirect').id;
    server.failUpdate = (update) => (update.entity?.entity?.$case === 'tableEntry' && update.entity.entity.value.tableId === redirectId
      ? { code: GrpcStatus.RESOURCE_EXHAUSTED, message: 'table full' }
      : undefined);
    server.sendDigest({ digestId: digestId('new_flow_digest_t'), listId: 4n, timestamp: 0n, data: [
      struct(bits(0xc0a80001, 4), bits(0x0a000064, 4), bits(6, 1), bits(40000, 2), bits(80, 2), bits(0, 1), bits(1, 2), bits(1, 1)),
    ] });
    await eventually(() => controller.status().writeFailures.length === 1, 'failure reported');
    const failure = controller.status().writeFailures[0]!;
    assert.equal(failure.code, 'RESOURCE_EXHAUSTED');
    assert.equal(failure.op, 'INSERT');
    assert.match(failure.flow, /192\.168\.0\.1:40000 -> 10\.0\.0\.100:80/);
    const inserts = server.writes.flatMap((w) => w.updates).filter((u) => u.entity?.entity?.$case === 'tableEntry' && u.entity.entity.value.tableId === redirectId);
    assert.equal(inserts.length, 3);
    assert.equal(await counter('corelb_write_errors_total'), 1);
  });

  it('falls back to packet-outs when register writes are UNIMPLEMENTED (as on BMv2)', async () => {
    controller.stop();
    controller = await startController(testConfig({ switches: [{ address: server.address, kSetWrites: 'registers' }] }), { ksetReplyTimeoutMs: 100 });
    await eventually(() => controller.sessions[0]!.isReady, 'synced again');
    server.failUpdate = (update) => (update.entity?.entity?.$case === 'registerEntry' ? { code: GrpcStatus.UNIMPLEMENTED, message: 'registers: not on this target' } : undefined);
    const registerWrites = (): number => server.writes.flatMap((w) => w.updates).filter((u) => u.entity?.entity?.$case === 'registerEntry').length;
    server.sendDigest({ digestId: digestId('load_report_digest_t'), listId: 6n, timestamp: 0n, data: [struct(bits(0, 2), bits(0, 1), bits(10, 1), bits(0, 6), bits(0, 6), bits(1, 1))] });
    await eventually(() => server.packetOuts.length > 0, 'a k-set packet-out after the fallback');
    const op = server.packetOuts[0]!.metadata.find((m) => m.metadataId === 3)!.value;
    assert.equal(op[op.length - 1], 3); // QUERY_BANK: the packet-out path learns the active bank first
    assert.ok(registerWrites() >= 1);
  });

  it('survives unanswered k-set packet-outs, garbage idle notifications and stream errors', async () => {
    const load = digestId('load_report_digest_t');
    server.sendDigest({ digestId: load, listId: 5n, timestamp: 0n, data: [struct(bits(0, 2), bits(0, 1), bits(10, 1), bits(0, 6), bits(0, 6), bits(1, 1))] });
    await eventually(() => controller.status().servers[0]!.status.state === 'included', 'report applied');
    server.sendIdleTimeout({ timestamp: 0n, tableEntry: [{ tableId: 12345, match: [], priority: 0, controllerMetadata: 0n, isDefaultAction: false, idleTimeoutNs: 0n, metadata: Buffer.alloc(0), isConst: false }] });
    server.sendStreamError({ canonicalCode: GrpcStatus.INVALID_ARGUMENT, message: 'bad packet-out', space: '', code: 0 });
    // The double never answers packet-outs: the push times out and is retried, nothing else breaks.
    await eventually(async () => (await counter('corelb_kset_pushes_total')) > 0, 'a k-set push attempt recorded');
    assert.equal(controller.status().services[0]!.pushed, null);
    assert.equal(controller.sessions[0]!.isReady, true);
  });
});
