// The simulator as simple_switch_grpc runs: P4Runtime on one side, BMv2's nanomsg packet
// interface (`--packet-in ipc://...`) on the other, wired the way corelb-sim wires them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacketPortClient, PacketPortServer } from '../../../src/sim/ports/index.js';
import { insert, usePrimarySession } from './harness.js';
import { action, bytes, exact, tableEntity, tableEntry } from './p4info-names.js';

const frame = (dstLast: number): Buffer => Buffer.from([0, 0, 0, 0, 0, dstLast, 0, 0, 0, 0, 0, 0xaa, 0x86, 0xdd, 9, 9]);

describe('P4Runtime server behind the nanomsg packet interface', () => {
  const session = usePrimarySession();
  let dir: string;
  let ports: PacketPortServer;
  let harness: PacketPortClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'corelb-sim-'));
    const address = `ipc://${join(dir, 'ports.ipc')}`;
    ports = await PacketPortServer.listen(address);
    ports.on('packet', (port, f) => session.server.device.injectPacket(port, f));
    session.server.device.onPortOutput((port, f) => ports.sendPacket(port, f));
    harness = await PacketPortClient.connect(address);
  });
  afterEach(async () => {
    await harness.close();
    await ports.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forwards harness packets by the entries a P4Runtime client wrote, and delivers packet-ins and packet-outs', async () => {
    const { client, names } = session;
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
