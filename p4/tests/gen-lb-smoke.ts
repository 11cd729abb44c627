// Generates p4/tests/lb-smoke.stf (run: node --import tsx p4/tests/gen-lb-smoke.ts p4/tests/lb-smoke.stf) from src/packet codecs (expected outputs use full checksums,
// the program updates TCP/UDP checksums incrementally: the two must agree).
import { writeFileSync } from 'node:fs';
import { buildPacket, ipv4, ipv6, ipv6LoadReportHeader, mac, TCP_SYN } from '../../src/packet/index.js';
const h = (b: Uint8Array) => Buffer.from(b).toString('hex');
const vip = ipv4('10.0.0.100');
const dip7 = ipv4('10.1.1.7'), dip8 = ipv4('10.1.1.8');
const lbMac = mac('02:00:00:00:00:fe'), clientMac = mac('02:00:00:00:00:01');
const flow = (sport: number, extra: Record<string, unknown> = {}) =>
  buildPacket({ eth: { dst: lbMac, src: clientMac }, ipv4: { src: ipv4('10.0.0.1'), dst: vip, ttl: 64, ...extra }, tcp: { srcPort: sport, dstPort: 80, flags: TCP_SYN }, payload: 'hi' });
const atServer = (sport: number, dip: number, serverMac: number, core: number) =>
  buildPacket({ eth: { dst: serverMac, src: lbMac }, coreShim: { coreId: core }, ipv4: { src: ipv4('10.0.0.1'), dst: dip, ttl: 63 }, tcp: { srcPort: sport, dstPort: 80, flags: TCP_SYN }, payload: 'hi' });
