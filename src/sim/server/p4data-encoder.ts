// A digest type compiled once into an encoder from the pipeline's run-time Value straight
// to the P4Data wire bytes (the bytes the generated `P4Data.encode(valueToP4Data(...))`
// gives: canonical bitstrings, nested structs, tuples and headers), written into one
// reusable scratch buffer with no per-member objects. The bytes are returned as a latin1
// string, already framed as the field that carries them (tag, length, P4Data): one flat
// allocation that is both what the digest list carries, ready to be concatenated, and,
// since equal data have equal canonical bytes, the key for duplicate suppression.
import type { P4DataTypeSpec, P4TypeInfo } from '../../proto/p4/config/v1/p4types.js';
import { P4Data } from '../../proto/p4/v1/p4data.js';
import { wireTag } from '../../proto/descriptors.js';
import type { HeaderValue, Value } from '../runtime/abi.js';
import { bitsToBytes } from './byte-string.js';
import { asBits, P4DataError, valueToP4Data } from './p4data-codec.js';
import { WireWriter } from './wire-writer.js';

const TAG_DATA_BITSTRING = wireTag('p4.v1.P4Data', 'bitstring');
const TAG_DATA_TUPLE = wireTag('p4.v1.P4Data', 'tuple');
const TAG_DATA_STRUCT = wireTag('p4.v1.P4Data', 'struct');
const TAG_DATA_HEADER = wireTag('p4.v1.P4Data', 'header');
const TAG_STRUCT_MEMBERS = wireTag('p4.v1.P4StructLike', 'members');
const TAG_HEADER_IS_VALID = wireTag('p4.v1.P4Header', 'is_valid');
const TAG_HEADER_BITSTRINGS = wireTag('p4.v1.P4Header', 'bitstrings');

/**
 * A digest type's encoder: `encode(value)` is the datum's P4Data message as the
 * length-delimited field it travels in (the encoder's `fieldTag`), one byte per char.
 */
export interface P4DataEncoder {
  readonly encode: (value: Value | undefined) => string;
}

const TWO_32 = 0x1_0000_0000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `n` (0 <= n < 2^53) as a bytes field: tag, length, the shortest big-endian bytes (one zero byte for 0). */
function writeCanonical(out: WireWriter, tag: number, n: number): void {
  out.ensure(9);
  const buffer = out.buffer;
  let at = out.position;
  buffer[at++] = tag;
  if (n < TWO_32) {
    const length = n < 0x100 ? 1 : n < 0x1_0000 ? 2 : n < 0x100_0000 ? 3 : 4;
    buffer[at++] = length;
    for (let shift = (length - 1) * 8; shift >= 0; shift -= 8) buffer[at++] = (n >>> shift) & 0xff;
  } else {
    const high = Math.floor(n / TWO_32);
    const low = n - high * TWO_32;
    const highLength = high < 0x100 ? 1 : high < 0x1_0000 ? 2 : 3;
    buffer[at++] = highLength + 4;
    for (let shift = (highLength - 1) * 8; shift >= 0; shift -= 8) buffer[at++] = (high >>> shift) & 0xff;
    for (let shift = 24; shift >= 0; shift -= 8) buffer[at++] = (low >>> shift) & 0xff;
  }
  out.position = at;
}

/** Values beyond 2^53: rare (wide addresses), so through the generic byte string. */
function writeWide(out: WireWriter, tag: number, bits: bigint): void {
  const bytes = bitsToBytes(bits);
  out.byte(tag);
  out.varint(bytes.length);
  out.ensure(bytes.length);
  out.buffer.set(bytes, out.position);
  out.position += bytes.length;
}

/** A bit<W> or int<W>: its width and the constants its conversion needs. */
class BitsType {
  readonly span: number;
  readonly spanBig: bigint;
  constructor(readonly width: number, readonly signed: boolean) {
    this.span = 2 ** width;
    this.spanBig = 1n << BigInt(width);
  }
}

/**
 * A bit<W>/int<W> value as a bytes field holding P4Runtime's canonical byte string of the
 * bits `asBits` (the generic conversion) gives. Run-time values are normalised numbers or
 * bigints; anything else takes the generic path.
 */
function writeBits(out: WireWriter, tag: number, type: BitsType, value: Value | undefined): void {
  if (typeof value === 'number' && Number.isInteger(value)) {
    const n = value >= 0 ? (!type.signed || value < type.span ? value : -1) : value >= -type.span ? value + type.span : -1;
    if (n >= 0 && n <= Number.MAX_SAFE_INTEGER) return writeCanonical(out, tag, n);
  } else if (typeof value === 'bigint') {
    const bits = value >= 0n && (!type.signed || value < type.spanBig) ? value : BigInt.asUintN(type.width, value);
    if (bits <= MAX_SAFE) return writeCanonical(out, tag, Number(bits));
    return writeWide(out, tag, bits);
  } else if (value === undefined) {
    return writeCanonical(out, tag, 0);
  }
  const bits = asBits(value, type.width, type.signed);
  if (bits <= MAX_SAFE) return writeCanonical(out, tag, Number(bits));
  writeWide(out, tag, bits);
}

type Kind = 'bits' | 'struct' | 'tuple' | 'header' | 'generic';

/**
 * A compiled type: one class for every kind, so that the writer below reads its fields
 * monomorphically. Struct and header members are read by `names`, tuple members by index.
 */
