import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PacketDecodeError, PacketEncodeError,
  decodeCoreShim, decodeEthernet, decodeIPv4, decodeIPv6, decodeLoadReport, decodeTcp, decodeUdp,
  encodeCoreShim, encodeEthernet, encodeIPv4, encodeIPv6, encodeLoadReport, encodeTcp, encodeUdp,
  ethernetHeaderLength, ipv4HeaderLength, tcpHeaderLength,
  CORE_SHIM_LENGTH, IPV6_HEADER_LENGTH, LOAD_REPORT_LENGTH, UDP_HEADER_LENGTH,
} from '../../src/packet/index.js';
import { arbCoreShim, arbEthernet, arbIPv4Header, arbIPv6Header, arbLoadReport, arbTcpHeader, arbUdpHeader } from './arbitraries.js';
import { hex } from './reference-checksum.js';

interface Codec<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  length: (h: T) => number;
  encode: (h: T, out: Uint8Array, offset: number) => number;
  decode: (bytes: Uint8Array, offset: number) => T;
}

// Erases the header type so one list can hold every codec: each codec only ever sees values from
// its own arbitrary, so the erasure cannot mix them up.
function erase<T>(codec: Codec<T>): Codec<unknown> {
  return codec as unknown as Codec<unknown>;
}

const codecs: Array<Codec<unknown>> = [
  erase({ name: 'ethernet', arb: arbEthernet, length: ethernetHeaderLength, encode: encodeEthernet, decode: decodeEthernet }),
  erase({ name: 'ipv4', arb: arbIPv4Header, length: ipv4HeaderLength, encode: encodeIPv4, decode: decodeIPv4 }),
  erase({ name: 'ipv6', arb: arbIPv6Header, length: () => IPV6_HEADER_LENGTH, encode: encodeIPv6, decode: decodeIPv6 }),
  erase({ name: 'tcp', arb: arbTcpHeader, length: tcpHeaderLength, encode: encodeTcp, decode: decodeTcp }),
  erase({ name: 'udp', arb: arbUdpHeader, length: () => UDP_HEADER_LENGTH, encode: encodeUdp, decode: decodeUdp }),
  erase({ name: 'load report', arb: arbLoadReport, length: () => LOAD_REPORT_LENGTH, encode: encodeLoadReport, decode: decodeLoadReport }),
  erase({ name: 'core shim', arb: arbCoreShim, length: () => CORE_SHIM_LENGTH, encode: encodeCoreShim, decode: decodeCoreShim }),
];

