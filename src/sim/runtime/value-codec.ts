// Serializers and deserializers of run-time values by P4 type, compiled once per type so
// that per-packet work is a walk over precomputed closures. Used by packet_in/packet_out,
// hash and checksum data, digests and lookahead. Layout is P4's: fields in declaration
// order, most significant bit first, headers as their fields, stacks element by element.

import type { P4Type } from '../ir/types.js';
import type { HeaderValue, StackValue, Value, VarbitValue } from './abi.js';
import { BitReader, BitWriter } from './bit-buffer.js';
import { generateLayoutReader, generateLayoutWriter } from './byte-layout.js';
import { representationOf } from './representation.js';

export { representationOf } from './representation.js';

export type ValueWriter = (writer: BitWriter, value: Value) => void;
export type ValueReader = (reader: BitReader) => Value;

export class UnsupportedTypeError extends Error {
  readonly code = 'UNSUPPORTED_TYPE';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedTypeError';
  }
}

export interface WriterOptions {
  /**
   * packet_out.emit, hash and checksum data skip invalid headers (as BMv2 does); digest data
   * keeps its fixed layout, an invalid header's fields reading as 0.
   */
  readonly skipInvalidHeaders: boolean;
}

function writeScalar(width: number, signed: boolean): ValueWriter {
  if (width <= 32) {
    const mask = width === 32 ? 0xffffffff : 2 ** width - 1;
    return (writer, value) => {
      let n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(BigInt.asUintN(width, value)) : value ? 1 : 0;
      if (signed && n < 0) n = (n + 2 ** width) % 2 ** width;
      writer.writeNumber(n > mask ? n % (mask + 1) : n, width);
    };
  }
  return (writer, value) => {
    const big = typeof value === 'bigint' ? value : BigInt(value as number);
    writer.writeBigint(BigInt.asUintN(width, big), width);
  };
}

function readScalar(width: number, signed: boolean): ValueReader {
  if (width <= 32) {
    if (!signed) return (reader) => reader.readNumber(width);
    const half = 2 ** (width - 1);
    return (reader) => {
      const n = reader.readNumber(width);
      return n >= half ? n - 2 * half : n;
    };
  }
  if (!signed) return (reader) => reader.readBigint(width);
  return (reader) => BigInt.asIntN(width, reader.readBigint(width));
}

// Headers and structs are the per-packet hot path (every extract, emit, checksum): their
// readers, writers and zero factories are generated as straight-line JavaScript (one
// object literal with the fields in declaration order, one call per field), so V8 sees one
// object shape per type and no loops over field descriptors. Fields of other types go
// through the closures above, passed in as `$c`.

interface FieldSpec {
  readonly name: string;
  readonly type: P4Type;
}

function prop(name: string): string {
  return JSON.stringify(name);
}

/** `new Function` over closures `$c`: the body's only free variable. */
function generate<T>(body: string, closures: readonly unknown[]): T {
  return new Function('$c', `"use strict";\n${body}`)(closures) as T;
}

function generateReader(fields: readonly FieldSpec[], valid: boolean): ValueReader {
  const closures: ValueReader[] = [];
  const parts = fields.map((f) => {
    const t = representationOf(f.type);
    if (t.kind === 'bit') return `${prop(f.name)}: r.${t.width <= 32 ? 'readNumber' : 'readBigint'}(${t.width})`;
    closures.push(compileReader(f.type));
    return `${prop(f.name)}: $c[${closures.length - 1}](r)`;
  });
  const head = valid ? ['$valid: true'] : [];
  const general = generate<ValueReader>(`return function read(r) { return { ${[...head, ...parts].join(', ')} }; };`, closures);
  return generateLayoutReader(fields.map((f) => ({ access: prop(f.name), type: f.type })), valid, general) ?? general;
}

function generateZero(fields: readonly FieldSpec[], valid: boolean): () => Value {
  const closures: (() => Value)[] = [];
  const parts = fields.map((f) => {
    const t = representationOf(f.type);
    if (t.kind === 'bit' || t.kind === 'int') return `${prop(f.name)}: ${t.width <= 32 ? '0' : '0n'}`;
    if (t.kind === 'bool') return `${prop(f.name)}: false`;
    closures.push(compileZero(f.type));
    return `${prop(f.name)}: $c[${closures.length - 1}]()`;
  });
  const head = valid ? ['$valid: false'] : [];
  return generate<() => Value>(`return function zero() { return { ${[...head, ...parts].join(', ')} }; };`, closures);
}

/**
 * Writes the members of an aggregate `v`, each `{ access, type }` read as `v[access]`: the
 * fields of a header or struct (validity is the caller's business), or the elements of a
 * tuple or list (hash and checksum data).
 */
function generateMemberWriter(members: readonly { readonly access: string; readonly type: P4Type }[], options: WriterOptions): ValueWriter {
  const closures: unknown[] = [];
  const lines = members.map((m) => {
    const t = representationOf(m.type);
    const value = `v[${m.access}]`;
    // bit<W> values are normalised unsigned values (abi.ts): write them directly.
    if (t.kind === 'bit') return t.width <= 32 ? `w.writeNumber(${value}, ${t.width});` : `w.writeBigint(${value}, ${t.width});`;
    closures.push(compileWriter(m.type, options), zeroValue(m.type));
    return `$c[${closures.length - 2}](w, ${value} ?? $c[${closures.length - 1}]);`;
  });
  const general = generate<ValueWriter>(`return function write(w, v) { ${lines.join(' ')} };`, closures);
  return generateLayoutWriter(members, general) ?? general;
}

function generateFieldWriter(fields: readonly FieldSpec[], options: WriterOptions): ValueWriter {
  return generateMemberWriter(fields.map((f) => ({ access: prop(f.name), type: f.type })), options);
}

