// core.p4's packet_out: what a deparser emits. emit writes valid headers only (recursively
// through structs, stacks and unions), bit-granular; the architecture appends the unparsed
// payload afterwards.

import type { ExternCallSite, ExternFn, PacketContext } from './abi.js';
import { BitWriter } from './bit-buffer.js';
import { compileWriter, UnsupportedTypeError } from './value-codec.js';

export class PacketOut {
  readonly writer = new BitWriter(128);

  /** Emitted headers followed by `payload`. */
  finish(payload: Uint8Array): Uint8Array {
    this.writer.writeBytes(payload);
    return this.writer.toBytes();
  }
}

export function bindPacketOutMethod(site: ExternCallSite, packetOf: (ctx: PacketContext) => PacketOut): ExternFn {
  if (site.method !== 'emit') throw new UnsupportedTypeError(`${site.location}: packet_out has no method ${site.method}`);
  const write = compileWriter(site.argTypes[0]!, { skipInvalidHeaders: true });
  return (args, ctx) => {
    write(packetOf(ctx).writer, args[0]!);
    return undefined;
  };
}
