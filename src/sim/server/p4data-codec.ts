// The simulator's run-time values (abi.ts) as P4Data (p4data.proto), guided by the
// P4DataTypeSpec and type_info of P4Info: how digests reach the controller.
import type { P4DataTypeSpec, P4TypeInfo } from '../../proto/p4/config/v1/p4types.js';
import type { P4Data, P4Header } from '../../proto/p4/v1/p4data.js';
import type { HeaderValue, Value } from '../runtime/abi.js';
import { bitsToBytes, bitsToFixedBytes } from './byte-string.js';

export class P4DataError extends Error {
  readonly code = 'INTERNAL';
  constructor(message: string) {
    super(message);
    this.name = 'P4DataError';
  }
}

function asBits(value: Value | undefined, width: number, signed: boolean): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value !== 'number' && typeof value !== 'bigint') throw new P4DataError(`expected a bit string value, got ${typeof value}`);
  const big = BigInt(value);
  return signed || big < 0n ? BigInt.asUintN(width, big) : big;
}

function bitstring(value: Value | undefined, spec: P4DataTypeSpec['typeSpec'] & { $case: 'bitstring' }): P4Data {
  const kind = spec.value.typeSpec;
  if (kind === undefined) throw new P4DataError('bitstring type without a width');
  if (kind.$case === 'varbit') {
    const varbit = value as { width: number; value: bigint } | undefined;
    return {
      data: { $case: 'varbit', value: { bitstring: bitsToBytes(varbit?.value ?? 0n), bitwidth: varbit?.width ?? 0 } },
    };
  }
  return { data: { $case: 'bitstring', value: bitsToBytes(asBits(value, kind.value.bitwidth, kind.$case === 'int')) } };
}

export function valueToP4Data(value: Value | undefined, spec: P4DataTypeSpec | undefined, types: P4TypeInfo | undefined): P4Data {
  const typeSpec = spec?.typeSpec;
  if (typeSpec === undefined) throw new P4DataError('P4Data without a type');
  const record = (value ?? {}) as Record<string, Value>;
  switch (typeSpec.$case) {
    case 'bitstring':
      return bitstring(value, typeSpec);
    case 'bool':
      return { data: { $case: 'bool', value: value === true } };
    case 'tuple': {
      const items = (value ?? []) as Value[];
      return { data: { $case: 'tuple', value: { members: typeSpec.value.members.map((m, i) => valueToP4Data(items[i], m, types)) } } };
    }
    case 'struct': {
      const struct = types?.structs[typeSpec.value.name];
      if (struct === undefined) throw new P4DataError(`struct ${typeSpec.value.name} is not in type_info`);
      return {
        data: { $case: 'struct', value: { members: struct.members.map((m) => valueToP4Data(record[m.name], m.typeSpec, types)) } },
      };
    }
    case 'header':
      return { data: { $case: 'header', value: headerToP4(record as HeaderValue, typeSpec.value.name, types) } };
    case 'serializableEnum': {
      const info = types?.serializableEnums[typeSpec.value.name];
      if (info === undefined) throw new P4DataError(`enum ${typeSpec.value.name} is not in type_info`);
      const width = info.underlyingType?.bitwidth ?? 0;
      return { data: { $case: 'enumValue', value: bitsToFixedBytes(asBits(value, width, false), Math.ceil(width / 8)) } };
    }
    case 'enum': {
      const members = types?.enums[typeSpec.value.name]?.members ?? [];
      return { data: { $case: 'enum', value: members[Number(value ?? 0)]?.name ?? '' } };
    }
    case 'error':
      return { data: { $case: 'error', value: types?.error?.members[Number(value ?? 0)] ?? '' } };
    default:
      throw new P4DataError(`values of type ${typeSpec.$case} cannot be sent over P4Runtime by this server`);
  }
}

function headerToP4(header: HeaderValue | undefined, name: string, types: P4TypeInfo | undefined): P4Header {
  const info = types?.headers[name];
  if (info === undefined) throw new P4DataError(`header ${name} is not in type_info`);
  if (header?.$valid !== true) return { isValid: false, bitstrings: [] };
  return {
    isValid: true,
    bitstrings: info.members.map((m) => {
      const kind = m.typeSpec?.typeSpec;
      const width = kind?.$case === 'bit' || kind?.$case === 'int' ? kind.value.bitwidth : 0;
      return bitsToBytes(asBits(header[m.name], width, kind?.$case === 'int'));
    }),
  };
}

/**
 * A digest type made ready for the per-packet path: `toP4Data` is valueToP4Data with the
 * type's walk over type_info done once, and `key` a string equal for two values exactly
 * when their P4Data are equal (duplicate suppression without encoding the P4Data).
 */
export interface CompiledP4Data {
  readonly toP4Data: (value: Value | undefined) => P4Data;
  readonly key: (value: Value | undefined) => string;
}

