import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { status } from '@grpc/grpc-js';
import type { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import {
  GetForwardingPipelineConfigRequest_ResponseType as ResponseType, SetForwardingPipelineConfigRequest_Action as Action,
} from '../../../src/proto/p4/v1/p4runtime.js';
import { type P4RuntimeServerHandle, startP4RuntimeServer } from '../../../src/sim/server/server.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import { decodeDeviceConfig, encodeDeviceConfig } from '../../../src/sim/server/device-config.js';
import { DEVICE_ID, PROGRAM_SOURCE, rejection, TestClient, insert, modify, usePrimarySession } from './harness.js';
import { action, bytes, exact, Names, tableEntity, tableEntry } from './p4info-names.js';

describe('P4Runtime server: Capabilities and forwarding pipeline config', () => {
  const session = usePrimarySession({ push: false });
  let server: P4RuntimeServerHandle;
  let client: TestClient;
  let p4info: P4Info;
  let names: Names;
  beforeEach(() => ({ server, client, p4info, names } = session));

  const macEntry = (mac: number) =>
    tableEntity(tableEntry(names.table('mac'), {
      match: [exact(1, bytes(0, 0, 0, 0, 0, mac))],
      action: action(names.action('forward'), bytes(2)),
    }));

  it('reports the P4Runtime API version', async () => {
    const caps = await client.capabilities();
    assert.equal(caps.p4runtimeApiVersion, '1.4.0');
  });

  it('refuses writes, reads and Get before a pipeline is committed with FAILED_PRECONDITION', async () => {
    assert.equal((await rejection(client.write([insert(macEntry(1))]))).code, status.FAILED_PRECONDITION);
    assert.equal((await rejection(client.read([tableEntity(tableEntry(0))]))).code, status.FAILED_PRECONDITION);
    const get = await rejection(client.getConfig(ResponseType.ALL));
    assert.equal(get.code, status.FAILED_PRECONDITION);
  });

  it('VERIFY_AND_COMMIT installs the program and Get returns each response type', async () => {
    await client.pushPipeline(p4info, { cookie: 77n });
    const get = (responseType: ResponseType) => client.getConfig(responseType);
    const all = (await get(ResponseType.ALL)).config!;
    assert.equal(all.cookie?.cookie, 77n);
    assert.deepEqual(all.p4info?.tables.map((t) => t.preamble?.name), p4info.tables.map((t) => t.preamble?.name));
    assert.equal(all.p4DeviceConfig.toString('utf8'), PROGRAM_SOURCE);
    const cookieOnly = (await get(ResponseType.COOKIE_ONLY)).config!;
    assert.equal(cookieOnly.p4info, undefined);
    assert.equal(cookieOnly.p4DeviceConfig.length, 0);
    assert.equal(cookieOnly.cookie?.cookie, 77n);
    const p4infoAndCookie = (await get(ResponseType.P4INFO_AND_COOKIE)).config!;
    assert.notEqual(p4infoAndCookie.p4info, undefined);
    assert.equal(p4infoAndCookie.p4DeviceConfig.length, 0);
    const deviceConfig = (await get(ResponseType.DEVICE_CONFIG_AND_COOKIE)).config!;
    assert.equal(deviceConfig.p4info, undefined);
    assert.equal(deviceConfig.p4DeviceConfig.toString('utf8'), PROGRAM_SOURCE);
    await client.write([insert(macEntry(1))]);
  });

  it('accepts the JSON envelope encoding of the device config', async () => {
    const envelope = Buffer.from(JSON.stringify({ fileName: 'p4rt.p4', source: PROGRAM_SOURCE }));
    await client.pushPipeline(p4info, { source: envelope });
    await client.write([insert(macEntry(1))]);
  });

  it('compiles a program whose #includes travel in the envelope', async () => {
    const source = PROGRAM_SOURCE.replace('#define CPU_PORT 255', '#include "include/cpu.p4"');
    assert.notEqual(source, PROGRAM_SOURCE);
    const config = encodeDeviceConfig({ fileName: 'p4rt.p4', source, includes: { 'include/cpu.p4': '#define CPU_PORT 255\n' } });
    await client.pushPipeline(p4info, { source: config });
    await client.write([insert(macEntry(1))]);
    const error = await rejection(client.pushPipeline(p4info, { source: encodeDeviceConfig({ fileName: 'p4rt.p4', source }) }));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.match(error.details, /include\/cpu\.p4/);
  });

  it('runs the load balancer, p4/lb.p4, pushed with its includes', async () => {
    const root = fileURLToPath(new URL('../../../p4/', import.meta.url));
    const includes = Object.fromEntries(readdirSync(join(root, 'include')).map((f) => [`include/${f}`, readFileSync(join(root, 'include', f), 'utf8')]));
    const program = { fileName: 'lb.p4', source: readFileSync(join(root, 'lb.p4'), 'utf8'), includes };
    const lbP4Info = (await simPipelineLoader()(program)).p4info;
    await client.pushPipeline(lbP4Info, { source: encodeDeviceConfig(program) });
    const defaults = await client.readAll([tableEntity(tableEntry(0, { isDefaultAction: true }))]);
    assert.equal(defaults.length, lbP4Info.tables.length);
    assert.ok(lbP4Info.tables.length > 0);
  });

  it('VERIFY checks without committing; VERIFY_AND_SAVE then COMMIT commits', async () => {
    await client.pushPipeline(p4info, { action: Action.VERIFY });
    assert.equal((await rejection(client.write([insert(macEntry(1))]))).code, status.FAILED_PRECONDITION);
    await client.pushPipeline(p4info, { action: Action.VERIFY_AND_SAVE });
    assert.equal((await rejection(client.write([insert(macEntry(1))]))).code, status.FAILED_PRECONDITION);
    await client.call(client.stub.setForwardingPipelineConfig, {
      deviceId: DEVICE_ID, roleId: 0n, role: '', electionId: client.election, action: Action.COMMIT, config: undefined,
    });
    await client.write([insert(macEntry(1))]);
  });

  it('COMMIT with nothing saved is FAILED_PRECONDITION', async () => {
    const error = await rejection(client.call(client.stub.setForwardingPipelineConfig, {
      deviceId: DEVICE_ID, roleId: 0n, role: '', electionId: client.election, action: Action.COMMIT, config: undefined,
    }));
    assert.equal(error.code, status.FAILED_PRECONDITION);
  });

  it('a new VERIFY_AND_COMMIT clears the forwarding state; RECONCILE_AND_COMMIT of the same program keeps it', async () => {
    await client.pushPipeline(p4info);
    await client.write([insert(macEntry(1))]);
    await client.pushPipeline(p4info, { action: Action.RECONCILE_AND_COMMIT, cookie: 5n });
    assert.equal((await client.readAll([tableEntity(tableEntry(names.table('mac')))])).length, 1);
    await client.pushPipeline(p4info);
    assert.equal((await client.readAll([tableEntity(tableEntry(names.table('mac')))])).length, 0);
  });

  describe('RECONCILE_AND_COMMIT of a changed program', () => {
    // The same program with the `fixed` table grown, and with `mac` grown.
    const fixedGrown = PROGRAM_SOURCE.replace('const default_action = NoAction();', 'const default_action = NoAction();\n        size = 64;');
    const macGrown = PROGRAM_SOURCE.replace('size = 4;', 'size = 8;');
    const p4infoOf = async (source: string) => (await simPipelineLoader()({ fileName: 'program.p4', source })).p4info;

    it('carries entries, counters, registers, replication and digest configs into the new program', async () => {
      await client.pushPipeline(p4info);
      const registerId = names.register('reg');
      const register = (value?: Buffer) => ({
        entity: { $case: 'registerEntry' as const, value: { registerId, index: { index: 4n }, data: value && { data: { $case: 'bitstring' as const, value } } } },
      });
      const digest = { entity: { $case: 'digestEntry' as const, value: { digestId: names.digest('learn_t'), config: { maxTimeoutNs: 0n, maxListSize: 1, ackTimeoutNs: 0n } } } };
      await client.write([
        insert(tableEntity(tableEntry(names.table('mac'), { match: [exact(1, bytes(9))], action: action(names.action('forward'), bytes(2)), counterData: { packetCount: 5n, byteCount: 6n } }))),
        modify(register(bytes(42))), insert(digest),
      ]);
      await client.pushPipeline(await p4infoOf(fixedGrown), { action: Action.RECONCILE_AND_COMMIT, source: Buffer.from(fixedGrown) });
      const [entry] = await client.readAll([tableEntity(tableEntry(names.table('mac'), { counterData: { packetCount: 0n, byteCount: 0n } }))]);
      assert.deepEqual((entry?.entity?.value as { counterData: unknown }).counterData, { packetCount: 5n, byteCount: 6n });
      assert.deepEqual(await client.readAll([register()]), [register(bytes(42))]);
      assert.deepEqual(await client.readAll([{ entity: { $case: 'digestEntry', value: { digestId: 0, config: undefined } } }]), [digest]);
    });

    it('refuses, keeping the running program, when a table with entries changed', async () => {
      await client.pushPipeline(p4info);
      await client.write([insert(macEntry(1))]);
      const error = await rejection(client.pushPipeline(await p4infoOf(macGrown), { action: Action.RECONCILE_AND_COMMIT, source: Buffer.from(macGrown) }));
      assert.equal(error.code, status.FAILED_PRECONDITION);
      assert.match(error.details, /table MyIngress.mac holds 1 entries and is declared differently/);
      assert.equal((await client.readAll([tableEntity(tableEntry(names.table('mac')))])).length, 1);
      assert.equal((await client.getConfig(ResponseType.DEVICE_CONFIG_AND_COOKIE)).config?.p4DeviceConfig.toString(), PROGRAM_SOURCE);
    });
  });

  it('rejects a P4Info that does not match the program, naming the first difference', async () => {
    const renamed = structuredClone(p4info);
    renamed.tables[0]!.preamble!.name = 'MyIngress.other';
    const error = await rejection(client.pushPipeline(renamed));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.match(error.details, /table id \d+ is named MyIngress.other in the pushed P4Info/);
    const narrower = structuredClone(p4info);
    narrower.actions.find((a) => a.params.length > 0)!.params[0]!.bitwidth = 3;
    assert.match((await rejection(client.pushPipeline(narrower))).details, /is 3 bits, the program has/);
  });

  it('rejects a program that does not compile with INVALID_ARGUMENT and the compiler message, keeping the old pipeline', async () => {
    await client.pushPipeline(p4info);
    await client.write([insert(macEntry(1))]);
    const error = await rejection(client.pushPipeline(p4info, { source: Buffer.from('control broken(') }));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.match(error.details, /program\.p4:\d+:\d+: error/);
    assert.equal((await client.readAll([tableEntity(tableEntry(names.table('mac')))])).length, 1);
  });

  it('rejects a config without P4Info, an empty or non-UTF-8 device config', async () => {
    const push = (config: object) => client.call(client.stub.setForwardingPipelineConfig, {
      deviceId: DEVICE_ID, roleId: 0n, role: '', electionId: client.election, action: Action.VERIFY_AND_COMMIT, config: config as never,
    });
    assert.match((await rejection(push({ p4DeviceConfig: Buffer.from(PROGRAM_SOURCE) }))).details, /no P4Info/);
    assert.match((await rejection(push({ p4info, p4DeviceConfig: Buffer.alloc(0) }))).details, /empty/);
    assert.match((await rejection(push({ p4info, p4DeviceConfig: Buffer.from([0xff, 0xfe, 0x00]) }))).details, /not UTF-8/);
  });

  it('refuses SetForwardingPipelineConfig from a non-primary with PERMISSION_DENIED', async () => {
    const backup = new TestClient(server.port, 3n);
    try {
      const answer = await backup.arbitrate();
      assert.equal(answer.status?.code, status.ALREADY_EXISTS);
      assert.equal((await rejection(backup.pushPipeline(p4info))).code, status.PERMISSION_DENIED);
    } finally {
      backup.close();
    }
  });

  it('drops frames while no pipeline is committed, and keeps port listeners across pipeline changes', async () => {
    const frame = Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x86, 0xdd]);
    const seen: number[] = [];
    server.device.onPortOutput((port) => seen.push(port));
    server.device.injectPacket(1, frame);
    assert.equal(server.device.packetsWithoutPipeline, 1);
    for (let round = 0; round < 2; round++) {
      await client.pushPipeline(p4info);
      await client.write([insert(macEntry(1))]);
      server.device.injectPacket(1, frame);
    }
    assert.deepEqual(seen, [2, 2]);
  });

  it('runs a program given at start-up and serves its generated P4Info', async () => {
    const preloaded = await startP4RuntimeServer({
      address: '127.0.0.1:0', deviceId: DEVICE_ID, cpuPort: 255, loader: simPipelineLoader(),
      initialProgram: { fileName: 'p4rt.p4', source: PROGRAM_SOURCE },
    });
    const other = new TestClient(preloaded.port, 1n);
    try {
      await other.arbitrate();
      const config = (await other.getConfig(ResponseType.ALL)).config!;
      assert.deepEqual(config.p4info?.tables.map((t) => t.preamble?.id), p4info.tables.map((t) => t.preamble?.id));
      assert.deepEqual(decodeDeviceConfig(config.p4DeviceConfig), { fileName: 'p4rt.p4', source: PROGRAM_SOURCE });
      await other.write([insert(macEntry(1))]);
    } finally {
      other.close();
      await preloaded.stop();
    }
  });

  it('refuses a request for another device id with INVALID_ARGUMENT', async () => {
    const error = await rejection(client.getConfig(ResponseType.ALL, 9n));
    assert.equal(error.code, status.INVALID_ARGUMENT);
  });
});
