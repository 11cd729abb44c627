// The simulator as a PipelineTarget: P4 source -> front end -> P4Info + back end ->
// SoftwareSwitch (v1model), and the control-plane view of that switch the server needs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileProgram } from '../backend/compile.js';
import type { CheckedProgram } from '../frontend/checked-program.js';
import { frontendSource, type FrontendOptions } from '../frontend/frontend.js';
import { generateP4Info } from '../p4info/generate.js';
import type { StoredEntry } from '../runtime/abi.js';
import { createTable } from '../runtime/table.js';
import { SoftwareSwitch } from '../switch.js';
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

/** The control-plane surface of a software switch, as the P4Runtime server sees it. */
export function softwareSwitchTarget(sw: SoftwareSwitch): PipelineTarget {
  const { binding } = sw.pipeline;
  const { replication } = sw;
  const unsubscribers: (() => void)[] = [];
  const subscribed = (unsubscribe: () => void): (() => void) => {
    unsubscribers.push(unsubscribe);
    return unsubscribe;
  };
  const meters = mapValues(binding.meters, ({ cells }): MeterCells => ({
    size: cells.size,
    configure: (index, rates) => cells.configure(index, rates, sw.nowNs()),
    configOf: (index) => cells.configOf(index),
  }));
  return {
    tables: sw.tables,
    counters: mapValues(binding.counters, ({ cells }): CounterCells => cells),
    registers: mapValues(binding.registers, ({ cells }): RegisterCells => cells),
    meters,
    valueSets: sw.pipeline.program.valueSets,
    configureDirectMeter: (_table, entry: StoredEntry, rates) => sw.configureDirectMeter(entry, rates),
    directMeterConfig: (_table, entry) => sw.directMeterConfig(entry),
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
    injectPacket: (port, frame) => void sw.inject(port, frame),
    subscribeOutput: (listener) => subscribed(sw.onPacket((packet) => listener(packet.port, packet.bytes))),
    subscribePort: (port, listener) => subscribed(sw.onPacket((packet) => {
      if (packet.port === port) listener(packet.bytes);
    })),
    subscribeDigests: (listener) => subscribed(sw.onDigest((digest) => listener(digest.typeName, digest.value))),
    nowNs: () => sw.nowNs(),
    close() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };
}

/**
 * The front end on a pushed program. Included files are written to a temporary directory
 * that the preprocessor searches first, and removed afterwards.
 */
function checkPushedProgram(program: P4Program, options: FrontendOptions = {}): CheckedProgram {
  const includes = Object.entries(program.includes ?? {});
  if (includes.length === 0) return frontendSource(program.source, program.fileName, options);
  const dir = mkdtempSync(join(tmpdir(), 'corelb-sim-p4-'));
  try {
    for (const [path, text] of includes) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    return frontendSource(program.source, program.fileName, { ...options, includeDirs: [dir, ...(options.includeDirs ?? [])] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles P4 source for the v1model simulator; front-end and back-end errors propagate with their messages. */
export function simPipelineLoader(options: SimLoaderOptions = {}): PipelineLoader {
  return (program: P4Program): LoadedPipeline => {
    const checked = checkPushedProgram(program, options.frontend);
    const p4info = generateP4Info(checked, { arch: 'v1model' });
    const start = process.hrtime.bigint();
    const clock = options.clock ?? (() => process.hrtime.bigint() - start);
    const compiled = compileProgram(checked, { tableFactory: createTable, clock });
    const sw = SoftwareSwitch.fromCompiled(compiled, { clock, randomSeed: options.randomSeed, log: options.log });
    return { p4info, target: softwareSwitchTarget(sw) };
  };
}
