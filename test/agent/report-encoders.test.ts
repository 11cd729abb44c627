import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  decodeIPv6, decodeIPv6LoadReport, formatIPv6, ipv4, ipv6, mac, parseFrame, ETHERTYPE_LOAD_REPORT, PacketEncodeError,
} from '../../src/packet/index.js';
import { IPv6ReportEncoder, L2ReportEncoder, L2_REPORT_LENGTH, MIN_ETHERNET_FRAME } from '../../src/agent/report-encoders.js';

const l2 = new L2ReportEncoder({ dstMac: mac('02:00:00:00:00:fe'), srcMac: mac('02:00:00:00:00:05'), sourceRoute: [3, 1], srcIp: ipv4('10.0.0.5') });

describe('agent: report encoders', () => {
  it('writes the source-routed report byte for byte (DESIGN.md 2.1), zero-padded to 60 bytes', () => {
    const frame = l2.encode({ cpuId: 7, load: 200 }, 0x0102_0304_0506);
    assert.equal(frame.length, MIN_ETHERNET_FRAME);
    assert.equal(
      Buffer.from(frame.subarray(0, L2_REPORT_LENGTH)).toString('hex'),
      '0200000000fe' + '020000000005' + '88b5' + '03010000' + '0a000005' + '07' + 'c8' + '010203040506',
    );
    assert.ok(frame.subarray(L2_REPORT_LENGTH).every((b) => b === 0));
  });

  it('round-trips any core, load, route and timestamp through the packet decoders', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.array(fc.integer({ min: 1, max: 255 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 0, max: 0xffffffff }),
        (cpuId, load, route, timestamp, srcIp) => {
          const encoder = new L2ReportEncoder({ dstMac: 1, srcMac: 2, sourceRoute: route, srcIp });
          const parsed = parseFrame(encoder.encode({ cpuId, load }, timestamp));
          assert.equal(parsed.ethernet.etherType, ETHERTYPE_LOAD_REPORT);
          const padded = [...route, 0, 0, 0, 0];
          assert.deepEqual(parsed.loadReport, { sr1: padded[0], sr2: padded[1], sr3: padded[2], sr4: padded[3], srcIp, cpuId, cpuLoad: load, timestamp });
        },
      ),
    );
  });

  it('writes the IPv6 report: traffic class 0xFC, flow label core << 8 | load, next header 59, no payload', () => {
    const encoder = new IPv6ReportEncoder({ src: ipv6('fd00::5'), dst: ipv6('fd00::1'), hopLimit: 64 });
    const packet = encoder.encode({ cpuId: 0x12, load: 0x34 });
    assert.equal(Buffer.from(packet.subarray(0, 8)).toString('hex'), '6fc01234' + '0000' + '3b' + '40');
    const report = decodeIPv6LoadReport(decodeIPv6(packet));
    assert.deepEqual({ ...report, src: formatIPv6(report.src), dst: formatIPv6(report.dst) }, { src: 'fd00::5', dst: 'fd00::1', cpuId: 0x12, cpuLoad: 0x34, hopLimit: 64 });
    assert.equal(packet.length, 40);
  });

  it('refuses values that do not fit their fields', () => {
    assert.throws(() => l2.encode({ cpuId: 256, load: 0 }, 0), PacketEncodeError);
    assert.throws(() => l2.encode({ cpuId: 0, load: 0 }, 2 ** 48), PacketEncodeError);
    const v6 = new IPv6ReportEncoder({ src: ipv6('fd00::5'), dst: ipv6('fd00::1'), hopLimit: 64 });
    assert.throws(() => v6.encode({ cpuId: 0, load: 256 }), PacketEncodeError);
  });
});
