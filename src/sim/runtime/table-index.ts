// Match indexes behind a table. Keys are in run-time representation (number up to 32 bits,
// bigint above). Three shapes:
//   ExactIndex       all keys exact: one hash map on the packed key, O(1).
//   LpmIndex         exact keys plus one LPM key: one hash map per prefix length present,
//                    probed longest first.
//   TupleSpaceIndex  anything with ternary/range/optional (or several LPM keys): entries
//                    grouped by their tuple of masks (tuple-space search); each group is a
//                    hash map on the masked key whose buckets are sorted by priority; range
//                    keys stay out of the hash and are checked on the bucket's entries.
//                    Groups are probed by falling maximum priority and the search stops once
//                    no group can beat the best match found.

import type { ActionCall, Bits, FieldMatch, LookupResult, StoredEntry, TableKeySpec } from './abi.js';

/** A stored entry plus what lookups need precomputed. */
export class EntryRecord implements StoredEntry {
  lastHitNs = 0n;
  packets = 0n;
  bytes = 0n;
  meterState?: unknown;
  /** Tuple-space index data: the priority the entry competes with and its range checks. */
  rank = 0;
  ranges: readonly RangeCheck[] | undefined;
  private cachedResult: LookupResult | undefined;
  private storedMatches: readonly FieldMatch[] | undefined;
  private packedKey: PackedKey | undefined;
  private unpack: Unpacker | undefined;

  constructor(
    readonly handle: number,
    matches: readonly FieldMatch[],
    readonly priority: number,
    public action: ActionCall,
    public actionIndex: number,
    public idleTimeoutNs: bigint,
    public controllerMetadata: bigint,
    /** Parameter widths of each action of the table (shared by all entries). */
    private readonly argWidths: readonly (readonly number[])[],
  ) {
    this.storedMatches = matches;
  }

  get matches(): readonly FieldMatch[] {
    return this.storedMatches ?? this.unpack!(this.packedKey!);
  }

  /**
   * Keeps only the packed key (exact tables): the FieldMatch objects of a million entries
   * would cost hundreds of megabytes; they are rebuilt when a control plane asks.
   */
  compact(packed: PackedKey, unpack: Unpacker): void {
    this.packedKey = packed;
    this.unpack = unpack;
    this.storedMatches = undefined;
  }

  /** The hit result, built on first use so that a million idle entries cost no result objects. */
  result(): LookupResult {
    if (this.cachedResult === undefined) {
      const widths = this.argWidths[this.actionIndex]!;
      const args: Bits[] = this.action.args.map((a, i) => (widths[i]! <= 32 ? Number(a) : a));
      this.cachedResult = { hit: true, actionIndex: this.actionIndex, args, entry: this };
    }
    return this.cachedResult;
  }

  setAction(action: ActionCall, actionIndex: number): void {
    this.action = action;
    this.actionIndex = actionIndex;
    this.cachedResult = undefined;
  }
}

export type KeyValue = number | bigint;
type PackedKey = string | number;

export interface MatchIndex {
  lookup(keys: readonly KeyValue[]): EntryRecord | undefined;
  find(matches: readonly FieldMatch[], priority: number): EntryRecord | undefined;
  /**
   * Adds `record` unless an entry with the same match and priority is there; false then,
   * and nothing changes (exact and LPM indexes compute the key once for both).
   */
  add(record: EntryRecord): boolean;
  remove(record: EntryRecord): void;
  values(): Iterable<EntryRecord>;
  clear(): void;
}

function repr(value: bigint, width: number): KeyValue {
  return width <= 32 ? Number(value) : value;
}

type Packer = (keys: readonly KeyValue[]) => PackedKey;
type Unpacker = (packed: PackedKey) => FieldMatch[];

/**
 * Packs a key tuple into one Map key: a number when the key (or every key, the total within
 * 53 bits) fits a double exactly, else a string. Never a bigint: V8 hashes a bigint Map key
 * by its low bits only, so prefix-masked wide keys (LPM, ternary) would all collide.
 */
