// core.p4's packet_in: the bytes a parser consumes. Extraction is bit-granular; errors are
// the P4 spec's (PacketTooShort when the packet ends first, HeaderTooShort when a varbit
// length exceeds the field's maximum) and are thrown as P4ParserError for the parser driver.

import type { HeaderType, P4Type } from '../ir/types.js';
import { bitWidthOf } from '../ir/types.js';
import type { ExternCallSite, ExternFn, HeaderValue, PacketContext, Value } from './abi.js';
import { P4ParserError } from './abi.js';
import { BitReader } from './bit-buffer.js';
import { compileReader, representationOf, UnsupportedTypeError, type ValueReader } from './value-codec.js';

export class PacketIn {
  readonly reader: BitReader;

  constructor(readonly bytes: Uint8Array) {
    this.reader = new BitReader(bytes);
  }

  /** Bytes after the last bit the parser consumed: the unparsed payload (rounded to whole bytes). */
  payload(): Uint8Array {
    return this.bytes.subarray(Math.min(this.bytes.length, Math.ceil(this.reader.bitOffset / 8)));
  }

  requireBits(bits: number): void {
    if (bits > this.reader.remainingBits) throw new P4ParserError('PacketTooShort');
  }
}

function headerOf(type: P4Type, location: string): HeaderType {
  const t = representationOf(type);
  if (t.kind !== 'header') throw new UnsupportedTypeError(`${location}: extract needs a header, got ${t.kind}`);
  return t;
}

/** A header with a varbit field: fixed fields around one field whose length the program gives. */
function compileVarbitExtract(header: HeaderType): (packet: PacketIn, varbitBits: number) => HeaderValue {
  const parts = header.fields.map((f) => {
    const t = representationOf(f.type);
    return t.kind === 'varbit'
      ? { name: f.name, varbitMax: t.maxWidth, read: undefined, width: 0 }
      : { name: f.name, varbitMax: -1, read: compileReader(f.type), width: bitWidthOf(f.type) };
  });
  const fixedBits = parts.reduce((sum, p) => sum + p.width, 0);
  return (packet, varbitBits) => {
    const maxWidth = parts.find((p) => p.varbitMax >= 0)!.varbitMax;
    // BMv2 extracts varbits in whole bytes only: any other size is an invalid argument.
    if (varbitBits % 8 !== 0) throw new P4ParserError('ParserInvalidArgument');
    if (varbitBits > maxWidth) throw new P4ParserError('HeaderTooShort');
    packet.requireBits(fixedBits + varbitBits);
    const reader = packet.reader;
    const h: HeaderValue = { $valid: true };
    for (const p of parts) {
      h[p.name] = p.read ? p.read(reader) : { width: varbitBits, value: reader.readBigint(varbitBits) };
    }
    return h;
  };
}

/**
 * Binds one packet_in method call site. `packetOf` finds the packet of the current context
 * (the architecture owns it).
 */
export function bindPacketInMethod(site: ExternCallSite, packetOf: (ctx: PacketContext) => PacketIn): ExternFn {
  switch (site.method) {
    case 'extract': {
      const header = headerOf(site.argTypes[0]!, site.location);
      if (site.argTypes.length >= 2) {
        const extract = compileVarbitExtract(header);
        return (args, ctx) => {
          args[0] = extract(packetOf(ctx), Number(args[1] as number | bigint));
          return undefined;
        };
      }
      if (header.fields.some((f) => representationOf(f.type).kind === 'varbit')) {
        throw new UnsupportedTypeError(`${site.location}: a header with a varbit field needs extract(hdr, size)`);
      }
      const read = compileReader(header);
      const bits = bitWidthOf(header);
      return (args, ctx) => {
        const packet = packetOf(ctx);
        packet.requireBits(bits);
        args[0] = read(packet.reader);
        return undefined;
      };
    }
    case 'lookahead': {
      const type = site.typeArgs[0];
      if (type === undefined) throw new UnsupportedTypeError(`${site.location}: lookahead needs a type argument`);
      const read: ValueReader = compileReader(type);
      const bits = bitWidthOf(type);
      return (_args, ctx) => {
        const packet = packetOf(ctx);
        packet.requireBits(bits);
        const reader = packet.reader;
        const start = reader.bitOffset;
        const value = read(reader);
        reader.bitOffset = start;
        return value;
      };
    }
    case 'advance':
      return (args, ctx) => {
        const packet = packetOf(ctx);
        const bits = Number(args[0] as number | bigint);
        packet.requireBits(bits);
        packet.reader.bitOffset += bits;
        return undefined;
      };
    case 'length':
      return (_args, ctx): Value => packetOf(ctx).bytes.length;
    default:
      throw new UnsupportedTypeError(`${site.location}: packet_in has no method ${site.method}`);
  }
}
