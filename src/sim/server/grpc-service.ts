// The p4.v1.P4Runtime service for grpc-js: decode, call the device, turn every failure
// into a gRPC status (with the per-update details a failed Write carries).
import type { sendUnaryData, ServerErrorResponse, ServerWritableStream } from '@grpc/grpc-js';
import type { Entity, P4RuntimeServer, ReadRequest, ReadResponse } from '../../proto/p4/v1/p4runtime.js';
import type { Device } from './device.js';
import type { Logger } from './logger.js';
import { toRpcError } from './rpc-error.js';
import { StreamSession } from './stream-session.js';
import { P4RuntimeServiceDefinition } from './stream-response-codec.js';
import { BatchError } from './write-batch.js';
import { decodeWriteRequest } from './write-request-decoder.js';

/** The service grpc-js serves: Write requests decoded in place (write-request-decoder.ts). */
export const p4RuntimeService = {
  ...P4RuntimeServiceDefinition,
  write: { ...P4RuntimeServiceDefinition.write, requestDeserialize: decodeWriteRequest },
} as const;

/** Entities per ReadResponse, and a soft byte budget per response. */
const READ_CHUNK_ENTITIES = 1000;
const READ_CHUNK_BYTES = 1 << 20;

function asStatus(error: unknown): Partial<ServerErrorResponse> {
  const rpc = toRpcError(error);
  return { code: rpc.code, details: rpc.message, metadata: rpc instanceof BatchError ? rpc.metadata : undefined };
}

function unary<Req, Res>(handler: (request: Req) => Res | Promise<Res>) {
  return (call: { request: Req }, callback: sendUnaryData<Res>): void => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then((response) => callback(null, response), (error: unknown) => callback(asStatus(error)));
  };
}

/** Resolves when the call can take more, or will never need to (the client went away). */
function writable(call: ServerWritableStream<ReadRequest, ReadResponse>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'cancelled', 'close', 'error']) call.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'cancelled', 'close', 'error']) call.on(event, done);
  });
}

async function streamRead(device: Device, call: ServerWritableStream<ReadRequest, ReadResponse>): Promise<void> {
  let chunk: Entity[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    const response = { entities: chunk };
    chunk = [];
    bytes = 0;
    if (!call.write(response)) await writable(call);
  };
  for (const entity of device.read(call.request)) {
    if (call.cancelled) return;
    chunk.push(entity);
    bytes += entity.entity?.$case === 'tableEntry' ? 64 + 16 * entity.entity.value.match.length : 48;
    if (chunk.length >= READ_CHUNK_ENTITIES || bytes >= READ_CHUNK_BYTES) await flush();
  }
  if (chunk.length > 0) await flush();
}

export function grpcServiceHandlers(device: Device, log: Logger): P4RuntimeServer {
  return {
    capabilities: unary(() => device.capabilities()),
    setForwardingPipelineConfig: unary(async (request) => {
      await device.setPipelineConfig(request);
      return {};
    }),
    getForwardingPipelineConfig: unary((request) => device.getPipelineConfig(request)),
    write: unary((request) => {
      device.write(request);
      return {};
    }),
    read: (call) => {
      streamRead(device, call).then(
        () => {
          if (!call.cancelled) call.end();
        },
        (error: unknown) => call.emit('error', asStatus(error)),
      );
    },
    streamChannel: (call) => {
      new StreamSession(call, device, log);
    },
  };
}
