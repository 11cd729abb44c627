// v1model's extern functions (and core.p4's `verify`). Side effects on the packet's fate
// (clone, resubmit, recirculate, truncate, digest, the legacy mark_to_drop()) are requests
// recorded in the packet state; the pipeline driver acts on them where BMv2 does.

import type { EnumType, P4Type } from '../../ir/types.js';
import { bitWidthOf } from '../../ir/types.js';
import type { ExternCallSite, ExternFn, Value } from '../../runtime/abi.js';
import { P4ParserError, P4RuntimeError } from '../../runtime/abi.js';
import { computeHash, type HashAlgorithmName, truncateHash, V1MODEL_HASH_ALGORITHMS } from '../../runtime/hash.js';
import { BitWriter } from '../../runtime/bit-buffer.js';
import { bigintFromValue, compileWriter, representationOf, serializeInto, type ValueWriter } from '../../runtime/value-codec.js';
import { compileCopier } from '../../runtime/value-copy.js';
import { toRepresentation, V1ModelError } from './extern-objects.js';
import { DigestRequest, type FieldListRef, v1State, type V1PacketState } from './packet-state.js';

export const DROP_PORT = 511;

export interface FunctionHost {
  /** Members of the program's error type, by index. */
  readonly errors: readonly string[];
  random(): number;
  log(message: string): void;
}

function toNumber(value: Value | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new V1ModelError(`expected a number, got ${typeof value}`);
}

function algorithmOf(site: ExternCallSite, index: number): (value: Value | undefined) => HashAlgorithmName {
  const type = representationOf(site.argTypes[index] ?? site.params[index]?.type ?? { kind: 'void' });
  const names: readonly string[] = type.kind === 'enum' ? (type as EnumType).members : V1MODEL_HASH_ALGORITHMS;
  return (value) => {
    const name = names[toNumber(value)];
    if (name === undefined || !(V1MODEL_HASH_ALGORITHMS as readonly string[]).includes(name)) {
      throw new V1ModelError(`${site.location}: unsupported hash algorithm ${name ?? String(value)}`);
    }
    return name as HashAlgorithmName;
  };
}

