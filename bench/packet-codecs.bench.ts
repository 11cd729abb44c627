// Packet codec throughput: encodes and decodes per second for the headers the load balancer
// sees most, on one core. Prints figures; asserts nothing.
import {
  buildPacket, decodeEthernet, decodeIPv4, decodeLoadReport, decodeTcp, encodeEthernet, encodeIPv4, encodeLoadReport, encodeTcp,
  extractFiveTuple, fillIPv4Checksum, fillTransportChecksum, internetChecksum, ipv4, parseFrame,
  ETHERTYPE_IPV4, IP_PROTO_TCP, TCP_SYN, type IPv4Header, type TcpHeader,
} from '../src/packet/index.js';

const SECONDS_PER_CASE = 0.7;

function rate(name: string, unit: string, fn: () => void): void {
  for (let i = 0; i < 20_000; i++) fn();
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(SECONDS_PER_CASE * 1e9);
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 1000; i++) fn();
    count += 1000;
    now = process.hrtime.bigint();
  }
  const perSecond = count / (Number(now - start) / 1e9);
  console.log(`${name.padEnd(48)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ${unit}/s`);
}

const payload = new Uint8Array(64).fill(0x61);
const eth = { dst: 0x020000000002, src: 0x020000000001, etherType: ETHERTYPE_IPV4 };
const ip: IPv4Header = {
  dscp: 0, ecn: 0, totalLength: 20 + 20 + payload.length, identification: 1, reservedFlag: false, dontFragment: true,
  moreFragments: false, fragmentOffset: 0, ttl: 64, protocol: IP_PROTO_TCP, checksum: 0, src: ipv4('10.0.0.1'), dst: ipv4('10.0.0.2'),
  options: new Uint8Array(0),
};
const tcp: TcpHeader = { srcPort: 1234, dstPort: 80, seq: 1, ack: 0, flags: TCP_SYN, window: 8192, checksum: 0, urgentPointer: 0, options: new Uint8Array(0) };
const out = new Uint8Array(14 + 20 + 20 + payload.length);
const net = { version: 4 as const, header: ip };

rate('encode eth+ipv4+tcp+64B, both checksums', 'frames', () => {
  let o = encodeEthernet(eth, out, 0);
  o = encodeIPv4(ip, out, o);
  o = encodeTcp(tcp, out, o);
  out.set(payload, o);
  fillTransportChecksum(out, net, IP_PROTO_TCP, 34, out.length);
  fillIPv4Checksum(out, 14);
});

const frame = buildPacket({ ipv4: {}, tcp: {}, payload });
rate('decode eth+ipv4+tcp headers', 'frames', () => {
  decodeEthernet(frame, 0);
  decodeIPv4(frame, 14);
  decodeTcp(frame, 34);
});
rate('parseFrame (whole frame into layers)', 'frames', () => {
  parseFrame(frame);
});
rate('extractFiveTuple', 'frames', () => {
  extractFiveTuple(frame);
});

const report = { sr1: 0, sr2: 0, sr3: 0, sr4: 0, srcIp: ipv4('10.0.0.9'), cpuId: 3, cpuLoad: 77, timestamp: 123456789 };
const reportBytes = new Uint8Array(16);
rate('encode load report', 'reports', () => {
  encodeLoadReport(report, reportBytes, 0);
});
rate('decode load report', 'reports', () => {
  decodeLoadReport(reportBytes, 0);
});

const mtu = new Uint8Array(1500).fill(0x5a);
rate('internet checksum over 1500 bytes', 'buffers', () => {
  internetChecksum(mtu);
});
rate('buildPacket (test convenience)', 'frames', () => {
  buildPacket({ ipv4: {}, tcp: {}, payload });
});
