// The switch side of BMv2's nanomsg packet interface (`--packet-in ipc://<path>`): binds the
// Unix socket, accepts one harness at a time, turns PACKET_IN into 'packet' events and sends
// PACKET_OUT with sendPacket().
import { EventEmitter } from 'node:events';
import { existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { ipcPath } from './address.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, PairConnection } from './connection.js';
import { PacketPortError } from './errors.js';
import {
  MSG_INFO_REQ, MSG_PACKET_IN, MSG_PACKET_OUT, MSG_PORT_ADD, MSG_PORT_REMOVE, MSG_PORT_SET_STATUS, type PortMessage,
} from './wire.js';

export interface PacketPortServerOptions {
  /** How long a new peer has to send its handshake (default 1000 ms). */
  handshakeTimeoutMs?: number;
}

export interface PacketPortServerEvents {
  /** A frame the harness injected on `port` (PACKET_IN). */
  packet: [port: number, frame: Uint8Array];
  'port-add': [port: number];
  'port-remove': [port: number];
  'port-status': [port: number, status: number];
  /** INFO_REQ from the peer; answered by nobody unless the owner does (see docs/packet-ports.md). */
  'info-request': [message: PortMessage];
  /** A harness completed its handshake. */
  connect: [];
  /** The harness went away (or was dropped). */
  disconnect: [];
  /** Anything wrong with a peer; the server keeps running. */
  'peer-error': [error: PacketPortError];
}

export class PacketPortServer extends EventEmitter<PacketPortServerEvents> {
  private peer: PairConnection | undefined;
  private droppedWithoutPeer = 0;

  private constructor(
    private readonly server: Server,
    readonly path: string,
    private readonly handshakeTimeoutMs: number,
  ) {
    super();
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Binds `ipc://<path>`. A stale socket file nobody listens on is replaced, as nanomsg does. */
  static async listen(address: string, options: PacketPortServerOptions = {}): Promise<PacketPortServer> {
    const path = ipcPath(address);
    if (existsSync(path)) {
      if (await somebodyListens(path)) throw new PacketPortError('ADDRESS_IN_USE', `${address}: another process is bound to it`);
      unlinkSync(path);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new PacketPortError('SOCKET', `${address}: ${error.message}`)));
      server.listen(path, () => resolve());
    });
    return new PacketPortServer(server, path, options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS);
  }

  /** True while a harness is attached and past its handshake. */
  get connected(): boolean {
    return this.peer?.ready ?? false;
  }

  /** Frames sendPacket() had to drop because no harness was attached (BMv2 drops them too). */
  get droppedPackets(): number {
    return this.droppedWithoutPeer;
  }

  /**
   * Sends a frame leaving the switch on `port` (PACKET_OUT). Returns false when it was dropped
   * for want of a peer, or when the socket buffer is full (the frame is queued; see waitForDrain).
   */
  sendPacket(port: number, frame: Uint8Array): boolean {
    const peer = this.peer;
    if (peer === undefined || !peer.ready) {
      this.droppedWithoutPeer += 1;
      return false;
    }
    return peer.send(MSG_PACKET_OUT, port, frame.length, frame);
  }

  /** Resolves when the peer's socket can take more data. */
  async waitForDrain(): Promise<void> {
    await this.peer?.waitForDrain();
  }

  /** Stops listening, disconnects the peer and removes the socket file. */
  async close(): Promise<void> {
    this.peer?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (existsSync(this.path)) unlinkSync(this.path);
  }

  private accept(socket: Socket): void {
    if (this.peer !== undefined) {
      socket.destroy();
      this.emit('peer-error', new PacketPortError('PEER_REFUSED', 'a second peer connected while one is attached; closed it'));
      return;
    }
    const peer = new PairConnection(socket, this.handshakeTimeoutMs);
    this.peer = peer;
    peer.on('ready', () => this.emit('connect'));
    peer.on('message', (message) => this.dispatch(message));
    peer.on('problem', (error) => this.emit('peer-error', error));
    peer.on('close', () => {
      if (peer === this.peer) this.peer = undefined;
      this.emit('disconnect');
    });
  }

  private dispatch(m: PortMessage): void {
    switch (m.type) {
      case MSG_PACKET_IN:
        if (m.more !== m.payload.length) {
          this.emit('peer-error', new PacketPortError('BAD_BODY', `PACKET_IN says ${m.more} bytes but carries ${m.payload.length}; ignored`));
          return;
        }
        this.emit('packet', m.port, m.payload);
        return;
      case MSG_PORT_ADD: this.emit('port-add', m.port); return;
      case MSG_PORT_REMOVE: this.emit('port-remove', m.port); return;
      case MSG_PORT_SET_STATUS: this.emit('port-status', m.port, m.more); return;
      case MSG_INFO_REQ: this.emit('info-request', m); return;
      default:
        this.emit('peer-error', new PacketPortError('UNEXPECTED_MESSAGE', `message type ${m.type} is not one the switch accepts; ignored`));
    }
  }
}

function somebodyListens(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
