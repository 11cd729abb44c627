import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HeaderType, P4Type } from '../../../src/sim/ir/types.js';
import type { ExternCallSite, HeaderValue, PacketContext, Value } from '../../../src/sim/runtime/abi.js';
import { P4ParserError } from '../../../src/sim/runtime/abi.js';
import { bindPacketInMethod, PacketIn } from '../../../src/sim/runtime/packet-in.js';
import { bindPacketOutMethod, PacketOut } from '../../../src/sim/runtime/packet-out.js';

const bit = (width: number): P4Type => ({ kind: 'bit', width });
function header(name: string, fields: [string, P4Type][]): HeaderType {
  return { kind: 'header', name, fields: fields.map(([n, type]) => ({ name: n, type, annotations: [] })) };
}
function site(method: string, argTypes: P4Type[], typeArgs: P4Type[] = []): ExternCallSite {
  return { method, params: [], argTypes, typeArgs, location: 'test.p4:1:1' };
}

const ethernet = header('ethernet_t', [['dst', bit(48)], ['src', bit(48)], ['etherType', bit(16)]]);
const odd = header('odd_t', [['a', bit(3)], ['b', bit(13)], ['c', { kind: 'int', width: 8 }], ['d', { kind: 'bool' }], ['e', bit(7)]]);
const withOptions = header('ipv4_opts_t', [['kind', bit(8)], ['options', { kind: 'varbit', maxWidth: 320 }]]);

const ctx = { arch: undefined } as PacketContext;

function parse(bytes: Uint8Array) {
  const packet = new PacketIn(bytes);
  const get = () => packet;
  return {
    packet,
    extract(type: HeaderType, size?: number): HeaderValue {
      const args: Value[] = size === undefined ? [undefined as unknown as Value] : [undefined as unknown as Value, size];
      bindPacketInMethod(site('extract', size === undefined ? [type] : [type, bit(32)]), get)(args, ctx);
      return args[0] as HeaderValue;
    },
    call(method: string, args: Value[], typeArgs: P4Type[] = []): Value | undefined {
      return bindPacketInMethod(site(method, [], typeArgs), get)(args, ctx);
    },
  };
}

describe('sim runtime: packet_in / packet_out', () => {
  it('extracts Ethernet and emits it back bit-exact with the payload', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x00, 0xaa, 0xbb]);
    const p = parse(bytes);
    const eth = p.extract(ethernet);
    assert.deepEqual(eth, { $valid: true, dst: 0x010203040506n, src: 0x0708090a0b0cn, etherType: 0x0800 });
    assert.deepEqual([...p.packet.payload()], [0xaa, 0xbb]);
    const out = new PacketOut();
    bindPacketOutMethod(site('emit', [ethernet]), () => out)([eth], ctx);
    assert.deepEqual(out.finish(p.packet.payload()), bytes);
  });

  it('round-trips headers with odd field widths, signed ints and bools (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        const h = parse(bytes).extract(odd);
        assert.ok((h.c as number) >= -128 && (h.c as number) < 128);
        const out = new PacketOut();
        bindPacketOutMethod(site('emit', [odd]), () => out)([h], ctx);
        assert.deepEqual(out.finish(new Uint8Array()), bytes);
      }),
    );
  });

  it('emit skips invalid headers and walks structs, stacks and unions', () => {
    const small = header('s_t', [['v', bit(8)]]);
    const type: P4Type = {
      kind: 'struct',
      name: 'headers',
      fields: [
        { name: 'a', type: small, annotations: [] },
        { name: 'stack', type: { kind: 'stack', element: small, size: 3 }, annotations: [] },
        { name: 'u', type: { kind: 'header_union', name: 'u_t', fields: [{ name: 'x', type: small, annotations: [] }, { name: 'y', type: ethernet, annotations: [] }] }, annotations: [] },
      ],
    };
    const value = {
      a: { $valid: false, v: 1 },
      stack: { nextIndex: 2, elements: [{ $valid: true, v: 2 }, { $valid: false, v: 3 }, { $valid: true, v: 4 }] },
      u: { x: { $valid: true, v: 5 }, y: { $valid: false, dst: 0n, src: 0n, etherType: 0 } },
    };
    const out = new PacketOut();
    bindPacketOutMethod(site('emit', [type]), () => out)([value], ctx);
    assert.deepEqual([...out.finish(Uint8Array.from([9]))], [2, 4, 5, 9]);
  });

  it('varbit extract uses the run-time length; too long is HeaderTooShort, past the end PacketTooShort', () => {
    const p = parse(Uint8Array.from([7, 0xde, 0xad, 0xbe, 0xef, 1]));
    const h = p.extract(withOptions, 32);
    assert.deepEqual(h.options, { width: 32, value: 0xdeadbeefn });
    assert.deepEqual([...p.packet.payload()], [1]);
    assert.throws(() => parse(new Uint8Array(100)).extract(withOptions, 328), (e: unknown) => e instanceof P4ParserError && e.errorName === 'HeaderTooShort');
    assert.throws(() => parse(new Uint8Array(3)).extract(withOptions, 32), (e: unknown) => e instanceof P4ParserError && e.errorName === 'PacketTooShort');
    assert.throws(() => parse(new Uint8Array(13)).extract(ethernet), (e: unknown) => e instanceof P4ParserError && e.errorName === 'PacketTooShort');
  });

  it('lookahead does not consume; advance skips; length is the packet size', () => {
    const p = parse(Uint8Array.from([0xf0, 0x0f, 0x55]));
    assert.equal(p.call('lookahead', [], [bit(4)]), 0xf);
    assert.equal(p.call('lookahead', [], [bit(12)]), 0xf00);
    p.call('advance', [8]);
    assert.equal(p.call('lookahead', [], [bit(8)]), 0x0f);
    assert.equal(p.call('length', []), 3);
    assert.throws(() => p.call('advance', [17]), P4ParserError);
    assert.throws(() => p.call('lookahead', [], [bit(17)]), P4ParserError);
  });
});

describe('sim runtime: bit buffers', () => {
  it('bigint reads and writes agree with a BigInt model at every width and offset (property)', async () => {
    const { BitReader, BitWriter } = await import('../../../src/sim/runtime/bit-buffer.js');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 100 }), fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }), (offset, width, raw) => {
        const value = BigInt.asUintN(width, raw);
        const w = new BitWriter(4);
        w.writeNumber(0, offset);
        w.writeBigint(value, width);
        w.writeNumber(1, 1);
        const r = new BitReader(w.toBytes(), offset);
        assert.equal(r.readBigint(width), value);
        assert.equal(r.readNumber(1), 1);
      }),
    );
  });
});
