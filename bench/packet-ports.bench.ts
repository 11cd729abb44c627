// Frames per second through the nanomsg IPC packet port: the harness sends PACKET_IN, a server
// that echoes each frame back as PACKET_OUT stands in for the switch, and the harness receives it.
// Measured with a window of frames in flight and with one frame at a time (latency-bound).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacketPortClient, PacketPortServer } from '../src/sim/ports/index.js';

const dir = mkdtempSync(join(tmpdir(), 'corelb-ports-bench-'));
const address = `ipc://${join(dir, 'bench.ipc')}`;
const server = await PacketPortServer.listen(address);
server.on('packet', (port, frame) => server.sendPacket(port, frame));
const connected = new Promise((resolve) => server.once('connect', () => resolve(undefined)));
const client = await PacketPortClient.connect(address);
await connected;

async function roundTrips(frameSize: number, window: number, seconds: number): Promise<number> {
  const frame = new Uint8Array(frameSize).fill(0xab);
  let sent = 0;
  let received = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(seconds * 1e9);
  await new Promise<void>((resolve) => {
    const onPacket = (): void => {
      received += 1;
      if (process.hrtime.bigint() < deadline) {
        client.send(1, frame);
        sent += 1;
      } else if (received === sent) {
        client.off('packet', onPacket);
        resolve();
      }
    };
    client.on('packet', onPacket);
    for (let i = 0; i < window; i++) {
      client.send(1, frame);
      sent += 1;
    }
  });
  client.drainQueue();
  return received / (Number(process.hrtime.bigint() - start) / 1e9);
}

for (const [size, window] of [[64, 1], [64, 64], [1500, 64], [9000, 16]] as const) {
  const perSecond = await roundTrips(size, window, 1.5);
  console.log(`round trip, ${String(size).padStart(4)}-byte frames, ${String(window).padStart(2)} in flight: ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} frames/s`);
}

client.close();
await server.close();
rmSync(dir, { recursive: true, force: true });
