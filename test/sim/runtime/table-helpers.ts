// Shared builders for table tests: specs with given keys, entries, and a naive reference matcher.
import type { FieldMatch, MatchKind, TableEntry, TableSpec } from '../../../src/sim/runtime/abi.js';

export function tableSpec(keys: readonly { kind: MatchKind; width: number }[], overrides: Partial<TableSpec> = {}): TableSpec {
  return {
    name: 'ingress.t',
    keys: keys.map((k, i) => ({ name: `k${i}`, matchKind: k.kind, width: k.width, annotations: [] })),
    actions: [
      { name: 'ingress.set', params: [{ name: 'port', width: 9 }, { name: 'wide', width: 48 }], scope: 'table_and_default', annotations: [] },
      { name: 'NoAction', params: [], scope: 'table_and_default', annotations: [] },
    ],
    size: 1024,
    defaultAction: { action: 'NoAction', args: [] },
    defaultActionConst: false,
    entriesConst: false,
    constEntries: [],
    supportsIdleTimeout: true,
    annotations: [],
    ...overrides,
  };
}

export function entry(matches: FieldMatch[], port: number, priority = 0): TableEntry {
  return { matches, priority, action: { action: 'ingress.set', args: [BigInt(port), 0xabcdef012345n] }, idleTimeoutNs: 0n, controllerMetadata: 0n };
}

export function fieldMatches(m: FieldMatch, key: bigint, width: number): boolean {
  switch (m.kind) {
    case 'exact':
      return m.value === key;
    case 'lpm': {
      const mask = ((1n << BigInt(m.prefixLength)) - 1n) << BigInt(width - m.prefixLength);
      return (key & mask) === m.value;
    }
    case 'ternary':
      return (key & m.mask) === m.value;
    case 'range':
      return m.low <= key && key <= m.high;
    case 'optional':
      return m.value === undefined || m.value === key;
  }
}

/** The winner by the book: highest priority, or for LPM tables the longest prefix. */
export function referenceLookup(spec: TableSpec, entries: readonly TableEntry[], keys: readonly bigint[]): TableEntry | undefined {
  let best: TableEntry | undefined;
  let bestRank = -1;
  for (const e of entries) {
    if (!e.matches.every((m, i) => fieldMatches(m, keys[i]!, spec.keys[i]!.width))) continue;
    const rank = e.priority !== 0 ? e.priority : e.matches.reduce((s, m) => s + (m.kind === 'lpm' ? m.prefixLength : 0), 0);
    // Strictly greater: among equal ranks the older entry (earlier in the list) wins.
    if (rank > bestRank) {
      best = e;
      bestRank = rank;
    }
  }
  return best;
}

export function runtimeKey(key: bigint, width: number): number | bigint {
  return width <= 32 ? Number(key) : key;
}
