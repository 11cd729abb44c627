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

/** The bits of a bit<W>/int<W> value (signed and negative ones as W-bit two's complement). */
export function asBits(value: Value | undefined, width: number, signed: boolean): bigint {
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
