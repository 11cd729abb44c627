import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PacketDecodeError, TCP_ACK, buildPacket, extractFiveTuple, formatFiveTuple, ipv4, ipv6, mac, parseFrame, verifyChecksums,
  ETHERTYPE_CORE_SHIM, ETHERTYPE_IPV4, ETHERTYPE_IPV6, IP_PROTO_TCP, IP_PROTO_UDP, type PacketSpec,
} from '../../src/packet/index.js';
import { arbIPv4, arbIPv6 } from './arbitraries.js';
import { hex, referenceChecksum, referenceIPv4TransportChecksum, referenceIPv6TransportChecksum } from './reference-checksum.js';

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;

// A TCP SYN with an MSS option and payload "hello"; checksums computed by a separate Python script.
const KNOWN_TCP_FRAME = hex(
  '0200000000aa 0200000000bb 0800' +
  '4500 0031 1c46 4000 4006 527f c0a8010a 0a000050' +
  '9c40 0050 01020304 00000000 6002 ffff e7b6 0000 020405b4' +
  '68656c6c6f',
);

const arbPort = fc.integer({ min: 0, max: 0xffff });
const arbPayload = fc.uint8Array({ maxLength: 64 });
const arbSpec: fc.Arbitrary<PacketSpec> = fc.oneof(
  fc.record({ ipv4: fc.record({ src: arbIPv4, dst: arbIPv4 }), tcp: fc.record({ srcPort: arbPort, dstPort: arbPort }), payload: arbPayload }),
  fc.record({ ipv4: fc.record({ src: arbIPv4, dst: arbIPv4 }), udp: fc.record({ srcPort: arbPort, dstPort: arbPort }), payload: arbPayload }),
  fc.record({ ipv6: fc.record({ src: arbIPv6, dst: arbIPv6 }), tcp: fc.record({ srcPort: arbPort, dstPort: arbPort }), payload: arbPayload }),
  fc.record({ ipv6: fc.record({ src: arbIPv6, dst: arbIPv6 }), udp: fc.record({ srcPort: arbPort, dstPort: arbPort }), payload: arbPayload }),
);