const s7 = mac('02:00:00:00:01:07'), s8 = mac('02:00:00:00:01:08');
const udpReply = buildPacket({ eth: { dst: clientMac, src: s7 }, ipv4: { src: dip7, dst: ipv4('10.0.0.1') }, udp: { srcPort: 53, dstPort: 999 }, payload: 'abc' });
const udpReplyOut = buildPacket({ eth: { dst: clientMac, src: s7 }, ipv4: { src: vip, dst: ipv4('10.0.0.1') }, udp: { srcPort: 53, dstPort: 999 }, payload: 'abc' });
const report = (sr1: number, sr2: number) => buildPacket({ loadReport: { sr1, sr2, srcIp: dip7, cpuId: 2, cpuLoad: 9, timestamp: 77 } });
const v6report = (flowLabelOverride?: number) => {
  const header = ipv6LoadReportHeader({ src: ipv6('fd00::7'), dst: ipv6('fd00::1'), cpuId: 4, cpuLoad: 200, hopLimit: 64 });
  return buildPacket({ ipv6: flowLabelOverride === undefined ? header : { ...header, flowLabel: flowLabelOverride } });
};
const badChecksum = buildPacket({ eth: { dst: lbMac, src: clientMac }, ipv4: { src: ipv4('10.0.0.1'), dst: vip, checksum: 0x1234 }, tcp: { srcPort: 5, dstPort: 80 } });
const lines = [
  '# Smoke test of p4/lb.p4 (STF, for corelb-sim stf / p4c\'s STF runner). Generated with src/packet buildPacket.',
  '# Tables: VIP 10.0.0.100 tcp/80 = service 3; servers 7 (10.1.1.7, port 4) and 8 (10.1.1.8, port 5); client MAC on port 1.',
  `add vips dst_addr:${vip} mark_vip()`,
  `add services dst_addr:${vip} protocol:6 dst_port:80 set_service(service:3)`,
  `add servers server:7 to_server(dip:${dip7}, server_mac:${s7}, switch_mac:${lbMac}, port:4)`,
  `add servers server:8 to_server(dip:${dip8}, server_mac:${s8}, switch_mac:${lbMac}, port:5)`,
  `add l2 dst_addr:${clientMac} l2_forward(port:1)`,
  `add snat src_addr:${dip7} protocol:17 src_port:53 rewrite_source(vip:${vip})`,
  `add report_sources ingress_port:2 src_ip:${dip7} accept_report(server:7)`,
  `add report_sources_v6 ingress_port:2 src_addr:${BigInt('0x' + h(ipv6('fd00::7')))} accept_report(server:7)`,
  '# No k-set yet: a new flow is dropped (drop reason 7).',
  `packet 1 ${h(flow(1000))}`,
  '# K-set {(7,5), (8,1)} into bank 1; writing the active bank 0 is rejected; then activate bank 1.',
  'packet 255 0000 01 03 01 00 0007 05 00',
  'expect 255 7f80 01 03 00 $',
  'packet 255 0000 01 03 01 01 0008 01 00',
  'expect 255 7f80 01 03 00 $',
  'packet 255 0000 01 03 00 00 0007 05 00',
  'expect 255 7f80 02 03 00 $',
  'packet 255 0000 02 03 01 00 0000 00 02',
  'expect 255 7f80 01 03 01 $',
  '# Round robin: flows 1001, 1002, 1003 -> slot 0, 1, 0; flow 1001 again stays on (7,5) (pending).',
  `packet 1 ${h(flow(1001))}`,
  `expect 4 ${h(atServer(1001, dip7, s7, 5))} $`,
  `packet 1 ${h(flow(1002))}`,
  `expect 5 ${h(atServer(1002, dip8, s8, 1))} $`,
  `packet 1 ${h(flow(1003))}`,
  `expect 4 ${h(atServer(1003, dip7, s7, 5))} $`,
  '# New k-set {(8,2)} in bank 0; pending flow 1002 keeps (8,1), flow 1001 keeps (7,5), a new flow gets (8,2).',
  'packet 255 0000 01 03 00 00 0008 02 00',
  'expect 255 7f80 01 03 01 $',
  'packet 255 0000 02 03 00 00 0000 00 01',
  'expect 255 7f80 01 03 00 $',
  `packet 1 ${h(flow(1002))}`,
  `expect 5 ${h(atServer(1002, dip8, s8, 1))} $`,
  `packet 1 ${h(flow(1001))}`,
  `expect 4 ${h(atServer(1001, dip7, s7, 5))} $`,
  `packet 1 ${h(flow(1004))}`,
  `expect 5 ${h(atServer(1004, dip8, s8, 2))} $`,
  '# The controller pins flow 1003 to (8,3): the redirect entry wins over the pending choice.',
  `add redirect src_addr:${ipv4('10.0.0.1')} dst_addr:${vip} protocol:6 src_port:1003 dst_port:80 pin_flow(server:8, core:3)`,
  `packet 1 ${h(flow(1003))}`,
  `expect 5 ${h(atServer(1003, dip8, s8, 3))} $`,
  '# Dropped: TTL 1, IPv4 options, a fragment, ICMP to the VIP, bad IPv4 checksum.',
  `packet 1 ${h(flow(1005, { ttl: 1 }))}`,
  `packet 1 ${h(flow(1006, { options: Uint8Array.of(1, 1, 1, 0) }))}`,
  `packet 1 ${h(flow(1007, { moreFragments: true }))}`,
  `packet 1 ${h(buildPacket({ eth: { dst: lbMac, src: clientMac }, ipv4: { dst: vip, protocol: 1 }, payload: 'ping' }))}`,
  `packet 1 ${h(badChecksum)}`,
  '# Return path: DNS-style reply from server 7 leaves with the VIP as source.',
  `packet 4 ${h(udpReply)}`,
  `expect 1 ${h(udpReplyOut)} $`,
  '# Load reports: accepted, unknown port, transit (sr1=3), truncated, IPv6 accepted, IPv6 malformed, sr1 = CPU port.',
  `packet 2 ${h(report(0, 0))}`,
  `packet 6 ${h(report(0, 0))}`,
  `packet 2 ${h(report(3, 6))}`,
  `expect 3 ${h(report(6, 0))} $`,
  `packet 2 ${h(report(0, 0).subarray(0, 25))}`,
  `packet 2 ${h(v6report())}`,
  `packet 2 ${h(v6report(0x104c8))}`,
  '# A report source-routed to the CPU port (sr1 = 255) is malformed, not sent to the controller.',
  `packet 2 ${h(report(255, 3))}`,
  'check_counter report_counter(0) packets == 1',
  'check_counter report_counter(1) packets == 1',
  'check_counter report_counter(2) packets == 1',
  'check_counter report_counter(3) packets == 3',
  'check_counter report_counter(4) packets == 1',
  'check_counter drop_counter(2) packets == 1',
  'check_counter drop_counter(3) packets == 6',
  'check_counter drop_counter(4) packets == 3',
  'check_counter drop_counter(6) packets == 1',
  'check_counter drop_counter(7) packets == 1',
  `check_counter core_choice_counter(${(7 << 8) | 5}) packets == 2`,
  `check_counter core_choice_counter(${(8 << 8) | 1}) packets == 1`,
  'check_counter service_counter(3) packets == 8',
  'check_counter server_counter(7) packets == 3',
  'register_read active_bank 3 0',
  'register_read slot_count 67 2',
  'register_read slot_count 3 1',
  `register_read kset_slots ${1024 + 3 * 16 + 1} ${(8 << 8) | 1}`,
  'register_read rr_cursor 3 1',
];
writeFileSync(process.argv[2]!, lines.join('\n') + '\n');
