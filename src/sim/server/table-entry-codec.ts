// P4Runtime TableEntry <-> the abi's TableEntry, with the checks P4Runtime asks of a
// server (spec sections 9.1 and 8.4): every id known, each key given once with its own
// match kind, exact keys present, don't-care matches omitted rather than spelled out,
// ternary values inside their mask, LPM values zero past the prefix, priorities exactly
// where the table needs them, the action allowed in the table and in that scope, every
// parameter present and of its width. Translation finishes before anything is applied.
import { ActionRef_Scope } from '../../proto/p4/config/v1/p4info.js';
import type {
  FieldMatch as WireFieldMatch, TableAction, TableEntry as WireTableEntry,
} from '../../proto/p4/v1/p4runtime.js';
import type { ActionCall, FieldMatch, StoredEntry, TableEntry } from '../runtime/abi.js';
import { bitsToBytes, bytesToBits, maxOfWidth, readBits } from './byte-string.js';
import type { ActionBinding, KeyBinding, KeySet, TableBinding } from './p4info-index.js';
import { invalid, unimplemented } from './rpc-error.js';

const MAX_PRIORITY = 0x7fffffff;

function prefixMask(prefixLength: number, width: number): bigint {
  return maxOfWidth(width) ^ maxOfWidth(width - prefixLength);
}

function wildcard(key: KeyBinding): FieldMatch {
  switch (key.kind) {
    case 'exact':
      throw invalid(`exact key ${key.name} (id ${key.id}) missing`);
    case 'lpm':
      return { kind: 'lpm', value: 0n, prefixLength: 0 };
    case 'ternary':
      return { kind: 'ternary', value: 0n, mask: 0n };
    case 'range':
      return { kind: 'range', low: 0n, high: maxOfWidth(key.width) };
    case 'optional':
      return { kind: 'optional', value: undefined };
  }
}

type WireMatchKind = NonNullable<WireFieldMatch['fieldMatchType']>['$case'];

const NO_BYTES = new Uint8Array(0);

/**
 * One wire match as byte ranges, whether it sits in a request buffer (the Write path reads
 * it there, see write-request-decoder.ts) or in a decoded FieldMatch. `first` is the value
 * (a range's low), `second` a ternary mask or a range's high.
 */
export class MatchSlot {
  fieldId = 0;
  kind: WireMatchKind | undefined = undefined;
  first: Uint8Array = NO_BYTES;
  firstStart = 0;
  firstLength = 0;
  second: Uint8Array = NO_BYTES;
  secondStart = 0;
  secondLength = 0;
  prefixLen = 0;

  setFirst(bytes: Uint8Array, start = 0, length = bytes.length): void {
    this.first = bytes;
    this.firstStart = start;
    this.firstLength = length;
  }

  setSecond(bytes: Uint8Array, start = 0, length = bytes.length): void {
    this.second = bytes;
    this.secondStart = start;
    this.secondLength = length;
  }
}

/** A table entry's matches, loaded one at a time into a slot. */
export interface MatchList {
  readonly matchCount: number;
  loadMatch(index: number, into: MatchSlot): void;
}

/** An action's parameters, loaded one at a time into a slot. */
export interface ParamList {
  readonly paramCount: number;
  loadParam(index: number, into: ParamSlot): void;
}

export class ParamSlot {
  paramId = 0;
  bytes: Uint8Array = NO_BYTES;
  start = 0;
  length = 0;
}

/** Decoded FieldMatch messages as a MatchList. */
function fieldMatchList(wire: readonly WireFieldMatch[]): MatchList {
  return {
    matchCount: wire.length,
    loadMatch(index, into) {
      const match = wire[index]!;
      into.fieldId = match.fieldId;
      const m = match.fieldMatchType;
      into.kind = m?.$case;
      into.setFirst(NO_BYTES);
      into.setSecond(NO_BYTES);
      into.prefixLen = 0;
      switch (m?.$case) {
        case 'exact':
        case 'optional':
          into.setFirst(m.value.value);
          break;
        case 'lpm':
          into.setFirst(m.value.value);
          into.prefixLen = m.value.prefixLen;
          break;
        case 'ternary':
          into.setFirst(m.value.value);
          into.setSecond(m.value.mask);
          break;
        case 'range':
          into.setFirst(m.value.low);
          into.setSecond(m.value.high);
          break;
      }
    },
  };
}

