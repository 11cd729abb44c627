// What v1model keeps per packet pass besides the program's own values: the packet buffers
// and the side effects externs request, which the pipeline driver acts on between blocks.

import type { PacketContext, StoredEntry, Value } from '../../runtime/abi.js';
import { PacketIn } from '../../runtime/packet-in.js';
import { PacketOut } from '../../runtime/packet-out.js';
import { serializeToBytes, type ValueWriter } from '../../runtime/value-codec.js';

/**
 * Which user metadata a new pass keeps: a `@field_list` index, -1 for none, or (from the
 * deprecated `resubmit(data)`/`recirculate(data)`/`clone3(..., data)`) the name of the struct
 * type passed as data: when that is the user-metadata struct, all of it is kept.
 */
export type FieldListRef = number | string;

export interface CloneRequest {
  readonly session: number;
  readonly fieldList: FieldListRef;
}

/** A digest() call: its data is taken at the call, as P4 passes `in` arguments. */
export class DigestRequest {
  /** Switch time of the packet that sent it (ns), stamped when the driver delivers it. */
  timestampNs = 0n;
  private serialized: Uint8Array | undefined;

  constructor(
    readonly receiver: number,
    readonly typeName: string,
    /** A copy of the data at the time of the call. */
    readonly value: Value,
    private readonly write: ValueWriter,
  ) {}

  /**
   * The data serialized as P4 lays it out (fields MSB first, padded to whole bytes), from
   * the copy, on first use: the P4Runtime path never asks for it.
   */
  get bytes(): Uint8Array {
    this.serialized ??= serializeToBytes(this.write, this.value).bytes;
    return this.serialized;
  }
}

const EMPTY = new Uint8Array();

export class V1PacketState {
  readonly packetIn: PacketIn;
  /** Set by the driver before the deparser runs. */
  packetOut: PacketOut | undefined;
  /** The payload, once known; undefined between the end of parsing and its first use. */
  private payloadBytes: Uint8Array | undefined = EMPTY;
  checksumError = false;
  /** The argument-less, deprecated mark_to_drop() was called. */
  legacyDrop = false;
  clone: CloneRequest | undefined;
  /** Set when resubmit was requested: what to preserve. */
  resubmit: FieldListRef | undefined;
  recirculate: FieldListRef | undefined;
  truncateLength: number | undefined;
  digest: DigestRequest | undefined;
  /** The entry each table with a direct meter hit in this pass (made on first use). */
  private hits: Map<string, StoredEntry> | undefined;

  constructor(
    bytes: Uint8Array,
    /** Packet length at ingress, what counters and meters measure. */
    readonly ingressLength: number,
    /** Switch time of the current pass (ns): timestamps, idle-time hits, meters. */
    public nowNs: bigint = 0n,
  ) {
    this.packetIn = new PacketIn(bytes);
  }

  /**
   * Bytes the parser did not consume (after parsing), or what the driver set. Taken from
   * the packet on first use: a packet that ingress consumes or drops never needs them.
   */
  get payload(): Uint8Array {
    this.payloadBytes ??= this.packetIn.payload();
    return this.payloadBytes;
  }

  set payload(bytes: Uint8Array) {
    this.payloadBytes = bytes;
  }

  /** The parser is done: the payload is what follows the last bit it consumed. */
  endParsing(): void {
    this.payloadBytes = undefined;
  }

  rememberHit(table: string, entry: StoredEntry): void {
    (this.hits ??= new Map()).set(table, entry);
  }

  hitOf(table: string): StoredEntry | undefined {
    return this.hits?.get(table);
  }
}

export function v1State(ctx: PacketContext): V1PacketState {
  return ctx.arch as V1PacketState;
}
