// The P4 types of the simulator's typed IR. The front end (checker) produces them; the
// back end, the architectures and the P4Info generator consume them. Types are plain
// data so that every pass can switch on `kind` without knowing who built them.

export type P4Type =
  | BitType
  | IntType
  | VarbitType
  | BoolType
  | InfIntType
  | StringType
  | VoidType
  | ErrorType
  | MatchKindType
  | EnumType
  | SerEnumType
  | HeaderType
  | HeaderUnionType
  | StructType
  | StackType
  | TupleType
  | ListType
  | NewType
  | ExternType
  | TypeVar
  | ParserType
  | ControlType
  | PackageType
  | TableType
  | ActionType;

/** `bit<width>`: unsigned, arithmetic modulo 2^width. */
export interface BitType { readonly kind: 'bit'; readonly width: number }
/** `int<width>`: two's complement, arithmetic modulo 2^width. */
export interface IntType { readonly kind: 'int'; readonly width: number }
/** `varbit<maxWidth>`: a bit string of dynamic length up to maxWidth. */
export interface VarbitType { readonly kind: 'varbit'; readonly maxWidth: number }
export interface BoolType { readonly kind: 'bool' }
/** The type of an integer literal without a width (`int` in P4_16). */
export interface InfIntType { readonly kind: 'infint' }
export interface StringType { readonly kind: 'string' }
export interface VoidType { readonly kind: 'void' }
/** The program's single `error` type; members in declaration order across all `error {}` blocks. */
export interface ErrorType { readonly kind: 'error'; readonly members: readonly string[] }
export interface MatchKindType { readonly kind: 'match_kind'; readonly members: readonly string[] }
/** A plain `enum`: members have no numeric representation. */
export interface EnumType { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] }
/** A serializable `enum bit<W>`: each member has a value of the underlying type. */
export interface SerEnumType {
  readonly kind: 'serenum';
  readonly name: string;
  readonly underlying: BitType | IntType;
  readonly members: readonly { readonly name: string; readonly value: bigint }[];
}

export interface Field { readonly name: string; readonly type: P4Type; readonly annotations: readonly Annotation[] }

export interface HeaderType { readonly kind: 'header'; readonly name: string; readonly fields: readonly Field[] }
export interface HeaderUnionType { readonly kind: 'header_union'; readonly name: string; readonly fields: readonly Field[] }
export interface StructType { readonly kind: 'struct'; readonly name: string; readonly fields: readonly Field[] }
/** `H[size]`: a header stack (or header-union stack). */
export interface StackType { readonly kind: 'stack'; readonly element: HeaderType | HeaderUnionType; readonly size: number }
export interface TupleType { readonly kind: 'tuple'; readonly elements: readonly P4Type[] }
/** The type of a `{ a, b }` list expression before it is unified with a struct or tuple. */
export interface ListType { readonly kind: 'list'; readonly elements: readonly P4Type[] }
/** `type bit<9> PortId_t;`: a distinct type with the representation of `underlying`. */
export interface NewType { readonly kind: 'newtype'; readonly name: string; readonly underlying: P4Type }
/** An extern object type, specialised with its type arguments (`register<bit<32>>`). */
export interface ExternType { readonly kind: 'extern'; readonly name: string; readonly typeArgs: readonly P4Type[] }
/** A type variable not yet bound (only inside generic declarations). */
export interface TypeVar { readonly kind: 'typevar'; readonly name: string }
export interface ParserType { readonly kind: 'parser'; readonly name: string; readonly params: readonly Param[] }
export interface ControlType { readonly kind: 'control'; readonly name: string; readonly params: readonly Param[] }
export interface PackageType { readonly kind: 'package'; readonly name: string; readonly params: readonly Param[] }
export interface TableType { readonly kind: 'table'; readonly name: string }
export interface ActionType { readonly kind: 'action'; readonly name: string; readonly params: readonly Param[] }

export type Direction = 'in' | 'out' | 'inout' | 'none';

export interface Param {
  readonly name: string;
  readonly direction: Direction;
  readonly type: P4Type;
  readonly annotations: readonly Annotation[];
}

/** An annotation kept on the IR: `@name("x")`, `@id(5)`, `@controller_header("packet_in")`. */
export interface Annotation {
  readonly name: string;
  /** The unparsed body tokens as written, e.g. `"packet_in"` for `@controller_header("packet_in")`. */
  readonly body: string;
  /** The body parsed as an expression list where it is one (string, integer, bool literals). */
  readonly args: readonly (string | bigint | boolean)[];
}

/** The number of bits a value of this type occupies when serialized (headers, digests, registers). */
export function bitWidthOf(type: P4Type): number {
  switch (type.kind) {
    case 'bit':
    case 'int':
      return type.width;
    case 'bool':
      return 1;
    case 'varbit':
      return type.maxWidth;
    case 'serenum':
      return type.underlying.width;
    case 'newtype':
      return bitWidthOf(type.underlying);
    case 'header':
    case 'struct':
      return type.fields.reduce((sum, f) => sum + bitWidthOf(f.type), 0);
    case 'header_union':
      return Math.max(0, ...type.fields.map((f) => bitWidthOf(f.type)));
    case 'stack':
      return bitWidthOf(type.element) * type.size;
    case 'tuple':
    case 'list':
      return type.elements.reduce((sum, t) => sum + bitWidthOf(t), 0);
    default:
      throw new Error(`type ${type.kind} has no bit width`);
  }
}
