// The one error type the server's layers throw: a gRPC canonical status code and a message
// that names what was wrong, so every refusal reaches the client as a clear status.
import { status } from '@grpc/grpc-js';

export { status as Code };

export class RpcError extends Error {
  constructor(readonly code: status, message: string) {
    super(message);
    this.name = 'RpcError';
  }
}

export const invalid = (message: string): RpcError => new RpcError(status.INVALID_ARGUMENT, message);
export const unimplemented = (message: string): RpcError => new RpcError(status.UNIMPLEMENTED, message);

/** Any thrown value as an RpcError: errors from lower layers that carry a canonical code keep it. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code in status) return new RpcError(status[code as keyof typeof status], error.message);
    if (error instanceof RangeError) return new RpcError(status.OUT_OF_RANGE, error.message);
    return new RpcError(status.INTERNAL, error.message);
  }
  return new RpcError(status.INTERNAL, String(error));
}