function paramList(params: readonly { paramId: number; value: Uint8Array }[]): ParamList {
  return {
    paramCount: params.length,
    loadParam(index, into) {
      const param = params[index]!;
      into.paramId = param.paramId;
      into.bytes = param.value;
      into.start = 0;
      into.length = param.value.length;
    },
  };
}

/** bytesToBits of a byte range, its error text built only when the bytes are refused. */
const keyBits = (key: KeyBinding, bytes: Uint8Array, start: number, length: number, part: string): bigint =>
  readBits(bytes, start, length, key.width) ?? bytesToBits(bytes.subarray(start, start + length), key.width, `key ${key.name}${part}`);

function decodeMatch(key: KeyBinding, m: MatchSlot): FieldMatch {
  if (m.kind === undefined) throw invalid(`key ${key.name}: no match value`);
  if (m.kind !== key.kind) throw invalid(`key ${key.name} is ${key.kind}, got a ${m.kind} match`);
  switch (m.kind) {
    case 'exact':
      return { kind: 'exact', value: keyBits(key, m.first, m.firstStart, m.firstLength, '') };
    case 'lpm': {
      const { prefixLen } = m;
      if (prefixLen < 0 || prefixLen > key.width) throw invalid(`key ${key.name}: prefix length ${prefixLen} outside 1..${key.width}`);
      if (prefixLen === 0) throw invalid(`key ${key.name}: a /0 LPM match is a don't-care and must be omitted`);
      const value = keyBits(key, m.first, m.firstStart, m.firstLength, '');
      if ((value & ~prefixMask(prefixLen, key.width)) !== 0n) {
        throw invalid(`key ${key.name}: value 0x${value.toString(16)} has bits set past the /${prefixLen} prefix`);
      }
      return { kind: 'lpm', value, prefixLength: prefixLen };
    }
    case 'ternary': {
      const value = keyBits(key, m.first, m.firstStart, m.firstLength, ' value');
      const mask = keyBits(key, m.second, m.secondStart, m.secondLength, ' mask');
      if (mask === 0n) throw invalid(`key ${key.name}: a ternary match with mask 0 is a don't-care and must be omitted`);
      if ((value & ~mask) !== 0n) throw invalid(`key ${key.name}: value 0x${value.toString(16)} has bits outside mask 0x${mask.toString(16)}`);
      return { kind: 'ternary', value, mask };
    }
    case 'range': {
      const low = keyBits(key, m.first, m.firstStart, m.firstLength, ' low');
      const high = keyBits(key, m.second, m.secondStart, m.secondLength, ' high');
      if (low > high) throw invalid(`key ${key.name}: range low ${low} above high ${high}`);
      if (low === 0n && high === maxOfWidth(key.width)) throw invalid(`key ${key.name}: a full range is a don't-care and must be omitted`);
      return { kind: 'range', low, high };
    }
    case 'optional':
      return { kind: 'optional', value: keyBits(key, m.first, m.firstStart, m.firstLength, '') };
  }
}

/** decodeMatches' scratch: decoding is synchronous and never nested. */
const matchSlot = new MatchSlot();

