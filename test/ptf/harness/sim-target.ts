// The simulator as a PTF target: the simulator's P4Runtime server on 127.0.0.1 (port 0) in this
// process, and a PacketPortServer bound to an ipc:// socket attached to its device, so the
// harness reaches it through the same nanomsg interface as BMv2.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { encodeDeviceConfig } from '../../../src/sim/server/device-config.js';
import { startP4RuntimeServer } from '../../../src/sim/server/server.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import { attachPacketPort } from './sim-packet-port.js';
import { TargetError, type PtfTarget, type TargetOptions } from './target.js';

/** How long settle() waits for the counts to meet before it reports a stuck switch. */
const SETTLE_LIMIT_MS = 10_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function startSimTarget(options: TargetOptions): Promise<PtfTarget> {
  const cpuPort = options.cpuPort ?? 255;
  const deviceId = options.deviceId ?? 1;
  const source = readFileSync(options.programFile, 'utf8');
  const program = { fileName: basename(options.programFile), source };
  // The includes of the program resolve against its directory, as p4c's would.
  const loader = simPipelineLoader({ frontend: { includeDirs: [dirname(options.programFile)] } });
  const { p4info } = await loader(program);
  const grpc = await startP4RuntimeServer({ address: '127.0.0.1:0', deviceId, cpuPort, loader });

  const socketDir = mkdtempSync(join(tmpdir(), 'corelb-ptf-'));
  const packetAddress = `ipc://${join(socketDir, 'packets.ipc')}`;
  const ports = await attachPacketPort(grpc.device, packetAddress);

  return {
    kind: 'simulator',
    grpcAddress: `127.0.0.1:${grpc.port}`,
    deviceId,
    cpuPort,
    packetAddress,
    pipeline: { p4info, deviceConfig: encodeDeviceConfig(program) },
    streamQuietMs: 0,
    async settle(harness) {
      // The switch processes a frame synchronously when it arrives, so once it has seen every
      // frame sent and the harness every frame it sent out, nothing is in flight.
      // The counts move as the sockets deliver, which can take a while on a loaded machine.
      const deadline = Date.now() + SETTLE_LIMIT_MS;
      while (Date.now() < deadline) {
        if (ports.framesIn >= harness.framesSent && harness.framesReceived >= ports.framesOut) return;
        await nextTurn();
      }
      throw new TargetError(
        `simulator did not settle within ${SETTLE_LIMIT_MS} ms: it received ${ports.framesIn} of ${harness.framesSent} frames, the harness ${harness.framesReceived} of ${ports.framesOut}`,
      );
    },
    async stop() {
      await ports.close();
      await grpc.stop();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