function makePacker(widths: readonly number[]): Packer {
  if (widths.length === 1) {
    const width = widths[0]!;
    if (width <= 32) return (keys) => keys[0] as number;
    if (width <= 53) return (keys) => Number(keys[0]!);
    return (keys) => (keys[0] as bigint).toString(16);
  }
  const total = widths.reduce((a, b) => a + b, 0);
  if (widths.every((w) => w <= 32) && total <= 53) {
    const scales = widths.map((w) => 2 ** w);
    return (keys) => {
      let packed = 0;
      for (let i = 0; i < keys.length; i++) packed = packed * scales[i]! + (keys[i] as number);
      return packed;
    };
  }
  if (widths.every((w) => w <= 32)) return makeCodeUnitPacker(widths);
  return (keys) => {
    let s = '';
    for (let i = 0; i < keys.length; i++) s += i === 0 ? `${keys[i]}` : `:${keys[i]}`;
    return s;
  };
}

/**
 * Keys of at most 32 bits each with too many bits in all for a double (a 5-tuple): each
 * key becomes one or two 16-bit code units of a string made in one call — short, flat and
 * quickly hashed, where decimal text costs a number-to-string conversion per key and a
 * chain of concatenations (about 5x slower per lookup for a 5-tuple).
 */
function makeCodeUnitPacker(widths: readonly number[]): Packer {
  const wide = widths.map((w) => w > 16);
  const units = new Array<number>(wide.reduce((n, w) => n + (w ? 2 : 1), 0)).fill(0);
  return (keys) => {
    let n = 0;
    for (let i = 0; i < wide.length; i++) {
      const value = keys[i] as number;
      if (wide[i]) {
        units[n++] = value >>> 16;
        units[n++] = value & 0xffff;
      } else {
        units[n++] = value;
      }
    }
    return String.fromCharCode.apply(null, units);
  };
}

function maskKey(value: KeyValue, mask: KeyValue): KeyValue {
  return typeof value === 'number' ? (value & (mask as number)) >>> 0 : value & (mask as bigint);
}

/** The inverse of makePacker for all-exact keys. */
function makeExactUnpacker(widths: readonly number[]): Unpacker {
  const exact = (value: bigint): FieldMatch => ({ kind: 'exact', value });
  if (widths.length === 1) {
    return widths[0]! <= 53 ? (packed) => [exact(BigInt(packed))] : (packed) => [exact(BigInt(`0x${packed as string}`))];
  }
  const total = widths.reduce((a, b) => a + b, 0);
  if (widths.every((w) => w <= 32) && total <= 53) {
    return (packed) => {
      let rest = packed as number;
      const values: FieldMatch[] = new Array<FieldMatch>(widths.length);
      for (let i = widths.length - 1; i >= 0; i--) {
        const scale = 2 ** widths[i]!;
        const v = rest % scale;
        values[i] = exact(BigInt(v));
        rest = (rest - v) / scale;
      }
      return values;
    };
  }
  if (widths.every((w) => w <= 32)) {
    return (packed) => {
      const text = packed as string;
      let at = 0;
      return widths.map((w) => {
        let value = text.charCodeAt(at++);
        if (w > 16) value = value * 0x10000 + text.charCodeAt(at++);
        return exact(BigInt(value));
      });
    };
  }
  return (packed) => (packed as string).split(':').map((text) => exact(BigInt(text)));
}

export class ExactIndex implements MatchIndex {
  private readonly map = new Map<PackedKey, EntryRecord>();
  private readonly pack: Packer;
  private readonly unpack: Unpacker;

  constructor(private readonly keys: readonly TableKeySpec[]) {
    this.pack = makePacker(keys.map((k) => k.width));
    this.unpack = makeExactUnpacker(keys.map((k) => k.width));
  }

