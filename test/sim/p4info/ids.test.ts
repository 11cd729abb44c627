import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { allocateIds, IdAllocationError, idKey, jenkinsOneAtATime } from '../../../src/sim/p4info/ids.js';

// Reference: the textbook definition with explicit 32-bit wrap-around in BigInt.
function referenceHash(text: string): number {
  const m = (1n << 32n) - 1n;
  let h = 0n;
  for (const b of Buffer.from(text, 'utf8')) {
    h = (h + BigInt(b)) & m;
    h = (h + (h << 10n)) & m;
    h ^= h >> 6n;
  }
  h = (h + (h << 3n)) & m;
  h ^= h >> 11n;
  h = (h + (h << 15n)) & m;
  return Number(h);
}

describe('P4Info id allocation', () => {
  it('hashes like the reference one-at-a-time definition', () => {
    assert.equal(jenkinsOneAtATime(''), 0);
    // Bob Jenkins' published check value for "a".
    assert.equal(jenkinsOneAtATime('a'), 0xca2e9442);
    fc.assert(fc.property(fc.string(), (s) => jenkinsOneAtATime(s) === referenceHash(s)));
  });

  it('puts the kind in the top byte and the hash in the low 24 bits', () => {
    const ids = allocateIds([{ kind: 'table', name: 'MyIngress.ipv4_lpm' }, { kind: 'action', name: 'MyIngress.drop' }]);
    assert.equal(ids.get(idKey('table', 'MyIngress.ipv4_lpm')), ((0x02 << 24) | (jenkinsOneAtATime('MyIngress.ipv4_lpm') & 0xffffff)) >>> 0);
    assert.equal(ids.get(idKey('action', 'MyIngress.drop'))! >>> 24, 0x01);
  });

  it('lets @id win and probes linearly past taken ids in name order', () => {
    const natural = (jenkinsOneAtATime('b') & 0xffffff) | (0x01 << 24);
    const ids = allocateIds([
      { kind: 'action', name: 'b' },
      { kind: 'action', name: 'pinned', fixedId: natural & 0xffffff },
    ]);
    assert.equal(ids.get(idKey('action', 'pinned')), natural >>> 0);
    assert.equal(ids.get(idKey('action', 'b')), (natural + 1) >>> 0);
  });

  it('refuses an @id with another kind prefix or used twice', () => {
    assert.throws(() => allocateIds([{ kind: 'table', name: 't', fixedId: 0x01000005 }]), IdAllocationError);
    assert.throws(() => allocateIds([{ kind: 'table', name: 't', fixedId: 5 }, { kind: 'table', name: 'u', fixedId: 0x02000005 }]), /used twice/);
  });
});
