// P4TypeInfo and P4DataTypeSpec for the types P4Info refers to (digest structs, register
// cells, controller headers): each named type is described once in type_info, and
// references to it name it, as p4c does.
import type {
  DeepPartial, P4BitstringLikeTypeSpec as BitstringSpec, P4DataTypeSpec as DataTypeSpec, P4TypeInfo as TypeInfo,
} from '../../proto/p4/config/v1/p4types.js';
import type { Annotation, P4Type } from '../ir/types.js';

// Specs are built as DeepPartial messages; the generator's final `fromPartial` fills defaults.
type P4DataTypeSpec = DeepPartial<DataTypeSpec>;
type P4BitstringLikeTypeSpec = DeepPartial<BitstringSpec>;
interface P4TypeInfo {
  structs: Record<string, NonNullable<DeepPartial<TypeInfo['structs'][string]>>>;
  headers: Record<string, NonNullable<DeepPartial<TypeInfo['headers'][string]>>>;
  headerUnions: Record<string, NonNullable<DeepPartial<TypeInfo['headerUnions'][string]>>>;
  enums: Record<string, NonNullable<DeepPartial<TypeInfo['enums'][string]>>>;
  serializableEnums: Record<string, NonNullable<DeepPartial<TypeInfo['serializableEnums'][string]>>>;
  newTypes: Record<string, NonNullable<DeepPartial<TypeInfo['newTypes'][string]>>>;
  error?: { members: string[] };
}

export class TypeInfoBuilder {
  readonly typeInfo: P4TypeInfo = { structs: {}, headers: {}, headerUnions: {}, enums: {}, serializableEnums: {}, newTypes: {} };

  /** The spec for `type`, registering named types (and the types they use) in type_info. */
  dataTypeSpec(type: P4Type): P4DataTypeSpec {
    switch (type.kind) {
      case 'bit':
      case 'int':
      case 'varbit':
        return { typeSpec: { $case: 'bitstring', value: bitstringSpec(type) } };
      case 'bool':
        return { typeSpec: { $case: 'bool', value: {} } };
      case 'error':
        this.typeInfo.error = { members: [...type.members] };
        return { typeSpec: { $case: 'error', value: {} } };
      case 'tuple':
      case 'list':
        return { typeSpec: { $case: 'tuple', value: { members: type.elements.map((t) => this.dataTypeSpec(t)) } } };
      case 'struct':
        if (!(type.name in this.typeInfo.structs)) {
          this.typeInfo.structs[type.name] = { members: []};
          this.typeInfo.structs[type.name]!.members = type.fields.map((f) => ({ name: f.name, typeSpec: this.dataTypeSpec(f.type) }));
        }
        return { typeSpec: { $case: 'struct', value: { name: type.name } } };
      case 'header':
        if (!(type.name in this.typeInfo.headers)) {
          this.typeInfo.headers[type.name] = {
            members: type.fields.map((f) => ({ name: f.name, typeSpec: bitstringSpec(f.type) })),
          };
        }
        return { typeSpec: { $case: 'header', value: { name: type.name } } };
      case 'header_union':
        if (!(type.name in this.typeInfo.headerUnions)) {
          this.typeInfo.headerUnions[type.name] = { members: []};
          this.typeInfo.headerUnions[type.name]!.members = type.fields.map((f) => {
            this.dataTypeSpec(f.type);
            return { name: f.name, header: { name: (f.type as { name: string }).name } };
          });
        }
        return { typeSpec: { $case: 'headerUnion', value: { name: type.name } } };
      case 'stack': {
        this.dataTypeSpec(type.element);
        const spec = { name: type.element.name };
        return type.element.kind === 'header'
          ? { typeSpec: { $case: 'headerStack', value: { header: spec, size: type.size } } }
          : { typeSpec: { $case: 'headerUnionStack', value: { headerUnion: spec, size: type.size } } };
      }
      case 'enum':
        if (!(type.name in this.typeInfo.enums)) {
          this.typeInfo.enums[type.name] = {
            members: type.members.map((name) => ({ name })),
          };
        }
        return { typeSpec: { $case: 'enum', value: { name: type.name } } };
      case 'serenum':
        if (!(type.name in this.typeInfo.serializableEnums)) {
          const width = type.underlying.width;
          this.typeInfo.serializableEnums[type.name] = {
            underlyingType: { bitwidth: width },
            members: type.members.map((m) => ({
              name: m.name, value: canonicalBytes(m.value, width),
            })),
          };
        }
        return { typeSpec: { $case: 'serializableEnum', value: { name: type.name } } };
      case 'newtype':
        if (!(type.name in this.typeInfo.newTypes)) {
          this.typeInfo.newTypes[type.name] = {
            representation: { $case: 'originalType', value: this.dataTypeSpec(type.underlying) },
          };
        }
        return { typeSpec: { $case: 'newType', value: { name: type.name } } };
      default:
        throw new Error(`type ${type.kind} cannot appear in P4Info`);
    }
  }
}

function bitstringSpec(type: P4Type): P4BitstringLikeTypeSpec {
  switch (type.kind) {
    case 'bit':
      return { typeSpec: { $case: 'bit', value: { bitwidth: type.width } } };
    case 'int':
      return { typeSpec: { $case: 'int', value: { bitwidth: type.width } } };
    case 'varbit':
      return { typeSpec: { $case: 'varbit', value: { maxBitwidth: type.maxWidth } } };
    case 'bool':
      return { typeSpec: { $case: 'bit', value: { bitwidth: 1 } } };
    case 'serenum':
      return bitstringSpec(type.underlying);
    case 'newtype':
      return bitstringSpec(type.underlying);
    default:
      throw new Error(`header field of type ${type.kind} has no bit-string spec`);
  }
}

/** P4Runtime's canonical byte string for an unsigned value: big-endian, no leading zero bytes, at least one byte. */
export function canonicalBytes(value: bigint, width: number): Buffer {
  const unsigned = BigInt.asUintN(width, value);
  let hex = unsigned.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}

/** Annotations as P4Info prints them (`@name(body)`), without the ones P4Info expresses itself. */
export function annotationStrings(annotations: readonly Annotation[]): string[] {
  return annotations
    .filter((a) => a.name !== 'name' && a.name !== 'id')
    .map((a) => (a.body === '' ? `@${a.name}` : `@${a.name}(${a.body})`));
}