/** Canonical bytes of bit<W> values; numbers (W <= 32) skip the bigint detour. */
function bitsOf(value: Value | undefined, width: number, signed: boolean): Buffer {
  if (typeof value === 'number' && value >= 0 && value <= 0xffff_ffff && Number.isInteger(value)) {
    if (value < 256) return Buffer.of(value);
    const length = value < 0x1_0000 ? 2 : value < 0x100_0000 ? 3 : 4;
    const out = Buffer.allocUnsafe(length);
    for (let i = length - 1, v = value; i >= 0; i--, v >>>= 8) out[i] = v & 0xff;
    return out;
  }
  return bitsToBytes(asBits(value, width, signed));
}

function bitsKey(value: Value | undefined, width: number, signed: boolean): string {
  if (typeof value === 'number' && value >= 0 && Number.isInteger(value)) return String(value);
  return asBits(value, width, signed).toString();
}

/** Compiles `spec` once; keys are joined member keys, type-directed, so the separators keep them injective. */
export function compileP4Data(spec: P4DataTypeSpec | undefined, types: P4TypeInfo | undefined): CompiledP4Data {
  const typeSpec = spec?.typeSpec;
  if (typeSpec === undefined) throw new P4DataError('P4Data without a type');
  switch (typeSpec.$case) {
    case 'bitstring': {
      const kind = typeSpec.value.typeSpec;
      if (kind === undefined) throw new P4DataError('bitstring type without a width');
      if (kind.$case === 'varbit') {
        return {
          toP4Data: (value) => bitstring(value, typeSpec),
          key: (value) => {
            const varbit = value as { width: number; value: bigint } | undefined;
            return `${varbit?.width ?? 0}:${varbit?.value ?? 0n}`;
          },
        };
      }
      const width = kind.value.bitwidth;
      const signed = kind.$case === 'int';
      return {
        toP4Data: (value) => ({ data: { $case: 'bitstring', value: bitsOf(value, width, signed) } }),
        key: (value) => bitsKey(value, width, signed),
      };
    }
    case 'tuple': {
      const members = typeSpec.value.members.map((m) => compileP4Data(m, types));
      const keys = members.map((m) => m.key);
      return {
        toP4Data: (value) => {
          const items = (value ?? []) as Value[];
          return { data: { $case: 'tuple', value: { members: members.map((m, i) => m.toP4Data(items[i])) } } };
        },
        key: (value) => {
          const items = (value ?? []) as Value[];
          let out = '[';
          for (let i = 0; i < keys.length; i++) out += (i === 0 ? '' : ',') + keys[i]!(items[i]);
          return `${out}]`;
        },
      };
    }
    case 'struct': {
      const struct = types?.structs[typeSpec.value.name];
      if (struct === undefined) throw new P4DataError(`struct ${typeSpec.value.name} is not in type_info`);
      const names = struct.members.map((m) => m.name);
      const members = struct.members.map((m) => compileP4Data(m.typeSpec, types));
      const keys = members.map((m) => m.key);
      return {
        toP4Data: (value) => {
          const record = (value ?? {}) as Record<string, Value>;
          const out: P4Data[] = new Array<P4Data>(members.length);
          for (let i = 0; i < members.length; i++) out[i] = members[i]!.toP4Data(record[names[i]!]);
          return { data: { $case: 'struct', value: { members: out } } };
        },
        key: (value) => {
          const record = (value ?? {}) as Record<string, Value>;
          let out = '(';
          for (let i = 0; i < keys.length; i++) out += (i === 0 ? '' : ',') + keys[i]!(record[names[i]!]);
          return `${out})`;
        },
      };
    }
    case 'header': {
      const info = types?.headers[typeSpec.value.name];
      if (info === undefined) throw new P4DataError(`header ${typeSpec.value.name} is not in type_info`);
      const fields = info.members.map((m) => {
        const kind = m.typeSpec?.typeSpec;
        return { name: m.name, width: kind?.$case === 'bit' || kind?.$case === 'int' ? kind.value.bitwidth : 0, signed: kind?.$case === 'int' };
      });
      return {
        toP4Data: (value) => valueToP4Data(value, spec, types),
        key: (value) => {
          const header = value as HeaderValue | undefined;
          if (header?.$valid !== true) return '-';
          let out = '+(';
          for (const [i, f] of fields.entries()) out += (i === 0 ? '' : ',') + bitsKey(header[f.name], f.width, f.signed);
          return `${out})`;
        },
      };
    }
    default:
      // bool, enums and errors: rare in digests; the generic walk, keyed by what it yields.
      return {
        toP4Data: (value) => valueToP4Data(value, spec, types),
        key: (value) => {
          const d = valueToP4Data(value, spec, types).data;
          if (d?.$case === 'bool') return d.value ? 't' : 'f';
          if (d?.$case === 'enumValue') return Buffer.from(d.value).toString('hex');
          return d?.$case === 'enum' || d?.$case === 'error' ? d.value : '';
        },
      };
  }
}
