import assert from 'node:assert/strict';
import { CounterArray, IndexOutOfRangeError } from '../../../src/sim/runtime/counter.js';
import { METER_GREEN, METER_RED, METER_YELLOW, MeterArray, MeterConfigError } from '../../../src/sim/runtime/meter.js';
import { RegisterArray } from '../../../src/sim/runtime/register.js';

describe('sim runtime: counters, meters, registers', () => {
  it('counters count packets and bytes; out-of-range data-plane index is ignored', () => {
    const c = new CounterArray('c', 4, 'packets_and_bytes');
    c.count(1, 100);
    c.count(1, 50);
    c.count(9, 50);
    assert.deepEqual(c.read(1), { packets: 2n, bytes: 150n });
    assert.throws(() => c.read(4), IndexOutOfRangeError);
    c.write(1, { packets: 0n, bytes: 7n });
    assert.deepEqual(c.read(1), { packets: 0n, bytes: 7n });
  });

  it('registers: typed cells, out-of-range reads 0 and writes are ignored', () => {
    const r = new RegisterArray('r', 2, 48, 0n, (v) => v as bigint, (b) => b);
    r.write(1, 5n);
    r.write(2, 9n);
    assert.equal(r.read(1), 5n);
    assert.equal(r.read(2), 0n);
    assert.equal(r.readBits(1), 5n);
    assert.throws(() => r.writeBits(0, 1n << 48n), RangeError);
    assert.throws(() => r.readBits(2), IndexOutOfRangeError);
  });

  it('two-rate three-color marking per RFC 2698 (packets)', () => {
    const m = new MeterArray('m', 2, 'packets');
    assert.equal(m.execute(0, 100, 0n), METER_GREEN); // unconfigured
    m.configure(0, { cir: 1, cbs: 2, pir: 2, pbs: 3 }, 0n);
    const colors = [0, 1, 2, 3, 4].map(() => m.execute(0, 100, 0n));
    assert.deepEqual(colors, [METER_GREEN, METER_GREEN, METER_YELLOW, METER_RED, METER_RED]);
    // One second refills 1 committed and 2 peak tokens.
    assert.equal(m.execute(0, 100, 1_000_000_000n), METER_GREEN);
    assert.equal(m.execute(0, 100, 1_000_000_000n), METER_YELLOW);
    assert.equal(m.execute(0, 100, 1_000_000_000n), METER_RED);
    assert.throws(() => m.configure(0, { cir: 5, cbs: 1, pir: 1, pbs: 1 }, 0n), MeterConfigError);
  });

  it('byte meters take the packet length', () => {
    const m = new MeterArray('m', 1, 'bytes');
    m.configure(0, { cir: 0, cbs: 100, pir: 0, pbs: 200 }, 0n);
    assert.equal(m.execute(0, 100, 0n), METER_GREEN);
    assert.equal(m.execute(0, 100, 0n), METER_YELLOW);
    assert.equal(m.execute(0, 1, 0n), METER_RED);
  });
});