export function compileWriter(type: P4Type, options: WriterOptions): ValueWriter {
  const t = representationOf(type);
  switch (t.kind) {
    case 'bit':
      return writeScalar(t.width, false);
    case 'int':
      return writeScalar(t.width, true);
    case 'bool':
      return (writer, value) => writer.writeNumber(value ? 1 : 0, 1);
    case 'varbit':
      return (writer, value) => {
        const v = value as VarbitValue | undefined;
        if (v !== undefined && v.width > 0) writer.writeBigint(v.value, v.width);
      };
    case 'header': {
      const writeFields = generateFieldWriter(t.fields, options);
      if (options.skipInvalidHeaders) {
        return (writer, value) => {
          if ((value as HeaderValue).$valid) writeFields(writer, value);
        };
      }
      // An invalid header's fields read as 0 (BMv2), whatever they hold.
      const zero = compileZero(t)();
      return (writer, value) => writeFields(writer, (value as HeaderValue).$valid ? value : zero);
    }
    case 'header_union': {
      const members = t.fields.map((f) => ({ name: f.name, write: compileWriter(f.type, options) }));
      return (writer, value) => {
        const u = value as Record<string, HeaderValue>;
        for (const m of members) {
          if (u[m.name]?.$valid) {
            m.write(writer, u[m.name]!);
            return;
          }
        }
      };
    }
    case 'struct':
      return generateFieldWriter(t.fields, options);
    case 'stack': {
      const write = compileWriter(t.element, options);
      return (writer, value) => {
        for (const element of (value as StackValue).elements) write(writer, element);
      };
    }
    case 'tuple':
    case 'list':
      return generateMemberWriter(t.elements.map((type, i) => ({ access: String(i), type })), options);
    default:
      throw new UnsupportedTypeError(`values of type ${t.kind} cannot be serialized`);
  }
}

/** Reads a value of a fixed-width type (no varbit: its length comes from the program). */
export function compileReader(type: P4Type): ValueReader {
  const t = representationOf(type);
  switch (t.kind) {
    case 'bit':
      return readScalar(t.width, false);
    case 'int':
      return readScalar(t.width, true);
    case 'bool':
      return (reader) => reader.readNumber(1) === 1;
    case 'header':
      return generateReader(t.fields, true);
    case 'struct':
      return generateReader(t.fields, false);
    case 'tuple':
    case 'list': {
      const readers = t.elements.map((e) => compileReader(e));
      return (reader) => readers.map((r) => r(reader));
    }
    default:
      throw new UnsupportedTypeError(`values of type ${t.kind} cannot be read from a packet`);
  }
}

/**
 * A factory of fresh values as an uninitialised variable of this type holds them: 0, false,
 * invalid headers (BMv2 reads them so). Built once per type; each call allocates anew.
 */
export function compileZero(type: P4Type): () => Value {
  const t = representationOf(type);
  switch (t.kind) {
    case 'bit':
    case 'int': {
      const zero = t.width <= 32 ? 0 : 0n;
      return () => zero;
    }
    case 'bool':
      return () => false;
    case 'varbit':
      return () => ({ width: 0, value: 0n });
    case 'error':
    case 'enum':
    case 'match_kind':
      return () => 0;
    case 'string':
      return () => '';
    case 'header':
      return generateZero(t.fields, true);
    case 'struct':
      return generateZero(t.fields, false);
    case 'header_union': {
      const fields = t.fields.map((f) => ({ name: f.name, make: compileZero(f.type) }));
      return () => {
        const u: Record<string, Value> = {};
        for (const f of fields) u[f.name] = f.make();
        return u;
      };
    }
    case 'stack': {
      const make = compileZero(t.element);
      const size = t.size;
      return () => {
        const elements: HeaderValue[] = [];
        for (let i = 0; i < size; i++) elements.push(make() as HeaderValue);
        return { nextIndex: 0, elements };
      };
    }
    case 'tuple':
    case 'list': {
      const makers = t.elements.map((e) => compileZero(e));
      return () => makers.map((m) => m());
    }
    default:
      throw new UnsupportedTypeError(`type ${t.kind} has no run-time value`);
  }
}

/** The value an uninitialised variable of this type holds (see compileZero). */
export function zeroValue(type: P4Type): Value {
  return compileZero(type)();
}

/**
 * Serializes `value` into `writer` (reset first) and returns a view of the bytes (a final
 * partial byte padded with zero bits), valid until the writer's next use.
 */
export function serializeInto(writer: BitWriter, write: ValueWriter, value: Value): Uint8Array {
  writer.reset();
  write(writer, value);
  return writer.view();
}

/** Serializes `value` to bytes (a final partial byte padded with zero bits) and its bit length. */
export function serializeToBytes(write: ValueWriter, value: Value): { bytes: Uint8Array; bitLength: number } {
  const writer = new BitWriter(32);
  write(writer, value);
  return { bytes: writer.toBytes(), bitLength: writer.bitLength };
}

/** Converts an unsigned bit pattern to the run-time representation of a width (number up to 32 bits). */
export function bitsFromBigint(value: bigint, width: number): number | bigint {
  return width <= 32 ? Number(value) : value;
}

/** Converts a run-time scalar (number, bigint, bool) to an unsigned bigint bit pattern of `width` bits. */
export function bigintFromValue(value: Value, width: number): bigint {
  if (typeof value === 'bigint') return BigInt.asUintN(width, value);
  if (typeof value === 'number') return BigInt.asUintN(width, BigInt(value));
  if (typeof value === 'boolean') return value ? 1n : 0n;
  throw new UnsupportedTypeError(`expected a scalar value, got ${typeof value}`);
}
