import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldSum, internetChecksum, onesComplementSum } from '../../src/packet/index.js';
import { hex, referenceChecksum } from './reference-checksum.js';

describe('packet/checksum', () => {
  it('matches the worked example of RFC 1071 section 3', () => {
    const data = hex('0001 f203 f4f5 f6f7');
    assert.equal(foldSum(onesComplementSum(data)), 0xddf2);
    assert.equal(internetChecksum(data), 0x220d);
  });

  it('computes the checksum of a known IPv4 header', () => {
    const header = hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7');
    assert.equal(internetChecksum(header), 0xb861);
  });

  it('pads an odd trailing byte with zero', () => {
    assert.equal(internetChecksum(hex('01')), ~0x0100 & 0xffff);
  });

  it('agrees with an independent implementation on any bytes and range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length === 0 ? 0 : a % bytes.length;
        const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
        assert.equal(internetChecksum(bytes, start, end), referenceChecksum([...bytes.subarray(start, end)]));
      }),
    );
  });

  it('gives a sum of 0xFFFF over data that includes its own checksum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 200 }).filter((b) => b.length % 2 === 0), (bytes) => {
        const copy = Uint8Array.from(bytes);
        copy[0] = 0;
        copy[1] = 0;
        const sum = internetChecksum(copy);
        copy[0] = sum >>> 8;
        copy[1] = sum & 0xff;
        assert.equal(foldSum(onesComplementSum(copy)), 0xffff);
      }),
    );
  });
});
