import { strict as assert } from 'node:assert';
import { CoreIndex } from '../../src/controller/core-index.js';
import { IndexedMinHeap } from '../../src/controller/indexed-min-heap.js';
import type { LoadTableEvent } from '../../src/controller/load-events.js';
import type { LoadReport } from '../../src/controller/load-report.js';
import { LoadTable } from '../../src/controller/load-table.js';
import { TIMESTAMP_MODULUS } from '../../src/controller/timestamp48.js';

const MS = 1000;
const timing = { stalenessThresholdMs: 10, serverSilenceTimeoutMs: 1000, holdDownMs: 5000 };

function setup() {
  const index = new CoreIndex([
    { index: 0, cores: 4 },
    { index: 1, cores: 4 },
  ]);
  const heap = new IndexedMinHeap(index.size);
  const events: LoadTableEvent[] = [];
  const table = new LoadTable(index, heap, timing, (e) => events.push(e));
  return { index, heap, table, events };
}

/** A report sent at `sentUs` and received `delayUs` later. */
function report(serverIndex: number, coreId: number, load: number, sentUs: number, delayUs = 100): LoadReport {
  return { serverIndex, coreId, load, reportTimestampUs: sentUs % TIMESTAMP_MODULUS, switchTimeUs: (sentUs + delayUs) % TIMESTAMP_MODULUS };
}

const summary = (events: LoadTableEvent[]) => events.map((e) => `${e.kind} ${e.serverIndex} ${e.reason}`);

