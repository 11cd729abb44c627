import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PacketDecodeError, TIMESTAMP_MODULUS, buildPacket, decodeIPv6LoadReport, encodeLoadReport, ipv4, ipv6, ipv6LoadReportHeader,
  isIPv6LoadReport, nowTimestamp48, parseFrame, shiftSourceRoute, timestamp48Diff, toTimestamp48, ETHERTYPE_LOAD_REPORT,
} from '../../src/packet/index.js';
import { hex } from './reference-checksum.js';

describe('packet/load reports and timestamps', () => {
  it('lays out the source-routed report as DESIGN.md 2.1 says', () => {
    const out = new Uint8Array(16);
    encodeLoadReport({ sr1: 3, sr2: 7, sr3: 0, sr4: 0, srcIp: ipv4('10.0.0.5'), cpuId: 12, cpuLoad: 200, timestamp: 0x0123456789ab }, out);
    assert.deepEqual(out, hex('03 07 00 00 0a000005 0c c8 0123456789ab'));
  });

  it('builds and parses a report frame with EtherType 0x88B5', () => {
    const bytes = buildPacket({ loadReport: { sr1: 2, cpuId: 1, cpuLoad: 50, timestamp: 99 } });
    assert.equal(bytes.length, 30);
    const frame = parseFrame(bytes);
    assert.equal(frame.ethernet.etherType, ETHERTYPE_LOAD_REPORT);
    assert.equal(frame.loadReport?.sr1, 2);
    assert.equal(frame.loadReport?.timestamp, 99);
    assert.throws(() => parseFrame(bytes.subarray(0, 29)), (e: unknown) => e instanceof PacketDecodeError && e.what === 'loadReport' && e.offset === 14);
  });

  it('shifts the source route one hop', () => {
    const report = { sr1: 1, sr2: 2, sr3: 3, sr4: 4, srcIp: 0, cpuId: 0, cpuLoad: 0, timestamp: 0 };
    assert.deepEqual(shiftSourceRoute(report), { ...report, sr1: 2, sr2: 3, sr3: 4, sr4: 0 });
  });

  it('encodes the IPv6 report as traffic class 0xFC and flow label cpu_id<<8|cpu_load', () => {
    const header = ipv6LoadReportHeader({ src: ipv6('fd00::5'), dst: ipv6('fd00::1'), cpuId: 0x0a, cpuLoad: 0x80, hopLimit: 64 });
    const bytes = buildPacket({ ipv6: header });
    assert.deepEqual(bytes.subarray(14, 22), hex('6fc0 0a80 0000 3b40'));
    const frame = parseFrame(bytes);
    assert.ok(isIPv6LoadReport(frame.ipv6!));
    assert.deepEqual(decodeIPv6LoadReport(frame.ipv6!), { src: ipv6('fd00::5'), dst: ipv6('fd00::1'), cpuId: 10, cpuLoad: 128, hopLimit: 64 });
  });

  it('rejects malformed IPv6 reports', () => {
    const base = ipv6LoadReportHeader({ src: ipv6('fd00::5'), dst: ipv6('fd00::1'), cpuId: 1, cpuLoad: 2, hopLimit: 1 });
    assert.throws(() => decodeIPv6LoadReport({ ...base, flowLabel: 0x10102 }), /top 4 bits/);
    assert.throws(() => decodeIPv6LoadReport({ ...base, nextHeader: 6 }), /not 59/);
    assert.throws(() => decodeIPv6LoadReport({ ...base, trafficClass: 0 }), PacketDecodeError);
  });

  it('wraps timestamps modulo 2^48 and compares them across the wrap', () => {
    assert.equal(toTimestamp48(TIMESTAMP_MODULUS + 5), 5);
    assert.equal(toTimestamp48(2n ** 48n * 3n + 7n), 7);
    assert.equal(toTimestamp48(-1), TIMESTAMP_MODULUS - 1);
    assert.equal(timestamp48Diff(3, TIMESTAMP_MODULUS - 2), 5);
    assert.equal(timestamp48Diff(TIMESTAMP_MODULUS - 2, 3), -5);
    const now = nowTimestamp48();
    assert.ok(Number.isInteger(now) && now >= 0 && now < TIMESTAMP_MODULUS);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 48n - 1n }), fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), (t, delta) => {
        const a = Number(t);
        assert.equal(timestamp48Diff(toTimestamp48(a + delta), a), delta);
      }),
    );
  });
});
