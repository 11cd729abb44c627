// The v1model pipeline driver, following BMv2's simple_switch:
//   ingress pass: parser -> verifyChecksum -> ingress, then in this order: ingress clone
//     (I2E: the original packet re-parsed), the digest, resubmit (the original packet back
//     to ingress; nothing else happens), multicast (mcast_grp != 0: one copy per group
//     node), drop (egress_spec 511), else unicast to egress_spec.
//   egress pass: egress, then egress clone (E2E: a copy of the packet as egress left it),
//     drop (egress_spec 511), computeChecksum -> deparser, recirculate (the deparsed packet
//     back to ingress), truncate, output.
// A parser error does not drop the packet: standard_metadata.parser_error records it and
// ingress runs with the headers extracted so far (BMv2's behaviour). Uninitialised
// metadata reads as 0. Each new pass of a resubmitted, recirculated or cloned packet starts
// with zeroed metadata plus the fields of its @field_list; standard metadata is set field
// by field as simple_switch sets it (see docs/sim-v1model.md).

import type { P4Type } from '../../ir/types.js';
import type { CompiledBlock, CompiledProgram, PacketContext, ProgramInstance, StoredEntry, Value } from '../../runtime/abi.js';
import { P4ParserError } from '../../runtime/abi.js';
import { seededRandom } from '../../runtime/hash.js';
import { PacketOut } from '../../runtime/packet-out.js';
import { setHitListener } from '../../runtime/table.js';
import { compileZero } from '../../runtime/value-codec.js';
import { compileCopier, type ValueCopier } from '../../runtime/value-copy.js';
import { V1ModelBinding } from './binding.js';
import { V1ModelError } from './extern-objects.js';
import { DROP_PORT } from './extern-functions.js';
import { fieldListCopier } from './field-list.js';
import { type DigestRequest, type FieldListRef, V1PacketState } from './packet-state.js';
import { ReplicationEngine } from './replication.js';

/** BMv2's numbering of standard_metadata.instance_type. */
export const InstanceType = {
  NORMAL: 0,
  INGRESS_CLONE: 1,
  EGRESS_CLONE: 2,
  COALESCED: 3,
  RECIRC: 4,
  REPLICATION: 5,
  RESUBMIT: 6,
} as const;

export interface OutputPacket {
  readonly port: number;
  readonly bytes: Uint8Array;
}

/** A digest() call as delivered, with the switch time of the packet that sent it (ns). */
export type Digest = DigestRequest;

export interface V1ModelOptions {
  /** Switch clock in nanoseconds (default: process.hrtime). Tests pass a manual clock. */
  readonly clock?: () => bigint;
  /** Seed for `random` and the `random` hash; default: Math.random. */
  readonly randomSeed?: number;
  /** Receives log_msg output. */
  readonly log?: (message: string) => void;
  /** Passes (resubmit/recirculate/clone generations) one injected packet may take before it is dropped. */
  readonly maxPasses?: number;
}

type Struct = Record<string, Value>;

interface IngressJob {
  readonly kind: 'ingress';
  readonly bytes: Uint8Array;
  readonly port: number;
  readonly instanceType: number;
  /** Preserved metadata from the previous pass, copied into the fresh metadata. */
  readonly preserve: ((meta: Struct) => void) | undefined;
  readonly pass: number;
}

/** What a packet copy takes from ingress into egress besides its headers and metadata. */
interface Carried {
  readonly payload: Uint8Array;
  readonly ingressLength: number;
  readonly truncateLength: number | undefined;
  /** recirculate() called in ingress takes effect after egress (as in BMv2). */
  readonly recirculate: FieldListRef | undefined;
}

interface EgressJob {
  readonly kind: 'egress';
  readonly hdr: Value;
  readonly meta: Struct;
  readonly sm: Struct;
  readonly port: number;
  readonly carried: Carried;
  readonly pass: number;
}

