import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { P4Data } from '../../../src/proto/p4/v1/p4data.js';
import { StreamMessageResponse } from '../../../src/proto/p4/v1/p4runtime.js';
import { serializeStreamResponse } from '../../../src/sim/server/stream-response-codec.js';

const generated = (m: StreamMessageResponse): string => Buffer.from(StreamMessageResponse.encode(m).finish()).toString('hex');
const fast = (m: StreamMessageResponse): string => serializeStreamResponse(m).toString('hex');
const digest = (digestId: number, listId: bigint, data: P4Data[], timestamp: bigint): StreamMessageResponse =>
  ({ update: { $case: 'digest', value: { digestId, listId, data, timestamp } } });

const bitstring = fc.uint8Array({ maxLength: 200 }).map((b): P4Data => ({ data: { $case: 'bitstring', value: Buffer.from(b) } }));
const datum: fc.Arbitrary<P4Data> = fc.letrec<{ d: P4Data }>((tie) => ({
  d: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    bitstring,
    fc.array(tie('d'), { maxLength: 6 }).map((members): P4Data => ({ data: { $case: 'struct', value: { members } } })),
    fc.array(tie('d'), { maxLength: 6 }).map((members): P4Data => ({ data: { $case: 'tuple', value: { members } } })),
  ),
})).d;

describe('StreamChannel response serialization', () => {
  it('writes digest lists byte for byte as the generated encoder does', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.array(datum, { maxLength: 40 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      (digestId, listId, data, timestamp) => assert.equal(fast(digest(digestId, listId, data, timestamp)), generated(digest(digestId, listId, data, timestamp))),
    ), { numRuns: 300 });
  });

  it('falls back to the generated encoder for other data and other messages', () => {
    const others: StreamMessageResponse[] = [
      digest(1, 2n, [{ data: { $case: 'bool', value: true } }, { data: { $case: 'header', value: { isValid: true, bitstrings: [Buffer.of(1)] } } }], 3n),
      digest(1, 2n, [{ data: { $case: 'struct', value: { members: [{ data: { $case: 'enum', value: 'A' } }] } } }], 3n),
      digest(1, 2n, [{ data: undefined }], 3n),
      { update: { $case: 'packet', value: { payload: Buffer.of(1, 2, 3), metadata: [{ metadataId: 1, value: Buffer.of(7) }] } } },
      { update: undefined },
    ];
    for (const m of others) assert.equal(fast(m), generated(m));
  });

  it('a list of 1,024 lb.p4-sized load digests round-trips through the generated decoder', () => {
    const data: P4Data[] = Array.from({ length: 1024 }, (_, i) => ({
      data: { $case: 'struct', value: { members: [Buffer.of(i & 255), Buffer.of(i >> 8, i & 255), Buffer.of(3), Buffer.from('0123456789ab', 'hex'), Buffer.from('0123456789ac', 'hex')]
        .map((value): P4Data => ({ data: { $case: 'bitstring', value } })) } },
    }));
    const message = digest(7, 12345678901n, data, 1_700_000_000_000_000_000n);
    assert.deepEqual(StreamMessageResponse.decode(serializeStreamResponse(message)), message);
  });
});
