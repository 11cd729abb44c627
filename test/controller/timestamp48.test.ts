import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { diff48, isTimestamp48, TIMESTAMP_MODULUS, toTimestamp48 } from '../../src/controller/timestamp48.js';

describe('48-bit timestamps', () => {
  it('measures differences across the wrap-around', () => {
    assert.equal(diff48(5, TIMESTAMP_MODULUS - 5), 10);
    assert.equal(diff48(TIMESTAMP_MODULUS - 5, 5), -10);
    assert.equal(diff48(1000, 1000), 0);
  });

  it('agrees with BigInt arithmetic for any pair within half a period', () => {
    const ts = fc.bigInt({ min: 0n, max: (1n << 48n) - 1n });
    const delta = fc.bigInt({ min: -(1n << 47n), max: (1n << 47n) - 1n });
    fc.assert(
      fc.property(ts, delta, (earlier, d) => {
        const later = (((earlier + d) % (1n << 48n)) + (1n << 48n)) % (1n << 48n);
        assert.equal(diff48(Number(later), Number(earlier)), Number(d));
      }),
    );
  });

  it('reduces epoch microseconds and recognises valid timestamps', () => {
    assert.equal(toTimestamp48(TIMESTAMP_MODULUS + 7), 7);
    assert.equal(toTimestamp48(-1), TIMESTAMP_MODULUS - 1);
    assert.equal(isTimestamp48(0), true);
    assert.equal(isTimestamp48(TIMESTAMP_MODULUS - 1), true);
    assert.equal(isTimestamp48(TIMESTAMP_MODULUS), false);
    assert.equal(isTimestamp48(1.5), false);
    assert.equal(isTimestamp48(-1), false);
  });
});
