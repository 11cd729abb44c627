// A minimal ArchBinding for back-end tests. It is a test harness, not a switch: it gives
// compiled blocks a packet to extract from and emit to, a few externs declared by the
// test programs themselves, and records what the program did so tests can assert on it.
//
// Externs the test programs may declare:
//   extern void trace<T>(in T value);               // records value in ctx.arch.trace
//   extern Store<T> { Store(bit<32> size); T read(in bit<32> index);
//                     void write(in bit<32> index, in T value); void get(in bit<32> index, out T value); }

import type {
  ArchBinding,
  ExternCallSite,
  ExternFn,
  ExternInstance,
  ExternInstanceSpec,
  HeaderValue,
  PacketContext,
  Value,
} from '../../../../src/sim/runtime/abi.js';
import { P4ParserError } from '../../../../src/sim/runtime/abi.js';
import type { P4Type } from '../../../../src/sim/ir/types.js';
import { bitWidthOf } from '../../../../src/sim/ir/types.js';
import { fromBigInt, toUnsignedBigInt } from '../../../../src/sim/runtime/bits.js';

export interface TestPacket {
  readonly input: Uint8Array;
  /** Read position in bits. */
  offset: number;
  /** Emitted bits as a '0'/'1' string (tests compare hex). */
  emitted: string;
  readonly trace: Value[];
}

export function packetContext(bytes: readonly number[] | Uint8Array): PacketContext & { arch: TestPacket } {
  return { arch: { input: Uint8Array.from(bytes), offset: 0, emitted: '', trace: [] } };
}

export function emittedHex(p: TestPacket): string {
  let hex = '';
  for (let i = 0; i + 4 <= p.emitted.length; i += 4) hex += parseInt(p.emitted.slice(i, i + 4), 2).toString(16);
  return hex;
}

function readBits(p: TestPacket, width: number): bigint {
  if (p.offset + width > p.input.length * 8) throw new P4ParserError('PacketTooShort');
  let v = 0n;
  for (let i = 0; i < width; i++) {
    const bit = p.offset + i;
    v = (v << 1n) | BigInt((p.input[bit >> 3]! >> (7 - (bit & 7))) & 1);
  }
  p.offset += width;
  return v;
}

function fieldValue(type: P4Type, bits: bigint): Value {
  switch (type.kind) {
    case 'bit':
      return fromBigInt(bits, { width: type.width, signed: false });
    case 'int':
      return fromBigInt(bits, { width: type.width, signed: true });
    case 'bool':
      return bits !== 0n;
    case 'serenum':
      return fieldValue(type.underlying, bits);
    case 'newtype':
      return fieldValue(type.underlying, bits);
    default:
      throw new Error(`test arch: cannot extract a ${type.kind} field`);
  }
}

function extractHeader(p: TestPacket, type: P4Type): HeaderValue {
  if (type.kind !== 'header') throw new Error(`test arch: extract of a ${type.kind}`);
  const h: HeaderValue = { $valid: true };
  const total = type.fields.reduce((s, f) => s + bitWidthOf(f.type), 0);
  if (p.offset + total > p.input.length * 8) throw new P4ParserError('PacketTooShort');
  for (const f of type.fields) h[f.name] = fieldValue(f.type, readBits(p, bitWidthOf(f.type)));
  return h;
}

function emitValue(p: TestPacket, type: P4Type, v: Value): void {
  if (type.kind === 'header') {
    const h = v as HeaderValue;
    if (!h.$valid) return;
    for (const f of type.fields) {
      const w = bitWidthOf(f.type);
      const x = f.type.kind === 'bool' ? (h[f.name] ? 1n : 0n) : toUnsignedBigInt(h[f.name] as number | bigint, w);
      p.emitted += x.toString(2).padStart(w, '0');
    }
    return;
  }
  if (type.kind === 'struct' || type.kind === 'header_union') {
    for (const f of type.fields) emitValue(p, f.type, (v as Record<string, Value>)[f.name]!);
    return;
  }
  if (type.kind === 'stack') {
    for (const e of (v as { elements: HeaderValue[] }).elements) emitValue(p, type.element, e);
    return;
  }
  throw new Error(`test arch: cannot emit a ${type.kind}`);
}

const pkt = (ctx: PacketContext): TestPacket => ctx.arch as TestPacket;

class Store implements ExternInstance {
  readonly cells: Value[];
  constructor(readonly spec: ExternInstanceSpec) {
    const size = spec.ctorArgs[0] as number;
    const elem = spec.typeArgs[0]!;
    this.cells = Array.from({ length: size }, () => (elem.kind === 'bit' && elem.width > 32 ? 0n : 0));
  }
  bindMethod(site: ExternCallSite): ExternFn {
    switch (site.method) {
      case 'read':
        return (args) => this.cells[args[0] as number]!;
      case 'write':
        return (args) => {
          this.cells[args[0] as number] = args[1]!;
          return undefined;
        };
      case 'get':
        return (args) => {
          args[1] = this.cells[args[0] as number]!;
          return undefined;
        };
      default:
        throw new Error(`test arch: Store has no method ${site.method}`);
    }
  }
}

export class TestArch implements ArchBinding {
  readonly instances: ExternInstance[] = [];

  instantiate(spec: ExternInstanceSpec): ExternInstance {
    if (spec.type !== 'Store') throw new Error(`test arch: unknown extern ${spec.type}`);
    const s = new Store(spec);
    this.instances.push(s);
    return s;
  }

  bindFunction(site: ExternCallSite): ExternFn {
    if (site.method === 'trace') {
      return (args, ctx) => {
        pkt(ctx).trace.push(args[0]!);
        return undefined;
      };
    }
    throw new Error(`test arch: unknown extern function ${site.method}`);
  }

  bindParameterMethod(type: string, site: ExternCallSite): ExternFn {
    if (type === 'packet_in' && site.method === 'extract' && site.params.length === 1) {
      const t = site.argTypes[0]!;
      return (args, ctx) => {
        args[0] = extractHeader(pkt(ctx), t);
        return undefined;
      };
    }
    if (type === 'packet_in' && site.method === 'lookahead') {
      const t = site.typeArgs[0]!;
      const w = bitWidthOf(t);
      return (_args, ctx) => {
        const p = pkt(ctx);
        const v = readBits(p, w);
        p.offset -= w;
        return fieldValue(t, v);
      };
    }
    if (type === 'packet_in' && site.method === 'advance') {
      return (args, ctx) => {
        readBits(pkt(ctx), args[0] as number);
        return undefined;
      };
    }
    if (type === 'packet_out' && site.method === 'emit') {
      const t = site.argTypes[0]!;
      return (args, ctx) => {
        emitValue(pkt(ctx), t, args[0]!);
        return undefined;
      };
    }
    throw new Error(`test arch: unknown method ${type}.${site.method}`);
  }
}
