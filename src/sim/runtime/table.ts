// The table run-time of abi.ts: entry storage, matching and control-plane edits with
// P4Runtime semantics. An entry is identified by its matches and priority; INSERT of an
// existing one is ALREADY_EXISTS, MODIFY/DELETE of a missing one NOT_FOUND, an INSERT into
// a table holding `size` entries OUT_OF_RANGE (BMv2 admits exactly `size`), a write to
// `const entries` or a `const default_action` PERMISSION_DENIED.

import type { ActionCall, Bits, FieldMatch, LookupResult, StoredEntry, TableEntry, TableRuntime, TableSpec } from './abi.js';
import { TableError } from './abi.js';
import { canonicalMatches, checkAction, checkEntry, checkMatches, tableNeedsPriority } from './table-entry-check.js';
import { EntryRecord, ExactIndex, LpmIndex, type KeyValue, type MatchIndex, TupleSpaceIndex } from './table-index.js';

/** Called on every hit, so an architecture can count direct counters and remember the entry. */
export type HitListener = (entry: StoredEntry) => void;

function chooseIndex(spec: TableSpec): MatchIndex {
  const kinds = spec.keys.map((k) => (k.matchKind === 'selector' ? 'exact' : k.matchKind));
  if (kinds.every((k) => k === 'exact')) return new ExactIndex(spec.keys);
  const lpmPositions = kinds.flatMap((k, i) => (k === 'lpm' ? [i] : []));
  if (!tableNeedsPriority(spec) && lpmPositions.length === 1) return new LpmIndex(spec.keys, lpmPositions[0]!);
  if (tableNeedsPriority(spec)) return new TupleSpaceIndex(spec.keys, (e) => e.priority);
  // Several LPM keys and nothing else: longer total prefix wins.
  return new TupleSpaceIndex(spec.keys, (e) =>
    e.matches.reduce((sum, m) => sum + (m.kind === 'lpm' ? m.prefixLength : 0), 0),
  );
}

export interface TableOptions {
  /** Switch clock (ns): a new entry's lastHitNs starts at its insertion, so idle timeouts count from there. */
  readonly clock?: () => bigint;
}

class Table implements TableRuntime {
  private readonly index: MatchIndex;
  private readonly normalizers: ((v: Bits | boolean) => KeyValue)[];
  private readonly keyScratch: KeyValue[];
  private readonly argWidths: readonly (readonly number[])[];
  private nextHandle = 1;
  private count = 0;
  private currentDefault!: ActionCall;
  private defaultResult!: LookupResult;
  hitListener: HitListener | undefined;