const NO_BYTES = new Uint8Array();

type Job = IngressJob | EgressJob;

/** A manual clock for tests: time moves only when told. */
export class ManualClock {
  constructor(public ns = 0n) {}
  readonly now = (): bigint => this.ns;
  advance(ns: bigint): void {
    this.ns += ns;
  }
}

export class V1ModelPipeline {
  readonly binding: V1ModelBinding;
  readonly program: ProgramInstance;
  readonly replication = new ReplicationEngine();
  private readonly blocks: readonly CompiledBlock[];
  private readonly metaType: P4Type;
  /** Undefined when the parser's headers are `out` (as v1model declares them): the parser makes its own. */
  private readonly newHeaders: (() => Value) | undefined;
  private readonly newMetadata: () => Value;
  private readonly newStandardMetadata: () => Value;
  private readonly copyHeaders: ValueCopier;
  private readonly copyMetadata: (meta: Struct) => Struct;
  private readonly copyStandardMetadata: (sm: Struct) => Struct;
  /** Deparsing happens one packet at a time: one output buffer serves them all. */
  private readonly packetOut = new PacketOut();
  private readonly clock: () => bigint;
  private readonly startNs: bigint;
  private readonly maxPasses: number;
  private readonly fieldLists = new Map<number, (from: Struct, to: Struct) => void>();
  private readonly digestListeners: ((d: Digest) => void)[] = [];
  private current: V1PacketState | undefined;
  private readonly errors: readonly string[];
  private readonly log: (message: string) => void;

  constructor(compiled: CompiledProgram, options: V1ModelOptions = {}) {
    if (compiled.packageName !== 'V1Switch') {
      throw new V1ModelError(`the v1model architecture runs V1Switch programs, not ${compiled.packageName}`);
    }
    const hrStart = process.hrtime.bigint();
    this.clock = options.clock ?? (() => process.hrtime.bigint() - hrStart);
    this.startNs = this.clock();
    this.maxPasses = options.maxPasses ?? 64;
    const random = options.randomSeed === undefined ? Math.random : seededRandom(options.randomSeed);
    const log = options.log ?? (() => undefined);
    this.log = log;
    this.errors = compiled.errors;
    this.binding = new V1ModelBinding(this.clock, { errors: compiled.errors, random, log });
    this.program = compiled.instantiate(this.binding);
    this.blocks = this.program.blocks;
    if (this.blocks.length !== 6) throw new V1ModelError(`V1Switch needs 6 blocks, the program gives ${this.blocks.length}`);
    const parser = this.blocks[0]!;
    this.metaType = parser.params[2]!.type;
    const headers = parser.params[1]!;
    this.newHeaders = headers.direction === 'out' ? undefined : compileZero(headers.type);
    this.newMetadata = compileZero(this.metaType);
    this.newStandardMetadata = compileZero(parser.params[3]!.type);
    this.copyHeaders = compileCopier(headers.type);
    this.copyMetadata = compileCopier(this.metaType) as (meta: Struct) => Struct;
    this.copyStandardMetadata = compileCopier(parser.params[3]!.type) as (sm: Struct) => Struct;
    this.binding.attachTables(this.program.tables.values());
    for (const table of this.program.tables.values()) {
      const counted = table.spec.directCounter !== undefined;
      const metered = table.spec.directMeter !== undefined;
      const name = table.spec.name;
      setHitListener(table, (entry: StoredEntry) => {
        const state = this.current;
        if (state === undefined) return;
        if (metered) state.rememberHit(name, entry);
        entry.lastHitNs = state.nowNs;
        if (counted) {
          entry.packets += 1n;
          entry.bytes += BigInt(state.ingressLength);
        }
      });
    }
  }

  onDigest(listener: (d: Digest) => void): () => void {
    this.digestListeners.push(listener);
    return () => {
      const i = this.digestListeners.indexOf(listener);
      if (i >= 0) this.digestListeners.splice(i, 1);
    };
  }

