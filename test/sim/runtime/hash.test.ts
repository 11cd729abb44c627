import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeHash, crc16, crc32, csum16, identity, makeCrc, seededRandom, xor16 } from '../../../src/sim/runtime/hash.js';

const check = new TextEncoder().encode('123456789');

describe('sim runtime: hash algorithms', () => {
  it('crc16 is CRC-16/ARC and crc32 is CRC-32 (catalogue check values)', () => {
    assert.equal(crc16(check), 0xbb3d);
    assert.equal(crc32(check), 0xcbf43926);
    assert.equal(crc32(new Uint8Array()), 0);
  });

  it('non-reflected CRC parameters give CRC-16/BUYPASS and CRC-32/BZIP2', () => {
    const buypass = makeCrc({ width: 16, polynomial: 0x8005, initial: 0, finalXor: 0, reflectInput: false, reflectOutput: false });
    assert.equal(buypass(check), 0xfee8);
    const bzip2 = makeCrc({ width: 32, polynomial: 0x04c11db7, initial: 0xffffffff, finalXor: 0xffffffff, reflectInput: false, reflectOutput: false });
    assert.equal(bzip2(check), 0xfc891918);
  });

  it('reflected CRCs equal a bit-at-a-time reference on any data (property)', () => {
    // The textbook definition: reflect each input byte, shift MSB first, reflect the result.
    const reference = (width: 16 | 32, polynomial: number, initial: number, finalXor: number, data: Uint8Array): number => {
      const reflect = (v: number, bits: number): number => {
        let r = 0;
        for (let i = 0; i < bits; i++) r = r * 2 + (Math.floor(v / 2 ** i) % 2);
        return r;
      };
      let crc = initial;
      for (const byte of data) {
        const b = reflect(byte, 8);
        for (let bit = 7; bit >= 0; bit--) {
          const top = Math.floor(crc / 2 ** (width - 1)) % 2 !== Math.floor(b / 2 ** bit) % 2;
          crc = (crc * 2) % 2 ** width;
          if (top) crc = (crc ^ polynomial) >>> 0;
        }
      }
      return ((reflect(crc, width) ^ finalXor) >>> 0) % 2 ** width;
    };
    const dnp = makeCrc({ width: 16, polynomial: 0x3d65, initial: 0x1234, finalXor: 0xffff, reflectInput: true, reflectOutput: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
      assert.equal(crc32(data), reference(32, 0x04c11db7, 0xffffffff, 0xffffffff, data));
      assert.equal(crc16(data), reference(16, 0x8005, 0, 0, data));
      assert.equal(dnp(data), reference(16, 0x3d65, 0x1234, 0xffff, data));
    }));
  });

  it('csum16 is the Internet checksum (RFC 1071 example, IPv4 header)', () => {
    assert.equal(csum16(Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7])), ~0xddf2 & 0xffff);
    // A real IPv4 header with its checksum field zeroed: the checksum is 0xb861.
    const ip = Uint8Array.from([0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, 0xc0, 0xa8, 0, 1, 0xc0, 0xa8, 0, 0xc7]);
    assert.equal(csum16(ip), 0xb861);
    assert.equal(csum16(Uint8Array.from([0xab])), ~0xab00 & 0xffff);
  });

  it('a header with its correct checksum sums to zero (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 64 }).filter((a) => a.length % 2 === 0), (data) => {
        const copy = Uint8Array.from(data);
        copy[0] = 0;
        copy[1] = 0;
        const sum = csum16(copy);
        copy[0] = sum >> 8;
        copy[1] = sum & 0xff;
        assert.ok(csum16(copy) === 0 || csum16(copy) === 0xffff);
      }),
    );
  });

  it('xor16 and identity', () => {
    assert.equal(xor16(Uint8Array.from([0x12, 0x34, 0x56, 0x78])), 0x1234 ^ 0x5678);
    assert.equal(xor16(Uint8Array.from([0x12, 0x34, 0x56])), 0x1234 ^ 0x5600);
    assert.equal(identity(Uint8Array.from([1, 2, 3])), 0x010203n);
    assert.equal(identity(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), 0x0102030405060708n);
  });

  it('computeHash dispatches by v1model algorithm name; random is seeded', () => {
    assert.equal(computeHash('crc32_custom', check, Math.random), 0xcbf43926);
    assert.equal(computeHash('identity', Uint8Array.from([1, 2]), Math.random), 0x0102n);
    const a = seededRandom(42);
    const b = seededRandom(42);
    assert.equal(computeHash('random', check, a), computeHash('random', check, b));
  });
});
