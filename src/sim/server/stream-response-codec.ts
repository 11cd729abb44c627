// StreamChannel responses serialized for grpc-js. Digest lists, the bulk of a busy stream,
// are encoded when they leave the digest engine: their data are already DigestList data
// fields (p4data-encoder.ts, with DIGEST_LIST_DATA_TAG), so a list is those bytes
// concatenated inside the DigestList and StreamMessageResponse framing: the bytes the
// generated encoder would give for the decoded list (a test checks). The serializer sends
// such pre-encoded responses as they are and every other message through the generated
// encoder.
import { P4RuntimeService, StreamMessageResponse } from '../../proto/p4/v1/p4runtime.js';
import { wireTag } from '../../proto/descriptors.js';
import type { EncodedDigestList } from './digest-engine.js';
import { varint64Size, varintSize, WireWriter } from './wire-writer.js';

// Wire tags of the digest-list path, from the field tables generated out of proto/.
const TAG_RESPONSE_DIGEST = wireTag('p4.v1.StreamMessageResponse', 'digest');
const TAG_LIST_DIGEST_ID = wireTag('p4.v1.DigestList', 'digest_id');
const TAG_LIST_LIST_ID = wireTag('p4.v1.DigestList', 'list_id');
const TAG_LIST_TIMESTAMP = wireTag('p4.v1.DigestList', 'timestamp');

/** The tag each encoded digest datum starts with (DigestList.data). */
export const DIGEST_LIST_DATA_TAG = wireTag('p4.v1.DigestList', 'data');

/** A StreamMessageResponse already in its wire form. */
export class EncodedStreamResponse {
  constructor(readonly bytes: Buffer) {}
}

/** What a StreamChannel served with `P4RuntimeServiceDefinition` takes to send. */
export type StreamChannelResponse = StreamMessageResponse | EncodedStreamResponse;

/** The StreamMessageResponse carrying `list`, encoded in one exactly sized buffer. */
export function digestListResponse(list: EncodedDigestList): EncodedStreamResponse {
  const { digestId, listId, data, timestamp } = list;
  let body = 0;
  if (digestId !== 0) body += 1 + varintSize(digestId);
  if (listId !== 0n) body += 1 + varint64Size(listId);
  for (const datum of data) body += datum.length;
  if (timestamp !== 0n) body += 1 + varint64Size(timestamp);
  const out = new WireWriter(Buffer.allocUnsafe(1 + varintSize(body) + body));
  out.byte(TAG_RESPONSE_DIGEST);
  out.varint(body);
  if (digestId !== 0) {
    out.byte(TAG_LIST_DIGEST_ID);
    out.varint(digestId);
  }
  if (listId !== 0n) {
    out.byte(TAG_LIST_LIST_ID);
    out.varint64(listId);
  }
  // One copy of all the data at once: far cheaper than a write per datum.
  out.position += out.buffer.write(data.join(''), out.position, 'latin1');
  if (timestamp !== 0n) {
    out.byte(TAG_LIST_TIMESTAMP);
    out.varint64(timestamp);
  }
  return new EncodedStreamResponse(out.buffer);
}

/** A StreamChannel response as grpc-js sends it. */
export function serializeStreamResponse(message: StreamChannelResponse): Buffer {
  if (message instanceof EncodedStreamResponse) return message.bytes;
  return Buffer.from(StreamMessageResponse.encode(message).finish());
}

/** The generated service definition with the StreamChannel responses serialized as above. */
export const P4RuntimeServiceDefinition = {
  ...P4RuntimeService,
  streamChannel: { ...P4RuntimeService.streamChannel, responseSerialize: serializeStreamResponse },
} as const;
