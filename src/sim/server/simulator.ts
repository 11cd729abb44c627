// The simulator as simple_switch_grpc runs: a P4Runtime server, an optional P4 program
// to start with, and BMv2's nanomsg packet interface for the data ports. What the
// `corelb-sim` command line starts (its options are named after simple_switch_grpc's).
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { PacketPortServer } from '../ports/index.js';
import type { Logger } from './logger.js';
import { DEFAULT_GRPC_ADDRESS, type P4RuntimeServerHandle, startP4RuntimeServer } from './server.js';
import { simPipelineLoader } from './sim-target.js';

export interface SimulatorOptions {
  /** --grpc-server-addr; default 0.0.0.0:9559. */
  readonly grpcServerAddr?: string;
  /** --device-id; default 0, as simple_switch_grpc. */
  readonly deviceId?: bigint | number;
  /** --cpu-port; without one there is no packet-in/out. */
  readonly cpuPort?: number;
  /** --packet-in ipc://<path>: the nanomsg packet interface for the data ports. */
  readonly packetIn?: string;
  /** The P4 program to run from the start; its directory is searched for its #includes. */
  readonly programFile?: string;
  /** More include directories for every program compiled (`-I`). */
  readonly includeDirs?: readonly string[];
  readonly logger?: Logger;
}

export interface SimulatorHandle {
  readonly p4runtime: P4RuntimeServerHandle;
  /** The packet interface, when --packet-in was given. */
  readonly ports: PacketPortServer | undefined;
  stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const file = options.programFile;
  const includeDirs = [...(file === undefined ? [] : [dirname(file)]), ...(options.includeDirs ?? [])];
  const p4runtime = await startP4RuntimeServer({
    address: options.grpcServerAddr ?? DEFAULT_GRPC_ADDRESS,
    deviceId: options.deviceId ?? 0,
    cpuPort: options.cpuPort,
    loader: simPipelineLoader({ frontend: { includeDirs } }),
    initialProgram: file === undefined ? undefined : { fileName: basename(file), source: readFileSync(file, 'utf8') },
    logger: options.logger,
  });
  let ports: PacketPortServer | undefined;
  if (options.packetIn !== undefined) {
    try {
      ports = await PacketPortServer.listen(options.packetIn);
    } catch (error) {
      await p4runtime.stop();
      throw error;
    }
    const { device } = p4runtime;
    ports.on('packet', (port, frame) => device.injectPacket(port, frame));
    ports.on('peer-error', (error) => options.logger?.warn({ error: error.message }, 'packet interface peer error'));
    device.onPortOutput((port, frame) => ports!.sendPacket(port, frame));
  }
  return {
    p4runtime,
    ports,
    async stop() {
      await ports?.close();
      await p4runtime.stop();
    },
  };
}
