// The simulator as a PTF target: `startSimulator` (what `corelb-sim serve` runs, a drop-in for
// simple_switch_grpc) in this process, its P4Runtime server on 127.0.0.1 (port 0) and its data
// ports on BMv2's nanomsg packet interface at a fresh ipc:// socket, so the harness reaches it
// exactly as it reaches BMv2. Being in-process, the target can also count frames at the switch
// end, which makes settle() exact.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { encodeDeviceConfig } from '../../../src/sim/server/device-config.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import { startSimulator } from '../../../src/sim/server/simulator.js';
import { TargetError, type PtfTarget, type TargetOptions } from './target.js';

/** How long settle() waits for the counts to meet before it reports a stuck switch. */
const SETTLE_LIMIT_MS = 10_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Every .p4 file under `dir` but `except`, by path relative to `dir`, with its text. */
function p4FilesBelow(dir: string, except: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith('.p4') && path !== except) files[relative(dir, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

export async function startSimTarget(options: TargetOptions): Promise<PtfTarget> {
  const cpuPort = options.cpuPort ?? 255;
  const deviceId = options.deviceId ?? 1;
  // The switch gets everything over P4Runtime, as a controller would push it to `corelb-sim
  // serve`: the program and, by relative path, the .p4 files beside and below it (its includes).
  const program = {
    fileName: basename(options.programFile),
    source: readFileSync(options.programFile, 'utf8'),
    includes: p4FilesBelow(dirname(options.programFile), options.programFile),
  };
  // The P4Info a controller would push (the simulator generates the same as `corelb-sim p4info`).
  const { p4info } = await simPipelineLoader()(program);

  const socketDir = mkdtempSync(join(tmpdir(), 'corelb-ptf-'));
  const packetAddress = `ipc://${join(socketDir, 'packets.ipc')}`;
  const sim = await startSimulator({ grpcServerAddr: '127.0.0.1:0', deviceId, cpuPort, packetIn: packetAddress });
  // Counted after the simulator's own listeners: a frame in is counted once processed, a frame
  // out once handed to the packet interface.
  let framesIn = 0;
  let framesOut = 0;
  sim.ports!.on('packet', () => {
    framesIn += 1;
  });
  const stopCounting = sim.p4runtime.device.onPortOutput(() => {
    framesOut += 1;
  });

  return {
    kind: 'simulator',
    grpcAddress: `127.0.0.1:${sim.p4runtime.port}`,
    deviceId,
    cpuPort,
    packetAddress,
    pipeline: { p4info, deviceConfig: encodeDeviceConfig(program) },
    streamQuietMs: 0,
    async settle(harness) {
      // The switch processes a frame synchronously when it arrives, so once it has seen every
      // frame sent and the harness every frame it sent out, nothing is in flight. The counts
      // move as the sockets deliver, which can take a while on a loaded machine.
      const deadline = Date.now() + SETTLE_LIMIT_MS;
      while (Date.now() < deadline) {
        if (framesIn >= harness.framesSent && harness.framesReceived >= framesOut) return;
        await nextTurn();
      }
      throw new TargetError(
        `simulator did not settle within ${SETTLE_LIMIT_MS} ms: it received ${framesIn} of ${harness.framesSent} frames, the harness ${harness.framesReceived} of ${framesOut}`,
      );
    },
    async stop() {
      stopCounting();
      await sim.stop();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
