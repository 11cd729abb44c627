// Validation of control-plane table writes against a table's spec, with the canonical
// P4Runtime error codes: INVALID_ARGUMENT for malformed matches, priorities or actions
// (including non-canonical LPM/ternary values with bits outside their mask).

import type { ActionCall, FieldMatch, TableActionSpec, TableEntry, TableKeySpec, TableSpec } from './abi.js';
import { TableError } from './abi.js';

export function tableNeedsPriority(spec: TableSpec): boolean {
  return spec.keys.some((k) => k.matchKind === 'ternary' || k.matchKind === 'range' || k.matchKind === 'optional');
}

/** 2^width by width: a table write checks every key and argument, and shifting bigints allocates. */
const limits: bigint[] = [];

function fits(value: bigint, width: number): boolean {
  let limit = limits[width];
  if (limit === undefined) {
    limit = 1n << BigInt(width);
    limits[width] = limit;
  }
  return value >= 0n && value < limit;
}

export function prefixMask(prefixLength: number, width: number): bigint {
  return ((1n << BigInt(prefixLength)) - 1n) << BigInt(width - prefixLength);
}

const keyField = (spec: TableSpec, key: TableKeySpec): string => `table ${spec.name} key ${key.name}`;

export function checkMatches(spec: TableSpec, matches: readonly FieldMatch[], priority: number): void {
  if (spec.keys.length === 0) throw new TableError('INVALID_ARGUMENT', `table ${spec.name} has no key: it holds only a default action`);
  if (matches.length !== spec.keys.length) {
    throw new TableError('INVALID_ARGUMENT', `table ${spec.name}: expected ${spec.keys.length} key fields, got ${matches.length}`);
  }
  // Messages are built only on failure: this runs for every entry written.
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    const key = spec.keys[i]!;
    const kindOk = m.kind === key.matchKind || (key.matchKind === 'selector' && m.kind === 'exact');
    if (!kindOk) throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)} is ${key.matchKind}, got a ${m.kind} match`);
    const width = key.width;
    switch (m.kind) {
      case 'exact':
        if (!fits(m.value, width)) throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: value ${m.value} does not fit in ${width} bits`);
        break;
      case 'lpm':
        if (!Number.isInteger(m.prefixLength) || m.prefixLength < 0 || m.prefixLength > width) {
          throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: prefix length ${m.prefixLength} out of range 0..${width}`);
        }
        if (!fits(m.value, width)) throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: value ${m.value} does not fit in ${width} bits`);
        if ((m.value & ~prefixMask(m.prefixLength, width)) !== 0n) {
          throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: value ${m.value} has bits set beyond its /${m.prefixLength} prefix`);
        }
        break;
      case 'ternary':
        if (!fits(m.value, width) || !fits(m.mask, width)) {
          throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: value or mask does not fit in ${width} bits`);
        }
        if ((m.value & ~m.mask) !== 0n) throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: value ${m.value} has bits set outside mask ${m.mask}`);
        break;
      case 'range':
        if (!fits(m.low, width) || !fits(m.high, width)) throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: range bound does not fit in ${width} bits`);
        if (m.low > m.high) throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: range low ${m.low} is above high ${m.high}`);
        break;
      case 'optional':
        if (m.value !== undefined && !fits(m.value, width)) {
          throw new TableError('INVALID_ARGUMENT', `${keyField(spec, key)}: value ${m.value} does not fit in ${width} bits`);
        }
        break;
    }
  }
  if (tableNeedsPriority(spec)) {
    if (!Number.isInteger(priority) || priority < 1 || priority > 0x7fffffff) {
      throw new TableError('INVALID_ARGUMENT', `table ${spec.name} needs a priority in 1..2^31-1, got ${priority}`);
    }
  } else if (priority !== 0) {
    throw new TableError('INVALID_ARGUMENT', `table ${spec.name} has no ternary, range or optional key: priority must be 0, got ${priority}`);
  }
}

/** Returns the index of the action in spec.actions after checking scope and arguments. */
export function checkAction(spec: TableSpec, call: ActionCall, forDefault: boolean): number {
  let index = 0;
  while (index < spec.actions.length && spec.actions[index]!.name !== call.action) index++;
  if (index === spec.actions.length) throw new TableError('INVALID_ARGUMENT', `table ${spec.name} has no action ${call.action}`);
  const action: TableActionSpec = spec.actions[index]!;
  if (forDefault && action.scope === 'table_only') {
    throw new TableError('INVALID_ARGUMENT', `action ${action.name} is @tableonly: it cannot be the default of ${spec.name}`);
  }
  if (!forDefault && action.scope === 'default_only') {
    throw new TableError('INVALID_ARGUMENT', `action ${action.name} is @defaultonly: it cannot be in an entry of ${spec.name}`);
  }
  if (call.args.length !== action.params.length) {
    throw new TableError('INVALID_ARGUMENT', `action ${action.name} takes ${action.params.length} arguments, got ${call.args.length}`);
  }
  for (let i = 0; i < action.params.length; i++) {
    const p = action.params[i]!;
    const v = call.args[i]!;
    if (!fits(v, p.width)) throw new TableError('INVALID_ARGUMENT', `action ${action.name} parameter ${p.name}: ${v} does not fit in ${p.width} bits`);
  }
  return index;
}

export function checkEntry(spec: TableSpec, entry: TableEntry): number {
  checkMatches(spec, entry.matches, entry.priority);
  if (entry.idleTimeoutNs !== 0n && !spec.supportsIdleTimeout) {
    throw new TableError('INVALID_ARGUMENT', `table ${spec.name} does not support idle timeouts`);
  }
  return checkAction(spec, entry.action, false);
}

/**
 * Clears the bits an LPM prefix or ternary mask ignores: P4 source (const entries) and STF
 * files may write `10.1.2.3/8` or `0x1234 &&& 0xff00`; P4Runtime requires canonical values.
 */
export function canonicalMatches(spec: TableSpec, matches: readonly FieldMatch[]): FieldMatch[] {
  return matches.map((m, i) => {
    const width = spec.keys[i]?.width ?? 0;
    if (m.kind === 'lpm' && m.prefixLength >= 0 && m.prefixLength <= width) {
      return { kind: 'lpm', value: m.value & prefixMask(m.prefixLength, width), prefixLength: m.prefixLength };
    }
    if (m.kind === 'ternary') return { kind: 'ternary', value: m.value & m.mask, mask: m.mask };
    return m;
  });
}
