// startP4RuntimeServer: the simulator as a P4Runtime target on a gRPC address, the way
// simple_switch_grpc is one (--grpc-server-addr, --device-id, --cpu-port).
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Clock } from './clock.js';
import { Device } from './device.js';
import { grpcServiceHandlers, p4RuntimeService } from './grpc-service.js';
import { type Logger, silentLogger } from './logger.js';
import type { P4Program, PipelineLoader } from './pipeline-target.js';

export interface P4RuntimeServerOptions {
  /** `host:port`; port 0 picks a free one. simple_switch_grpc's default is 0.0.0.0:9559. */
  readonly address: string;
  readonly deviceId: bigint | number;
  /** simple_switch_grpc's --cpu-port; without one there is no packet-in/out. */
  readonly cpuPort?: number;
  /** Compiles and instantiates the P4 program a SetForwardingPipelineConfig carries. */
  readonly loader: PipelineLoader;
  /** A program to run from the start (the CLI's P4 file argument); none: wait for a client to push one. */
  readonly initialProgram?: P4Program;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly idleScanIntervalMs?: number;
  readonly idleRepeatNs?: bigint;
  /** Largest request accepted (a Write batch), bytes; default 64 MiB. */
  readonly maxMessageBytes?: number;
}

export interface P4RuntimeServerHandle {
  readonly port: number;
  readonly device: Device;
  /** Stops accepting calls, ends open streams and releases the pipeline. */
  stop(): Promise<void>;
}

export const DEFAULT_GRPC_ADDRESS = '0.0.0.0:9559';

export async function startP4RuntimeServer(options: P4RuntimeServerOptions): Promise<P4RuntimeServerHandle> {
  const log = options.logger ?? silentLogger;
  const device = new Device({
    deviceId: BigInt(options.deviceId),
    cpuPort: options.cpuPort,
    loader: options.loader,
    clock: options.clock,
    logger: log,
    idleScanIntervalMs: options.idleScanIntervalMs,
    idleRepeatNs: options.idleRepeatNs,
  });
  if (options.initialProgram !== undefined) await device.commitProgram(options.initialProgram);
  const maxBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
  const server = new Server({ 'grpc.max_receive_message_length': maxBytes, 'grpc.max_send_message_length': maxBytes });
  server.addService(p4RuntimeService, grpcServiceHandlers(device, log));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(options.address, ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
  log.info({ address: options.address, port, deviceId: device.deviceId, cpuPort: options.cpuPort }, 'P4Runtime server listening');
  return {
    port,
    device,
    async stop() {
      await new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Open StreamChannels never end by themselves: after a grace period, cut them.
        setTimeout(() => server.forceShutdown(), 200).unref();
      });
      device.close();
    },
  };
}