/** Wire matches in the key order of a table (or value set), wildcards filled in. */
export function decodeMatches(table: KeySet, wire: readonly WireFieldMatch[] | MatchList): FieldMatch[] {
  const list = Array.isArray(wire) ? fieldMatchList(wire) : (wire as MatchList);
  const matches: (FieldMatch | undefined)[] = new Array(table.keys.length).fill(undefined);
  try {
    for (let i = 0; i < list.matchCount; i++) {
      list.loadMatch(i, matchSlot);
      const key = table.keyById.get(matchSlot.fieldId);
      if (key === undefined) throw invalid(`table ${table.name}: unknown match field id ${matchSlot.fieldId}`);
      if (matches[key.position] !== undefined) throw invalid(`table ${table.name}: key ${key.name} given twice`);
      matches[key.position] = decodeMatch(key, matchSlot);
    }
  } finally {
    // The slot may point into a request buffer: let it go with the request.
    matchSlot.setFirst(NO_BYTES);
    matchSlot.setSecond(NO_BYTES);
  }
  // Positions index the runtime key list, so the array is already in key order.
  for (const key of table.keys) matches[key.position] ??= wildcard(key);
  return matches as FieldMatch[];
}

export function decodePriority(table: TableBinding, priority: number): number {
  if (table.needsPriority) {
    if (priority <= 0 || priority > MAX_PRIORITY) {
      throw invalid(`table ${table.name} has ternary/range/optional keys: priority must be in 1..${MAX_PRIORITY}, got ${priority}`);
    }
  } else if (priority !== 0) {
    throw invalid(`table ${table.name} has only exact/LPM keys: priority must be 0, got ${priority}`);
  }
  return priority;
}

export function decodeAction(table: TableBinding, tableAction: TableAction | undefined, forDefault: boolean): ActionCall {
  const type = tableAction?.type;
  if (type === undefined) throw invalid(`table ${table.name}: entry without an action`);
  if (type.$case !== 'action') throw unimplemented(`table ${table.name}: action profiles (${type.$case}) are not supported`);
  return decodeActionCall(table, type.value.actionId, paramList(type.value.params), forDefault);
}

/** A direct action: `actionId` with its parameters. */
export function decodeActionCall(table: TableBinding, actionId: number, params: ParamList, forDefault: boolean): ActionCall {
  const ref = table.actions.get(actionId);
  if (ref === undefined) throw invalid(`table ${table.name}: action id ${actionId} is not one of the table's actions`);
  const { action, scope } = ref;
  if (forDefault && scope === ActionRef_Scope.TABLE_ONLY) throw invalid(`action ${action.name} is @tableonly in ${table.name}`);
  if (!forDefault && scope === ActionRef_Scope.DEFAULT_ONLY) throw invalid(`action ${action.name} is @defaultonly in ${table.name}`);
  return { action: action.name, args: decodeParams(action, params) };
}

/** decodeParams' scratch, as matchSlot. */
const paramSlot = new ParamSlot();

export function decodeParams(action: ActionBinding, params: readonly { paramId: number; value: Uint8Array }[] | ParamList): bigint[] {
  const list = Array.isArray(params) ? paramList(params) : (params as ParamList);
  const args: (bigint | undefined)[] = new Array(action.params.length).fill(undefined);
  try {
    for (let p = 0; p < list.paramCount; p++) {
      list.loadParam(p, paramSlot);
      const index = action.paramIndexById.get(paramSlot.paramId);
      if (index === undefined) throw invalid(`action ${action.name}: unknown parameter id ${paramSlot.paramId}`);
      const param = action.params[index]!;
      if (args[index] !== undefined) throw invalid(`action ${action.name}: parameter ${param.name} given twice`);
      const { bytes, start, length } = paramSlot;
      args[index] = readBits(bytes, start, length, param.width)
        ?? bytesToBits(bytes.subarray(start, start + length), param.width, `action ${action.name} parameter ${param.name}`);
    }
  } finally {
    paramSlot.bytes = NO_BYTES; // as matchSlot
  }
  for (let i = 0; i < args.length; i++) {
    if (args[i] === undefined) throw invalid(`action ${action.name}: parameter ${action.params[i]!.name} missing`);
  }
  return args as bigint[];
}

