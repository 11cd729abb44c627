// One StreamChannel: the client's arbitration, packet-outs and digest acks go to the
// device; updates, packet-ins, digest lists and idle-timeout notifications come back.
// A refused arbitration ends the stream with its status; a bad packet-out or ack gets a
// StreamError and the stream stays up; a vanished client is simply forgotten.
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { MasterArbitrationUpdate, StreamError, StreamMessageRequest } from '../../proto/p4/v1/p4runtime.js';
import type { Device, StreamClient } from './device.js';
import type { Logger } from './logger.js';
import { Code, RpcError, toRpcError } from './rpc-error.js';
import type { StreamChannelResponse } from './stream-response-codec.js';
import { ERROR_SPACE } from './write-batch.js';

export class StreamSession implements StreamClient {
  private closed = false;

  /** `call` is served with P4RuntimeServiceDefinition, whose serializer also takes pre-encoded responses. */
  constructor(
    private readonly call: ServerDuplexStream<StreamMessageRequest, StreamChannelResponse>,
    private readonly device: Device,
    private readonly log: Logger,
  ) {
    call.on('data', (request: StreamMessageRequest) => this.receive(request));
    call.on('end', () => this.close(true));
    call.on('cancelled', () => this.close(false));
    call.on('error', () => this.close(false));
    call.on('close', () => this.close(false));
  }

  send(update: MasterArbitrationUpdate): void {
    this.deliver({ update: { $case: 'arbitration', value: update } });
  }

  deliver(message: StreamChannelResponse): void {
    if (this.closed || this.call.cancelled || this.call.destroyed) return;
    try {
      this.call.write(message);
    } catch (error) {
      this.log.debug({ error: (error as Error).message }, 'stream write failed; closing');
      this.close(false);
    }
  }

  private receive(request: StreamMessageRequest): void {
    const update = request.update;
    try {
      switch (update?.$case) {
        case 'arbitration':
          this.device.arbitrate(this, update.value);
          this.log.debug({ peer: this.call.getPeer(), role: update.value.role?.name ?? '', primary: this.device.arbitration.isPrimaryClient(this) },
            'stream arbitrated');
          return;
        case 'packet':
          this.requireArbitrated();
          this.device.packetOut(this, update.value);
          return;
        case 'digestAck':
          this.requireArbitrated();
          this.device.digestAck(this, update.value);
          return;
        default:
          throw new RpcError(Code.UNIMPLEMENTED, `stream message ${update?.$case ?? '(empty)'} is not supported`);
      }
    } catch (error) {
      const rpc = toRpcError(error);
      if (update?.$case === 'arbitration') {
        this.log.info({ peer: this.call.getPeer(), code: rpc.code, error: rpc.message }, 'arbitration refused; stream closed');
        this.fail(rpc);
        return;
      }
      const streamError: StreamError = {
        canonicalCode: rpc.code, message: rpc.message, space: ERROR_SPACE, code: rpc.code,
        details: update?.$case === 'packet'
          ? { $case: 'packetOut', value: { packetOut: update.value } }
          : update?.$case === 'digestAck'
            ? { $case: 'digestListAck', value: { digestListAck: update.value } }
            : undefined,
      };
      this.deliver({ update: { $case: 'error', value: streamError } });
    }
  }

  private requireArbitrated(): void {
    if (!this.device.arbitration.isArbitrated(this)) {
      throw new RpcError(Code.FAILED_PRECONDITION, 'send a MasterArbitrationUpdate on the stream first');
    }
  }

  /** Ends the stream with a status; the client is no longer a member of arbitration. */
  private fail(error: RpcError): void {
    if (this.closed) return;
    this.closed = true;
    this.device.leave(this);
    this.call.emit('error', { code: error.code, details: error.message });
  }

  private close(endCall: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.device.leave(this);
    if (endCall && !this.call.destroyed) this.call.end();
  }
}
