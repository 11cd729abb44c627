// StreamChannel responses serialized for grpc-js. Digest lists, the bulk of a busy stream,
// are written in one pass straight into the Buffer grpc-js sends: sizes first, then bytes,
// with no intermediate writer, no fork/join per nested message and no final copy. Their
// data are bitstrings, or structs and tuples of them (every digest of lb.p4); a list with
// anything else, and every other message, goes through the generated encoder. The bytes
// are the generated encoder's, field for field (a test checks).
import type { P4Data } from '../../proto/p4/v1/p4data.js';
import { type DigestList, P4RuntimeService, StreamMessageResponse } from '../../proto/p4/v1/p4runtime.js';
import { wireTag } from '../../proto/descriptors.js';

// Wire tags of the digest-list path, from the field tables generated out of proto/.
const TAG_RESPONSE_DIGEST = wireTag('p4.v1.StreamMessageResponse', 'digest');
const TAG_LIST_DIGEST_ID = wireTag('p4.v1.DigestList', 'digest_id');
const TAG_LIST_LIST_ID = wireTag('p4.v1.DigestList', 'list_id');
const TAG_LIST_DATA = wireTag('p4.v1.DigestList', 'data');
const TAG_LIST_TIMESTAMP = wireTag('p4.v1.DigestList', 'timestamp');
const TAG_DATA_BITSTRING = wireTag('p4.v1.P4Data', 'bitstring');
const TAG_DATA_TUPLE = wireTag('p4.v1.P4Data', 'tuple');
const TAG_DATA_STRUCT = wireTag('p4.v1.P4Data', 'struct');
const TAG_STRUCT_MEMBERS = wireTag('p4.v1.P4StructLike', 'members');

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x20_0000 ? 3 : n < 0x1000_0000 ? 4 : 5);

/** uint64/int64 as protobuf writes them (negative int64: ten bytes of two's complement). */
function varint64Size(value: bigint): number {
  let v = BigInt.asUintN(64, value);
  let size = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    size++;
  }
  return size;
}

/**
 * The size pass records, for every datum in pre-order (each datum, then its members), the
 * size of its P4Data message and, for structs and tuples, of their member list; the write
 * pass walks the data in the same order. Serialization is synchronous, so module-level
 * scratch arrays serve every call.
 */
const sizes: number[] = [];
const inners: number[] = [];
/** Entries of sizes/inners in use by the current message (the arrays keep their capacity). */
let used = 0;

function dataSize(data: P4Data): number | undefined {
  const d = data.data;
  if (d?.$case === 'bitstring') {
    const length = d.value.length;
    const size = 1 + varintSize(length) + length;
    sizes[used] = size;
    inners[used++] = 0;
    return size;
  }
  if (d?.$case !== 'struct' && d?.$case !== 'tuple') return undefined;
  const slot = used++;
  sizes[slot] = 0;
  inners[slot] = 0;
  let inner = 0;
  for (const member of d.value.members) {
    const size = dataSize(member);
    if (size === undefined) return undefined;
    inner += 1 + varintSize(size) + size;
  }
  const size = 1 + varintSize(inner) + inner;
  sizes[slot] = size;
  inners[slot] = inner;
  return size;
}

class Out {
  position = 0;
  constructor(readonly buffer: Buffer) {}
  byte(b: number): void {
    this.buffer[this.position++] = b;
  }
  varint(n: number): void {
    while (n >= 0x80) {
      this.buffer[this.position++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buffer[this.position++] = n;
  }
  varint64(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    if (v <= 0xffff_ffffn) return this.varint(Number(v));
    while (v >= 0x80n) {
      this.buffer[this.position++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.position++] = Number(v);
  }
}

let next = 0;

/** Writes the body of the datum at pre-order position `next` (its tag and length are the caller's). */
function writeData(out: Out, data: P4Data): void {
  const at = next++;
  const d = data.data!;
  if (d.$case === 'bitstring') {
    const bytes = d.value;
    out.byte(TAG_DATA_BITSTRING);
    out.varint(bytes.length);
    // Field values are a few bytes: a loop beats TypedArray.set's call overhead.
    if (bytes.length <= 32) {
      const buffer = out.buffer;
      let at = out.position;
      for (let i = 0; i < bytes.length; i++) buffer[at++] = bytes[i]!;
      out.position = at;
    } else {
      out.buffer.set(bytes, out.position);
      out.position += bytes.length;
    }
    return;
  }
  out.byte(d.$case === 'struct' ? TAG_DATA_STRUCT : TAG_DATA_TUPLE);
  out.varint(inners[at]!);
  for (const member of (d as { value: { members: P4Data[] } }).value.members) {
    out.byte(TAG_STRUCT_MEMBERS);
    out.varint(sizes[next]!);
    writeData(out, member);
  }
}

function encodeDigestList(list: DigestList): Buffer | undefined {
  used = 0;
  let body = 0;
  if (list.digestId !== 0) body += 1 + varintSize(list.digestId);
  if (list.listId !== 0n) {
    if (BigInt.asUintN(64, list.listId) !== list.listId) return undefined;
    body += 1 + varint64Size(list.listId);
  }
  for (const data of list.data) {
    const size = dataSize(data);
    if (size === undefined) return undefined;
    body += 1 + varintSize(size) + size;
  }
  if (list.timestamp !== 0n) {
    if (BigInt.asIntN(64, list.timestamp) !== list.timestamp) return undefined;
    body += 1 + varint64Size(list.timestamp);
  }
  const out = new Out(Buffer.allocUnsafe(1 + varintSize(body) + body));
  out.byte(TAG_RESPONSE_DIGEST);
  out.varint(body);
  if (list.digestId !== 0) {
    out.byte(TAG_LIST_DIGEST_ID);
    out.varint(list.digestId);
  }
  if (list.listId !== 0n) {
    out.byte(TAG_LIST_LIST_ID);
    out.varint64(list.listId);
  }
  next = 0;
  for (const data of list.data) {
    out.byte(TAG_LIST_DATA);
    out.varint(sizes[next]!);
    writeData(out, data);
  }
  if (list.timestamp !== 0n) {
    out.byte(TAG_LIST_TIMESTAMP);
    out.varint64(list.timestamp);
  }
  return out.buffer;
}

/** A StreamMessageResponse as grpc-js sends it. */
export function serializeStreamResponse(message: StreamMessageResponse): Buffer {
  const update = message.update;
  if (update?.$case === 'digest') {
    const fast = encodeDigestList(update.value);
    if (fast !== undefined) return fast;
  }
  return Buffer.from(StreamMessageResponse.encode(message).finish());
}

/** The generated service definition with the StreamChannel responses serialized as above. */
export const P4RuntimeServiceDefinition = {
  ...P4RuntimeService,
  streamChannel: { ...P4RuntimeService.streamChannel, responseSerialize: serializeStreamResponse },
} as const;
