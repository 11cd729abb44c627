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
// with zeroed metadata plus the fields of its @field_list.

import type { P4Type } from '../../ir/types.js';
import type { CompiledBlock, CompiledProgram, PacketContext, ProgramInstance, StoredEntry, Value } from '../../runtime/abi.js';
import { P4ParserError } from '../../runtime/abi.js';
import { seededRandom } from '../../runtime/hash.js';
import { PacketOut } from '../../runtime/packet-out.js';
import { setHitListener } from '../../runtime/table.js';
import { zeroValue } from '../../runtime/value-codec.js';
import { copyValue } from '../../runtime/value-copy.js';
import { V1ModelBinding } from './binding.js';
import { V1ModelError } from './extern-objects.js';
import { DROP_PORT } from './extern-functions.js';
import { fieldListCopier } from './field-list.js';
import { type DigestRequest, V1PacketState } from './packet-state.js';
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

export interface Digest extends DigestRequest {
  /** Switch time of the packet that sent it, ns. */
  readonly timestampNs: bigint;
}

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

interface EgressJob {
  readonly kind: 'egress';
  readonly hdr: Value;
  readonly meta: Struct;
  readonly sm: Struct;
  readonly state: V1PacketState;
  readonly port: number;
  readonly truncateLength: number;
  readonly pass: number;
}

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
  private readonly hdrType: P4Type;
  private readonly metaType: P4Type;
  private readonly smType: P4Type;
  private readonly clock: () => bigint;
  private readonly startNs: bigint;
  private readonly maxPasses: number;
  private readonly fieldLists = new Map<number, (from: Struct, to: Struct) => void>();
  private readonly digestListeners: ((d: Digest) => void)[] = [];
  private current: V1PacketState | undefined;
  private readonly errors: readonly string[];

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
    this.errors = compiled.errors;
    this.binding = new V1ModelBinding(this.clock, { errors: compiled.errors, random, log });
    this.program = compiled.instantiate(this.binding);
    this.blocks = this.program.blocks;
    if (this.blocks.length !== 6) throw new V1ModelError(`V1Switch needs 6 blocks, the program gives ${this.blocks.length}`);
    const parser = this.blocks[0]!;
    this.hdrType = parser.params[1]!.type;
    this.metaType = parser.params[2]!.type;
    this.smType = parser.params[3]!.type;
    this.binding.attachTables(this.program.tables.values());
    for (const table of this.program.tables.values()) {
      const counted = table.spec.directCounter !== undefined;
      const name = table.spec.name;
      setHitListener(table, (entry: StoredEntry) => {
        const state = this.current;
        if (state === undefined) return;
        state.lastHit.set(name, entry);
        entry.lastHitNs = this.clock();
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
    try {
      while (queue.length > 0) {
        const job = queue.shift()!;
        if (job.pass >= this.maxPasses) continue;
        if (job.kind === 'ingress') this.ingress(job, queue);
        else this.egress(job, queue, outputs);
      }
    } finally {
      this.current = undefined;
    }
    return outputs;
  }

  private microseconds(): bigint {
    return BigInt.asUintN(48, (this.clock() - this.startNs) / 1000n);
  }

  private context(state: V1PacketState): PacketContext {
    this.current = state;
    return { arch: state };
  }

  private fieldList(index: number): (from: Struct, to: Struct) => void {
    let copier = this.fieldLists.get(index);
    if (copier === undefined) {
      copier = fieldListCopier(this.metaType, index);
      this.fieldLists.set(index, copier);
    }
    return copier;
  }

  private preserving(index: number | undefined, meta: Struct): ((fresh: Struct) => void) | undefined {
    if (index === undefined || index < 0) return undefined;
    const snapshot = copyValue(meta);
    const copy = this.fieldList(index);
    return (fresh) => copy(snapshot, fresh);
  }

  private freshMetadata(preserve: ((meta: Struct) => void) | undefined): Struct {
    const meta = zeroValue(this.metaType) as Struct;
    preserve?.(meta);
    return meta;
  }

  private standardMetadata(fields: Record<string, Value>): Struct {
    const sm = zeroValue(this.smType) as Struct;
    for (const [k, v] of Object.entries(fields)) if (k in sm) sm[k] = v;
    return sm;
  }

  /** Runs the parser and checksum verification; returns headers, metadata and the parser error index. */
  private parse(state: V1PacketState, ctx: PacketContext, meta: Struct, sm: Struct): { hdr: Value; meta: Struct; sm: Struct } {
    const [parser, verify] = this.blocks;
    const args: Value[] = [undefined as unknown as Value, zeroValue(this.hdrType), meta, sm];
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
    state.payload = state.packetIn.payload();
    const verifyArgs: Value[] = [hdr, newMeta];
    verify!.run(verifyArgs, ctx);
    if (state.checksumError && 'checksum_error' in newSm) newSm.checksum_error = 1;
    return { hdr: verifyArgs[0]!, meta: verifyArgs[1] as Struct, sm: newSm };
  }

  private ingress(job: IngressJob, queue: Job[]): void {
    const state = new V1PacketState(job.bytes, job.bytes.length);
    const ctx = this.context(state);
    const sm0 = this.standardMetadata({
      ingress_port: job.port,
      instance_type: job.instanceType,
      packet_length: job.bytes.length,
      ingress_global_timestamp: this.microseconds(),
    });
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
    const truncateLength = state.truncateLength ?? 0;

    if (state.clone !== undefined) this.ingressClone(job, state, meta, queue);
    if (state.digest !== undefined) {
      const digest: Digest = { ...state.digest, timestampNs: this.clock() };
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
    if (group !== 0) {
      for (const replica of this.replication.group(group) ?? []) {
        const copy = copyValue(sm);
        copy.egress_rid = replica.rid;
        copy.instance_type = InstanceType.REPLICATION;
        queue.push({ kind: 'egress', hdr: copyValue(hdr), meta: copyValue(meta), sm: copy, state, port: replica.port, truncateLength, pass: job.pass });
      }
      return;
    }
    const egressSpec = Number(sm.egress_spec ?? 0);
    if (egressSpec === DROP_PORT) return;
    queue.push({ kind: 'egress', hdr, meta, sm, state, port: egressSpec, truncateLength, pass: job.pass });
  }

  /** I2E: the packet as received, parsed again, with fresh metadata (plus the field list). */
  private ingressClone(job: IngressJob, original: V1PacketState, meta: Struct, queue: Job[]): void {
    const request = original.clone!;
    const session = this.replication.session(request.session);
    if (session === undefined) return;
    const preserve = this.preserving(request.fieldList, meta);
    for (const replica of session.replicas) {
      const state = new V1PacketState(job.bytes, job.bytes.length);
      const ctx = this.context(state);
      const sm = this.standardMetadata({
        ingress_port: job.port,
        instance_type: InstanceType.INGRESS_CLONE,
        packet_length: job.bytes.length,
        egress_rid: replica.rid,
      });
      const parsed = this.parse(state, ctx, this.freshMetadata(preserve), sm);
      parsed.sm.instance_type = InstanceType.INGRESS_CLONE;
      parsed.sm.egress_rid = replica.rid;
      queue.push({ kind: 'egress', hdr: parsed.hdr, meta: parsed.meta, sm: parsed.sm, state, port: replica.port, truncateLength: session.truncateLength, pass: job.pass + 1 });
    }
    this.current = original;
  }

  private egress(job: EgressJob, queue: Job[], outputs: OutputPacket[]): void {
    const state = job.state;
    state.startPass();
    state.truncateLength = job.truncateLength > 0 ? job.truncateLength : undefined;
    const ctx = this.context(state);
    const sm0 = job.sm;
    sm0.egress_port = job.port;
    if ('egress_global_timestamp' in sm0) sm0.egress_global_timestamp = this.microseconds();
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
        for (const replica of session.replicas) {
          const cloneSm = this.standardMetadata({
            ingress_port: sm.ingress_port,
            instance_type: InstanceType.EGRESS_CLONE,
            packet_length: sm.packet_length,
            egress_rid: replica.rid,
          });
          const cloneState = new V1PacketState(new Uint8Array(), state.ingressLength);
          cloneState.payload = state.payload;
          queue.push({
            kind: 'egress',
            hdr: copyValue(hdr),
            meta: this.freshMetadata(preserve),
            sm: cloneSm,
            state: cloneState,
            port: replica.port,
            truncateLength: session.truncateLength,
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
    state.packetOut = new PacketOut();
    this.blocks[5]!.run([undefined as unknown as Value, hdr], ctx);
    let bytes = state.packetOut.finish(state.payload);

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

function errorIndexOf(name: string, errors: readonly string[]): number {
  const i = errors.indexOf(name);
  return i < 0 ? 0 : i;
}