describe('packet/headers', () => {
  for (const codec of codecs) {
    describe(codec.name, () => {
      it('round-trips any header at any offset', () => {
        fc.assert(
          fc.property(codec.arb, fc.nat({ max: 7 }), (header, offset) => {
            const out = new Uint8Array(offset + codec.length(header));
            assert.equal(codec.encode(header, out, offset), out.length);
            assert.deepEqual(codec.decode(out, offset), header);
          }),
        );
      });

      it('throws PacketDecodeError, never reads past the end, on every truncation', () => {
        fc.assert(
          fc.property(codec.arb, (header) => {
            const out = new Uint8Array(codec.length(header));
            codec.encode(header, out, 0);
            for (let cut = 0; cut < out.length; cut++) {
              assert.throws(() => codec.decode(out.subarray(0, cut), 0), (e: unknown) => e instanceof PacketDecodeError && e.offset <= cut);
            }
          }),
          { numRuns: 30 },
        );
      });

      it('refuses to write past the end of the buffer', () => {
        fc.assert(
          fc.property(codec.arb, (header) => {
            const out = new Uint8Array(codec.length(header) - 1);
            assert.throws(() => codec.encode(header, out, 0), PacketEncodeError);
          }),
          { numRuns: 10 },
        );
      });
    });
  }

  it('encodes an 802.1Q tag', () => {
    const out = new Uint8Array(18);
    encodeEthernet({ dst: 0xffffffffffff, src: 0x020000000001, vlan: { pcp: 5, dei: true, vid: 100 }, etherType: 0x0800 }, out);
    assert.deepEqual(out, hex('ffffffffffff 020000000001 8100 b064 0800'));
  });

  it('rejects out-of-range fields with the field name', () => {
    const eth = { dst: 0, src: 0, etherType: 0x10000 };
    assert.throws(() => encodeEthernet(eth, new Uint8Array(14)), /ethernet\.etherType/);
    assert.throws(() => encodeEthernet({ dst: 2 ** 48, src: 0, etherType: 0 }, new Uint8Array(14)), /ethernet\.dst/);
    assert.throws(() => encodeUdp({ srcPort: -1, dstPort: 0, length: 8, checksum: 0 }, new Uint8Array(8)), /udp\.srcPort/);
    assert.throws(() => encodeLoadReport({ sr1: 0, sr2: 0, sr3: 0, sr4: 0, srcIp: 0, cpuId: 256, cpuLoad: 0, timestamp: 0 }, new Uint8Array(16)), /cpuId/);
    assert.throws(
      () => encodeIPv6({ trafficClass: 0, flowLabel: 1 << 20, payloadLength: 0, nextHeader: 59, hopLimit: 1, src: new Uint8Array(16), dst: new Uint8Array(16) }, new Uint8Array(40)),
      /ipv6\.flowLabel/,
    );
  });

  it('rejects IPv4 and TCP option areas that are not whole words', () => {
    const ip = { dscp: 0, ecn: 0, totalLength: 23, identification: 0, reservedFlag: false, dontFragment: false, moreFragments: false, fragmentOffset: 0, ttl: 1, protocol: 0, checksum: 0, src: 0, dst: 0, options: new Uint8Array(3) };
    assert.throws(() => encodeIPv4(ip, new Uint8Array(60)), /ipv4\.options/);
    const tcp = { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, checksum: 0, urgentPointer: 0, options: new Uint8Array(44) };
    assert.throws(() => encodeTcp(tcp, new Uint8Array(80)), /tcp\.options/);
  });

  it('reports malformed IPv4 headers with what and where', () => {
    const check = (bytes: Uint8Array, what: string, offset: number) =>
      assert.throws(() => decodeIPv4(bytes, 2), (e: unknown) => e instanceof PacketDecodeError && e.what === what && e.offset === offset);
    const base = hex('0000 4500 0014 0000 0000 4006 0000 0a000001 0a000002');
    const v6 = Uint8Array.from(base); v6[2] = 0x65;
    check(v6, 'ipv4.version', 2);
    const shortIhl = Uint8Array.from(base); shortIhl[2] = 0x44;
    check(shortIhl, 'ipv4.ihl', 2);
    const longIhl = Uint8Array.from(base); longIhl[2] = 0x46;
    check(longIhl, 'ipv4.options', 2);
    const shortTotal = Uint8Array.from(base); shortTotal[5] = 19;
    check(shortTotal, 'ipv4.totalLength', 4);
  });

  it('reports malformed TCP, UDP and IPv6 headers', () => {
    const tcp = new Uint8Array(20); tcp[12] = 0x40;
    assert.throws(() => decodeTcp(tcp), (e: unknown) => e instanceof PacketDecodeError && e.what === 'tcp.dataOffset' && e.offset === 12);
    const tcpLong = new Uint8Array(20); tcpLong[12] = 0x60;
    assert.throws(() => decodeTcp(tcpLong), (e: unknown) => e instanceof PacketDecodeError && e.what === 'tcp.options');
    assert.throws(() => decodeUdp(hex('0001 0002 0007 0000')), (e: unknown) => e instanceof PacketDecodeError && e.what === 'udp.length');
    const v4in6 = new Uint8Array(40); v4in6[0] = 0x45;
    assert.throws(() => decodeIPv6(v4in6), (e: unknown) => e instanceof PacketDecodeError && e.what === 'ipv6.version');
  });

  it('decodes any bytes either into a header or into a PacketDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        for (const codec of codecs) {
          try {
            codec.decode(bytes, 0);
          } catch (e) {
            assert.ok(e instanceof PacketDecodeError, `${codec.name}: ${String(e)}`);
          }
        }
      }),
    );
  });
});
