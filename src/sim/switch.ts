// SoftwareSwitch: the simulator as one object. Loads a P4 program (front end -> back end ->
// v1model), takes packets on ports and returns what leaves on which port, and gives a
// control plane (the STF runner, the P4Runtime server, tests) access to tables, registers,
// counters, meters, multicast groups, mirroring sessions and digests by name.

import { compileProgram } from './backend/compile.js';
import { frontend, frontendSource, type FrontendOptions } from './frontend/frontend.js';
import { type Digest, type OutputPacket, type V1ModelOptions, V1ModelPipeline } from './arch/v1model/pipeline.js';
import type { ReplicationEngine } from './arch/v1model/replication.js';
import type { CompiledProgram, StoredEntry, TableRuntime, TableSpec, ValueSetRuntime } from './runtime/abi.js';
import type { CounterArray, CounterType } from './runtime/counter.js';
import { type MeterArray, type MeterConfig, MeterState, type MeterType } from './runtime/meter.js';
import type { RegisterArray } from './runtime/register.js';
import { createTable } from './runtime/table.js';

export type { Digest, OutputPacket } from './arch/v1model/pipeline.js';
export { InstanceType, ManualClock } from './arch/v1model/pipeline.js';

export class UnknownNameError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(kind: string, name: string, known: readonly string[]) {
    super(`no ${kind} named ${name}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`);
    this.name = 'UnknownNameError';
  }
}

export class AmbiguousNameError extends Error {
  readonly code = 'INVALID_ARGUMENT';
  constructor(kind: string, name: string, candidates: readonly string[]) {
    super(`${kind} name ${name} is ambiguous: ${candidates.join(', ')}`);
    this.name = 'AmbiguousNameError';
  }
}

/**
 * Finds `name` among fully qualified names: an exact match, else the one name ending in
 * `.name`, else (as p4c's STF runner does) the one name ending in `name`.
 */
export function resolveName(kind: string, name: string, names: Iterable<string>): string {
  const all = [...names];
  if (all.includes(name)) return name;
  for (const matches of [all.filter((n) => n.endsWith(`.${name}`)), all.filter((n) => n.endsWith(name))]) {
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new AmbiguousNameError(kind, name, matches);
  }
  throw new UnknownNameError(kind, name, all);
}

export interface SwitchOptions extends V1ModelOptions {
  /** Preprocessor options (include paths, defines) for loading from P4 source. */
  readonly frontend?: FrontendOptions;
}

export interface DirectCounterInfo {
  readonly type: CounterType;
  readonly table: TableRuntime;
}

export interface DirectMeterInfo {
  readonly type: MeterType;
  readonly table: TableRuntime;
}

/** Back-end options whose tables and lookups share the switch clock. */
function tablesOn(clock: () => bigint) {
  return { tableFactory: (spec: TableSpec) => createTable(spec, { clock }), clock };
}

export class SoftwareSwitch {
  readonly pipeline: V1ModelPipeline;
  private readonly packetListeners: ((packet: OutputPacket) => void)[] = [];

  private constructor(pipeline: V1ModelPipeline) {
    this.pipeline = pipeline;
  }

  /** Compiles and loads the P4 program in `file`. Front-end errors throw FrontendError (file:line:col). */
  static fromFile(file: string, options: SwitchOptions = {}): SoftwareSwitch {
    return SoftwareSwitch.fromCompiledWith((clock) => compileProgram(frontend(file, options.frontend), tablesOn(clock)), options);
  }

  static fromSource(source: string, virtualName: string, options: SwitchOptions = {}): SoftwareSwitch {
    return SoftwareSwitch.fromCompiledWith(
      (clock) => compileProgram(frontendSource(source, virtualName, options.frontend), tablesOn(clock)),
      options,
    );
  }

  /** Runs an already compiled program (its tables must come from createTable). */
  static fromCompiled(compiled: CompiledProgram, options: SwitchOptions = {}): SoftwareSwitch {
    return new SoftwareSwitch(new V1ModelPipeline(compiled, options));
  }