describe('packet/frame and buildPacket', () => {
  it('builds a known TCP frame byte for byte', () => {
    const built = buildPacket({
      eth: { dst: mac('02:00:00:00:00:aa'), src: mac('02:00:00:00:00:bb') },
      ipv4: { identification: 0x1c46, dontFragment: true, src: ipv4('192.168.1.10'), dst: ipv4('10.0.0.80') },
      tcp: { srcPort: 40000, dstPort: 80, seq: 0x01020304, window: 0xffff, options: hex('020405b4') },
      payload: 'hello',
    });
    assert.deepEqual(built, KNOWN_TCP_FRAME);
  });

  it('parses a known TCP frame into its layers', () => {
    const frame = parseFrame(KNOWN_TCP_FRAME);
    assert.equal(frame.ethernet.etherType, ETHERTYPE_IPV4);
    assert.equal(frame.ipv4?.totalLength, 0x31);
    assert.equal(frame.ipv4?.checksum, 0x527f);
    assert.equal(frame.tcp?.checksum, 0xe7b6);
    assert.equal(Buffer.from(frame.payload).toString(), 'hello');
    assert.deepEqual(verifyChecksums(KNOWN_TCP_FRAME, frame), { ipv4: true, transport: true });
  });

  it('computes checksums an independent implementation agrees with, over IPv4 and IPv6', () => {
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const bytes = buildPacket(spec);
        const frame = parseFrame(bytes);
        const l4 = bytes.subarray(frame.l4Offset, frame.payloadEnd);
        const udp = frame.udp !== undefined;
        const at = udp ? 6 : 16;
        const protocol = udp ? IP_PROTO_UDP : IP_PROTO_TCP;
        let expected = frame.ipv4 !== undefined
          ? referenceIPv4TransportChecksum(frame.ipv4.src, frame.ipv4.dst, protocol, l4, at)
          : referenceIPv6TransportChecksum(frame.ipv6!.src, frame.ipv6!.dst, protocol, l4, at);
        if (udp && expected === 0) expected = 0xffff;
        assert.equal(u16(l4, at), expected);
        if (frame.ipv4 !== undefined) {
          const header = [...bytes.subarray(14, 34)];
          header[10] = 0;
          header[11] = 0;
          assert.equal(frame.ipv4.checksum, referenceChecksum(header));
        }
        assert.deepEqual(verifyChecksums(bytes, frame).transport, true);
      }),
    );
  });

  it('round-trips headers and payload through buildPacket and parseFrame', () => {
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const frame = parseFrame(buildPacket(spec));
        const ip = frame.ipv4 ?? frame.ipv6!;
        const wanted = spec.ipv4 ?? spec.ipv6!;
        assert.deepEqual(ip.src, wanted.src);
        assert.deepEqual(ip.dst, wanted.dst);
        const l4 = frame.tcp ?? frame.udp!;
        assert.equal(l4.srcPort, (spec.tcp ?? spec.udp)!.srcPort);
        assert.deepEqual(frame.payload, spec.payload);
      }),
    );
  });

  it('keeps given checksums and lengths for bad-input tests', () => {
    const bytes = buildPacket({ ipv4: { checksum: 0x1234 }, tcp: { checksum: 0xbeef } });
    const frame = parseFrame(bytes);
    assert.equal(frame.ipv4?.checksum, 0x1234);
    assert.equal(frame.tcp?.checksum, 0xbeef);
    assert.deepEqual(verifyChecksums(bytes, frame), { ipv4: false, transport: false });
    const lying = buildPacket({ ipv4: { totalLength: 200 }, udp: {} });
    assert.throws(() => parseFrame(lying), (e: unknown) => e instanceof PacketDecodeError && e.what === 'ipv4.totalLength' && e.offset === 16);
  });

  it('treats UDP checksum 0 as absent over IPv4 but invalid over IPv6', () => {
    const v4 = buildPacket({ ipv4: {}, udp: { checksum: 0 } });
    assert.equal(verifyChecksums(v4, parseFrame(v4)).transport, true);
    const v6 = buildPacket({ ipv6: {}, udp: { checksum: 0 } });
    assert.equal(verifyChecksums(v6, parseFrame(v6)).transport, false);
  });

  it('excludes Ethernet padding from the payload', () => {
    const bytes = buildPacket({ ipv4: {}, udp: {}, payload: 'ab', padTo: 60 });
    assert.equal(bytes.length, 60);
    const frame = parseFrame(bytes);
    assert.equal(Buffer.from(frame.payload).toString(), 'ab');
    assert.equal(verifyChecksums(bytes, frame).transport, true);
  });

  it('parses IPv4 options, VLAN tags and the core shim', () => {
    const bytes = buildPacket({
      eth: { vlan: { pcp: 0, dei: false, vid: 7 } },
      coreShim: { coreId: 3 },
      ipv4: { options: hex('01010100') },
      tcp: { flags: TCP_ACK },
    });
    const frame = parseFrame(bytes);
    assert.equal(frame.ethernet.vlan?.vid, 7);
    assert.equal(frame.ethernet.etherType, ETHERTYPE_CORE_SHIM);
    assert.deepEqual(frame.coreShim, { coreId: 3, flags: 0, origEtherType: ETHERTYPE_IPV4 });
    assert.deepEqual(frame.ipv4?.options, hex('01010100'));
    assert.equal(frame.l4Offset, 18 + 4 + 24);
    assert.equal(frame.tcp?.flags, TCP_ACK);
    assert.deepEqual(verifyChecksums(bytes, frame), { ipv4: true, transport: true });
  });

  it('gives later fragments no transport header and skips checksum checks on fragments', () => {
    const later = buildPacket({ ipv4: { fragmentOffset: 10, protocol: IP_PROTO_TCP }, payload: new Uint8Array(16) });
    const frame = parseFrame(later);
    assert.equal(frame.tcp, undefined);
    assert.equal(extractFiveTuple(later), undefined);
    const first = buildPacket({ ipv4: { moreFragments: true }, udp: { length: 1000 }, payload: new Uint8Array(8) });
    const firstFrame = parseFrame(first);
    assert.equal(firstFrame.udp?.length, 1000);
    assert.deepEqual(verifyChecksums(first, firstFrame), { ipv4: true });
  });

  it('extracts the 5-tuple of TCP and UDP over IPv4 and IPv6', () => {
    const v4 = buildPacket({ ipv4: { src: ipv4('10.1.1.1'), dst: ipv4('10.9.9.9') }, udp: { srcPort: 5, dstPort: 6 } });
    assert.equal(formatFiveTuple(extractFiveTuple(v4)!), 'udp 10.1.1.1:5 -> 10.9.9.9:6');
    const v6 = buildPacket({ ipv6: { src: ipv6('2001:db8::1'), dst: ipv6('2001:db8::2') }, tcp: { srcPort: 7, dstPort: 443 } });
    assert.equal(formatFiveTuple(extractFiveTuple(v6)!), 'tcp [2001:db8::1]:7 -> [2001:db8::2]:443');
    assert.equal(extractFiveTuple(buildPacket({ ipv4: { protocol: 1 }, payload: 'ping' })), undefined);
  });

  it('names the layers buildPacket refuses to combine', () => {
    assert.throws(() => buildPacket({ ipv4: {}, ipv6: {} }), /ipv4 and ipv6/);
    assert.throws(() => buildPacket({ tcp: {} }), /need ipv4 or ipv6/);
    assert.throws(() => buildPacket({ ipv4: {}, tcp: {}, udp: {} }), /tcp and udp/);
    assert.throws(() => buildPacket({ loadReport: {}, ipv4: {} }), /load report/);
  });

  it('rejects every truncation of a frame with a PacketDecodeError', () => {
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const bytes = buildPacket(spec);
        for (let cut = 0; cut < bytes.length; cut++) {
          assert.throws(() => parseFrame(bytes.subarray(0, cut)), PacketDecodeError);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('parses random bytes into layers or a PacketDecodeError, never anything else', () => {
    const prefix = fc.constantFrom(hex('0800'), hex('86dd'), hex('88b5'), hex('88b6 0000 0800'), hex('8100 0001 0800'));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), prefix, fc.uint8Array({ maxLength: 100 }), (macs, type, rest) => {
        const bytes = Uint8Array.from([...macs, ...type, ...rest]);
        try {
          parseFrame(bytes);
        } catch (e) {
          assert.ok(e instanceof PacketDecodeError, String(e));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('defaults IPv6 without a transport to next header 59', () => {
    const frame = parseFrame(buildPacket({ ipv6: {} }));
    assert.equal(frame.ethernet.etherType, ETHERTYPE_IPV6);
    assert.equal(frame.ipv6?.nextHeader, 59);
  });
});
