// The load table against a direct, scan-everything model of its rules (docs/controller.md).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CoreIndex } from '../../src/controller/core-index.js';
import { IndexedMinHeap } from '../../src/controller/indexed-min-heap.js';
import { LoadTable } from '../../src/controller/load-table.js';

const MS = 1000;
const timing = { stalenessThresholdMs: 10, serverSilenceTimeoutMs: 100, holdDownMs: 300 };
const SERVERS = 3;
const CORES = 3;

interface ModelCore {
  load: number;
  lastSent: number | undefined;
  heardAt: number;
}
interface ModelServer {
  included: boolean;
  holdDownUntil: number | undefined;
  heardAt: number;
}

class Model {
  cores = Array.from({ length: SERVERS * CORES }, (): ModelCore => ({ load: 0, lastSent: undefined, heardAt: -Infinity }));
  servers = Array.from({ length: SERVERS }, (): ModelServer => ({ included: false, holdDownUntil: undefined, heardAt: -Infinity }));

  ingest(server: number, core: number, load: number, sent: number, received: number, now: number): string {
    const c = this.cores[server * CORES + core]!;
    const s = this.servers[server]!;
    if (c.lastSent !== undefined && sent <= c.lastSent) return 'out-of-order';
    if (received - sent < -timing.stalenessThresholdMs * MS) return 'future';
    if (received - sent > timing.stalenessThresholdMs * MS) {
      s.holdDownUntil = Math.max(s.holdDownUntil ?? -Infinity, now + timing.holdDownMs * MS);
      s.included = false;
      return 'stale';
    }
    Object.assign(c, { load, lastSent: sent, heardAt: now });
    s.heardAt = now;
    if (!s.included && (s.holdDownUntil === undefined || s.holdDownUntil <= now)) {
      s.included = true;
      s.holdDownUntil = undefined;
    }
    return 'accepted';
  }

  tick(now: number): void {
    const silentBefore = now - timing.serverSilenceTimeoutMs * MS;
    for (const s of this.servers) {
      if (s.included && s.heardAt <= silentBefore) s.included = false;
      if (!s.included && s.holdDownUntil !== undefined && s.holdDownUntil <= now) {
        s.holdDownUntil = undefined;
        if (s.heardAt > silentBefore) s.included = true;
      }
    }
  }

  /** Element id -> load of every eligible core, right after tick(now). */
  eligible(now: number): Map<number, number> {
    const silentBefore = now - timing.serverSilenceTimeoutMs * MS;
    const out = new Map<number, number>();
    this.cores.forEach((c, id) => {
      if (this.servers[Math.floor(id / CORES)]!.included && c.heardAt > silentBefore) out.set(id, c.load);
    });
    return out;
  }
}

const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      server: fc.nat(SERVERS - 1),
      core: fc.nat(CORES - 1),
      load: fc.nat(255),
      advance: fc.nat(30 * MS),
      skew: fc.integer({ min: -20 * MS, max: 5 * MS }),
      delay: fc.integer({ min: -14 * MS, max: 14 * MS }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), advance: fc.nat(150 * MS) }) },
);

describe('LoadTable against a model of its rules', () => {
  it('agrees on every outcome, and on the heap after every tick', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const index = new CoreIndex(Array.from({ length: SERVERS }, (_, i) => ({ index: i, cores: CORES })));
        const heap = new IndexedMinHeap(index.size);
        const table = new LoadTable(index, heap, timing);
        const model = new Model();
        let now = 1_000_000 * MS;
        for (const op of ops) {
          now += op.advance;
          if (op.kind === 'report') {
            const sent = now + op.skew;
            const received = sent + op.delay;
            const outcome = table.ingest({ serverIndex: op.server, coreId: op.core, load: op.load, reportTimestampUs: sent, switchTimeUs: received }, now);
            assert.equal(outcome, model.ingest(op.server, op.core, op.load, sent, received, now));
          } else {
            table.tick(now);
            model.tick(now);
            const actual = new Map(heap.ids().map((id) => [id, heap.keyOf(id)]));
            assert.deepEqual(actual, model.eligible(now));
            for (let server = 0; server < SERVERS; server++) {
              assert.equal(table.serverStatus(server).state === 'included', model.servers[server]!.included);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