describe('LoadTable', () => {
  it('includes a server on its first report and keys its cores by load in the heap', () => {
    const { table, heap, index, events } = setup();
    assert.equal(table.serverStatus(0).state, 'never-reported');
    assert.equal(table.ingest(report(0, 2, 40, 1000), 0), 'accepted');
    assert.equal(table.ingest(report(0, 1, 10, 1000), 0), 'accepted');
    assert.deepEqual(summary(events), ['server-included 0 reporting']);
    assert.equal(heap.size, 2);
    assert.equal(heap.peek(), index.idOf(0, 1));
    assert.equal(heap.keyOf(index.idOf(0, 2)), 40);
    assert.equal(table.loadOf(0, 2), 40);
    assert.equal(table.loadOf(0, 3), undefined);
    assert.equal(table.isEligible(0, 3), false);
    assert.deepEqual(table.serverStatus(0), { state: 'included' });
    table.ingest(report(0, 2, 5, 2000), 1);
    assert.equal(heap.peek(), index.idOf(0, 2));
  });

  it('ignores reports not newer than the latest for that core, across the 2^48 wrap', () => {
    const { table, heap, index } = setup();
    const nearWrap = TIMESTAMP_MODULUS - 50;
    assert.equal(table.ingest(report(0, 0, 10, nearWrap), 0), 'accepted');
    assert.equal(table.ingest(report(0, 0, 99, nearWrap), 0), 'out-of-order');
    assert.equal(table.ingest(report(0, 0, 99, nearWrap - 1), 0), 'out-of-order');
    // 60 µs later the timestamp has wrapped to 10: still newer.
    assert.equal(table.ingest(report(0, 0, 20, nearWrap + 60), 0), 'accepted');
    assert.equal(heap.keyOf(index.idOf(0, 0)), 20);
    // Another core's order is independent.
    assert.equal(table.ingest(report(0, 1, 30, 5), 0), 'accepted');
  });

  it('computes transmission delay modulo 2^48', () => {
    const { table } = setup();
    // Sent just before the wrap, received just after: 200 µs, not -2^48.
    assert.equal(table.ingest(report(0, 0, 10, TIMESTAMP_MODULUS - 100, 200), 0), 'accepted');
    // Sent 9 ms before receipt across the wrap: fresh. 11 ms: stale.
    assert.equal(table.ingest(report(1, 0, 10, TIMESTAMP_MODULUS - 4 * MS, 9 * MS), 0), 'accepted');
    assert.equal(table.ingest(report(1, 1, 10, TIMESTAMP_MODULUS - 4 * MS, 11 * MS), 0), 'stale');
  });

  it('drops a stale report and holds the whole server down, then lets it back', () => {
    const { table, heap, index, events } = setup();
    for (let core = 0; core < 4; core++) table.ingest(report(0, core, 10 * core, 1000), 0);
    table.ingest(report(1, 0, 50, 1000), 0);
    assert.equal(heap.size, 5);
    assert.equal(table.ingest(report(0, 0, 0, 2000, 10 * MS + 1), 1 * MS), 'stale');
    assert.equal(heap.size, 1, 'all of server 0 left the heap');
    assert.equal(heap.peek(), index.idOf(1, 0));
    assert.equal(table.loadOf(0, 0), 0, 'the stale report was dropped (load was 0 before too)');
    assert.deepEqual(table.serverStatus(0), { state: 'excluded', reason: 'stale-report', holdDownUntilUs: 5001 * MS });
    // Fresh reports during the hold-down are stored but do not bring the server back.
    assert.equal(table.ingest(report(0, 1, 3, 3000), 2000 * MS), 'accepted');
    assert.equal(heap.size, 1);
    assert.equal(table.loadOf(0, 1), 3);
    // A second stale report extends the hold-down.
    assert.equal(table.ingest(report(0, 2, 3, 4000, 20 * MS), 3000 * MS), 'stale');
    table.ingest(report(0, 1, 4, 5000), 3500 * MS);
    table.ingest(report(1, 0, 50, 5000), 3500 * MS);
    table.tick(5001 * MS);
    assert.equal(table.isEligible(0, 1), false);
    table.ingest(report(0, 1, 4, 6000), 7900 * MS);
    table.ingest(report(1, 0, 50, 6000), 7900 * MS);
    table.tick(8000 * MS);
    assert.deepEqual(table.serverStatus(0), { state: 'included' });
    assert.equal(table.isEligible(0, 1), true);
    // Core 0 reported last at 0 ms: it went quiet and stays out until it reports.
    assert.equal(table.isEligible(0, 0), false);
    const server0 = events.filter((e) => e.serverIndex === 0);
    assert.deepEqual(summary(server0), ['server-included 0 reporting', 'server-excluded 0 stale-report', 'server-included 0 hold-down-expired']);
    const excluded = server0[1]!;
    assert.match(excluded.detail, /transmission delay 10001 µs over the 10000 µs threshold/);
  });

  it('readmits a held-down server on its first report after the hold-down even before a tick', () => {
    const { table, events } = setup();
    table.ingest(report(0, 0, 1, 1000), 0);
    table.ingest(report(0, 1, 1, 1000, 50 * MS), 0);
    table.ingest(report(0, 0, 1, 2000), 6000 * MS);
    assert.deepEqual(summary(events), ['server-included 0 reporting', 'server-excluded 0 stale-report', 'server-included 0 hold-down-expired']);
  });

  it('excludes a silent server and its quiet cores, and includes it when it reports again', () => {
    const { table, heap, events } = setup();
    table.ingest(report(0, 0, 1, 1000), 0);
    table.ingest(report(0, 1, 2, 1000), 0);
    table.ingest(report(1, 0, 3, 1000), 0);
    table.ingest(report(0, 0, 1, 2000), 600 * MS);
    table.tick(1000 * MS);
    assert.equal(table.isEligible(0, 0), true);
    assert.equal(table.isEligible(0, 1), false, 'core 1 has been quiet for the silence timeout');
    assert.equal(heap.size, 1);
    assert.deepEqual(table.serverStatus(1), { state: 'excluded', reason: 'silent', holdDownUntilUs: null });
    table.tick(1600 * MS);
    assert.equal(heap.size, 0);
    table.ingest(report(1, 3, 9, 3000), 1700 * MS);
    assert.equal(table.isEligible(1, 3), true);
    assert.equal(table.isEligible(1, 0), false);
    assert.deepEqual(summary(events), [
      'server-included 0 reporting',
      'server-included 1 reporting',
      'server-excluded 1 silent',
      'server-excluded 0 silent',
      'server-included 1 reporting',
    ]);
    assert.equal(events[4]!.detail, 'reporting again after silence');
  });

  it('reports a held-down server that went silent as silent once the hold-down ends', () => {
    const { table } = setup();
    table.ingest(report(0, 0, 1, 1000), 0);
    table.ingest(report(0, 1, 1, 1000, 50 * MS), 0);
    table.tick(6000 * MS);
    assert.deepEqual(table.serverStatus(0), { state: 'excluded', reason: 'silent', holdDownUntilUs: null });
  });

  it('treats IPv6 reports as sent when received and orders them by switch time', () => {
    const { table } = setup();
    const v6 = (load: number, switchTimeUs: number): LoadReport => ({ serverIndex: 1, coreId: 2, load, reportTimestampUs: null, switchTimeUs });
    assert.equal(table.ingest(v6(10, 5000), 0), 'accepted');
    assert.equal(table.ingest(v6(11, 4000), 0), 'out-of-order');
    assert.equal(table.ingest(v6(12, 6000), 0), 'accepted');
    assert.equal(table.loadOf(1, 2), 12);
  });

  it('accepts a report slightly ahead of the switch clock, and ignores one far ahead without locking the core', () => {
    const { table } = setup();
    assert.equal(table.ingest(report(0, 0, 1, 10 * MS, -3 * MS), 0), 'accepted');
    assert.equal(table.ingest(report(0, 0, 2, 3_600_000 * MS, -3_599_980 * MS), 0), 'future');
    assert.equal(table.loadOf(0, 0), 1);
    assert.deepEqual(table.serverStatus(0), { state: 'included' });
    // The bogus time did not become the core's latest: the next genuine report counts.
    assert.equal(table.ingest(report(0, 0, 3, 11 * MS), 0), 'accepted');
  });

  it('classifies unknown cores and malformed reports without changing state', () => {
    const { table, heap } = setup();
    assert.equal(table.ingest(report(0, 4, 1, 1000), 0), 'unknown-core');
    assert.equal(table.ingest(report(9, 0, 1, 1000), 0), 'unknown-core');
    assert.equal(table.ingest(report(0, 0, 256, 1000), 0), 'malformed');
    assert.equal(table.ingest(report(0, 0, 1.5, 1000), 0), 'malformed');
    assert.equal(table.ingest({ serverIndex: 0, coreId: 0, load: 1, reportTimestampUs: TIMESTAMP_MODULUS, switchTimeUs: 0 }, 0), 'malformed');
    assert.equal(table.ingest({ serverIndex: 0, coreId: 0, load: 1, reportTimestampUs: null, switchTimeUs: -1 }, 0), 'malformed');
    assert.equal(heap.size, 0);
    assert.equal(table.serverStatus(0).state, 'never-reported');
    assert.throws(() => table.serverStatus(9), RangeError);
  });
});
