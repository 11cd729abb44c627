// The harness side of BMv2's nanomsg packet interface: connects to the switch's ipc:// socket,
// injects frames with send() (PACKET_IN) and receives the switch's PACKET_OUTs, as events and
// through an in-order queue that nextPacket() reads.
import { EventEmitter } from 'node:events';
import { createConnection } from 'node:net';
import { ipcPath } from './address.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, PairConnection } from './connection.js';
import { PacketPortError } from './errors.js';
import { MSG_INFO_REQ, MSG_INFO_REP, MSG_PACKET_IN, MSG_PACKET_OUT, MSG_PORT_ADD, MSG_PORT_REMOVE, MSG_PORT_SET_STATUS, type PortMessage } from './wire.js';

export interface ReceivedPacket {
  port: number;
  frame: Uint8Array;
}

export interface PacketPortClientOptions {
  handshakeTimeoutMs?: number;
  /** Most received packets kept for nextPacket() before the oldest are discarded (default 65536). */
  queueLimit?: number;
}

export interface PacketPortClientEvents {
  /** A frame the switch sent out of `port` (PACKET_OUT). */
  packet: [port: number, frame: Uint8Array];
  /** INFO_REQ or INFO_REP from the switch. */
  info: [message: PortMessage];
  'peer-error': [error: PacketPortError];
  close: [];
}

interface Waiter {
  port: number | undefined;
  resolve: (packet: ReceivedPacket) => void;
  reject: (error: PacketPortError) => void;
}

export class PacketPortClient extends EventEmitter<PacketPortClientEvents> {
  private readonly queue: ReceivedPacket[] = [];
  private readonly waiters: Waiter[] = [];
  private discarded = 0;

  private constructor(
    private readonly connection: PairConnection,
    private readonly queueLimit: number,
  ) {
    super();
    connection.on('message', (message) => this.dispatch(message));
    connection.on('problem', (error) => this.emit('peer-error', error));
    connection.on('close', () => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new PacketPortError('NOT_CONNECTED', 'the switch closed the connection'));
      this.emit('close');
    });
  }

  /** Connects to `ipc://<path>` and resolves once both handshakes are through. */
  static async connect(address: string, options: PacketPortClientOptions = {}): Promise<PacketPortClient> {
    const path = ipcPath(address);
    const socket = createConnection(path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', (error) => reject(new PacketPortError('SOCKET', `${address}: ${error.message}`)));
    });
    const connection = new PairConnection(socket, options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS);
    await new Promise<void>((resolve, reject) => {
      let failure: PacketPortError | undefined;
      connection.once('ready', () => resolve());
      connection.once('problem', (error) => (failure = error));
      // The switch closes a refused second peer without a word: report that plainly.
      connection.once('close', () => reject(failure ?? new PacketPortError('PEER_REFUSED', `${address}: the switch closed the connection during the handshake`)));
    });
    return new PacketPortClient(connection, options.queueLimit ?? 65536);
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  /** Packets that arrived while the queue was full and were discarded. */
  get discardedPackets(): number {
    return this.discarded;
  }

  /** Injects a frame on `port` (PACKET_IN). False: buffer full, wait with waitForDrain(). */
  send(port: number, frame: Uint8Array): boolean {
    this.requireOpen();
    return this.connection.send(MSG_PACKET_IN, port, frame.length, frame);
  }

  async waitForDrain(): Promise<void> {
    await this.connection.waitForDrain();
  }

  addPort(port: number): void {
    this.requireOpen();
    this.connection.send(MSG_PORT_ADD, port, 0, new Uint8Array(0));
  }

  removePort(port: number): void {
    this.requireOpen();
    this.connection.send(MSG_PORT_REMOVE, port, 0, new Uint8Array(0));
  }

  setPortStatus(port: number, status: number): void {
    this.requireOpen();
    this.connection.send(MSG_PORT_SET_STATUS, port, status, new Uint8Array(0));
  }

  /**
   * The next packet the switch sent (on `port`, if given), oldest first. Packets that arrived
   * before the call are returned from the queue; other ports' packets stay queued.
   */
  nextPacket(options: { timeoutMs: number; port?: number }): Promise<ReceivedPacket> {
    const index = this.queue.findIndex((p) => options.port === undefined || p.port === options.port);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0]!);
    if (this.closed) return Promise.reject(new PacketPortError('NOT_CONNECTED', 'the connection is closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        port: options.port,
        resolve: (packet) => {
          clearTimeout(timer);
          resolve(packet);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const where = options.port === undefined ? 'any port' : `port ${options.port}`;
        reject(new PacketPortError('TIMEOUT', `no packet on ${where} within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Every packet received and not yet taken, in arrival order; empties the queue. */
  drainQueue(): ReceivedPacket[] {
    return this.queue.splice(0);
  }

  close(): void {
    this.connection.close();
  }

  private requireOpen(): void {
    if (this.closed) throw new PacketPortError('NOT_CONNECTED', 'the connection is closed');
  }

  private dispatch(m: PortMessage): void {
    if (m.type === MSG_PACKET_OUT) {
      if (m.more !== m.payload.length) {
        this.emit('peer-error', new PacketPortError('BAD_BODY', `PACKET_OUT says ${m.more} bytes but carries ${m.payload.length}; ignored`));
        return;
      }
      this.deliver({ port: m.port, frame: m.payload });
    } else if (m.type === MSG_INFO_REP || m.type === MSG_INFO_REQ) {
      this.emit('info', m);
    } else {
      this.emit('peer-error', new PacketPortError('UNEXPECTED_MESSAGE', `message type ${m.type} is not one the harness accepts; ignored`));
    }
  }

  private deliver(packet: ReceivedPacket): void {
    this.emit('packet', packet.port, packet.frame);
    const index = this.waiters.findIndex((w) => w.port === undefined || w.port === packet.port);
    if (index >= 0) {
      this.waiters.splice(index, 1)[0]!.resolve(packet);
      return;
    }
    if (this.queue.length >= this.queueLimit) {
      this.queue.shift();
      this.discarded += 1;
    }
    this.queue.push(packet);
  }
}