  nowNs(): bigint {
    return this.clock();
  }

  /** Runs one packet received on `port` to completion; returns every packet sent, in order. */
  process(port: number, bytes: Uint8Array): OutputPacket[] {
    if (!Number.isInteger(port) || port < 0 || port >= DROP_PORT) throw new V1ModelError(`ingress port ${port} out of range 0..510`);
    const outputs: OutputPacket[] = [];
    const queue: Job[] = [{ kind: 'ingress', bytes, port, instanceType: InstanceType.NORMAL, preserve: undefined, pass: 0 }];
    // A digest listener may inject a packet from inside this call: restore the outer pass after.
    const outer = this.current;
    try {
      for (let next = 0; next < queue.length; next++) {
        const job = queue[next]!;
        if (job.pass >= this.maxPasses) {
          this.log(`packet from port ${port} dropped after ${this.maxPasses} resubmit/recirculate/clone passes`);
          continue;
        }
        if (job.kind === 'ingress') this.ingress(job, queue);
        else this.egress(job, queue, outputs);
      }
    } finally {
      this.current = outer;
    }
    return outputs;
  }

  /** A timestamp field: microseconds since the switch started, 48 bits. */
  private microseconds(nowNs: bigint): bigint {
    return BigInt.asUintN(48, (nowNs - this.startNs) / 1000n);
  }

  private context(state: V1PacketState): PacketContext {
    this.current = state;
    return { arch: state, nowNs: state.nowNs };
  }

  private fieldList(index: number): (from: Struct, to: Struct) => void {
    let copier = this.fieldLists.get(index);
    if (copier === undefined) {
      copier = fieldListCopier(this.metaType, index);
      this.fieldLists.set(index, copier);
    }
    return copier;
  }

  private preserving(ref: FieldListRef | undefined, meta: Struct): ((fresh: Struct) => void) | undefined {
    if (ref === undefined || ref === -1) return undefined;
    const snapshot = this.copyMetadata(meta);
    if (typeof ref === 'string') {
      // The deprecated forms given the whole user-metadata struct keep all of it.
      if (!('name' in this.metaType) || this.metaType.name !== ref) return undefined;
      return (fresh) => Object.assign(fresh, this.copyMetadata(snapshot));
    }
    const copy = this.fieldList(ref);
    return (fresh) => copy(snapshot, fresh);
  }

  private freshMetadata(preserve: ((meta: Struct) => void) | undefined): Struct {
    const meta = this.newMetadata() as Struct;
    preserve?.(meta);
    return meta;
  }

  /** Fresh standard metadata with the given fields (those the program's struct declares). */
  private standardMetadata(ingressPort: number, instanceType: number, packetLength: number, egressRid: number): Struct {
    const sm = this.newStandardMetadata() as Struct;
    sm.ingress_port = ingressPort;
    sm.instance_type = instanceType;
    sm.packet_length = packetLength;
    if ('egress_rid' in sm) sm.egress_rid = egressRid;
    return sm;
  }

  /** Runs the parser and checksum verification; returns headers, metadata and the parser error index. */
  private parse(state: V1PacketState, ctx: PacketContext, meta: Struct, sm: Struct): { hdr: Value; meta: Struct; sm: Struct } {
    const [parser, verify] = this.blocks;
    const args: Value[] = [undefined as unknown as Value, this.newHeaders === undefined ? (undefined as unknown as Value) : this.newHeaders(), meta, sm];
    let error: number;
    try {
      error = parser!.run(args, ctx);
    } catch (e) {
      // A compiled parser reports errors by its return value; one that escapes is still a parser error.
      if (!(e instanceof P4ParserError)) throw e;
      error = errorIndexOf(e.errorName, this.errors);
    }
    const hdr = args[1]!;
    const newMeta = args[2] as Struct;
    const newSm = args[3] as Struct;
    if ('parser_error' in newSm) newSm.parser_error = error;
    state.endParsing();
    const verifyArgs: Value[] = [hdr, newMeta];
    verify!.run(verifyArgs, ctx);
    if (state.checksumError && 'checksum_error' in newSm) newSm.checksum_error = 1;
    return { hdr: verifyArgs[0]!, meta: verifyArgs[1] as Struct, sm: newSm };
  }

