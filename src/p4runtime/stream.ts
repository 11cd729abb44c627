// One StreamChannel call: sends the arbitration request, hands every message from the
// server to typed handlers and reports the end of the call exactly once. Reconnecting is
// the connection's business (client.ts); a StreamSession is never reused.
import { status as GrpcStatus, type ClientDuplexStream, type StatusObject } from '@grpc/grpc-js';
import type {
  DigestList,
  IdleTimeoutNotification,
  MasterArbitrationUpdate,
  P4RuntimeClient as GrpcP4RuntimeClient,
  PacketIn,
  StreamError,
  StreamMessageRequest,
  StreamMessageResponse,
} from '../proto/p4/v1/p4runtime.js';
import { ConnectionStateError, P4RuntimeError } from './errors.js';

export interface StreamHandlers {
  arbitration(update: MasterArbitrationUpdate): void;
  packetIn(packet: PacketIn): void;
  digest(list: DigestList): void;
  idleTimeout(notification: IdleTimeoutNotification): void;
  streamError(error: StreamError): void;
  /** The call ended (server gone, server closed it, error status); not called after close(). */
  ended(error: P4RuntimeError): void;
}

export class StreamSession {
  private readonly call: ClientDuplexStream<StreamMessageRequest, StreamMessageResponse>;
  private finished = false;

  constructor(grpc: GrpcP4RuntimeClient, private readonly address: string, private readonly handlers: StreamHandlers) {
    this.call = grpc.streamChannel();
    this.call.on('data', (message: StreamMessageResponse) => this.dispatch(message));
    // 'status' always comes last, with the final code; 'error' only duplicates it.
    this.call.on('error', () => undefined);
    this.call.on('status', (status: StatusObject) => this.finish(status));
  }

  /** Sends the arbitration request that starts (or renews) the session. */
  arbitrate(update: MasterArbitrationUpdate): void {
    this.send({ update: { $case: 'arbitration', value: update } });
  }

  get isOpen(): boolean {
    return !this.finished;
  }

  send(message: StreamMessageRequest): void {
    if (this.finished) throw new ConnectionStateError('NOT_CONNECTED', `the stream to ${this.address} is closed`);
    this.call.write(message);
  }

  /** Ends the call from our side; `ended` is not reported. */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.call.end();
    this.call.cancel();
  }

  private finish(status: StatusObject): void {
    if (this.finished) return;
    this.finished = true;
    const code = status.code === GrpcStatus.OK ? GrpcStatus.UNAVAILABLE : status.code;
    const detail = status.code === GrpcStatus.OK ? 'the server closed the stream' : status.details;
    this.handlers.ended(new P4RuntimeError('StreamChannel', this.address, code, detail));
  }

  private dispatch(message: StreamMessageResponse): void {
    if (this.finished) return;
    const update = message.update;
    switch (update?.$case) {
      case 'arbitration': this.handlers.arbitration(update.value); break;
      case 'packet': this.handlers.packetIn(update.value); break;
      case 'digest': this.handlers.digest(update.value); break;
      case 'idleTimeoutNotification': this.handlers.idleTimeout(update.value); break;
      case 'error': this.handlers.streamError(update.value); break;
      // Extension messages (`other`) are target-specific and none is defined for this
      // client; an empty message carries nothing.
      case 'other':
      case undefined: break;
    }
  }
}
