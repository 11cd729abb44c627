// Table run-time figures: 1,000,000 exact entries with two keys and with a 5-tuple key
// (insert rate, lookups/s, heap used) and 100,000-entry LPM (IPv4 and IPv6), ternary and
// range tables.
import type { TableEntry } from '../src/sim/runtime/abi.js';
import { createTable } from '../src/sim/runtime/table.js';
import { tableSpec } from '../test/sim/runtime/table-helpers.js';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function entryOf(matches: TableEntry['matches'], port: number, priority = 0): TableEntry {
  return { matches, priority, action: { action: 'ingress.set', args: [BigInt(port & 0x1ff), 0n] }, idleTimeoutNs: 0n, controllerMetadata: 0n };
}

function rate(label: string, count: number, fn: (i: number) => void): void {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fn(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label}: ${Math.round(count / seconds).toLocaleString('en')} /s`);
}

gc();
const before = process.memoryUsage().heapUsed;
const exact = createTable(tableSpec([{ kind: 'exact', width: 32 }, { kind: 'exact', width: 16 }], { size: 1_000_000 }));
rate('exact insert (1M, two keys)', 1_000_000, (i) => exact.insert(entryOf([{ kind: 'exact', value: BigInt(i * 7) }, { kind: 'exact', value: BigInt(i & 0xffff) }], i)));
gc();
console.log(`exact heap for 1M entries: ${Math.round((process.memoryUsage().heapUsed - before) / 1e6)} MB`);
let hits = 0;
rate('exact lookup (1M entries)', 2_000_000, (i) => {
  const j = (i * 7919) % 1_000_000;
  if (exact.lookup([j * 7, j & 0xffff], 0n).hit) hits++;
});
if (hits !== 2_000_000) throw new Error(`expected all hits, got ${hits}`);

// The load balancer's redirect table: an exact 5-tuple (104 bits: string-packed keys).
gc();
const before5 = process.memoryUsage().heapUsed;
const fiveTuple = createTable(
  tableSpec([{ kind: 'exact', width: 32 }, { kind: 'exact', width: 32 }, { kind: 'exact', width: 8 }, { kind: 'exact', width: 16 }, { kind: 'exact', width: 16 }], { size: 1_000_000 }),
);
const tuple = (i: number) => [i * 7, 0x0a000001, 6, i & 0xffff, 80];
rate('5-tuple insert (1M)', 1_000_000, (i) => fiveTuple.insert(entryOf(tuple(i).map((v) => ({ kind: 'exact', value: BigInt(v) })), i)));
gc();
console.log(`5-tuple heap for 1M entries: ${Math.round((process.memoryUsage().heapUsed - before5) / 1e6)} MB`);
const probes = Array.from({ length: 1024 }, (_, i) => tuple((i * 7919) % 1_000_000));
rate('5-tuple lookup (1M entries)', 2_000_000, (i) => {
  if (!fiveTuple.lookup(probes[i & 1023]!, 0n).hit) throw new Error('5-tuple miss');
});

const lpm = createTable(tableSpec([{ kind: 'lpm', width: 32 }], { size: 100_000 }));
for (let i = 0; i < 100_000; i++) {
  const len = 8 + (i % 25);
  const value = (BigInt(Math.imul(i, 2654435761) >>> 0) >> BigInt(32 - len)) << BigInt(32 - len);
  try {
    lpm.insert(entryOf([{ kind: 'lpm', value, prefixLength: len }], i));
  } catch {
    // duplicate prefix: skip
  }
}
rate(`lpm lookup (${lpm.entryCount} entries, 25 lengths)`, 1_000_000, (i) => lpm.lookup([Math.imul(i, 40503) >>> 0], 0n));

// IPv6 routes: 128-bit prefixes over 16 lengths (bigint keys, string-packed).
const lpm6 = createTable(tableSpec([{ kind: 'lpm', width: 128 }], { size: 100_000 }));
const lengths6 = [32, 40, 44, 48, 52, 56, 60, 64, 72, 80, 96, 104, 112, 120, 124, 128];
for (let i = 0; lpm6.entryCount < 100_000 && i < 1_000_000; i++) {
  const len = lengths6[i % 16]!;
  const v = (BigInt(Math.imul(i, 2654435761) >>> 0) << 96n) | (BigInt(i) << 32n);
  try {
    lpm6.insert(entryOf([{ kind: 'lpm', value: (v >> BigInt(128 - len)) << BigInt(128 - len), prefixLength: len }], i));
  } catch {
    // duplicate prefix: skip
  }
}
const probes6 = Array.from({ length: 1024 }, (_, i) => (BigInt(Math.imul(i * 31, 2654435761) >>> 0) << 96n) | BigInt(i));
rate(`lpm lookup, IPv6 (${lpm6.entryCount} entries, 16 lengths)`, 300_000, (i) => lpm6.lookup([probes6[i & 1023]!], 0n));

const ternary = createTable(tableSpec([{ kind: 'ternary', width: 32 }, { kind: 'ternary', width: 16 }], { size: 100_000 }));
const masks = [0xffffffffn, 0xffffff00n, 0xffff0000n, 0xff000000n];
for (let i = 0; i < 100_000; i++) {
  const mask = masks[i % 4]!;
  ternary.insert(entryOf([{ kind: 'ternary', value: BigInt(Math.imul(i, 2654435761) >>> 0) & mask, mask }, { kind: 'ternary', value: BigInt(i % 3 === 0 ? 80 : 0), mask: i % 3 === 0 ? 0xffffn : 0n }], i, i + 1));
}
rate('ternary lookup (100k entries, 8 mask tuples)', 1_000_000, (i) => ternary.lookup([Math.imul(i, 40503) >>> 0, 80], 0n));

const range = createTable(tableSpec([{ kind: 'exact', width: 32 }, { kind: 'range', width: 16 }], { size: 100_000 }));
for (let i = 0; i < 100_000; i++) {
  range.insert(entryOf([{ kind: 'exact', value: BigInt(i % 1000) }, { kind: 'range', low: BigInt(i % 100) * 100n, high: BigInt(i % 100) * 100n + 99n }], i, i + 1));
}
rate('exact+range lookup (100k entries, 100 per exact key)', 1_000_000, (i) => range.lookup([i % 1000, i % 10000], 0n));