  private ingress(job: IngressJob, queue: Job[]): void {
    const state = new V1PacketState(job.bytes, job.bytes.length, this.clock());
    const ctx = this.context(state);
    // BMv2 sets ingress_port and the ingress timestamp when a packet arrives on a port; a
    // resubmitted or recirculated packet starts with its standard metadata zeroed (but for
    // instance type and length) and its user metadata zeroed but for the field list.
    const arrived = job.instanceType === InstanceType.NORMAL;
    const sm0 = this.standardMetadata(arrived ? job.port : 0, job.instanceType, job.bytes.length, 0);
    if (arrived && 'ingress_global_timestamp' in sm0) sm0.ingress_global_timestamp = this.microseconds(state.nowNs);
    const parsed = this.parse(state, ctx, this.freshMetadata(job.preserve), sm0);
    const args: Value[] = [parsed.hdr, parsed.meta, parsed.sm];
    this.blocks[2]!.run(args, ctx);
    const hdr = args[0]!;
    const meta = args[1] as Struct;
    const sm = args[2] as Struct;
    if (state.legacyDrop) {
      sm.egress_spec = DROP_PORT;
      sm.mcast_grp = 0;
    }
    if (state.clone !== undefined) this.ingressClone(job, state, meta, queue);
    if (state.digest !== undefined) {
      const digest: Digest = state.digest;
      digest.timestampNs = state.nowNs;
      for (const listener of this.digestListeners) listener(digest);
    }
    if (state.resubmit !== undefined) {
      queue.push({
        kind: 'ingress',
        bytes: job.bytes,
        port: job.port,
        instanceType: InstanceType.RESUBMIT,
        preserve: this.preserving(state.resubmit, meta),
        pass: job.pass + 1,
      });
      return;
    }
    const group = Number(sm.mcast_grp ?? 0);
    const egressSpec = Number(sm.egress_spec ?? 0);
    if (group === 0 && egressSpec === DROP_PORT) return;
    const carried: Carried = {
      payload: state.payload,
      ingressLength: state.ingressLength,
      truncateLength: state.truncateLength,
      recirculate: state.recirculate,
    };
    if (group !== 0) {
      for (const replica of this.replication.group(group) ?? []) {
        const copy = this.copyStandardMetadata(sm);
        copy.egress_rid = replica.rid;
        copy.instance_type = InstanceType.REPLICATION;
        queue.push({ kind: 'egress', hdr: this.copyHeaders(hdr), meta: this.copyMetadata(meta), sm: copy, port: replica.port, carried, pass: job.pass });
      }
      return;
    }
    // A unicast packet is NORMAL in egress, even after a resubmit or recirculation (BMv2).
    sm.instance_type = InstanceType.NORMAL;
    queue.push({ kind: 'egress', hdr, meta, sm, port: egressSpec, carried, pass: job.pass });
  }