class CompiledType {
  constructor(
    readonly kind: Kind,
    readonly bits: BitsType | undefined,
    readonly names: readonly string[],
    readonly members: readonly CompiledType[],
    /** For 'generic': the conversion to P4Data for the generated encoder. */
    readonly toP4Data: ((value: Value | undefined) => P4Data) | undefined,
  ) {}
}

const memberOf = (type: CompiledType, value: Value | undefined, i: number): Value | undefined =>
  type.kind === 'tuple' ? (value as Value[] | undefined)?.[i] : (value as Record<string, Value> | undefined)?.[type.names[i]!];

/** Writes one P4Data message (its oneof field: tag, length, body) for `value` of `type`. */
function writeData(out: WireWriter, type: CompiledType, value: Value | undefined): void {
  switch (type.kind) {
    case 'bits':
      return writeBits(out, TAG_DATA_BITSTRING, type.bits!, value);
    case 'struct':
    case 'tuple': {
      out.byte(type.kind === 'struct' ? TAG_DATA_STRUCT : TAG_DATA_TUPLE);
      const length = out.openLength();
      const members = type.members;
      for (let i = 0; i < members.length; i++) {
        out.byte(TAG_STRUCT_MEMBERS);
        const memberLength = out.openLength();
        const member = members[i]!;
        if (member.kind === 'bits') writeBits(out, TAG_DATA_BITSTRING, member.bits!, memberOf(type, value, i));
        else writeData(out, member, memberOf(type, value, i));
        out.closeLength(memberLength);
      }
      return out.closeLength(length);
    }
    case 'header': {
      const header = value as HeaderValue | undefined;
      out.byte(TAG_DATA_HEADER);
      const length = out.openLength();
      if (header?.$valid === true) {
        out.byte(TAG_HEADER_IS_VALID);
        out.byte(1);
        for (let i = 0; i < type.members.length; i++) writeBits(out, TAG_HEADER_BITSTRINGS, type.members[i]!.bits!, header[type.names[i]!]);
      }
      return out.closeLength(length);
    }
    case 'generic': {
      const bytes = P4Data.encode(type.toP4Data!(value)).finish();
      out.ensure(bytes.length);
      out.buffer.set(bytes, out.position);
      out.position += bytes.length;
    }
  }
}

const bitsType = (width: number, signed: boolean): CompiledType => new CompiledType('bits', new BitsType(width, signed), [], [], undefined);

function compileType(spec: P4DataTypeSpec | undefined, types: P4TypeInfo | undefined): CompiledType {
  const typeSpec = spec?.typeSpec;
  if (typeSpec === undefined) throw new P4DataError('P4Data without a type');
  // Types rare in digests (bool, varbit, enums, errors) take the generic conversion's bytes.
  const generic = (): CompiledType => new CompiledType('generic', undefined, [], [], (value) => valueToP4Data(value, spec, types));
  switch (typeSpec.$case) {
    case 'bitstring': {
      const kind = typeSpec.value.typeSpec;
      if (kind === undefined) throw new P4DataError('bitstring type without a width');
      return kind.$case === 'varbit' ? generic() : bitsType(kind.value.bitwidth, kind.$case === 'int');
    }
    case 'tuple':
      return new CompiledType('tuple', undefined, [], typeSpec.value.members.map((m) => compileType(m, types)), undefined);
    case 'struct': {
      const struct = types?.structs[typeSpec.value.name];
      if (struct === undefined) throw new P4DataError(`struct ${typeSpec.value.name} is not in type_info`);
      return new CompiledType('struct', undefined, struct.members.map((m) => m.name), struct.members.map((m) => compileType(m.typeSpec, types)), undefined);
    }
    case 'header': {
      const info = types?.headers[typeSpec.value.name];
      if (info === undefined) throw new P4DataError(`header ${typeSpec.value.name} is not in type_info`);
      // As the generic conversion: a field of another type has width 0 (and fails on its value).
      const fields = info.members.map((m) => {
        const kind = m.typeSpec?.typeSpec;
        return bitsType(kind?.$case === 'bit' || kind?.$case === 'int' ? kind.value.bitwidth : 0, kind?.$case === 'int');
      });
      return new CompiledType('header', undefined, info.members.map((m) => m.name), fields, undefined);
    }
    case 'bool':
    case 'serializableEnum':
    case 'enum':
    case 'error':
      return generic();
    default:
      throw new P4DataError(`values of type ${typeSpec.$case} cannot be sent over P4Runtime by this server`);
  }
}

/**
 * Compiles `spec` once (unknown type names and types P4Data cannot carry are refused
 * here, not per digest). The scratch buffer is the encoder's own and grows to the largest
 * datum; encoding is synchronous, so one serves every call.
 */
export function compileP4DataEncoder(spec: P4DataTypeSpec | undefined, types: P4TypeInfo | undefined, fieldTag: number): P4DataEncoder {
  const type = compileType(spec, types);
  const out = new WireWriter(Buffer.allocUnsafe(256));
  return {
    encode: (value) => {
      out.position = 0;
      out.byte(fieldTag);
      const length = out.openLength();
      writeData(out, type, value);
      out.closeLength(length);
      return out.buffer.toString('latin1', 0, out.position);
    },
  };
}
