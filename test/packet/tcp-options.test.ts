import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PacketDecodeError, PacketEncodeError, decodeTcpOptions, encodeTcpOptions, splitOptions, type TcpOption } from '../../src/packet/index.js';
import { hex } from './reference-checksum.js';

const u32 = fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }).map(Number);
const arbOption: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant<TcpOption>({ kind: 'nop' }),
  fc.integer({ min: 0, max: 0xffff }).map((value): TcpOption => ({ kind: 'mss', value })),
  fc.integer({ min: 0, max: 14 }).map((shift): TcpOption => ({ kind: 'window-scale', shift })),
  fc.constant<TcpOption>({ kind: 'sack-permitted' }),
  fc.array(fc.record({ left: u32, right: u32 }, { noNullPrototype: true }), { minLength: 1, maxLength: 2 }).map((blocks): TcpOption => ({ kind: 'sack', blocks })),
  fc.tuple(u32, u32).map(([value, echo]): TcpOption => ({ kind: 'timestamps', value, echo })),
  fc.tuple(fc.integer({ min: 9, max: 255 }), fc.uint8Array({ maxLength: 6 })).map(([type, data]): TcpOption => ({ kind: 'other', type, data })),
);

/** Bytes an option takes on the wire, to keep generated lists within TCP's 40-byte option space. */
function wireLength(option: TcpOption): number {
  switch (option.kind) {
    case 'nop': case 'end': return 1;
    case 'mss': return 4;
    case 'window-scale': return 3;
    case 'sack-permitted': return 2;
    case 'sack': return 2 + 8 * option.blocks.length;
    case 'timestamps': return 10;
    case 'other': return 2 + option.data.length;
  }
}
const fittingOptionList = fc.array(arbOption, { maxLength: 3 })
  .filter((options) => Math.ceil(options.reduce((sum, o) => sum + wireLength(o), 0) / 4) * 4 <= 40);

describe('packet/tcp options', () => {
  it('decodes a typical SYN option list', () => {
    const area = hex('020405b4 0402 080a 00000001 00000000 0103 0307');
    assert.deepEqual(decodeTcpOptions(area), [
      { kind: 'mss', value: 1460 },
      { kind: 'sack-permitted' },
      { kind: 'timestamps', value: 1, echo: 0 },
      { kind: 'nop' },
      { kind: 'window-scale', shift: 7 },
    ]);
  });

  it('round-trips option lists, padding with end-of-list', () => {
    fc.assert(
      fc.property(fittingOptionList, (options) => {
        const area = encodeTcpOptions(options);
        assert.equal(area.length % 4, 0);
        const decoded = decodeTcpOptions(area);
        assert.deepEqual(decoded.at(-1)?.kind === 'end' ? decoded.slice(0, -1) : decoded, options);
      }),
    );
  });

  it('rejects truncated and malformed options', () => {
    assert.throws(() => decodeTcpOptions(hex('02')), (e: unknown) => e instanceof PacketDecodeError && /no length byte/.test(e.message));
    assert.throws(() => decodeTcpOptions(hex('0201')), /below 2/);
    assert.throws(() => decodeTcpOptions(hex('020805b4')), /truncated/);
    assert.throws(() => decodeTcpOptions(hex('0203 05 00')), /mss/);
    assert.throws(() => splitOptions(hex('8806'), 'ipv4 option', 34), (e: unknown) => e instanceof PacketDecodeError && e.offset === 34);
  });

  it('refuses options that do not fit', () => {
    assert.throws(() => encodeTcpOptions([{ kind: 'mss', value: 70000 }]), PacketEncodeError);
    assert.throws(() => encodeTcpOptions(Array<TcpOption>(11).fill({ kind: 'timestamps', value: 0, echo: 0 })), /40-byte/);
  });
});
