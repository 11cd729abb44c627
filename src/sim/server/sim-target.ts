// The simulator as a PipelineTarget: P4 source -> front end -> P4Info + back end ->
// v1model pipeline, and the control-plane view of that pipeline the server needs.
import { V1ModelPipeline } from '../arch/v1model/pipeline.js';
import { compileProgram } from '../backend/compile.js';
import { frontendSource, type FrontendOptions } from '../frontend/frontend.js';
import { generateP4Info } from '../p4info/generate.js';
import type { StoredEntry } from '../runtime/abi.js';
import { MeterState } from '../runtime/meter.js';
import { createTable } from '../runtime/table.js';
import type {
  CloneSession, CounterCells, LoadedPipeline, MeterCells, P4Program, PipelineLoader, PipelineTarget, RegisterCells, Replica,
} from './pipeline-target.js';

export interface SimLoaderOptions {
  /** Preprocessor options (include paths, defines). */
  readonly frontend?: FrontendOptions;
  /** Switch clock in ns; default process.hrtime from load time. */
  readonly clock?: () => bigint;
  readonly randomSeed?: number;
  /** Receives log_msg output. */
  readonly log?: (message: string) => void;
}

function mapValues<K, V, W>(map: ReadonlyMap<K, V>, f: (v: V) => W): Map<K, W> {
  return new Map([...map].map(([k, v]) => [k, f(v)]));
}

/** The control-plane surface of a running v1model pipeline. */
export function v1modelTarget(pipeline: V1ModelPipeline): PipelineTarget {
  const { binding, replication } = pipeline;
  const outputListeners = new Set<(port: number, frame: Uint8Array) => void>();
  const digestUnsubscribers: (() => void)[] = [];
  const meters = mapValues(binding.meters, ({ cells }): MeterCells => ({
    size: cells.size,
    configure: (index, rates) => cells.configure(index, rates, pipeline.nowNs()),
    configOf: (index) => cells.configOf(index),
  }));
  return {
    tables: pipeline.program.tables,
    counters: mapValues(binding.counters, ({ cells }): CounterCells => cells),
    registers: mapValues(binding.registers, ({ cells }): RegisterCells => cells),
    meters,
    configureDirectMeter(_table, entry: StoredEntry, rates) {
      entry.meterState = rates === undefined ? undefined : new MeterState(rates, pipeline.nowNs());
    },
    directMeterConfig: (_table, entry) => (entry.meterState as MeterState | undefined)?.config,
    setMulticastGroup(groupId: number, replicas: readonly Replica[] | undefined) {
      const exists = replication.group(groupId) !== undefined;
      if (replicas === undefined) {
        if (exists) replication.writeGroup('delete', groupId);
        return;
      }
      replication.writeGroup(exists ? 'modify' : 'insert', groupId, replicas.map((r) => ({ port: r.port, rid: r.instance })));
    },
    setCloneSession(sessionId: number, session: CloneSession | undefined) {
      const exists = replication.session(sessionId) !== undefined;
      if (session === undefined) {
        if (exists) replication.writeSession('delete', sessionId);
        return;
      }
      replication.writeSession(exists ? 'modify' : 'insert', sessionId, {
        replicas: session.replicas.map((r) => ({ port: r.port, rid: r.instance })),
        truncateLength: session.packetLengthBytes,
      });
    },
    injectPacket(port, frame) {
      for (const out of pipeline.process(port, frame)) {
        for (const listener of outputListeners) listener(out.port, out.bytes);
      }
    },
    subscribeOutput(listener) {
      outputListeners.add(listener);
      return () => outputListeners.delete(listener);
    },
    subscribeDigests(listener) {
      const unsubscribe = pipeline.onDigest((digest) => listener(digest.typeName, digest.value));
      digestUnsubscribers.push(unsubscribe);
      return unsubscribe;
    },
    nowNs: () => pipeline.nowNs(),
    close() {
      outputListeners.clear();
      for (const unsubscribe of digestUnsubscribers.splice(0)) unsubscribe();
    },
  };
}

/** Compiles P4 source for the v1model simulator; front-end and back-end errors propagate with their messages. */
export function simPipelineLoader(options: SimLoaderOptions = {}): PipelineLoader {
  return (program: P4Program): LoadedPipeline => {
    const checked = frontendSource(program.source, program.fileName, options.frontend);
    const p4info = generateP4Info(checked, { arch: 'v1model' });
    const start = process.hrtime.bigint();
    const clock = options.clock ?? (() => process.hrtime.bigint() - start);
    const compiled = compileProgram(checked, { tableFactory: createTable, clock });
    const pipeline = new V1ModelPipeline(compiled, { clock, randomSeed: options.randomSeed, log: options.log });
    return { p4info, target: v1modelTarget(pipeline) };
  };
}
