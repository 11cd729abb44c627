import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SwitchClock } from '../../src/controller/switch-clock.js';
import { TIMESTAMP_MODULUS, diff48 } from '../../src/controller/timestamp48.js';

describe('SwitchClock (switch time -> report clock)', () => {
  const EPOCH_US = 1_795_000_000_000_000; // a wall clock in µs

  it('estimates the offset as the smallest receipt - switch time seen', () => {
    const clock = new SwitchClock(0);
    // Switch started at EPOCH_US - 10 s; digests delivered after 3 ms, 1 ms, 2 ms.
    const start = EPOCH_US - 10_000_000;
    clock.toReportClock(10_000_000, start + 10_000_000 + 3000);
    clock.toReportClock(10_000_100, start + 10_000_100 + 1000);
    const t = clock.toReportClock(10_000_200, start + 10_000_200 + 2000);
    // Converted times are off by the smallest delivery delay (1 ms), never more.
    assert.equal(diff48(t, (start + 10_000_200) % TIMESTAMP_MODULUS), 1000);
    assert.equal(clock.offset, diff48(EPOCH_US % TIMESTAMP_MODULUS, 0) - 10_000_000 + 1000);
  });

  it('converts within one delivery delay for any switch start and delays (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }), fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 20 }),
      (switchStartUs, delays) => {
        const clock = new SwitchClock(0);
        let last = 0;
        delays.forEach((delay, i) => {
          const switchTime = 1000 + i * 100;
          last = clock.toReportClock(switchTime, EPOCH_US + switchStartUs + switchTime + delay);
        });
        const truth = (EPOCH_US + switchStartUs + 1000 + (delays.length - 1) * 100) % TIMESTAMP_MODULUS;
        assert.equal(diff48(last, truth), Math.min(...delays));
      },
    ));
  });

  it('starts over when the switch clock restarts, and is settled only after the settle time', () => {
    const clock = new SwitchClock(500_000);
    clock.toReportClock(100_000_000, EPOCH_US);
    assert.equal(clock.settled, false);
    clock.toReportClock(100_600_000, EPOCH_US + 600_000);
    assert.equal(clock.settled, true);
    // The switch restarted: its clock is back near 0, so the sample is far above the estimate.
    const t = clock.toReportClock(1000, EPOCH_US + 700_000);
    assert.equal(t, (EPOCH_US + 700_000) % TIMESTAMP_MODULUS);
    assert.equal(clock.settled, false);
    clock.reset();
    assert.equal(clock.offset, undefined);
  });
});
