// STF table-key and action-argument values to P4Runtime-style matches, as p4c's BMv2 STF
// runner converts them: a ternary `0x12**` has a mask of F per written hex digit and 0 per
// `*` (likewise bits for 0b); an LPM `0x0a**` or `0x0a00` has a prefix of its written
// non-* digits (or an explicit `/len`); `v&&&m` is an explicit ternary; a range is `lo->hi`. Keys the entry
// does not mention are wildcards (exact keys: 0).

import type { FieldMatch, TableKeySpec, TableSpec } from '../runtime/abi.js';
import { resolveName } from '../switch.js';
import { parseStfNumber, type NamedValue } from './stf-parser.js';

export class StfValueError extends Error {
  readonly code = 'STF_VALUE';
  constructor(message: string) {
    super(message);
    this.name = 'StfValueError';
  }
}

function number(text: string, what: string): bigint {
  const v = parseStfNumber(text);
  if (v === undefined) throw new StfValueError(`${what}: '${text}' is not a number`);
  return v;
}

function fitting(value: bigint, width: number, what: string): bigint {
  if (value >= 1n << BigInt(width)) throw new StfValueError(`${what}: ${value} does not fit in ${width} bits`);
  return value;
}

/** Value and mask of a number with `*` digits: each written digit fully masked, each `*` not. */
function wildcardDigits(text: string, what: string): { value: bigint; mask: bigint; digits: number; bitsPerDigit: number } | undefined {
  const m = /^0([xXbBoO])([0-9a-fA-F*_]+)$/.exec(text);
  if (m === null) return undefined;
  const base = m[1]!.toLowerCase();
  const bitsPerDigit = base === 'x' ? 4 : base === 'b' ? 1 : 3;
  const digitMask = (1n << BigInt(bitsPerDigit)) - 1n;
  let value = 0n;
  let mask = 0n;
  let digits = 0;
  for (const ch of m[2]!.replace(/_/g, '')) {
    value <<= BigInt(bitsPerDigit);
    mask <<= BigInt(bitsPerDigit);
    if (ch !== '*') {
      const d = parseInt(ch, 1 << bitsPerDigit);
      if (Number.isNaN(d)) throw new StfValueError(`${what}: bad digit '${ch}' in '${text}'`);
      value |= BigInt(d);
      mask |= digitMask;
      digits++;
    }
  }
  return { value, mask, digits, bitsPerDigit };
}

function keyMatch(key: TableKeySpec, text: string): FieldMatch {
  const what = `key ${key.name}`;
  const width = key.width;
  const full = (1n << BigInt(width)) - 1n;
  switch (key.matchKind) {
    case 'exact':
    case 'selector':
      return { kind: 'exact', value: fitting(number(text, what), width, what) };
    case 'ternary': {
      const amp = text.indexOf('&&&');
      if (amp >= 0) {
        return { kind: 'ternary', value: fitting(number(text.slice(0, amp), what), width, what), mask: fitting(number(text.slice(amp + 3), what), width, what) };
      }
      const w = wildcardDigits(text, what);
      if (w !== undefined) return { kind: 'ternary', value: w.value & full, mask: w.mask & full };
      return { kind: 'ternary', value: fitting(number(text, what), width, what), mask: full };
    }
    case 'lpm': {
      const slash = text.indexOf('/');
      if (slash >= 0) {
        const length = Number(number(text.slice(slash + 1), what));
        if (length > width) throw new StfValueError(`${what}: prefix length ${length} exceeds ${width} bits`);
        return { kind: 'lpm', value: fitting(number(text.slice(0, slash), what), width, what), prefixLength: length };
      }
      // As p4c's runner: a prefixed number's prefix is its written (non-*) digits; a decimal
      // one is a full-width prefix.
      const w = wildcardDigits(text, what);
      if (w !== undefined) {
        return { kind: 'lpm', value: fitting(w.value, width, what), prefixLength: Math.min(width, w.digits * w.bitsPerDigit) };
      }
      return { kind: 'lpm', value: fitting(number(text, what), width, what), prefixLength: width };
    }
    case 'range': {
      const arrow = text.indexOf('->');
      if (arrow >= 0) {
        return { kind: 'range', low: fitting(number(text.slice(0, arrow), what), width, what), high: fitting(number(text.slice(arrow + 2), what), width, what) };
      }
      const v = fitting(number(text, what), width, what);
      return { kind: 'range', low: v, high: v };
    }
    case 'optional':
      return text === '*' ? { kind: 'optional', value: undefined } : { kind: 'optional', value: fitting(number(text, what), width, what) };
  }
}

function wildcard(key: TableKeySpec): FieldMatch {
  switch (key.matchKind) {
    case 'ternary':
      return { kind: 'ternary', value: 0n, mask: 0n };
    case 'lpm':
      return { kind: 'lpm', value: 0n, prefixLength: 0 };
    case 'range':
      return { kind: 'range', low: 0n, high: (1n << BigInt(key.width)) - 1n };
    case 'optional':
      return { kind: 'optional', value: undefined };
    default:
      return { kind: 'exact', value: 0n };
  }
}

/**
 * Finds a key by its STF name: p4c writes header-stack indices as `$i`, and a validity key
 * (`hdr.h.$valid$` in P4Info) may be written `hdr.h`, `hdr.h.valid`, `hdr.h.$valid` or
 * `hdr.h.$valid$`.
 */
function resolveKeyName(spec: TableSpec, written: string, names: readonly string[]): string {
  const name = written.replace(/\$([0-9]+)/g, '[$1]');
  const candidates = [name, `${name}.$valid$`, name.replace(/\.\$?valid$/, '.$valid$')];
  for (const candidate of candidates) {
    try {
      return resolveName(`key of table ${spec.name}`, candidate, names);
    } catch {
      // try the next spelling
    }
  }
  return resolveName(`key of table ${spec.name}`, name, names);
}

/** Key matches of an STF `add`, in the table's key order. */
export function stfKeyMatches(spec: TableSpec, keys: readonly NamedValue[]): FieldMatch[] {
  const matches = spec.keys.map(wildcard);
  const names = spec.keys.map((k) => k.name);
  for (const k of keys) {
    const index = names.indexOf(resolveKeyName(spec, k.name, names));
    matches[index] = keyMatch(spec.keys[index]!, k.value);
  }
  return matches;
}

/** An STF action call's arguments in parameter order, checked against the parameter widths. */
export function stfActionArgs(spec: TableSpec, actionName: string, args: readonly NamedValue[]): { action: string; args: bigint[] } {
  const action = resolveName(`action of table ${spec.name}`, actionName, spec.actions.map((a) => a.name));
  const params = spec.actions.find((a) => a.name === action)!.params;
  const values = new Map(args.map((a) => [a.name, a.value]));
  for (const name of values.keys()) {
    if (!params.some((p) => p.name === name)) throw new StfValueError(`action ${action} has no parameter ${name}`);
  }
  return {
    action,
    args: params.map((p) => {
      const text = values.get(p.name);
      if (text === undefined) throw new StfValueError(`action ${action}: missing argument ${p.name}`);
      return fitting(number(text, `argument ${p.name}`), p.width, `argument ${p.name}`);
    }),
  };
}
