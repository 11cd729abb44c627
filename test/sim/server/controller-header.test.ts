import assert from 'node:assert/strict';
import fc from 'fast-check';
import { packPacketOut, unpackPacketIn } from '../../../src/sim/server/controller-header.js';
import type { ControllerHeaderBinding } from '../../../src/sim/server/p4info-index.js';
import { bitsToBytes } from '../../../src/sim/server/byte-string.js';

const header = (name: string, widths: number[], paddingIds: number[] = []): ControllerHeaderBinding =>
  ({ id: 1, name, fields: widths.map((width, i) => ({ id: i + 1, name: `f${i}`, width, padding: paddingIds.includes(i + 1) })) });

describe('controller packet headers', () => {
  it('packs packet_out metadata MSB first in P4Info order', () => {
    const frame = packPacketOut(header('packet_out', [9, 7]), [
      { metadataId: 2, value: bitsToBytes(0x7fn) }, { metadataId: 1, value: bitsToBytes(0x101n) },
    ], Buffer.from([0xab]));
    assert.deepEqual(frame, Buffer.from([0x80, 0xff, 0xab]));
  });

  it('lets a client leave out @padding fields (P4Runtime 1.4) but no other', () => {
    const out = header('packet_out', [9, 7], [2]);
    assert.deepEqual(packPacketOut(out, [{ metadataId: 1, value: bitsToBytes(0x101n) }], Buffer.alloc(0)), Buffer.from([0x80, 0x80]));
    assert.throws(() => packPacketOut(out, [{ metadataId: 2, value: bitsToBytes(1n) }], Buffer.alloc(0)), /f0 \(id 1\) missing/);
  });

  it('unpacks what it packs, for any byte-aligned header', () => {
    const layout = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 })
      .filter((ws) => ws.reduce((a, b) => a + b, 0) % 8 === 0);
    fc.assert(fc.property(layout.chain((widths) => fc.tuple(
      fc.constant(widths), fc.tuple(...widths.map((w) => fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }))),
      fc.uint8Array({ maxLength: 20 }),
    )), ([widths, values, payload]) => {
      const metadata = values.map((v, i) => ({ metadataId: i + 1, value: bitsToBytes(v) }));
      const frame = packPacketOut(header('packet_out', widths), metadata, payload);
      const back = unpackPacketIn(header('packet_in', widths), frame)!;
      assert.deepEqual(back.metadata, metadata);
      assert.deepEqual(back.payload, Buffer.from(payload));
    }));
  });

  it('refuses a header that is not whole bytes, and a frame shorter than the header', () => {
    assert.throws(() => packPacketOut(header('packet_out', [9]), [{ metadataId: 1, value: bitsToBytes(1n) }], Buffer.alloc(0)), /not a whole number of bytes/);
    assert.equal(unpackPacketIn(header('packet_in', [16]), Buffer.of(1)), undefined);
  });

  it('passes frames through when the program has no controller header', () => {
    assert.deepEqual(packPacketOut(undefined, [], Buffer.of(1, 2)), Buffer.of(1, 2));
    assert.throws(() => packPacketOut(undefined, [{ metadataId: 1, value: Buffer.of(1) }], Buffer.alloc(0)), /no packet_out/);
  });
});
