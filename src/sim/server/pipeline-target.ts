// What the P4Runtime server needs from a loaded P4 program: its tables (the abi's
// TableRuntime), the control-plane side of its externs, the packet replication engine,
// packet injection and the packets and digests it produces. The simulator's
// SoftwareSwitch provides this; the server never reaches into the switch past it.
import type { P4Info } from '../../proto/p4/config/v1/p4info.js';
import type { StoredEntry, TableRuntime, Value, ValueSetRuntime } from '../runtime/abi.js';

export interface CounterCell {
  packets: bigint;
  bytes: bigint;
}

/** An indexed counter; index checks are the server's, so these may assume 0 <= index < size. */
export interface CounterCells {
  readonly size: number;
  read(index: number): CounterCell;
  write(index: number, cell: CounterCell): void;
}

/** Two-rate three-color meter rates: units (packets or bytes) per second and burst sizes in units. */
export interface MeterRates {
  readonly cir: number;
  readonly cbs: number;
  readonly pir: number;
  readonly pbs: number;
}

export interface MeterCells {
  readonly size: number;
  /** `undefined` returns the cell to unconfigured (every packet GREEN). */
  configure(index: number, rates: MeterRates | undefined): void;
  configOf(index: number): MeterRates | undefined;
}

/** A register as unsigned bit patterns of its cell width. */
export interface RegisterCells {
  readonly size: number;
  readonly width: number;
  readBits(index: number): bigint;
  writeBits(index: number, bits: bigint): void;
}

export interface Replica {
  readonly port: number;
  readonly instance: number;
}

export interface CloneSession {
  readonly replicas: readonly Replica[];
  readonly classOfService: number;
  /** Truncate clones to this many bytes; 0 keeps them whole. */
  readonly packetLengthBytes: number;
}

export interface PipelineTarget {
  /** Every table, by fully qualified name (the names P4Info uses). */
  readonly tables: ReadonlyMap<string, TableRuntime>;
  readonly counters: ReadonlyMap<string, CounterCells>;
  readonly meters: ReadonlyMap<string, MeterCells>;
  readonly registers: ReadonlyMap<string, RegisterCells>;
  /** Parser value sets, by fully qualified name: the control plane replaces their members. */
  readonly valueSets: ReadonlyMap<string, ValueSetRuntime>;
  /** Direct meters live with table entries; the target owns their state. */
  configureDirectMeter(table: TableRuntime, entry: StoredEntry, rates: MeterRates | undefined): void;
  directMeterConfig(table: TableRuntime, entry: StoredEntry): MeterRates | undefined;
  /** `undefined` removes the group / session. */
  setMulticastGroup(groupId: number, replicas: readonly Replica[] | undefined): void;
  setCloneSession(sessionId: number, session: CloneSession | undefined): void;
  /** Feeds one frame into the pipeline as received on `port`. */
  injectPacket(port: number, frame: Uint8Array): void;
  /** Every frame the pipeline emits, with its egress port. Returns the unsubscribe function. */
  subscribeOutput(listener: (port: number, frame: Uint8Array) => void): () => void;
  /** Every frame the pipeline emits on one port. Returns the unsubscribe function. */
  subscribePort(port: number, listener: (frame: Uint8Array) => void): () => void;
  /** Every `digest(receiver, data)` the pipeline executes, by digest name (the type's P4Info name). */
  subscribeDigests(listener: (digestName: string, data: Value) => void): () => void;
  /** The switch clock, ns; table entries' last-hit times are on it. */
  nowNs(): bigint;
  /** Releases timers and listeners when the pipeline is replaced or the server stops. */
  close(): void;
}

/** The P4 program a SetForwardingPipelineConfig carries, decoded from p4_device_config. */
export interface P4Program {
  readonly fileName: string;
  readonly source: string;
  /** Files the source `#include`s by relative path ("include/headers.p4" -> its text). */
  readonly includes?: Readonly<Record<string, string>>;
}

/** A program compiled and instantiated, not yet forwarding. */
export interface LoadedPipeline {
  /** P4Info generated from the source: a pushed P4Info must match it. */
  readonly p4info: P4Info;
  readonly target: PipelineTarget;
}

/** Compiles and instantiates a program; throws (with a code, or an RpcError) when it does not compile. */
export type PipelineLoader = (program: P4Program) => LoadedPipeline | Promise<LoadedPipeline>;
