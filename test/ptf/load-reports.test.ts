// lb.p4 load reports (DESIGN.md 2.1, 2.2): source routing at transit hops, the allowlist,
// load digests, and everything malformed or unknown dropped and counted.
import assert from 'node:assert/strict';
import { buildPacket, ipv6, ipv6LoadReportHeader } from '../../src/packet/index.js';
import { C, digestFields, DROP, REPORT } from './lb/lb-switch.js';
import { ipv6LoadReport, LB_MAC, loadReport, S1, S2, S3 } from './lb/lb-topology.js';
import { useLbSwitch } from './lb/use-lb-switch.js';

const reportCells = [
  [C.report, REPORT.acceptedL2], [C.report, REPORT.acceptedIPv6], [C.report, REPORT.rejectedUnknown],
  [C.report, REPORT.rejectedMalformed], [C.report, REPORT.forwarded], [C.drop, DROP.report],
] as const;

/** Counter growth as [acceptedL2, acceptedIPv6, rejectedUnknown, malformed, forwarded, dropped as a report]. */
const counts = (a: number, b: number, c: number, d: number, e: number, dropped: number): bigint[] => [a, b, c, d, e, dropped].map(BigInt);

describe('ptf: lb.p4 load reports', () => {
  const lb = useLbSwitch();

  it('accepts an L2 report from its (port, address), digests server, core, load, timestamp, switch time and format 0, and consumes it', async () => {
    let digests: Record<string, bigint>[] = [];
    const deltas = await lb().counterDeltas(reportCells, async () => {
      lb().sw.sendPacket(S2.reportPort, loadReport(S2, { cpuId: 5, cpuLoad: 201, timestamp: 0x0123456789ab }));
      lb().sw.sendPacket(S1.reportPort, loadReport(S1, { cpuId: 0, cpuLoad: 7, timestamp: 2 ** 48 - 1 }));
      // A digest list waits for the previous one's ack: take them one by one.
      digests = [await lb().sw.nextDigest('load_report_digest_t'), await lb().sw.nextDigest('load_report_digest_t')].map(digestFields);
    });
    assert.deepEqual(deltas, counts(2, 0, 0, 0, 0, 2));
    assert.deepEqual(await lb().collectDigests(), []);
    const [first, second] = digests as [Record<string, bigint>, Record<string, bigint>];
    assert.deepEqual(Object.keys(first), ['server', 'cpu_id', 'cpu_load', 'report_timestamp', 'switch_timestamp', 'report_format'], 'digest field order');
    assert.deepEqual({ ...first, switch_timestamp: 0n }, { server: 2n, cpu_id: 5n, cpu_load: 201n, report_timestamp: 0x0123456789abn, switch_timestamp: 0n, report_format: 0n });
    assert.deepEqual({ ...second, switch_timestamp: 0n }, { server: 1n, cpu_id: 0n, cpu_load: 7n, report_timestamp: 2n ** 48n - 1n, switch_timestamp: 0n, report_format: 0n });
    // Switch time: µs on the switch clock (BMv2: since it started), so only its order is known.
    assert.ok(first.switch_timestamp! > 0n && second.switch_timestamp! >= first.switch_timestamp!);
    await lb().sw.verifyNoOtherPackets();
  });

  it('rejects reports from unknown senders: unknown address, or a known address on another port', async () => {
    let digests: unknown[] = [];
    const deltas = await lb().counterDeltas(reportCells, async () => {
      lb().sw.sendPacket(S1.reportPort, loadReport(S1, { cpuId: 1, cpuLoad: 1, timestamp: 11, srcIp: 0x0a0909 }));
      lb().sw.sendPacket(S2.reportPort, loadReport(S1, { cpuId: 1, cpuLoad: 2, timestamp: 12 }));
      lb().sw.sendPacket(1, loadReport(S3, { cpuId: 1, cpuLoad: 3, timestamp: 13 }));
      digests = await lb().collectDigests();
    });
    assert.deepEqual(deltas, counts(0, 0, 3, 0, 0, 3));
    assert.deepEqual(digests, []);
    await lb().sw.verifyNoOtherPackets();
  });

  it('transit hop (sr1 != 0): pops one label and forwards out of port sr1, from any sender, without a digest', async () => {
    let digests: unknown[] = [];
    const deltas = await lb().counterDeltas(reportCells, async () => {
      const report = { cpuId: 3, cpuLoad: 90, timestamp: 1234 };
      lb().sw.sendPacket(S1.reportPort, loadReport(S1, { ...report, route: [5, 6, 7, 8] }));
      await lb().sw.verifyPacket(5, loadReport(S1, { ...report, route: [6, 7, 8, 0] }));
      lb().sw.sendPacket(S1.reportPort, loadReport(S1, { ...report, route: [9] }));
      await lb().sw.verifyPacket(9, loadReport(S1, { ...report, route: [0, 0, 0, 0] }));
      // Not allowlisted here, but transit hops do not check senders: the last hop does.
      lb().sw.sendPacket(1, loadReport(S3, { ...report, route: [2, 4] }));
      await lb().sw.verifyPacket(2, loadReport(S3, { ...report, route: [4] }));
      digests = await lb().collectDigests();
    });
    assert.deepEqual(deltas, counts(0, 0, 0, 0, 3, 0));
    assert.deepEqual(digests, []);
    await lb().sw.verifyNoOtherPackets();
  });

  it('drops truncated L2 reports as malformed, without a digest', async () => {
    const whole = loadReport(S1, { cpuId: 1, cpuLoad: 50, timestamp: 99 });
    let digests: unknown[] = [];
    const deltas = await lb().counterDeltas(reportCells, async () => {
      lb().sw.sendPacket(S1.reportPort, whole.subarray(0, 14 + 15));
      lb().sw.sendPacket(S1.reportPort, whole.subarray(0, 14 + 1));
      lb().sw.sendPacket(S1.reportPort, whole.subarray(0, 14));
      digests = await lb().collectDigests();
    });
    assert.deepEqual(deltas, counts(0, 0, 0, 3, 0, 3));
    assert.deepEqual(digests, []);
    await lb().sw.verifyNoOtherPackets();
  });

  it('accepts IPv6 reports (traffic class 0xFC): core and load from the flow label, format 1, switch time as the report time', async () => {
    let digests: Record<string, bigint>[] = [];
    const deltas = await lb().counterDeltas(reportCells, async () => {
      lb().sw.sendPacket(S3.reportPort, ipv6LoadReport(S3, 12, 250));
      digests = [digestFields(await lb().sw.nextDigest('load_report_digest_t'))];
    });
    assert.deepEqual(deltas, counts(0, 1, 0, 0, 0, 1));
    assert.deepEqual(await lb().collectDigests(), []);
    const digest = digests[0]!;
    assert.deepEqual(
      { server: digest.server, cpu_id: digest.cpu_id, cpu_load: digest.cpu_load, report_format: digest.report_format },
      { server: 3n, cpu_id: 12n, cpu_load: 250n, report_format: 1n },
    );
    assert.ok(digest.switch_timestamp! > 0n);
    assert.equal(digest.report_timestamp, digest.switch_timestamp, 'IPv6 reports carry no timestamp: the switch time stands in');
    await lb().sw.verifyNoOtherPackets();
  });

  it('rejects IPv6 reports from unknown addresses or ports, and malformed ones (flow label top bits, next header)', async () => {
    const base = ipv6LoadReportHeader({ src: S1.reportIPv6, dst: ipv6('fd00::fe'), cpuId: 1, cpuLoad: 2, hopLimit: 64 });
    let digests: unknown[] = [];
    const deltas = await lb().counterDeltas(reportCells, async () => {
      lb().sw.sendPacket(S1.reportPort, ipv6LoadReport(S1, 1, 2, ipv6('fd00::dead')));
      lb().sw.sendPacket(S2.reportPort, ipv6LoadReport(S1, 1, 3));
      lb().sw.sendPacket(S1.reportPort, buildPacket({ eth: { dst: LB_MAC, src: S1.mac }, ipv6: { ...base, flowLabel: 0x10102 } }));
      lb().sw.sendPacket(S1.reportPort, buildPacket({ eth: { dst: LB_MAC, src: S1.mac }, ipv6: { ...base, nextHeader: 17 } }));
      digests = await lb().collectDigests();
    });
    assert.deepEqual(deltas, counts(0, 0, 2, 2, 0, 4));
    assert.deepEqual(digests, []);
    await lb().sw.verifyNoOtherPackets();
  });

  it('a removed allowlist entry stops accepting that sender', async () => {
    await lb().sw.p4rt.delete({ table: 'LbIngress.load_reports.report_sources', match: { ingress_port: S2.reportPort, src_ip: S2.dip } });
    const deltas = await lb().counterDeltas(reportCells, async () => {
      lb().sw.sendPacket(S2.reportPort, loadReport(S2, { cpuId: 4, cpuLoad: 4, timestamp: 44 }));
    });
    assert.deepEqual(deltas, counts(0, 0, 1, 0, 0, 1));
    assert.deepEqual(await lb().collectDigests(), []);
  });

  it('regression: a report source-routed to the CPU port is malformed, not handed to the controller', async () => {
    // Before the fix, sr1 = 255 sent the frame to the CPU port, where the P4Runtime server read
    // its Ethernet header as packet_in metadata and passed it to the controller.
    let packetIns = 0;
    const count = (): void => {
      packetIns += 1;
    };
    lb().sw.p4rt.on('packetIn', count);
    try {
      const deltas = await lb().counterDeltas(reportCells, async () => {
        lb().sw.sendPacket(S1.reportPort, loadReport(S1, { cpuId: 1, cpuLoad: 1, timestamp: 1, route: [255, 2] }));
        await lb().fence();
      });
      assert.deepEqual(deltas, counts(0, 0, 0, 1, 0, 1));
    } finally {
      lb().sw.p4rt.off('packetIn', count);
    }
    assert.equal(packetIns, 1, 'only the fence reply reached the controller');
    await lb().sw.verifyNoOtherPackets();
  });
});
