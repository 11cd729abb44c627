// Reassembles the byte stream of one nanomsg IPC connection: the 8-byte SP handshake, then
// messages (type byte 0x01, u64 big-endian length, body), whatever the read boundaries are.
// Bodies that arrive whole inside one chunk are handed out as views of it, without copying.
import { PacketPortError } from './errors.js';
import { HANDSHAKE_LENGTH, IPC_MESSAGE_HEADER_LENGTH, IPC_MESSAGE_TYPE_NORMAL, MAX_BODY_LENGTH } from './wire.js';

export interface StreamReaderHandlers {
  handshake(protocolId: number): void;
  body(body: Buffer): void;
  /** After an error the reader ignores everything else: the stream is out of sync. */
  error(error: PacketPortError): void;
}

const SP_MAGIC = [0x00, 0x53, 0x50, 0x00];

export class IpcStreamReader {
  private state: 'handshake' | 'header' | 'body' | 'failed' = 'handshake';
  /** Collects the handshake or a message header split across chunks. */
  private readonly head = Buffer.alloc(IPC_MESSAGE_HEADER_LENGTH);
  private headFill = 0;
  private body: Buffer = Buffer.alloc(0);
  private bodyFill = 0;

  constructor(
    private readonly expectedProtocol: number,
    private readonly handlers: StreamReaderHandlers,
  ) {}

  get failed(): boolean {
    return this.state === 'failed';
  }

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && this.state !== 'failed') {
      if (this.state === 'handshake') i = this.readHandshake(chunk, i);
      else if (this.state === 'header') i = this.readHeader(chunk, i);
      else i = this.readBody(chunk, i);
    }
  }

  private fail(error: PacketPortError): void {
    this.state = 'failed';
    this.handlers.error(error);
  }

  private readHandshake(chunk: Buffer, i: number): number {
    const n = Math.min(HANDSHAKE_LENGTH - this.headFill, chunk.length - i);
    chunk.copy(this.head, this.headFill, i, i + n);
    // Check the magic as soon as its bytes arrive, so garbage is refused without waiting.
    for (let k = this.headFill; k < Math.min(this.headFill + n, SP_MAGIC.length); k++) {
      if (this.head[k] !== SP_MAGIC[k]) {
        this.fail(new PacketPortError('BAD_HANDSHAKE', `byte ${k} of the handshake is 0x${this.head[k]!.toString(16)}, not an SP header`));
        return i + n;
      }
    }
    this.headFill += n;
    if (this.headFill < HANDSHAKE_LENGTH) return i + n;
    const protocol = this.head.readUInt16BE(4);
    if (protocol !== this.expectedProtocol) {
      this.fail(new PacketPortError('WRONG_PROTOCOL', `peer speaks SP protocol ${protocol}, expected ${this.expectedProtocol} (PAIR v0)`));
      return i + n;
    }
    this.headFill = 0;
    this.state = 'header';
    this.handlers.handshake(protocol);
    return i + n;
  }

  private readHeader(chunk: Buffer, i: number): number {
    if (this.headFill === 0 && chunk[i] !== IPC_MESSAGE_TYPE_NORMAL) {
      this.fail(new PacketPortError('BAD_MESSAGE_TYPE', `IPC message type byte 0x${chunk[i]!.toString(16)}, only 0x01 is valid`));
      return i + 1;
    }
    // Fast path: a whole header (and maybe the whole body) inside this chunk.
    if (this.headFill === 0 && chunk.length - i >= IPC_MESSAGE_HEADER_LENGTH) {
      const length = this.bodyLength(chunk, i + 1);
      if (length === undefined) return chunk.length;
      const start = i + IPC_MESSAGE_HEADER_LENGTH;
      if (chunk.length - start >= length) {
        this.handlers.body(chunk.subarray(start, start + length));
        return start + length;
      }
      this.startBody(length);
      return start;
    }
    const n = Math.min(IPC_MESSAGE_HEADER_LENGTH - this.headFill, chunk.length - i);
    chunk.copy(this.head, this.headFill, i, i + n);
    this.headFill += n;
    if (this.headFill < IPC_MESSAGE_HEADER_LENGTH) return i + n;
    this.headFill = 0;
    const length = this.bodyLength(this.head, 1);
    if (length !== undefined) this.startBody(length);
    return i + n;
  }

  private bodyLength(bytes: Buffer, at: number): number | undefined {
    const high = bytes.readUInt32BE(at);
    const low = bytes.readUInt32BE(at + 4);
    if (high !== 0 || low > MAX_BODY_LENGTH) {
      const length = BigInt(high) * 2n ** 32n + BigInt(low);
      this.fail(new PacketPortError('BODY_TOO_LARGE', `message body of ${length} bytes exceeds the ${MAX_BODY_LENGTH}-byte limit`));
      return undefined;
    }
    return low;
  }

  private startBody(length: number): void {
    if (length === 0) {
      this.handlers.body(Buffer.alloc(0));
      return;
    }
    this.body = Buffer.allocUnsafe(length);
    this.bodyFill = 0;
    this.state = 'body';
  }

  private readBody(chunk: Buffer, i: number): number {
    const n = Math.min(this.body.length - this.bodyFill, chunk.length - i);
    chunk.copy(this.body, this.bodyFill, i, i + n);
    this.bodyFill += n;
    if (this.bodyFill === this.body.length) {
      this.state = 'header';
      this.handlers.body(this.body);
    }
    return i + n;
  }
}
