// fast-check generators for typed headers, shared by the packet tests.
import fc from 'fast-check';
import type { CoreShimHeader, EthernetHeader, IPv4Header, IPv6Header, LoadReportHeader, TcpHeader, UdpHeader } from '../../src/packet/index.js';

// fc.integer stops at 2^31 - 1, so wider fields come from bigints.
const u = (bits: number): fc.Arbitrary<number> =>
  bits <= 30 ? fc.integer({ min: 0, max: 2 ** bits - 1 }) : fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n }).map(Number);
// Plain objects, so deepEqual against decoded headers compares fields only.
const plain = { noNullPrototype: true } as const;
const optionArea = fc.integer({ min: 0, max: 10 }).chain((words) => fc.uint8Array({ minLength: words * 4, maxLength: words * 4 }));

export const arbMac = u(48);
export const arbIPv4 = u(32);
export const arbIPv6 = fc.uint8Array({ minLength: 16, maxLength: 16 });

export const arbEthernet: fc.Arbitrary<EthernetHeader> = fc.record(
  {
    dst: arbMac,
    src: arbMac,
    vlan: fc.record({ pcp: u(3), dei: fc.boolean(), vid: u(12) }, plain),
    etherType: u(16).filter((t) => t !== 0x8100),
  },
  { requiredKeys: ['dst', 'src', 'etherType'], noNullPrototype: true },
);

export const arbIPv4Header: fc.Arbitrary<IPv4Header> = fc.record({
  dscp: u(6), ecn: u(2), totalLength: u(16), identification: u(16), reservedFlag: fc.boolean(), dontFragment: fc.boolean(),
  moreFragments: fc.boolean(), fragmentOffset: u(13), ttl: u(8), protocol: u(8), checksum: u(16), src: arbIPv4, dst: arbIPv4,
  options: optionArea,
}, plain).filter((h) => h.totalLength >= 20 + h.options.length);

export const arbIPv6Header: fc.Arbitrary<IPv6Header> = fc.record({
  trafficClass: u(8), flowLabel: u(20), payloadLength: u(16), nextHeader: u(8), hopLimit: u(8), src: arbIPv6, dst: arbIPv6,
}, plain);

export const arbTcpHeader: fc.Arbitrary<TcpHeader> = fc.record({
  srcPort: u(16), dstPort: u(16), seq: u(32), ack: u(32), flags: u(9), window: u(16), checksum: u(16), urgentPointer: u(16),
  options: optionArea,
}, plain);

export const arbUdpHeader: fc.Arbitrary<UdpHeader> = fc.record({ srcPort: u(16), dstPort: u(16), length: fc.integer({ min: 8, max: 0xffff }), checksum: u(16) }, plain);

export const arbLoadReport: fc.Arbitrary<LoadReportHeader> = fc.record({
  sr1: u(8), sr2: u(8), sr3: u(8), sr4: u(8), srcIp: arbIPv4, cpuId: u(8), cpuLoad: u(8), timestamp: u(48),
}, plain);

export const arbCoreShim: fc.Arbitrary<CoreShimHeader> = fc.record({ coreId: u(8), flags: u(8), origEtherType: u(16) }, plain);