  constructor(
    readonly spec: TableSpec,
    private readonly clock: (() => bigint) | undefined,
  ) {
    this.index = chooseIndex(spec);
    this.normalizers = spec.keys.map((k) =>
      k.width <= 32
        ? (v) => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v))
        : (v) => (typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? (v ? 1 : 0) : v)),
    );
    this.keyScratch = new Array<KeyValue>(spec.keys.length).fill(0);
    this.argWidths = spec.actions.map((a) => a.params.map((p) => p.width));
    this.installDefault(spec.defaultAction);
    this.installConstEntries();
  }

  private installConstEntries(): void {
    // Const entries come as written in the program: canonicalise them, and drop the
    // priorities a compiler may give entries of tables that do not use priorities.
    const priorities = tableNeedsPriority(this.spec);
    for (const written of this.spec.constEntries) {
      const entry = { ...written, matches: canonicalMatches(this.spec, written.matches), priority: priorities ? written.priority : 0 };
      this.store(entry, checkEntry(this.spec, entry));
    }
  }

  private installDefault(call: ActionCall): void {
    const actionIndex = checkAction(this.spec, call, true);
    const widths = this.argWidths[actionIndex]!;
    this.currentDefault = call;
    this.defaultResult = {
      hit: false,
      actionIndex,
      args: call.args.map((a, i) => (widths[i]! <= 32 ? Number(a) : a)),
      entry: undefined,
    };
  }

  lookup(keys: readonly (Bits | boolean)[], nowNs: bigint): LookupResult {
    const scratch = this.keyScratch;
    for (let i = 0; i < scratch.length; i++) scratch[i] = this.normalizers[i]!(keys[i]!);
    const record = scratch.length === 0 ? undefined : this.index.lookup(scratch);
    if (record === undefined) return this.defaultResult;
    record.lastHitNs = nowNs;
    this.hitListener?.(record);
    return record.result();
  }

  private store(entry: TableEntry, actionIndex: number): EntryRecord {
    // A duplicate is ALREADY_EXISTS even when the table is full.
    if (this.count >= this.spec.size) {
      if (this.index.find(entry.matches, entry.priority) !== undefined) throw this.alreadyExists();
      throw new TableError('OUT_OF_RANGE', `table ${this.spec.name} is full (size ${this.spec.size})`);
    }
    const record = new EntryRecord(
      this.nextHandle,
      entry.matches,
      entry.priority,
      entry.action,
      actionIndex,
      entry.idleTimeoutNs,
      entry.controllerMetadata,
      this.argWidths,
    );
    if (!this.index.add(record)) throw this.alreadyExists();
    this.nextHandle++;
    if (this.clock !== undefined) record.lastHitNs = this.clock();
    this.count++;
    return record;
  }

  private alreadyExists(): TableError {
    return new TableError('ALREADY_EXISTS', `table ${this.spec.name}: an entry with this match and priority exists`);
  }

  private checkMutable(): void {
    if (this.spec.entriesConst) throw new TableError('PERMISSION_DENIED', `table ${this.spec.name} has const entries`);
  }

  insert(entry: TableEntry): StoredEntry {
    this.checkMutable();
    return this.store(entry, checkEntry(this.spec, entry));
  }

  modify(entry: TableEntry): StoredEntry {
    this.checkMutable();
    const actionIndex = checkEntry(this.spec, entry);
    const record = this.index.find(entry.matches, entry.priority);
    if (record === undefined) throw new TableError('NOT_FOUND', `table ${this.spec.name}: no such entry to modify`);
    record.setAction(entry.action, actionIndex);
    record.idleTimeoutNs = entry.idleTimeoutNs;
    record.controllerMetadata = entry.controllerMetadata;
    return record;
  }

  delete(matches: readonly FieldMatch[], priority: number): StoredEntry {
    this.checkMutable();
    checkMatches(this.spec, matches, priority);
    const record = this.index.find(matches, priority);
    if (record === undefined) throw new TableError('NOT_FOUND', `table ${this.spec.name}: no such entry to delete`);
    this.index.remove(record);
    this.count--;
    return record;
  }

  find(matches: readonly FieldMatch[], priority: number): StoredEntry | undefined {
    checkMatches(this.spec, matches, priority);
    return this.index.find(matches, priority);
  }

  entries(): Iterable<StoredEntry> {
    return this.index.values();
  }

  get entryCount(): number {
    return this.count;
  }

  setDefaultAction(call: ActionCall): void {
    if (this.spec.defaultActionConst) {
      throw new TableError('PERMISSION_DENIED', `table ${this.spec.name} has a const default action`);
    }
    this.installDefault(call);
  }

  get defaultAction(): ActionCall {
    return this.currentDefault;
  }

  /** Removes every entry, then restores the const entries and the program's default action. */
  clear(): void {
    this.index.clear();
    this.count = 0;
    this.installDefault(this.spec.defaultAction);
    this.installConstEntries();
  }
}

export function createTable(spec: TableSpec, options: TableOptions = {}): TableRuntime {
  return new Table(spec, options.clock);
}

/** Installs the architecture's hit listener on a table made by createTable. */
export function setHitListener(table: TableRuntime, listener: HitListener | undefined): void {
  if (!(table instanceof Table)) throw new TypeError(`table ${table.spec.name} was not made by createTable`);
  table.hitListener = listener;
}
