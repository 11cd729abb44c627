// One nanomsg PAIR v0 connection over a Unix socket, either side: sends its handshake at once,
// expects the peer's within the timeout, then exchanges {type, port, more} messages.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { PacketPortError } from './errors.js';
import { IpcStreamReader } from './stream-reader.js';
import { BODY_HEADER_LENGTH, PROTOCOL_PAIR, decodeBody, encodeIpcMessage, handshake, type PortMessage } from './wire.js';

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 1000;

interface PairConnectionEvents {
  /** The peer's handshake arrived: messages may flow. */
  ready: [];
  message: [message: PortMessage];
  /** A problem with the peer; fatal ones are followed by 'close'. */
  problem: [error: PacketPortError];
  /** The socket can take more data after send() returned false. */
  drain: [];
  close: [];
}

export class PairConnection extends EventEmitter<PairConnectionEvents> {
  private readonly reader: IpcStreamReader;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private isReady = false;
  private isClosed = false;

  constructor(
    private readonly socket: Socket,
    handshakeTimeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS,
  ) {
    super();
    this.reader = new IpcStreamReader(PROTOCOL_PAIR, {
      handshake: () => this.onHandshake(),
      body: (body) => this.onBody(body),
      error: (error) => this.drop(error),
    });
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
    socket.on('drain', () => this.emit('drain'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A peer vanishing mid-write is an ordinary close, not a problem worth reporting.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') this.emit('problem', new PacketPortError('SOCKET', error.message));
    });
    socket.on('close', () => this.onClose());
    this.handshakeTimer = setTimeout(() => {
      this.drop(new PacketPortError('HANDSHAKE_TIMEOUT', `no SP handshake from the peer within ${handshakeTimeoutMs} ms`));
    }, handshakeTimeoutMs);
    socket.write(handshake(PROTOCOL_PAIR));
  }

  get ready(): boolean {
    return this.isReady && !this.isClosed;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Queues one message; false when the socket's buffer is full (wait for 'drain') or the
   * connection is closed (nothing was queued then).
   */
  send(type: number, port: number, more: number, payload: Uint8Array): boolean {
    if (this.isClosed || this.socket.writableEnded) return false;
    // Messages sent in the same tick leave in one writev instead of one syscall each.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    return this.socket.write(encodeIpcMessage(type, port, more, payload));
  }

  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  /** Resolves once the socket can take more data (at once when it already can). */
  async waitForDrain(): Promise<void> {
    if (!this.socket.writableNeedDrain || this.isClosed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.off('drain', done);
        this.off('close', done);
        resolve();
      };
      this.on('drain', done);
      this.on('close', done);
    });
  }

  /** Closes after flushing what is queued. */
  close(): void {
    this.socket.end();
  }

  /** Cuts the connection at once, without reporting a problem (used when shutting down). */
  destroy(): void {
    this.socket.destroy();
  }

  /** Reports the problem and cuts the connection at once. */
  drop(error: PacketPortError): void {
    if (this.isClosed) return;
    this.emit('problem', error);
    this.socket.destroy();
  }

  private onHandshake(): void {
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.isReady = true;
    this.emit('ready');
  }

  private onBody(body: Buffer): void {
    const message = decodeBody(body);
    if (message === undefined) {
      this.drop(new PacketPortError('BAD_BODY', `message body of ${body.length} bytes is shorter than its ${BODY_HEADER_LENGTH}-byte header`));
      return;
    }
    this.emit('message', message);
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.handshakeTimer);
    this.emit('close');
  }
}
