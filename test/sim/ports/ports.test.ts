import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PacketPortClient, PacketPortError, PacketPortServer, PORT_STATUS_DOWN, PROTOCOL_PAIR, encodeIpcMessage, handshake, MSG_PACKET_IN,
} from '../../../src/sim/ports/index.js';

/** A hand-driven peer, to send what a well-behaved client never would. */
class RawPeer {
  readonly received: Buffer[] = [];
  readonly closed: Promise<void>;
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.received.push(chunk));
    socket.on('error', () => undefined);
    this.closed = once(socket, 'close').then(() => undefined);
  }
  static async connect(path: string): Promise<RawPeer> {
    const socket = createConnection(path);
    await once(socket, 'connect');
    return new RawPeer(socket);
  }
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }
  bytes(): Buffer {
    return Buffer.concat(this.received);
  }
}

function nextError(server: PacketPortServer): Promise<PacketPortError> {
  return once(server, 'peer-error').then(([e]) => e as PacketPortError);
}

describe('sim/ports nanomsg packet interface over unix sockets', () => {
  let dir: string;
  let address: string;
  let server: PacketPortServer;
  const clients: PacketPortClient[] = [];
  const raws: RawPeer[] = [];

  /** A connected client, once the server has its handshake too (so the server can send to it). */
  async function client(): Promise<PacketPortClient> {
    const serverSide = once(server, 'connect');
    const c = await PacketPortClient.connect(address);
    clients.push(c);
    await serverSide;
    return c;
  }
  async function raw(): Promise<RawPeer> {
    const r = await RawPeer.connect(join(dir, 'sw.ipc'));
    raws.push(r);
    return r;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'corelb-ports-'));
    address = `ipc://${join(dir, 'sw.ipc')}`;
    server = await PacketPortServer.listen(address, { handshakeTimeoutMs: 150 });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const r of raws.splice(0)) r.socket.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the PAIR v0 handshake to a new peer', async () => {
    const peer = await raw();
    while (peer.bytes().length < 8) await once(peer.socket, 'data');
    assert.deepEqual([...peer.bytes()], [0x00, 0x53, 0x50, 0x00, 0x00, 0x10, 0x00, 0x00]);
  });

  it('carries frames both ways, in order, with their ports', async () => {
    const harness = await client();
    assert.ok(server.connected);
    const got: Array<[number, string]> = [];
    server.on('packet', (port, frame) => got.push([port, Buffer.from(frame).toString()]));
    for (let i = 0; i < 50; i++) harness.send(i % 4, Buffer.from(`frame ${i}`));
    while (got.length < 50) await once(server, 'packet');
    assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => [i % 4, `frame ${i}`]));

    server.sendPacket(7, Buffer.from('to seven'));
    server.sendPacket(2, Buffer.from('to two'));
    const two = await harness.nextPacket({ timeoutMs: 2000, port: 2 });
    assert.deepEqual([two.port, Buffer.from(two.frame).toString()], [2, 'to two']);
    const any = await harness.nextPacket({ timeoutMs: 2000 });
    assert.deepEqual([any.port, Buffer.from(any.frame).toString()], [7, 'to seven']);
  });

  it('reassembles a message written one byte at a time', async () => {
    const peer = await raw();
    const packet = once(server, 'packet');
    const bytes = Buffer.concat([handshake(PROTOCOL_PAIR), encodeIpcMessage(MSG_PACKET_IN, 5, 3, Buffer.from('abc'))]);
    for (const byte of bytes) await peer.write(Uint8Array.of(byte));
    const [port, frame] = await packet;
    assert.equal(port, 5);
    assert.equal(Buffer.from(frame as Uint8Array).toString(), 'abc');
  });

  for (const [name, bytes, code] of [
    ['an oversized body', Buffer.concat([handshake(PROTOCOL_PAIR), Buffer.from('010000000000100001', 'hex')]), 'BODY_TOO_LARGE'],
    ['a wrong protocol id', handshake(0x11), 'WRONG_PROTOCOL'],
    ['a bad type byte', Buffer.concat([handshake(PROTOCOL_PAIR), Buffer.from('02000000000000000c', 'hex')]), 'BAD_MESSAGE_TYPE'],
    ['a body shorter than its header', Buffer.concat([handshake(PROTOCOL_PAIR), Buffer.from('01000000000000000400000000', 'hex')]), 'BAD_BODY'],
  ] as const) {
    it(`drops a peer that sends ${name} and keeps serving`, async () => {
      const peer = await raw();
      const error = nextError(server);
      await peer.write(bytes);
      assert.equal((await error).code, code);
      await peer.closed;
      const harness = await client();
      harness.send(1, Buffer.from('still here'));
      const [port] = await once(server, 'packet');
      assert.equal(port, 1);
    });
  }

  it('drops a peer that sends no handshake in time', async () => {
    const peer = await raw();
    const error = await nextError(server);
    assert.equal(error.code, 'HANDSHAKE_TIMEOUT');
    await peer.closed;
  });

  it('ignores a PACKET_IN whose length disagrees with its payload, but keeps the peer', async () => {
    const peer = await raw();
    const error = nextError(server);
    await peer.write(Buffer.concat([handshake(PROTOCOL_PAIR), encodeIpcMessage(MSG_PACKET_IN, 1, 99, Buffer.from('abc'))]));
    assert.equal((await error).code, 'BAD_BODY');
    const packet = once(server, 'packet');
    await peer.write(encodeIpcMessage(MSG_PACKET_IN, 1, 2, Buffer.from('ok')));
    assert.equal((await packet)[0], 1);
  });

  it('refuses a second peer while one is attached', async () => {
    const first = await client();
    const refused = nextError(server);
    await assert.rejects(PacketPortClient.connect(address), (e: unknown) => e instanceof PacketPortError && e.code === 'PEER_REFUSED');
    assert.equal((await refused).code, 'PEER_REFUSED');
    first.send(3, Buffer.from('first still works'));
    assert.equal((await once(server, 'packet'))[0], 3);
  });

  it('accepts a new peer after the old one goes away', async () => {
    const first = await client();
    const gone = once(server, 'disconnect');
    first.close();
    await gone;
    assert.equal(server.connected, false);
    const second = await client();
    server.sendPacket(4, Buffer.from('hello again'));
    assert.equal((await second.nextPacket({ timeoutMs: 2000 })).port, 4);
  });

  it('tells the harness when the switch goes away', async () => {
    const harness = await client();
    const waiting = harness.nextPacket({ timeoutMs: 5000 });
    const closed = once(harness, 'close');
    await server.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof PacketPortError && e.code === 'NOT_CONNECTED');
    await closed;
    assert.throws(() => harness.send(1, Buffer.from('x')), /closed/);
    server = await PacketPortServer.listen(address);
  });

  it('times out nextPacket with a clear error', async () => {
    const harness = await client();
    await assert.rejects(harness.nextPacket({ timeoutMs: 20, port: 9 }), /no packet on port 9 within 20 ms/);
  });

  it('reports port management messages', async () => {
    const harness = await client();
    const added = once(server, 'port-add');
    const status = once(server, 'port-status');
    const removed = once(server, 'port-remove');
    harness.addPort(6);
    harness.setPortStatus(6, PORT_STATUS_DOWN);
    harness.removePort(6);
    assert.deepEqual(await added, [6]);
    assert.deepEqual(await status, [6, PORT_STATUS_DOWN]);
    assert.deepEqual(await removed, [6]);
  });

  it('drops egress packets while no harness is attached and counts them', () => {
    assert.equal(server.sendPacket(1, Buffer.from('nobody')), false);
    assert.equal(server.droppedPackets, 1);
  });

  it('applies backpressure and still delivers everything in order', async () => {
    const harness = await client();
    const frame = Buffer.alloc(64 * 1024);
    let sawFull = false;
    for (let i = 0; i < 200; i++) {
      frame.writeUInt32BE(i, 0);
      if (!server.sendPacket(1, frame)) {
        sawFull = true;
        await server.waitForDrain();
      }
    }
    assert.ok(sawFull, 'the socket buffer never filled');
    for (let i = 0; i < 200; i++) {
      const p = await harness.nextPacket({ timeoutMs: 5000 });
      assert.equal(Buffer.from(p.frame).readUInt32BE(0), i);
    }
  });

  it('removes its socket file on close, replaces a stale one, and refuses a live one', async () => {
    const path = join(dir, 'sw.ipc');
    assert.ok(existsSync(path));
    await assert.rejects(PacketPortServer.listen(address), (e: unknown) => e instanceof PacketPortError && e.code === 'ADDRESS_IN_USE');
    await server.close();
    assert.ok(!existsSync(path));
    writeFileSync(path, '');
    server = await PacketPortServer.listen(address);
    assert.ok(existsSync(path));
    await assert.rejects(PacketPortServer.listen('tcp://x'), (e: unknown) => e instanceof PacketPortError && e.code === 'BAD_ADDRESS');
  });
});
