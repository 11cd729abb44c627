import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bigIntToBytes,
  canonicalBytes,
  decodeBigInt,
  decodeNumber,
  encodeValue,
  formatIPv4,
  formatIPv6,
  formatMac,
  parseIPv4,
  parseIPv6,
  parseMac,
  ValueEncodingError,
} from '../../src/p4runtime/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function assertEncodingError(fn: () => unknown, code: 'VALUE_OUT_OF_RANGE' | 'VALUE_MALFORMED', text: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ValueEncodingError && e.code === code && text.test(e.message));
}

describe('p4runtime value encoding', () => {
  it('encodes to the shortest big-endian string, zero as one zero byte', () => {
    assert.equal(hex(encodeValue(0, 9)), '00');
    assert.equal(hex(encodeValue(1, 9)), '01');
    assert.equal(hex(encodeValue(0x1ff, 9)), '01ff');
    assert.equal(hex(encodeValue(0x0a0b, 32)), '0a0b');
    assert.equal(hex(encodeValue(0xffffffff, 32)), 'ffffffff');
    assert.equal(hex(encodeValue(2 ** 40 + 5, 48)), '010000000005');
    assert.equal(hex(encodeValue(0n, 128)), '00');
    assert.equal(hex(encodeValue((1n << 127n) | 1n, 128)), `80${'00'.repeat(14)}01`);
  });

  it('encodes address strings for fields of their width', () => {
    assert.equal(hex(encodeValue('10.0.0.1', 32)), '0a000001');
    assert.equal(hex(encodeValue('0.0.0.7', 32)), '07');
    assert.equal(hex(encodeValue('00:11:22:33:44:55', 48)), '1122334455');
    assert.equal(hex(encodeValue('AA-BB-CC-DD-EE-FF', 48)), 'aabbccddeeff');
    assert.equal(hex(encodeValue('2001:db8::1', 128)), `20010db8${'00'.repeat(11)}01`);
    assert.equal(hex(encodeValue('::ffff:10.0.0.1', 128)), 'ffff0a000001');
    assert.equal(hex(encodeValue('::', 128)), '00');
  });

  it('encodes hex and decimal strings and byte arrays', () => {
    assert.equal(hex(encodeValue('0x1F', 8)), '1f');
    assert.equal(hex(encodeValue('300', 9)), '012c');
    assert.equal(hex(encodeValue(new Uint8Array([0, 0, 1, 2]), 16)), '0102');
    assert.equal(hex(encodeValue(new Uint8Array([]), 16)), '00');
  });

  it('rejects values that do not fit, naming the field', () => {
    assertEncodingError(() => encodeValue(512, 9, 'param port'), 'VALUE_OUT_OF_RANGE', /param port: 512 does not fit in bit<9>/);
    assertEncodingError(() => encodeValue(-1, 8), 'VALUE_OUT_OF_RANGE', /does not fit/);
    assertEncodingError(() => encodeValue(1n << 48n, 48), 'VALUE_OUT_OF_RANGE', /bit<48>/);
    assertEncodingError(() => encodeValue(new Uint8Array([1, 0]), 8), 'VALUE_OUT_OF_RANGE', /bit<8>/);
    assertEncodingError(() => encodeValue(2 ** 60, 64), 'VALUE_OUT_OF_RANGE', /safe integer/);
    assertEncodingError(() => encodeValue(1.5, 8), 'VALUE_MALFORMED', /not a safe integer/);
    assertEncodingError(() => encodeValue(1, 0), 'VALUE_OUT_OF_RANGE', /bit width 0/);
  });

  it('rejects malformed or mis-sized address strings', () => {
    assertEncodingError(() => encodeValue('10.0.0.256', 32), 'VALUE_MALFORMED', /octet 256 is over 255/);
    assertEncodingError(() => encodeValue('10.0.0', 32), 'VALUE_MALFORMED', /four dot-separated/);
    assertEncodingError(() => encodeValue('10.0.0.01', 32), 'VALUE_MALFORMED', /leading zeros/);
    assertEncodingError(() => encodeValue('10.0.0.1', 16), 'VALUE_MALFORMED', /IPv4 address '10.0.0.1' given for a bit<16> field/);
    assertEncodingError(() => encodeValue('00:11:22:33:44', 48), 'VALUE_MALFORMED', /IPv6/);
    assertEncodingError(() => encodeValue('00:11:22:33:44:5', 48), 'VALUE_MALFORMED', /MAC/);
    assertEncodingError(() => encodeValue('00:11:22-33:44:55', 48), 'VALUE_MALFORMED', /MAC/);
    assertEncodingError(() => encodeValue('1::2::3', 128), 'VALUE_MALFORMED', /more than one '::'/);
    assertEncodingError(() => encodeValue('1:2:3:4:5:6:7:8:9', 128), 'VALUE_MALFORMED', /expected 8 groups/);
    assertEncodingError(() => encodeValue('12345::', 128), 'VALUE_MALFORMED', /1 to 4 hex digits/);
    assertEncodingError(() => encodeValue('hello', 32), 'VALUE_MALFORMED', /neither a number/);
    assertEncodingError(() => encodeValue('-5', 32), 'VALUE_MALFORMED', /neither a number/);
  });

  it('decodes canonical and padded strings', () => {
    assert.equal(decodeBigInt(Buffer.from('000a0b', 'hex')), 0x0a0bn);
    assert.equal(decodeNumber(Buffer.from('01ff', 'hex')), 0x1ff);
    assert.throws(() => decodeNumber(Buffer.from('ffffffffffffffff', 'hex'), 'x'), /x: 0xffffffffffffffff is over 2\^53-1/);
    assert.equal(hex(canonicalBytes(Buffer.from('0000', 'hex'))), '00');
    assert.equal(hex(canonicalBytes(Buffer.from('00ab', 'hex'))), 'ab');
  });

  it('round-trips every bigint that fits its width (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 160 }), fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }), (width, raw) => {
      const value = raw & ((1n << BigInt(width)) - 1n);
      const bytes = encodeValue(value, width);
      assert.ok(bytes.length >= 1);
      assert.ok(bytes.length === 1 || bytes[0] !== 0, 'no leading zero byte');
      assert.ok(bytes.length <= Math.ceil(width / 8));
      assert.equal(decodeBigInt(bytes), value);
    }));
  });

  it('decodes padded byte strings of any length, leading zeros included (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      let expected = 0n;
      for (const byte of bytes) expected = expected * 256n + BigInt(byte);
      assert.equal(decodeBigInt(bytes), expected);
    }), { numRuns: 1000 });
  });

  it('encodes numbers and bigints identically (property)', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (n) => {
      assert.equal(hex(encodeValue(n, 64)), hex(encodeValue(BigInt(n), 64)));
      assert.equal(hex(bigIntToBytes(BigInt(n))), hex(encodeValue(n, 53)));
    }));
  });

  it('rejects every value one past the width (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 128 }), fc.bigInt({ min: 0n, max: (1n << 128n) }), (width, extra) => {
      const value = (1n << BigInt(width)) + (extra % (1n << BigInt(width)));
      assert.throws(() => encodeValue(value, width), ValueEncodingError);
    }));
  });
});

describe('p4runtime address strings', () => {
  it('round-trips IPv4, IPv6 and MAC (property)', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      assert.equal(formatIPv4(parseIPv4(ip)), ip);
    }));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
      assert.equal(parseIPv6(formatIPv6(v)), v);
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (v) => {
      assert.equal(parseMac(formatMac(v)), v);
    }));
  });

  it('formats IPv6 the RFC 5952 way', () => {
    assert.equal(formatIPv6(parseIPv6('2001:0db8:0000:0000:0000:0000:0000:0001')), '2001:db8::1');
    assert.equal(formatIPv6(parseIPv6('2001:db8:0:1:1:1:1:1')), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIPv6(parseIPv6('1:0:0:2:0:0:0:3')), '1:0:0:2::3');
    assert.equal(formatIPv6(0n), '::');
    assert.equal(formatMac(Buffer.from('0a0b0c0d0e0f', 'hex')), '0a:0b:0c:0d:0e:0f');
    assert.equal(formatIPv4(Buffer.from('0a000001', 'hex')), '10.0.0.1');
  });
});
