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
import { bitsToBytes, bytesToBits, maxOfWidth } from './byte-string.js';
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

function decodeMatch(key: KeyBinding, match: WireFieldMatch): FieldMatch {
  const what = `key ${key.name}`;
  const m = match.fieldMatchType;
  if (m === undefined) throw invalid(`${what}: no match value`);
  if (m.$case !== key.kind) throw invalid(`${what} is ${key.kind}, got a ${m.$case} match`);
  switch (m.$case) {
    case 'exact':
      return { kind: 'exact', value: bytesToBits(m.value.value, key.width, what) };
    case 'lpm': {
      const { prefixLen } = m.value;
      if (prefixLen < 0 || prefixLen > key.width) throw invalid(`${what}: prefix length ${prefixLen} outside 1..${key.width}`);
      if (prefixLen === 0) throw invalid(`${what}: a /0 LPM match is a don't-care and must be omitted`);
      const value = bytesToBits(m.value.value, key.width, what);
      if ((value & ~prefixMask(prefixLen, key.width)) !== 0n) {
        throw invalid(`${what}: value 0x${value.toString(16)} has bits set past the /${prefixLen} prefix`);
      }
      return { kind: 'lpm', value, prefixLength: prefixLen };
    }
    case 'ternary': {
      const value = bytesToBits(m.value.value, key.width, `${what} value`);
      const mask = bytesToBits(m.value.mask, key.width, `${what} mask`);
      if (mask === 0n) throw invalid(`${what}: a ternary match with mask 0 is a don't-care and must be omitted`);
      if ((value & ~mask) !== 0n) throw invalid(`${what}: value 0x${value.toString(16)} has bits outside mask 0x${mask.toString(16)}`);
      return { kind: 'ternary', value, mask };
    }
    case 'range': {
      const low = bytesToBits(m.value.low, key.width, `${what} low`);
      const high = bytesToBits(m.value.high, key.width, `${what} high`);
      if (low > high) throw invalid(`${what}: range low ${low} above high ${high}`);
      if (low === 0n && high === maxOfWidth(key.width)) throw invalid(`${what}: a full range is a don't-care and must be omitted`);
      return { kind: 'range', low, high };
    }
    case 'optional':
      return { kind: 'optional', value: bytesToBits(m.value.value, key.width, what) };
  }
}

/** Wire matches in the key order of a table (or value set), wildcards filled in. */
export function decodeMatches(table: KeySet, wire: readonly WireFieldMatch[]): FieldMatch[] {
  const matches: (FieldMatch | undefined)[] = new Array(table.keys.length).fill(undefined);
  for (const match of wire) {
    const key = table.keyById.get(match.fieldId);
    if (key === undefined) throw invalid(`table ${table.name}: unknown match field id ${match.fieldId}`);
    if (matches[key.position] !== undefined) throw invalid(`table ${table.name}: key ${key.name} given twice`);
    matches[key.position] = decodeMatch(key, match);
  }
  return table.keys.map((key) => matches[key.position] ?? wildcard(key));
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
  const { actionId, params } = type.value;
  const ref = table.actions.get(actionId);
  if (ref === undefined) throw invalid(`table ${table.name}: action id ${actionId} is not one of the table's actions`);
  const { action, scope } = ref;
  if (forDefault && scope === ActionRef_Scope.TABLE_ONLY) throw invalid(`action ${action.name} is @tableonly in ${table.name}`);
  if (!forDefault && scope === ActionRef_Scope.DEFAULT_ONLY) throw invalid(`action ${action.name} is @defaultonly in ${table.name}`);
  return { action: action.name, args: decodeParams(action, params) };
}

export function decodeParams(action: ActionBinding, params: readonly { paramId: number; value: Uint8Array }[]): bigint[] {
  const args: (bigint | undefined)[] = new Array(action.params.length).fill(undefined);
  for (const param of params) {
    const index = action.paramIndexById.get(param.paramId);
    if (index === undefined) throw invalid(`action ${action.name}: unknown parameter id ${param.paramId}`);
    if (args[index] !== undefined) throw invalid(`action ${action.name}: parameter ${action.params[index]!.name} given twice`);
    args[index] = bytesToBits(param.value, action.params[index]!.width, `action ${action.name} parameter ${action.params[index]!.name}`);
  }
  return args.map((arg, i) => {
    if (arg === undefined) throw invalid(`action ${action.name}: parameter ${action.params[i]!.name} missing`);
    return arg;
  });
}

/** A full (non-default) entry for INSERT or MODIFY; DELETE needs only decodeMatches + decodePriority. */
export function decodeTableEntry(table: TableBinding, wire: WireTableEntry): TableEntry {
  const matches = decodeMatches(table, wire.match);
  const priority = decodePriority(table, wire.priority);
  const action = decodeAction(table, wire.action, false);
  if (wire.idleTimeoutNs < 0n) throw invalid(`table ${table.name}: negative idle timeout`);
  if (wire.idleTimeoutNs !== 0n && !table.supportsIdleTimeout) {
    throw invalid(`table ${table.name} does not support idle timeout (no support_timeout = true)`);
  }
  return { matches, priority, action, idleTimeoutNs: wire.idleTimeoutNs, controllerMetadata: wire.controllerMetadata };
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
