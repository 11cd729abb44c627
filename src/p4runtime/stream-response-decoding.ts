// StreamChannel responses deserialized for grpc-js. Digest lists, the bulk of a busy
// stream, are read in one pass: the message is copied once and every bitstring is a view
// of that copy (the generated decoder copies each field into a Buffer of its own, and
// keeps its recursion depth as an ad-hoc property of its reader). Their data must be
// bitstrings, or structs and tuples of them; anything else — another field, another data
// form, a malformed or truncated message — is handed to the generated decoder, which
// gives the same result or the same error. Either way the objects are the generated
// decoder's, field for field (a test checks).
import { makeGenericClientConstructor } from '@grpc/grpc-js';
import type { P4Data } from '../proto/p4/v1/p4data.js';
import { type DigestList, P4RuntimeClient, P4RuntimeService, StreamMessageResponse } from '../proto/p4/v1/p4runtime.js';
import { wireTag } from '../proto/descriptors.js';

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

/** Structs nested deeper than this go to the generated decoder (which limits depth to 100). */
const MAX_DEPTH = 32;

/** Thrown inside the fast path to hand the message to the generated decoder. */
const NOT_HANDLED = new Error('not handled by the fast path');

let buf: Buffer = Buffer.alloc(0);
let pos = 0;

/** A varint of at most 32 bits, as the generated reader's uint32() (longer ones: not handled). */
function varint32(end: number): number {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= end) throw NOT_HANDLED;
    const b = buf[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) {
      if (value > 0xffff_ffff) throw NOT_HANDLED;
      return value;
    }
  }
  throw NOT_HANDLED;
}

function varint64(end: number): bigint {
  let low = 0;
  let shift = 0;
  // Up to 49 bits in a number, the rest as a bigint.
  for (; shift < 49; shift += 7) {
    if (pos >= end) throw NOT_HANDLED;
    const b = buf[pos++]!;
    low += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return BigInt(low);
  }
  let value = BigInt(low);
  for (; shift < 70; shift += 7) {
    if (pos >= end) throw NOT_HANDLED;
    const b = buf[pos++]!;
    value |= BigInt(b & 0x7f) << BigInt(shift);
    if (b < 0x80) return BigInt.asUintN(64, value);
  }
  throw NOT_HANDLED;
}

function lengthDelimited(end: number): number {
  const length = varint32(end);
  if (pos + length > end) throw NOT_HANDLED;
  return pos + length;
}

function p4Data(end: number, depth: number): P4Data {
  if (depth > MAX_DEPTH || pos >= end) throw NOT_HANDLED;
  const tag = buf[pos++]!;
  const fieldEnd = lengthDelimited(end);
  let data: P4Data['data'];
  if (tag === TAG_DATA_BITSTRING) {
    data = { $case: 'bitstring', value: buf.subarray(pos, fieldEnd) };
  } else if (tag === TAG_DATA_STRUCT || tag === TAG_DATA_TUPLE) {
    const members: P4Data[] = [];
    while (pos < fieldEnd) {
      if (buf[pos++] !== TAG_STRUCT_MEMBERS) throw NOT_HANDLED;
      const memberEnd = lengthDelimited(fieldEnd);
      members.push(p4Data(memberEnd, depth + 1));
    }
    data = tag === TAG_DATA_STRUCT ? { $case: 'struct', value: { members } } : { $case: 'tuple', value: { members } };
  } else {
    throw NOT_HANDLED;
  }
  pos = fieldEnd;
  // A P4Data holds one field; more (a later one wins in protobuf) is left to the generated decoder.
  if (pos !== end) throw NOT_HANDLED;
  return { data };
}

function digestList(end: number): DigestList {
  const list: DigestList = { digestId: 0, listId: 0n, data: [], timestamp: 0n };
  while (pos < end) {
    const tag = buf[pos++]!;
    switch (tag) {
      case TAG_LIST_DIGEST_ID: list.digestId = varint32(end); break;
      case TAG_LIST_LIST_ID: list.listId = varint64(end); break;
      case TAG_LIST_DATA: {
        const dataEnd = lengthDelimited(end);
        list.data.push(p4Data(dataEnd, 1));
        break;
      }
      case TAG_LIST_TIMESTAMP: list.timestamp = BigInt.asIntN(64, varint64(end)); break;
      default: throw NOT_HANDLED;
    }
  }
  return list;
}

/** A StreamMessageResponse from its bytes, as StreamMessageResponse.decode gives it. */
export function deserializeStreamResponse(bytes: Buffer): StreamMessageResponse {
  if (bytes.length > 0 && bytes[0] === TAG_RESPONSE_DIGEST) {
    // One copy of the message; the data are views of it, independent of the transport's buffer.
    buf = Buffer.allocUnsafeSlow(bytes.length);
    bytes.copy(buf);
    pos = 1;
    try {
      const end = lengthDelimited(buf.length);
      const list = digestList(end);
      if (pos === buf.length) return { update: { $case: 'digest', value: list } };
    } catch (error) {
      if (error !== NOT_HANDLED) throw error;
    } finally {
      buf = Buffer.alloc(0);
    }
  }
  return StreamMessageResponse.decode(bytes);
}

/** The generated client class with StreamChannel responses deserialized as above. */
export const FastP4RuntimeClient = makeGenericClientConstructor(
  { ...P4RuntimeService, streamChannel: { ...P4RuntimeService.streamChannel, responseDeserialize: deserializeStreamResponse } },
  'p4.v1.P4Runtime',
) as unknown as typeof P4RuntimeClient;