  lookup(keys: readonly KeyValue[]): EntryRecord | undefined {
    return this.map.get(this.pack(keys));
  }

  /** packMatches' key values: pack() reads them before returning, so one array serves every call. */
  private readonly matchScratch: KeyValue[] = [];

  private packMatches(matches: readonly FieldMatch[]): PackedKey {
    const values = this.matchScratch;
    values.length = matches.length;
    for (let i = 0; i < matches.length; i++) values[i] = repr((matches[i] as { value: bigint }).value, this.keys[i]!.width);
    return this.pack(values);
  }

  find(matches: readonly FieldMatch[]): EntryRecord | undefined {
    return this.map.get(this.packMatches(matches));
  }

  add(record: EntryRecord): boolean {
    const packed = this.packMatches(record.matches);
    if (this.map.has(packed)) return false;
    record.compact(packed, this.unpack);
    this.map.set(packed, record);
    return true;
  }

  remove(record: EntryRecord): void {
    this.map.delete(this.packMatches(record.matches));
  }

  values(): Iterable<EntryRecord> {
    return this.map.values();
  }

  clear(): void {
    this.map.clear();
  }
}

export class LpmIndex implements MatchIndex {
  /** prefix length -> packed (exact keys, masked LPM key) -> entry */
  private readonly byLength = new Map<number, Map<PackedKey, EntryRecord>>();
  private lengths: number[] = [];
  /** The maps and masks of `lengths`, in probe order. */
  private probeMaps: Map<PackedKey, EntryRecord>[] = [];
  private probeMasks: KeyValue[] = [];
  private readonly lpmWidth: number;
  private readonly scratch: KeyValue[];
  /** Masks by prefix length, in the LPM key's representation. */
  private readonly masks: KeyValue[];
  private readonly pack: Packer;

  constructor(
    private readonly keys: readonly TableKeySpec[],
    private readonly lpmPosition: number,
  ) {
    this.pack = makePacker(keys.map((k) => k.width));
    this.lpmWidth = keys[lpmPosition]!.width;
    this.scratch = new Array<KeyValue>(keys.length).fill(0);
    this.masks = [];
    for (let len = 0; len <= this.lpmWidth; len++) {
      const mask = ((1n << BigInt(len)) - 1n) << BigInt(this.lpmWidth - len);
      this.masks.push(repr(mask, this.lpmWidth));
    }
  }

