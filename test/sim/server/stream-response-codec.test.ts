import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { P4Data } from '../../../src/proto/p4/v1/p4data.js';
import { DigestList, StreamMessageResponse } from '../../../src/proto/p4/v1/p4runtime.js';
import type { P4DataTypeSpec, P4TypeInfo } from '../../../src/proto/p4/config/v1/p4types.js';
import type { Value } from '../../../src/sim/runtime/abi.js';
import { valueToP4Data } from '../../../src/sim/server/p4data-codec.js';
import { compileP4DataEncoder } from '../../../src/sim/server/p4data-encoder.js';
import { DIGEST_LIST_DATA_TAG, digestListResponse, EncodedStreamResponse, serializeStreamResponse } from '../../../src/sim/server/stream-response-codec.js';

const generated = (m: StreamMessageResponse): string => Buffer.from(StreamMessageResponse.encode(m).finish()).toString('hex');
const digest = (digestId: number, listId: bigint, data: P4Data[], timestamp: bigint): StreamMessageResponse =>
  ({ update: { $case: 'digest', value: { digestId, listId, data, timestamp } } });
/** The same list as the digest engine hands it over: each datum already a DigestList data field. */
const encoded = (digestId: number, listId: bigint, data: P4Data[], timestamp: bigint): EncodedStreamResponse => digestListResponse({
  digestId, listId, timestamp,
  data: data.map((d) => Buffer.from(DigestList.encode({ digestId: 0, listId: 0n, data: [d], timestamp: 0n }).finish()).toString('latin1')),
});

const bitstring = fc.uint8Array({ maxLength: 200 }).map((b): P4Data => ({ data: { $case: 'bitstring', value: Buffer.from(b) } }));
const datum: fc.Arbitrary<P4Data> = fc.letrec<{ d: P4Data }>((tie) => ({
  d: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    bitstring,
    fc.boolean().map((value): P4Data => ({ data: { $case: 'bool', value } })),
    fc.record({ isValid: fc.boolean(), bitstrings: fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => Buffer.from(b)), { maxLength: 4 }) })
      .map(({ isValid, bitstrings }): P4Data => ({ data: { $case: 'header', value: { isValid, bitstrings: isValid ? bitstrings : [] } } })),
    fc.array(tie('d'), { maxLength: 6 }).map((members): P4Data => ({ data: { $case: 'struct', value: { members } } })),
    fc.array(tie('d'), { maxLength: 6 }).map((members): P4Data => ({ data: { $case: 'tuple', value: { members } } })),
  ),
})).d;

describe('StreamChannel response serialization', () => {
  it('frames pre-encoded digest data byte for byte as the generated encoder writes the decoded list', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.array(datum, { maxLength: 40 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      (digestId, listId, data, timestamp) => {
        const bytes = serializeStreamResponse(encoded(digestId, listId, data, timestamp));
        assert.equal(bytes.toString('hex'), generated(digest(digestId, listId, data, timestamp)));
      },
    ), { numRuns: 300 });
  });

  it('sends pre-encoded responses as they are and everything else through the generated encoder', () => {
    const ready = new EncodedStreamResponse(Buffer.of(1, 2, 3));
    assert.equal(serializeStreamResponse(ready), ready.bytes);
    const others: StreamMessageResponse[] = [
      digest(1, 2n, [{ data: { $case: 'bool', value: true } }, { data: { $case: 'bitstring', value: Buffer.of(9) } }], 3n),
      { update: { $case: 'packet', value: { payload: Buffer.of(1, 2, 3), metadata: [{ metadataId: 1, value: Buffer.of(7) }] } } },
      { update: undefined },
    ];
    for (const m of others) assert.equal(serializeStreamResponse(m).toString('hex'), generated(m));
  });

  it('a list of 1,024 lb.p4-sized load digests round-trips through the generated decoder', () => {
    const data: P4Data[] = Array.from({ length: 1024 }, (_, i) => ({
      data: { $case: 'struct', value: { members: [Buffer.of(i & 255), Buffer.of(i >> 8, i & 255), Buffer.of(3), Buffer.from('0123456789ab', 'hex'), Buffer.from('0123456789ac', 'hex')]
        .map((value): P4Data => ({ data: { $case: 'bitstring', value } })) } },
    }));
    const message = digest(7, 12345678901n, data, 1_700_000_000_000_000_000n);
    assert.deepEqual(StreamMessageResponse.decode(serializeStreamResponse(encoded(7, 12345678901n, data, 1_700_000_000_000_000_000n))), message);
  });

  it('a list of compiled load-report digests decodes to the DigestList the generic P4Data conversion gives', () => {
    const bit = (bitwidth: number) => ({ typeSpec: { $case: 'bitstring', value: { typeSpec: { $case: 'bit', value: { bitwidth } } } } });
    const fields: [string, number][] = [['server', 16], ['cpu_id', 8], ['cpu_load', 8], ['report_timestamp', 48], ['switch_timestamp', 48], ['report_format', 1]];
    const types = { structs: { load_report_digest_t: { members: fields.map(([name, w]) => ({ name, typeSpec: bit(w) })) } } } as unknown as P4TypeInfo;
    const spec = { typeSpec: { $case: 'struct', value: { name: 'load_report_digest_t' } } } as P4DataTypeSpec;
    const encoder = compileP4DataEncoder(spec, types, DIGEST_LIST_DATA_TAG);
    const values = Array.from({ length: 300 }, (_, i) => ({
      server: i % 64, cpu_id: i % 16, cpu_load: (i * 7) % 256, report_timestamp: 281_474_976_710_000n + BigInt(i), switch_timestamp: BigInt(i * 1000), report_format: i & 1,
    }) as Value);
    const bytes = serializeStreamResponse(digestListResponse({ digestId: 401_000_001, listId: 3n, data: values.map((v) => encoder.encode(v)), timestamp: 99n }));
    assert.deepEqual(StreamMessageResponse.decode(bytes), digest(401_000_001, 3n, values.map((v) => valueToP4Data(v, spec, types)), 99n));
  });
});
