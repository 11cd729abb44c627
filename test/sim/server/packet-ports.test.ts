// The simulator as simple_switch_grpc runs (startSimulator): P4Runtime on one side, BMv2's
// nanomsg packet interface (`--packet-in ipc://...`) on the other.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetForwardingPipelineConfigRequest_ResponseType as ResponseType } from '../../../src/proto/p4/v1/p4runtime.js';
import { PacketPortClient } from '../../../src/sim/ports/index.js';
import { type SimulatorHandle, startSimulator } from '../../../src/sim/server/simulator.js';
import { DEVICE_ID, insert, PROGRAM_FILE, TestClient } from './harness.js';
import { action, bytes, exact, Names, tableEntity, tableEntry } from './p4info-names.js';

const frame = (dstLast: number): Buffer => Buffer.from([0, 0, 0, 0, 0, dstLast, 0, 0, 0, 0, 0, 0xaa, 0x86, 0xdd, 9, 9]);

describe('the simulator as simple_switch_grpc: P4Runtime plus the nanomsg packet interface', () => {
  let dir: string;
  let simulator: SimulatorHandle;
  let harness: PacketPortClient;
  let client: TestClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'corelb-sim-'));
    const packetIn = `ipc://${join(dir, 'ports.ipc')}`;
    simulator = await startSimulator({ grpcServerAddr: '127.0.0.1:0', deviceId: DEVICE_ID, cpuPort: 255, packetIn, programFile: PROGRAM_FILE });
    harness = await PacketPortClient.connect(packetIn);
    client = new TestClient(simulator.p4runtime.port, 1n);
    await client.arbitrate();
  });
  afterEach(async () => {
    client.close();
    await harness.close();
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forwards harness packets by the entries a P4Runtime client wrote, and delivers packet-ins and packet-outs', async () => {
    const p4info = (await client.getConfig(ResponseType.P4INFO_AND_COOKIE)).config!.p4info!;
    const names = new Names(p4info);
    await client.write([
      insert(tableEntity(tableEntry(names.table('mac'), { match: [exact(1, bytes(7))], action: action(names.action('forward'), bytes(3)) }))),
      insert(tableEntity(tableEntry(names.table('mac'), { match: [exact(1, bytes(4))], action: action(names.action('to_cpu')) }))),
    ]);
    harness.send(1, frame(7));
    const forwarded = await harness.nextPacket({ timeoutMs: 5000 });
    assert.equal(forwarded.port, 3);
    assert.deepEqual(Buffer.from(forwarded.frame), frame(7));

    harness.send(2, frame(4));
    const packetIn = await client.stream!.nextOf('packet');
    assert.deepEqual(packetIn.metadata[0], { metadataId: 1, value: bytes(2) });

    client.stream!.send({ update: { $case: 'packet', value: { payload: frame(1), metadata: [{ metadataId: 1, value: bytes(5) }, { metadataId: 2, value: bytes(0) }] } } });
    const out = await harness.nextPacket({ timeoutMs: 5000 });
    assert.equal(out.port, 5);
    assert.deepEqual(Buffer.from(out.frame), frame(1));
  });
});

describe('startSimulator with p4/lb.p4', () => {
  it('compiles the program at start-up, finding its #includes next to it', async () => {
    const simulator = await startSimulator({ grpcServerAddr: '127.0.0.1:0', programFile: fileURLToPath(new URL('../../../p4/lb.p4', import.meta.url)) });
    const client = new TestClient(simulator.p4runtime.port, 1n);
    try {
      const config = (await client.getConfig(ResponseType.ALL, 0n)).config!;
      assert.ok((config.p4info?.tables.length ?? 0) > 0);
    } finally {
      client.close();
      await simulator.stop();
    }
  });
});