function dataWriter(site: ExternCallSite, index: number): ValueWriter {
  // BMv2 leaves an invalid header out of hash and checksum data. (A field named on its own,
  // `{ hdr.ipv4.ttl }`, arrives here as a plain value: it counts, as 0 when its header is invalid.)
  return compileWriter(site.argTypes[index]!, { skipInvalidHeaders: true });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Checksum over `data` (plus the unparsed payload), truncated to the checksum field's width. */
function checksumBinding(site: ExternCallSite, host: FunctionHost, withPayload: boolean) {
  const write = dataWriter(site, 1);
  const algorithm = algorithmOf(site, 3);
  const checksumType = site.argTypes[2]!;
  const t = representationOf(checksumType);
  if (t.kind !== 'bit') throw new V1ModelError(`${site.location}: a checksum field must be bit<W>, got ${t.kind}`);
  const width = t.width;
  // One scratch buffer per call site: packets run one at a time.
  const writer = new BitWriter(64);
  return {
    /** The checksum in the representation of the checksum field (number up to 32 bits). */
    compute(args: Value[], payload: Uint8Array): number | bigint {
      const data = serializeInto(writer, write, args[1]!);
      const bytes = withPayload ? concat(data, payload) : data;
      return truncateHash(computeHash(algorithm(args[3]), bytes, () => host.random()), width);
    },
    /** The checksum field's current value in the same representation. */
    current(value: Value): number | bigint {
      return truncateHash(typeof value === 'boolean' ? Number(value) : (value as number | bigint), width);
    },
  };
}

function formatLogValue(value: Value): string {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) return `(${value.map(formatLogValue).join(', ')})`;
    if ('width' in value && 'value' in value) return String(value.value);
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatLogValue(v as Value)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** log_msg's formatting: each `{}` takes the next member of `data` (a tuple or struct). */
function formatLog(message: string, data: Value | undefined): string {
  if (data === undefined) return message;
  const items = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? Object.values(data as Record<string, Value>) : [data];
  let i = 0;
  return message.replace(/\{\}/g, () => (i < items.length ? formatLogValue(items[i++]!) : '{}'));
}

/**
 * What the deprecated forms with a data argument preserve. Their data arrives as values, not
 * as the l-values to keep, so only a whole struct can be honoured (by its type name: the
 * pipeline keeps all user metadata when it is that struct); a list of fields keeps nothing.
 */
function deprecatedFieldList(site: ExternCallSite, index: number): FieldListRef {
  const type = site.argTypes[index];
  const t = type === undefined ? undefined : representationOf(type);
  return t?.kind === 'struct' ? t.name : -1;
}

/** An extern whose only effect is a request recorded in the packet state. */
function request(record: (state: V1PacketState, args: Value[]) => unknown): ExternFn {
  return (args, ctx) => {
    record(v1State(ctx), args);
    return undefined;
  };
}

function typeName(type: P4Type): string {
  const t = representationOf(type);
  return 'name' in t ? t.name : t.kind;
}

export function bindV1ModelFunction(site: ExternCallSite, host: FunctionHost): ExternFn {
  switch (site.method) {
    case 'mark_to_drop':
      if (site.argTypes.length === 0) {
        return (_args, ctx) => {
          v1State(ctx).legacyDrop = true;
          return undefined;
        };
      }
      return (args) => {
        const sm = { ...(args[0] as Record<string, Value>) };
        sm.egress_spec = DROP_PORT;
        sm.mcast_grp = 0;
        args[0] = sm;
        return undefined;
      };
    case 'hash': {
      const resultType = site.argTypes[0]!;
      const algorithm = algorithmOf(site, 1);
      const write = dataWriter(site, 3);
      const writer = new BitWriter(64);
      const random = (): number => host.random();
      const representation = representationOf(resultType);
      // bit<W <= 32> results from non-negative number operands (the usual case) stay in
      // doubles: base + (h mod max) < 2^33 is exact, and W-bit truncation is a remainder.
      const numericScale = representation.kind === 'bit' && representation.width <= 32 ? 2 ** representation.width : 0;
      return (args) => {
        const h = computeHash(algorithm(args[1]), serializeInto(writer, write, args[3]!), random);
        const baseValue = args[2]!;
        const maxValue = args[4]!;
        if (numericScale !== 0 && typeof h === 'number' && typeof baseValue === 'number' && typeof maxValue === 'number' && baseValue >= 0 && maxValue >= 0) {
          args[0] = (maxValue === 0 ? baseValue : baseValue + (h % maxValue)) % numericScale;
          return undefined;
        }
        const base = bigintFromValue(baseValue, 64);
        const max = bigintFromValue(maxValue, 64);
        // v1model: base + (hash mod max), or base when max is 0.
        args[0] = toRepresentation(max === 0n ? base : base + (BigInt(h) % max), resultType);
        return undefined;
      };
    }
    case 'random': {
      const resultType = site.argTypes[0]!;
      const width = bitWidthOf(resultType);
      return (args) => {
        const lo = bigintFromValue(args[1]!, width);
        const hi = bigintFromValue(args[2]!, width);
        const span = hi >= lo ? hi - lo + 1n : 1n;
        // Two 32-bit draws cover every span up to 2^64.
        const r = (BigInt(Math.floor(host.random() * 2 ** 32)) << 32n) | BigInt(Math.floor(host.random() * 2 ** 32));
        args[0] = toRepresentation(lo + (r % span), resultType);
        return undefined;
      };
    }
    case 'digest': {
      const dataType = site.argTypes[1]!;
      const write = compileWriter(dataType, { skipInvalidHeaders: false });
      const name = typeName(dataType);
      const copy = compileCopier(dataType);
      return (args, ctx) => {
        // BMv2 keeps one digest per packet (the last call); the data is taken at the call, as P4 passes `in` arguments.
        v1State(ctx).digest = new DigestRequest(toNumber(args[0]), name, copy(args[1]!), write);
        return undefined;
      };
    }
    case 'verify_checksum':
    case 'verify_checksum_with_payload': {
      const checksum = checksumBinding(site, host, site.method.endsWith('_with_payload'));
      return (args, ctx) => {
        if (args[0] !== true) return undefined;
        const state = v1State(ctx);
        if (checksum.compute(args, state.payload) !== checksum.current(args[2]!)) state.checksumError = true;
        return undefined;
      };
    }
    case 'update_checksum':
    case 'update_checksum_with_payload': {
      const checksum = checksumBinding(site, host, site.method.endsWith('_with_payload'));
      return (args, ctx) => {
        if (args[0] !== true) return undefined;
        args[2] = checksum.compute(args, v1State(ctx).payload);
        return undefined;
      };
    }
    case 'clone':
      return request((state, args) => (state.clone = { session: toNumber(args[1]), fieldList: -1 }));
    case 'clone3': {
      const keep = deprecatedFieldList(site, 2);
      return request((state, args) => (state.clone = { session: toNumber(args[1]), fieldList: keep }));
    }
    case 'clone_preserving_field_list':
      return request((state, args) => (state.clone = { session: toNumber(args[1]), fieldList: toNumber(args[2]) }));
    case 'resubmit': {
      const keep = deprecatedFieldList(site, 0);
      return request((state) => (state.resubmit = keep));
    }
    case 'resubmit_preserving_field_list':
      return request((state, args) => (state.resubmit = toNumber(args[0])));
    case 'recirculate': {
      const keep = deprecatedFieldList(site, 0);
      return request((state) => (state.recirculate = keep));
    }
    case 'recirculate_preserving_field_list':
      return request((state, args) => (state.recirculate = toNumber(args[0])));
    case 'truncate':
      return request((state, args) => (state.truncateLength = toNumber(args[0])));
    case 'assert':
    case 'assume': {
      const what = site.method;
      return (args) => {
        if (args[0] !== true) throw new P4RuntimeError(`${site.location}: ${what} failed`);
        return undefined;
      };
    }
    case 'log_msg':
      return (args) => {
        host.log(formatLog(String(args[0]), args[1]));
        return undefined;
      };
    case 'verify':
      return (args) => {
        if (args[0] !== true) {
          const name = host.errors[toNumber(args[1])];
          throw new P4ParserError(name ?? `error#${String(args[1])}`);
        }
        return undefined;
      };
    default:
      throw new V1ModelError(`${site.location}: v1model has no extern function ${site.method}`);
  }
}
