import { strict as assert } from 'node:assert';
import { CoreIndex, CoreIndexError } from '../../src/controller/core-index.js';

describe('CoreIndex', () => {
  it('numbers cores densely in (server index, core id) order whatever the input order', () => {
    const index = new CoreIndex([
      { index: 7, cores: 2 },
      { index: 2, cores: 3 },
    ]);
    assert.equal(index.size, 5);
    assert.deepEqual([0, 1, 2, 3, 4].map((id) => [index.serverIndexOfId(id), index.coreOfId(id)]), [
      [2, 0],
      [2, 1],
      [2, 2],
      [7, 0],
      [7, 1],
    ]);
    assert.equal(index.idOf(7, 1), 4);
    assert.equal(index.idOf(7, 2), -1);
    assert.equal(index.idOf(3, 0), -1);
    assert.equal(index.idOf(2, -1), -1);
    assert.equal(index.idOf(70000, 0), -1);
    assert.equal(index.positionOf(7), 1);
    assert.equal(index.firstIdOf(1), 3);
    assert.equal(index.endIdOf(1), 5);
  });

  it('refuses duplicate servers and impossible core counts', () => {
    assert.throws(() => new CoreIndex([{ index: 1, cores: 1 }, { index: 1, cores: 2 }]), CoreIndexError);
    assert.throws(() => new CoreIndex([{ index: 1, cores: 0 }]), CoreIndexError);
    assert.throws(() => new CoreIndex([{ index: 1, cores: 257 }]), CoreIndexError);
    assert.throws(() => new CoreIndex([{ index: 65536, cores: 1 }]), CoreIndexError);
  });
});
