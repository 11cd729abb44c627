import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { P4Data } from '../../src/proto/p4/v1/p4data.js';
import { StreamMessageResponse } from '../../src/proto/p4/v1/p4runtime.js';
import { deserializeStreamResponse } from '../../src/p4runtime/stream-response-decoding.js';

const encode = (m: StreamMessageResponse): Buffer => Buffer.from(StreamMessageResponse.encode(m).finish());
const digest = (digestId: number, listId: bigint, data: P4Data[], timestamp: bigint): StreamMessageResponse =>
  ({ update: { $case: 'digest', value: { digestId, listId, data, timestamp } } });

const datum: fc.Arbitrary<P4Data> = fc.letrec<{ d: P4Data }>((tie) => ({
  d: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 40 }).map((b): P4Data => ({ data: { $case: 'bitstring', value: Buffer.from(b) } })),
    fc.array(tie('d'), { maxLength: 5 }).map((members): P4Data => ({ data: { $case: 'struct', value: { members } } })),
    fc.array(tie('d'), { maxLength: 5 }).map((members): P4Data => ({ data: { $case: 'tuple', value: { members } } })),
    fc.boolean().map((value): P4Data => ({ data: { $case: 'bool', value } })),
    fc.constant<P4Data>({ data: { $case: 'header', value: { isValid: true, bitstrings: [Buffer.of(1, 2)] } } }),
  ),
})).d;

/** The generated decoder's outcome: its message, or its error's message. */
function generated(bytes: Buffer): StreamMessageResponse | string {
  try {
    return StreamMessageResponse.decode(bytes);
  } catch (error) {
    return (error as Error).message;
  }
}
function fast(bytes: Buffer): StreamMessageResponse | string {
  try {
    return deserializeStreamResponse(bytes);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('StreamChannel response deserialization', () => {
  it('decodes digest lists exactly as the generated decoder', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.array(datum, { maxLength: 30 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      (digestId, listId, data, timestamp) => {
        const bytes = encode(digest(digestId, listId, data, timestamp));
        assert.deepEqual(fast(bytes), generated(bytes));
      },
    ), { numRuns: 300 });
  });

  it('agrees with the generated decoder on damaged messages (truncated, bytes changed)', () => {
    const base = encode(digest(3, 9n, [{ data: { $case: 'struct', value: { members: [{ data: { $case: 'bitstring', value: Buffer.of(1, 2, 3) } }] } } }], 77n));
    fc.assert(fc.property(fc.nat(base.length - 1), fc.nat(255), fc.boolean(), (at, value, truncate) => {
      const bytes = truncate ? base.subarray(0, at) : Buffer.from(base);
      if (!truncate) bytes[at] = value;
      assert.deepEqual(fast(bytes), generated(bytes));
    }), { numRuns: 500 });
  });

  it('decodes other messages with the generated decoder', () => {
    const packet: StreamMessageResponse = { update: { $case: 'packet', value: { payload: Buffer.of(1, 2), metadata: [] } } };
    assert.deepEqual(deserializeStreamResponse(encode(packet)), packet);
  });

  it('gives data that stay intact when the transport reuses its buffer', () => {
    const bytes = encode(digest(1, 1n, [{ data: { $case: 'bitstring', value: Buffer.of(0xab) } }], 0n));
    const decoded = deserializeStreamResponse(bytes);
    bytes.fill(0);
    assert.deepEqual(decoded, digest(1, 1n, [{ data: { $case: 'bitstring', value: Buffer.of(0xab) } }], 0n));
  });
});