  private static fromCompiledWith(compile: (clock: () => bigint) => CompiledProgram, options: SwitchOptions): SoftwareSwitch {
    // One clock for table idle times and the architecture's timestamps.
    const start = process.hrtime.bigint();
    const clock = options.clock ?? (() => process.hrtime.bigint() - start);
    return new SoftwareSwitch(new V1ModelPipeline(compile(clock), { ...options, clock }));
  }

  /** Sends `bytes` into ingress port `port`; returns every packet that left, in order. */
  inject(port: number, bytes: Uint8Array): OutputPacket[] {
    const outputs = this.pipeline.process(port, bytes);
    for (const out of outputs) for (const listener of this.packetListeners) listener(out);
    return outputs;
  }

  onPacket(listener: (packet: OutputPacket) => void): () => void {
    this.packetListeners.push(listener);
    return () => {
      const i = this.packetListeners.indexOf(listener);
      if (i >= 0) this.packetListeners.splice(i, 1);
    };
  }

  onDigest(listener: (digest: Digest) => void): () => void {
    return this.pipeline.onDigest(listener);
  }

  nowNs(): bigint {
    return this.pipeline.nowNs();
  }

  // ---- control plane --------------------------------------------------------------

  get tables(): ReadonlyMap<string, TableRuntime> {
    return this.pipeline.program.tables;
  }

  table(name: string): TableRuntime {
    return this.tables.get(resolveName('table', name, this.tables.keys()))!;
  }

  register(name: string): RegisterArray {
    const registers = this.pipeline.binding.registers;
    return registers.get(resolveName('register', name, registers.keys()))!.cells;
  }

  counter(name: string): CounterArray {
    const counters = this.pipeline.binding.counters;
    return counters.get(resolveName('counter', name, counters.keys()))!.cells;
  }

  meter(name: string): MeterArray {
    const meters = this.pipeline.binding.meters;
    return meters.get(resolveName('meter', name, meters.keys()))!.cells;
  }

  /** A direct counter's type and the table whose entries hold its cells. */
  directCounter(name: string): DirectCounterInfo {
    const all = this.pipeline.binding.directCounters;
    const full = resolveName('direct counter', name, all.keys());
    return { type: all.get(full)!.type, table: this.tableOwning(full, 'direct counter') };
  }

  directMeter(name: string): DirectMeterInfo {
    const all = this.pipeline.binding.directMeters;
    const full = resolveName('direct meter', name, all.keys());
    return { type: all.get(full)!.type, table: this.tableOwning(full, 'direct meter') };
  }

  /** Configures (or, with undefined, unconfigures: all GREEN) the direct meter cell of a table entry. */
  configureDirectMeter(entry: StoredEntry, config: MeterConfig | undefined): void {
    entry.meterState = config === undefined ? undefined : new MeterState(config, this.nowNs());
  }

  /** The configuration of a table entry's direct meter cell, undefined when unconfigured. */
  directMeterConfig(entry: StoredEntry): MeterConfig | undefined {
    return (entry.meterState as MeterState | undefined)?.config;
  }

  /** Configures one cell of an indexed meter. */
  configureMeter(name: string, index: number, config: MeterConfig | undefined): void {
    this.meter(name).configure(index, config, this.nowNs());
  }

  private tableOwning(externName: string, kind: string): TableRuntime {
    const table = this.pipeline.binding.tableOfDirect(externName);
    if (table === undefined) throw new UnknownNameError(`table using ${kind}`, externName, []);
    return this.tables.get(table)!;
  }

  valueSet(name: string): ValueSetRuntime {
    const sets = this.pipeline.program.valueSets;
    return sets.get(resolveName('value set', name, sets.keys()))!;
  }

  /** Multicast groups and mirroring sessions. */
  get replication(): ReplicationEngine {
    return this.pipeline.replication;
  }
}