/** A full (non-default) entry for INSERT or MODIFY; DELETE needs only decodeMatches + decodePriority. */
export function decodeTableEntry(table: TableBinding, wire: WireTableEntry): TableEntry {
  const matches = decodeMatches(table, wire.match);
  const priority = decodePriority(table, wire.priority);
  const action = decodeAction(table, wire.action, false);
  checkIdleTimeout(table, wire.idleTimeoutNs);
  return { matches, priority, action, idleTimeoutNs: wire.idleTimeoutNs, controllerMetadata: wire.controllerMetadata };
}

export function checkIdleTimeout(table: TableBinding, idleTimeoutNs: bigint): void {
  if (idleTimeoutNs < 0n) throw invalid(`table ${table.name}: negative idle timeout`);
  if (idleTimeoutNs !== 0n && !table.supportsIdleTimeout) {
    throw invalid(`table ${table.name} does not support idle timeout (no support_timeout = true)`);
  }
}

function encodeMatch(key: KeyBinding, match: FieldMatch): WireFieldMatch | undefined {
  switch (match.kind) {
    case 'exact':
      return { fieldId: key.id, fieldMatchType: { $case: 'exact', value: { value: bitsToBytes(match.value) } } };
    case 'lpm':
      if (match.prefixLength === 0) return undefined;
      return { fieldId: key.id, fieldMatchType: { $case: 'lpm', value: { value: bitsToBytes(match.value), prefixLen: match.prefixLength } } };
    case 'ternary':
      if (match.mask === 0n) return undefined;
      return {
        fieldId: key.id,
        fieldMatchType: { $case: 'ternary', value: { value: bitsToBytes(match.value), mask: bitsToBytes(match.mask) } },
      };
    case 'range':
      if (match.low === 0n && match.high === maxOfWidth(key.width)) return undefined;
      return { fieldId: key.id, fieldMatchType: { $case: 'range', value: { low: bitsToBytes(match.low), high: bitsToBytes(match.high) } } };
    case 'optional':
      if (match.value === undefined) return undefined;
      return { fieldId: key.id, fieldMatchType: { $case: 'optional', value: { value: bitsToBytes(match.value) } } };
  }
}

export function encodeAction(table: TableBinding, call: ActionCall): TableAction {
  const action = table.actionByName.get(call.action);
  if (action === undefined) throw new Error(`table ${table.name}: action ${call.action} has no P4Info id`);
  return {
    type: {
      $case: 'action',
      value: { actionId: action.id, params: action.params.map((p, i) => ({ paramId: p.id, value: bitsToBytes(call.args[i]!) })) },
    },
  };
}

/** An empty wire entry: every field at its protobuf default. */
export function blankWireEntry(tableId: number): WireTableEntry {
  return {
    tableId, match: [], action: undefined, priority: 0, controllerMetadata: 0n, meterConfig: undefined, counterData: undefined,
    meterCounterData: undefined, isDefaultAction: false, idleTimeoutNs: 0n, timeSinceLastHit: undefined,
    metadata: Buffer.alloc(0), isConst: false,
  };
}

/** Matches on the wire: canonical byte strings, wildcards omitted. */
export function encodeMatches(keys: KeySet, matches: readonly FieldMatch[]): WireFieldMatch[] {
  const wire: WireFieldMatch[] = [];
  for (const key of keys.keys) {
    const match = encodeMatch(key, matches[key.position]!);
    if (match !== undefined) wire.push(match);
  }
  return wire;
}

/** The wire form of a stored entry. */
export function encodeTableEntry(table: TableBinding, entry: TableEntry | StoredEntry): WireTableEntry {
  const wire = blankWireEntry(table.id);
  wire.match = encodeMatches(table, entry.matches);
  wire.action = encodeAction(table, entry.action);
  wire.priority = entry.priority;
  wire.controllerMetadata = entry.controllerMetadata;
  wire.idleTimeoutNs = entry.idleTimeoutNs;
  wire.isConst = table.isConst;
  return wire;
}

export function encodeDefaultEntry(table: TableBinding): WireTableEntry {
  const wire = blankWireEntry(table.id);
  wire.isDefaultAction = true;
  wire.action = encodeAction(table, table.runtime.defaultAction);
  return wire;
}
