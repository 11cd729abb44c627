import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PacketEncodeError, formatIPv4, formatIPv6, formatMac, ipv4, ipv6, mac } from '../../src/packet/index.js';
import { arbIPv4, arbIPv6, arbMac } from './arbitraries.js';

describe('packet/addresses', () => {
  it('parses and formats IPv4, MAC and IPv6 text', () => {
    assert.equal(ipv4('192.168.0.1'), 0xc0a80001);
    assert.equal(formatIPv4(0xffffffff), '255.255.255.255');
    assert.equal(mac('00:1B:21:0a:0b:0c'), 0x001b210a0b0c);
    assert.equal(formatMac(0x0a), '00:00:00:00:00:0a');
    assert.deepEqual([...ipv6('2001:db8::1')], [0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 1]);
    assert.deepEqual(ipv6('::ffff:10.0.0.1').subarray(10), Uint8Array.of(0xff, 0xff, 10, 0, 0, 1));
    assert.equal(formatIPv6(ipv6('2001:0db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
    assert.equal(formatIPv6(ipv6('::')), '::');
  });

  it('rejects malformed addresses with a clear error', () => {
    for (const bad of ['1.2.3', '1.2.3.256', 'a.b.c.d', '1.2.3.4.5']) assert.throws(() => ipv4(bad), PacketEncodeError);
    for (const bad of ['00:11:22:33:44', '00:11:22:33:44:gg', '001122334455']) assert.throws(() => mac(bad), PacketEncodeError);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4::5:6:7:8']) {
      assert.throws(() => ipv6(bad), PacketEncodeError, bad);
    }
  });

  it('round-trips any address through its text form', () => {
    fc.assert(fc.property(arbIPv4, (a) => assert.equal(ipv4(formatIPv4(a)), a)));
    fc.assert(fc.property(arbMac, (a) => assert.equal(mac(formatMac(a)), a)));
    fc.assert(fc.property(arbIPv6, (a) => assert.deepEqual(ipv6(formatIPv6(a)), a)));
  });
});