  lookup(keys: readonly KeyValue[]): EntryRecord | undefined {
    const value = keys[this.lpmPosition]!;
    const maps = this.probeMaps;
    const masks = this.probeMasks;
    if (keys.length === 1 && this.lpmWidth <= 32) {
      // A lone LPM key of up to 32 bits is its own packed key.
      for (let i = 0; i < maps.length; i++) {
        const hit = maps[i]!.get(maskKey(value, masks[i]!) as number);
        if (hit !== undefined) return hit;
      }
      return undefined;
    }
    const scratch = this.scratch;
    for (let i = 0; i < keys.length; i++) scratch[i] = keys[i]!;
    for (let i = 0; i < maps.length; i++) {
      scratch[this.lpmPosition] = maskKey(value, masks[i]!);
      const hit = maps[i]!.get(this.pack(scratch));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Rebuilds the probe order (longest prefix first) after a prefix length appears or goes. */
  private reorder(): void {
    this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    this.probeMaps = this.lengths.map((len) => this.byLength.get(len)!);
    this.probeMasks = this.lengths.map((len) => this.masks[len]!);
  }

  private lengthAndKey(matches: readonly FieldMatch[]): [number, PackedKey] {
    let length = 0;
    const values = matches.map((m, i) => {
      if (m.kind === 'lpm') length = m.prefixLength;
      return repr((m as { value: bigint }).value, this.keys[i]!.width);
    });
    return [length, this.pack(values)];
  }

  find(matches: readonly FieldMatch[]): EntryRecord | undefined {
    const [length, key] = this.lengthAndKey(matches);
    return this.byLength.get(length)?.get(key);
  }

  add(record: EntryRecord): boolean {
    const [length, key] = this.lengthAndKey(record.matches);
    let map = this.byLength.get(length);
    if (map === undefined) {
      map = new Map();
      this.byLength.set(length, map);
      this.reorder();
    } else if (map.has(key)) {
      return false;
    }
    map.set(key, record);
    return true;
  }

  remove(record: EntryRecord): void {
    const [length, key] = this.lengthAndKey(record.matches);
    const map = this.byLength.get(length);
    if (map === undefined) return;
    map.delete(key);
    if (map.size === 0) {
      this.byLength.delete(length);
      this.reorder();
    }
  }

  *values(): Iterable<EntryRecord> {
    for (const map of this.byLength.values()) yield* map.values();
  }

  clear(): void {
    this.byLength.clear();
    this.reorder();
  }
}

interface RangeCheck {
  readonly position: number;
  readonly low: KeyValue;
  readonly high: KeyValue;
}

interface TupleGroup {
  readonly signature: string;
  /** Per key: the mask to apply, or undefined for a range key (not hashed). */
  readonly masks: readonly (KeyValue | undefined)[];
  readonly buckets: Map<PackedKey, EntryRecord[]>;
  /** An upper bound on the priorities in the group (not lowered by deletes). */
  maxPriority: number;
  size: number;
}

/** Entry data the tuple-space index derives once per entry. */
interface TupleInfo {
  readonly signature: string;
  readonly masks: (KeyValue | undefined)[];
  readonly key: PackedKey;
  readonly ranges: RangeCheck[];
}

export class TupleSpaceIndex implements MatchIndex {
  private readonly groups = new Map<string, TupleGroup>();
  private ordered: TupleGroup[] = [];
  private orderDirty = false;
  private readonly scratch: KeyValue[];
  private readonly pack: Packer;

  /**
   * @param effectivePriority the priority an entry competes with: its own, or for tables
   * with several LPM keys and no priorities, the sum of its prefix lengths.
   */
  constructor(
    private readonly keys: readonly TableKeySpec[],
    private readonly effectivePriority: (entry: { matches: readonly FieldMatch[]; priority: number }) => number,
  ) {
    this.scratch = new Array<KeyValue>(keys.length).fill(0);
    this.pack = makePacker(keys.map((k) => k.width));
  }

  private describe(matches: readonly FieldMatch[]): TupleInfo {
    const masks: (KeyValue | undefined)[] = [];
    const values: KeyValue[] = [];
    const ranges: RangeCheck[] = [];
    let signature = '';
    matches.forEach((m, i) => {
      const width = this.keys[i]!.width;
      const full = (1n << BigInt(width)) - 1n;
      let mask: bigint | undefined;
      let value = 0n;
      switch (m.kind) {
        case 'exact':
          mask = full;
          value = m.value;
          break;
        case 'lpm':
          mask = ((1n << BigInt(m.prefixLength)) - 1n) << BigInt(width - m.prefixLength);
          value = m.value;
          break;
        case 'ternary':
          mask = m.mask;
          value = m.value & m.mask;
          break;
        case 'optional':
          mask = m.value === undefined ? 0n : full;
          value = m.value ?? 0n;
          break;
        case 'range':
          ranges.push({ position: i, low: repr(m.low, width), high: repr(m.high, width) });
          break;
      }
      signature += mask === undefined ? 'r,' : `${mask.toString(16)},`;
      masks.push(mask === undefined ? undefined : repr(mask, width));
      // Range keys stay out of the hash: the same placeholder as lookup() uses.
      values.push(mask === undefined ? 0 : repr(value, width));
    });
    return { signature, masks, key: this.pack(values), ranges };
  }

  lookup(keys: readonly KeyValue[]): EntryRecord | undefined {
    if (this.orderDirty) this.reorder();
    let best: EntryRecord | undefined;
    let bestPriority = -Infinity;
    const scratch = this.scratch;
    for (const group of this.ordered) {
      // Equal priorities are still searched: among them the older entry wins (BMv2).
      if (group.maxPriority < bestPriority) break;
      const masks = group.masks;
      for (let i = 0; i < keys.length; i++) {
        const mask = masks[i];
        scratch[i] = mask === undefined ? 0 : maskKey(keys[i]!, mask);
      }
      const bucket = group.buckets.get(this.pack(scratch));
      if (bucket === undefined) continue;
      for (let b = 0; b < bucket.length; b++) {
        const record = bucket[b]!;
        if (record.rank < bestPriority) break;
        if (record.rank === bestPriority && record.handle > best!.handle) break;
        if (record.ranges === undefined || rangesMatch(record.ranges, keys)) {
          best = record;
          bestPriority = record.rank;
          break;
        }
      }
    }
    return best;
  }

  find(matches: readonly FieldMatch[], priority: number): EntryRecord | undefined {
    const info = this.describe(matches);
    const bucket = this.groups.get(info.signature)?.buckets.get(info.key);
    if (bucket === undefined) return undefined;
    return bucket.find((r) => r.priority === priority && sameRanges(r.ranges ?? [], info.ranges));
  }

  add(record: EntryRecord): boolean {
    const info = this.describe(record.matches);
    // find() rather than a scan of the bucket here: measured, a scan with a closure of its
    // own left exact+range lookups at about half their rate (V8's feedback for sameRanges).
    if (this.find(record.matches, record.priority) !== undefined) return false;
    record.rank = this.effectivePriority(record);
    record.ranges = info.ranges.length > 0 ? info.ranges : undefined;
    let group = this.groups.get(info.signature);
    if (group === undefined) {
      group = { signature: info.signature, masks: info.masks, buckets: new Map(), maxPriority: -Infinity, size: 0 };
      this.groups.set(info.signature, group);
      this.ordered.push(group);
    }
    let bucket = group.buckets.get(info.key);
    if (bucket === undefined) {
      bucket = [];
      group.buckets.set(info.key, bucket);
    }
    const priority = record.rank;
    // Keep the bucket sorted by falling priority; equal priorities keep insertion order.
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (bucket[mid]!.rank >= priority) low = mid + 1;
      else high = mid;
    }
    bucket.splice(low, 0, record);
    group.size++;
    if (priority > group.maxPriority) {
      group.maxPriority = priority;
      this.orderDirty = true;
    }
    return true;
  }

  remove(record: EntryRecord): void {
    const info = this.describe(record.matches);
    const group = this.groups.get(info.signature)!;
    const bucket = group.buckets.get(info.key)!;
    bucket.splice(bucket.indexOf(record), 1);
    if (bucket.length === 0) group.buckets.delete(info.key);
    group.size--;
    if (group.size === 0) {
      this.groups.delete(info.signature);
      this.ordered = this.ordered.filter((g) => g !== group);
    }
  }

  private reorder(): void {
    this.ordered.sort((a, b) => b.maxPriority - a.maxPriority);
    this.orderDirty = false;
  }

  *values(): Iterable<EntryRecord> {
    for (const group of this.groups.values()) for (const bucket of group.buckets.values()) yield* bucket;
  }

  clear(): void {
    this.groups.clear();
    this.ordered = [];
  }
}

function rangesMatch(ranges: readonly RangeCheck[], keys: readonly KeyValue[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    const v = keys[r.position]!;
    if (v < r.low || v > r.high) return false;
  }
  return true;
}

function sameRanges(a: readonly RangeCheck[], b: readonly RangeCheck[]): boolean {
  return a.length === b.length && a.every((r, i) => r.low === b[i]!.low && r.high === b[i]!.high);
}
