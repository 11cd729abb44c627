import assert from 'node:assert/strict';
import { decodeLoadDigest, decodeNewFlowDigest } from '../../src/controller/digest-decoding.js';

describe('digest decoding', () => {
  it('decodes load digests by member name or position', () => {
    const expected = { serverIndex: 3, coreId: 7, load: 200, reportTimestamp: 123456, switchTimestamp: 123999, format: 'l2' };
    assert.deepEqual(decodeLoadDigest({ server: 3n, cpu_id: 7n, cpu_load: 200n, report_timestamp: 123456n, switch_timestamp: 123999n, report_format: 0n }), expected);
    assert.deepEqual(decodeLoadDigest([3n, 7n, 200n, 123456n, 123999n, 0n]), expected);
  });

  it('reads the report format from report_format, not from the timestamps', () => {
    // An IPv6 report: the data plane copies the switch time into report_timestamp.
    assert.equal(decodeLoadDigest([1n, 2n, 3n, 500n, 500n, 1n]).format, 'ipv6');
    // An L2 report whose timestamp happens to equal the switch time is still an L2 report.
    assert.equal(decodeLoadDigest([1n, 2n, 3n, 500n, 500n, 0n]).format, 'l2');
    assert.equal(decodeLoadDigest([1n, 2n, 3n, 400n, 500n, 1n]).format, 'ipv6');
  });

  it('decodes new-flow digests', () => {
    const d = decodeNewFlowDigest([0xc0a80001n, 0x0a000064n, 6n, 40000n, 80n, 2n, 513n, 9n]);
    assert.deepEqual(d, { key: { srcAddr: 0xc0a80001, dstAddr: 0x0a000064, protocol: 6, srcPort: 40000, dstPort: 80 }, serviceIndex: 2, serverIndex: 513, coreId: 9 });
  });

  it('refuses malformed digests with a clear error', () => {
    assert.throws(() => decodeLoadDigest(5n), { code: 'DIGEST_MALFORMED', message: /expected a struct/ });
    assert.throws(() => decodeLoadDigest([1n, 2n]), { message: /expected 6 members, got 2/ });
    assert.throws(() => decodeLoadDigest([1n, 2n, 3n, 4n, 5n]), { message: /expected 6 members, got 5/ }, 'a pre-v2 digest without report_format');
    assert.throws(() => decodeLoadDigest([1n, 2n, 256n, 0n, 0n, 0n]), { message: /cpu_load = 256 exceeds 8 bits/ });
    assert.throws(() => decodeLoadDigest([1n, 2n, 3n, 0n, 0n, 2n]), { message: /report_format = 2 exceeds 1 bits/ });
    assert.throws(() => decodeLoadDigest({ server: 1n, cpu_id: 1n, cpu_load: 1n, report_timestamp: 1n, switch_timestamp: 1n }), { message: /report_format is missing/ });
    assert.throws(() => decodeLoadDigest([1n, true, 1n, 1n, 1n, 0n]), { message: /cpu_id is not a bit string/ });
    assert.throws(() => decodeNewFlowDigest([1n, 1n, 6n, 1n, 80n, 0n, 70000n, 0n]), { message: /server = 70000 exceeds 16 bits/ });
  });
});
