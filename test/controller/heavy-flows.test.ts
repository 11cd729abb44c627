import assert from 'node:assert/strict';
import { CorePenalties } from '../../src/controller/core-penalties.js';
import { HeavyFlowDetector } from '../../src/controller/heavy-flows.js';

describe('heavy flows', () => {
  it('names a flow whose byte rate is over the threshold, once', () => {
    const detector = new HeavyFlowDetector(1000); // bytes/s
    assert.deepEqual(detector.observe(new Map([['a', 0], ['b', 0]]), 0), []);
    assert.deepEqual(detector.observe(new Map([['a', 500], ['b', 3000]]), 1000), [{ id: 'b', bytesPerSecond: 3000 }]);
    assert.deepEqual(detector.observe(new Map([['a', 2000], ['b', 9000]]), 2000), [{ id: 'a', bytesPerSecond: 1500 }]);
    assert.deepEqual(detector.observe(new Map([['a', 9000], ['b', 20000]]), 3000), []);
  });

  it('needs two samples of a flow before judging it, and forgets flows that are gone', () => {
    const detector = new HeavyFlowDetector(1000);
    detector.observe(new Map(), 0);
    assert.deepEqual(detector.observe(new Map([['a', 1e9]]), 1000), []); // first sight: no rate yet
    assert.equal(detector.observe(new Map([['a', 2e9]]), 2000).length, 1);
    detector.observe(new Map(), 3000); // removed
    detector.observe(new Map([['a', 0]]), 4000);
    assert.equal(detector.observe(new Map([['a', 1e9]]), 5000).length, 1); // a new flow with the same key is judged again
  });

  it('adds a core penalty to its reports until it expires, capped at 255', () => {
    const penalties = new CorePenalties();
    penalties.set(1, 2, 64, 1000);
    assert.equal(penalties.apply(1, 2, 100, 500), 164);
    assert.equal(penalties.apply(1, 2, 250, 500), 255);
    assert.equal(penalties.apply(1, 3, 100, 500), 100);
    assert.deepEqual(penalties.list(500), [{ serverIndex: 1, coreId: 2, penalty: 64, remainingMs: 500 }]);
    assert.equal(penalties.apply(1, 2, 100, 1000), 100);
    assert.deepEqual(penalties.list(1000), []);
  });
});
