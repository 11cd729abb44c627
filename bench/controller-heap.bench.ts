// Controller core costs at data-centre scale: 1,000,000 cores (62,500 servers x 16).
//   - heap update (decrease/increase-key) per report, ns
//   - k-set extraction, k = 16, for services of different sizes, µs
//   - load ingestion through LoadTable + heap, reports/s, and a tick's cost
// Targets (issue 6): update <= 1 µs amortised, extraction <= 1 ms.

import { CoreIndex } from '../src/controller/core-index.js';
import { IndexedMinHeap } from '../src/controller/indexed-min-heap.js';
import { KSetPlanner } from '../src/controller/kset.js';
import type { LoadReport } from '../src/controller/load-report.js';
import { LoadTable } from '../src/controller/load-table.js';

const SERVERS = 62_500;
const CORES_PER_SERVER = 16;
const K = 16;

/** Deterministic pseudo-random numbers (xorshift32) so runs are comparable. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

function nsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const index = new CoreIndex(Array.from({ length: SERVERS }, (_, i) => ({ index: i, cores: CORES_PER_SERVER })));
const n = index.size;
console.log(`cores: ${n.toLocaleString('en-US')} (${SERVERS.toLocaleString('en-US')} servers x ${CORES_PER_SERVER})`);

// --- heap updates ---------------------------------------------------------------
{
  const random = rng(1);
  const heap = new IndexedMinHeap(n);
  let start = process.hrtime.bigint();
  for (let id = 0; id < n; id++) heap.insert(id, Math.floor(random() * 256));
  console.log(`heap build by insert: ${(nsSince(start) / n).toFixed(0)} ns/insert`);

  const UPDATES = 3_000_000;
  const ids = new Int32Array(UPDATES);
  const uniform = new Float64Array(UPDATES);
  const drift = new Float64Array(UPDATES);
  const current = new Float64Array(n);
  for (let id = 0; id < n; id++) current[id] = heap.keyOf(id);
  for (let i = 0; i < UPDATES; i++) {
    const id = Math.floor(random() * n);
    ids[i] = id;
    uniform[i] = Math.floor(random() * 256);
    // Loads are smoothed, so successive reports of a core usually move a few points.
    current[id] = Math.min(255, Math.max(0, current[id]! + Math.floor(random() * 11) - 5));
    drift[i] = current[id]!;
  }
  for (const [label, keys] of [
    ['uniform random loads', uniform],
    ['loads drifting by <= 5', drift],
  ] as const) {
    start = process.hrtime.bigint();
    for (let i = 0; i < UPDATES; i++) heap.update(ids[i]!, keys[i]!);
    console.log(`heap update (${label}): ${(nsSince(start) / UPDATES).toFixed(0)} ns/update over ${UPDATES.toLocaleString('en-US')} updates`);
  }

  // --- k-set extraction -----------------------------------------------------------
  const out = new Int32Array(K);
  for (const share of [1, 4, 64]) {
    const accept = (id: number): boolean => index.serverPositionOfId(id) % share === 0;
    const samples: number[] = [];
    for (let round = 0; round < 2000; round++) {
      // Move a few loads between extractions so each walk sees a different heap.
      for (let j = 0; j < 50; j++) heap.update(Math.floor(random() * n), Math.floor(random() * 256));
      start = process.hrtime.bigint();
      heap.kSmallest(K, accept, out);
      samples.push(nsSince(start) / 1000);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
    console.log(
      `k-set extraction, k = ${K}, service on 1/${share} of the servers: mean ${mean.toFixed(1)} µs, p50 ${percentile(samples, 50).toFixed(1)} µs, p99 ${percentile(samples, 99).toFixed(1)} µs`,
    );
  }
}

// --- ingestion through the load table ---------------------------------------------
{
  const random = rng(2);
  const heap = new IndexedMinHeap(n);
  let events = 0;
  const table = new LoadTable(index, heap, { stalenessThresholdMs: 10, serverSilenceTimeoutMs: 1000, holdDownMs: 5000 }, () => events++);
  const REPORTS = 3_000_000;
  const serverOf = new Int32Array(REPORTS);
  const coreOf = new Int32Array(REPORTS);
  const loadOf = new Uint8Array(REPORTS);
  for (let i = 0; i < REPORTS; i++) {
    serverOf[i] = Math.floor(random() * SERVERS);
    coreOf[i] = Math.floor(random() * CORES_PER_SERVER);
    loadOf[i] = Math.floor(random() * 256);
  }
  // One mutable report object: the figure is the table's cost, not the allocator's.
  const report: LoadReport = { serverIndex: 0, coreId: 0, load: 0, reportTimestampUs: 0, switchTimeUs: 0 };
  let accepted = 0;
  const clock = 1_700_000_000_000_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < REPORTS; i++) {
    const sent = clock + i;
    report.serverIndex = serverOf[i]!;
    report.coreId = coreOf[i]!;
    report.load = loadOf[i]!;
    report.reportTimestampUs = sent % 2 ** 48;
    report.switchTimeUs = (sent + 200) % 2 ** 48;
    if (table.ingest(report, i) === 'accepted') accepted++;
  }
  const ns = nsSince(start);
  console.log(
    `load ingestion (LoadTable + heap): ${((REPORTS / ns) * 1e9).toLocaleString('en-US', { maximumFractionDigits: 0 })} reports/s, ${(ns / REPORTS).toFixed(0)} ns/report (${accepted.toLocaleString('en-US')} accepted, heap ${heap.size.toLocaleString('en-US')}, ${events.toLocaleString('en-US')} inclusion events)`,
  );

  const ticks: number[] = [];
  for (let t = 0; t < 20; t++) {
    const tickStart = process.hrtime.bigint();
    table.tick(REPORTS + t * 1000);
    ticks.push(nsSince(tickStart) / 1e6);
  }
  ticks.sort((a, b) => a - b);
  console.log(`load-table tick (expiring cores quiet for the silence timeout): p50 ${percentile(ticks, 50).toFixed(2)} ms`);

  // --- planning every service -------------------------------------------------------
  const SERVICES = 64;
  const planner = new KSetPlanner(
    index,
    heap,
    Array.from({ length: SERVICES }, (_, s) => ({
      serviceIndex: s,
      k: K,
      // Each service on a different quarter of the servers.
      serverIndices: Array.from({ length: SERVERS / 4 }, (_, i) => ((s % 4) + 4 * i) % SERVERS),
    })),
    { hysteresisLoad: 8, pushIntervalMs: 500 },
  );
  const planStart = process.hrtime.bigint();
  const ROUNDS = 50;
  for (let round = 0; round < ROUNDS; round++) {
    for (let s = 0; s < SERVICES; s++) {
      const plan = planner.plan(s, round * 100);
      if (plan.push) planner.markPushed(plan.candidate, round * 100);
    }
  }
  console.log(`k-set planning, ${SERVICES} services, k = ${K}: ${(nsSince(planStart) / 1e3 / ROUNDS).toFixed(0)} µs per round over all services`);
}
