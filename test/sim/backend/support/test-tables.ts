// A linear-scan TableRuntime for back-end tests (the real one lives in src/sim/runtime and
// belongs to the run-time library). It implements just enough of the interface to check
// that compiled code evaluates keys, dispatches actions and reads hit/miss correctly.

import type {
  ActionCall,
  FieldMatch,
  LookupResult,
  StoredEntry,
  TableEntry,
  TableRuntime,
  TableSpec,
} from '../../../../src/sim/runtime/abi.js';
import { TableError } from '../../../../src/sim/runtime/abi.js';
import { fromBigInt } from '../../../../src/sim/runtime/bits.js';
import { fieldMatches } from '../../../../src/sim/backend/runtime-helpers.js';

function rank(e: TableEntry): number {
  const lpm = e.matches.find((m) => m.kind === 'lpm');
  return lpm !== undefined && lpm.kind === 'lpm' ? lpm.prefixLength : e.priority;
}

export class ScanTable implements TableRuntime {
  private readonly stored: StoredEntry[] = [];
  private nextHandle = 1;
  defaultAction: ActionCall;
  lookups = 0;

  constructor(readonly spec: TableSpec) {
    this.defaultAction = spec.defaultAction;
    for (const e of spec.constEntries) this.insert(e);
  }

  get entryCount(): number {
    return this.stored.length;
  }

  private actionIndex(name: string): number {
    const i = this.spec.actions.findIndex((a) => a.name === name);
    if (i < 0) throw new TableError('NOT_FOUND', `action ${name} not in table ${this.spec.name}`);
    return i;
  }

  private result(hit: boolean, call: ActionCall, entry: StoredEntry | undefined): LookupResult {
    const actionIndex = this.actionIndex(call.action);
    const params = this.spec.actions[actionIndex]!.params;
    return { hit, actionIndex, args: call.args.map((v, i) => fromBigInt(v, { width: params[i]!.width, signed: false })), entry };
  }

  lookup(keys: readonly (number | bigint | boolean)[]): LookupResult {
    this.lookups++;
    const big = keys.map((k) => (typeof k === 'boolean' ? (k ? 1n : 0n) : BigInt(k)));
    let best: StoredEntry | undefined;
    for (const e of this.stored) {
      if (!e.matches.every((m, i) => fieldMatches(m, big[i]!, this.spec.keys[i]!.width))) continue;
      if (best === undefined || rank(e) > rank(best)) best = e;
    }
    return best === undefined ? this.result(false, this.defaultAction, undefined) : this.result(true, best.action, best);
  }

  insert(entry: TableEntry): StoredEntry {
    this.actionIndex(entry.action.action);
    const s: StoredEntry = { ...entry, handle: this.nextHandle++, lastHitNs: 0n, packets: 0n, bytes: 0n };
    this.stored.push(s);
    return s;
  }

  modify(entry: TableEntry): StoredEntry {
    this.delete(entry.matches, entry.priority);
    return this.insert(entry);
  }

  delete(matches: readonly FieldMatch[], priority: number): StoredEntry {
    const found = this.find(matches, priority) ?? (() => { throw new TableError('NOT_FOUND', 'no such entry'); })();
    this.stored.splice(this.stored.indexOf(found), 1);
    return found;
  }

  find(matches: readonly FieldMatch[], priority: number): StoredEntry | undefined {
    const key = JSON.stringify(matches, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    return this.stored.find((e) => e.priority === priority && JSON.stringify(e.matches, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) === key);
  }

  entries(): Iterable<StoredEntry> {
    return this.stored;
  }

  setDefaultAction(call: ActionCall): void {
    this.defaultAction = call;
  }

  clear(): void {
    this.stored.length = 0;
  }
}

/** A table entry with no idle timeout or controller metadata, for tests and benchmarks. */
export function tableEntry(matches: TableEntry['matches'], action: string, args: readonly bigint[] = [], priority = 0): TableEntry {
  return { matches, priority, action: { action, args }, idleTimeoutNs: 0n, controllerMetadata: 0n };
}

/** An exact-match entry with the given action, for tests. */
export function exactEntry(values: readonly bigint[], action: string, args: readonly bigint[] = []): TableEntry {
  return tableEntry(values.map((value) => ({ kind: 'exact', value })), action, args);
}