  /**
   * I2E: the packet as received, parsed again (with its ingress_port, which the parser may
   * read); then, as BMv2 does, every metadata field is zeroed but for the field list.
   */
  private ingressClone(job: IngressJob, original: V1PacketState, meta: Struct, queue: Job[]): void {
    const request = original.clone!;
    const session = this.replication.session(request.session);
    if (session === undefined) return;
    const preserve = this.preserving(request.fieldList, meta);
    for (const replica of this.replication.sessionReplicas(session)) {
      const state = new V1PacketState(job.bytes, job.bytes.length, original.nowNs);
      const ctx = this.context(state);
      const parsed = this.parse(state, ctx, this.freshMetadata(undefined), this.standardMetadata(job.port, InstanceType.NORMAL, job.bytes.length, 0));
      queue.push({
        kind: 'egress',
        hdr: parsed.hdr,
        meta: this.freshMetadata(preserve),
        sm: this.standardMetadata(0, InstanceType.INGRESS_CLONE, job.bytes.length, replica.rid),
        port: replica.port,
        carried: { payload: state.payload, ingressLength: job.bytes.length, truncateLength: truncation(session.truncateLength), recirculate: undefined },
        pass: job.pass + 1,
      });
    }
    this.current = original;
  }

  private egress(job: EgressJob, queue: Job[], outputs: OutputPacket[]): void {
    const carried = job.carried;
    const state = new V1PacketState(NO_BYTES, carried.ingressLength, this.clock());
    state.payload = carried.payload;
    state.truncateLength = carried.truncateLength;
    state.recirculate = carried.recirculate;
    const ctx = this.context(state);
    const sm0 = job.sm;
    sm0.egress_port = job.port;
    // BMv2 sets egress_spec to 512 before egress, which its 9-bit field holds as 0.
    sm0.egress_spec = 0;
    sm0.packet_length = carried.ingressLength;
    if ('egress_global_timestamp' in sm0) sm0.egress_global_timestamp = this.microseconds(state.nowNs);
    const args: Value[] = [job.hdr, job.meta, sm0];
    this.blocks[3]!.run(args, ctx);
    let hdr = args[0]!;
    let meta = args[1] as Struct;
    const sm = args[2] as Struct;
    if (state.legacyDrop) sm.egress_spec = DROP_PORT;

    if (state.clone !== undefined) {
      const session = this.replication.session(state.clone.session);
      if (session !== undefined) {
        const preserve = this.preserving(state.clone.fieldList, meta);
        for (const replica of this.replication.sessionReplicas(session)) {
          // The copy keeps the headers; all metadata is zeroed but for the field list (BMv2).
          const cloneSm = this.standardMetadata(0, InstanceType.EGRESS_CLONE, state.ingressLength, replica.rid);
          queue.push({
            kind: 'egress',
            hdr: this.copyHeaders(hdr),
            meta: this.freshMetadata(preserve),
            sm: cloneSm,
            port: replica.port,
            carried: { payload: state.payload, ingressLength: state.ingressLength, truncateLength: truncation(session.truncateLength), recirculate: undefined },
            pass: job.pass + 1,
          });
        }
      }
    }
    if (Number(sm.egress_spec ?? 0) === DROP_PORT) return;

    const checksumArgs: Value[] = [hdr, meta];
    this.blocks[4]!.run(checksumArgs, ctx);
    hdr = checksumArgs[0]!;
    meta = checksumArgs[1] as Struct;
    this.packetOut.writer.reset();
    state.packetOut = this.packetOut;
    this.blocks[5]!.run([undefined as unknown as Value, hdr], ctx);
    let bytes = this.packetOut.finish(state.payload);

    if (state.recirculate !== undefined) {
      queue.push({
        kind: 'ingress',
        bytes,
        port: Number(sm.ingress_port ?? 0),
        instanceType: InstanceType.RECIRC,
        preserve: this.preserving(state.recirculate, meta),
        pass: job.pass + 1,
      });
      return;
    }
    if (state.truncateLength !== undefined && state.truncateLength < bytes.length) bytes = bytes.slice(0, state.truncateLength);
    outputs.push({ port: job.port, bytes });
  }
}

/** A mirroring session's packet_length_bytes: 0 means no truncation. */
function truncation(length: number): number | undefined {
  return length > 0 ? length : undefined;
}

function errorIndexOf(name: string, errors: readonly string[]): number {
  const i = errors.indexOf(name);
  return i < 0 ? 0 : i;
}
