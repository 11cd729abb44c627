// The server-side sampler: reads /proc/stat, measures each core's utilisation since the
// previous sample, smooths it, and picks the n least-loaded cores to report. Encoding the
// samples into load-report packets is a separate layer over src/packet/.

import { readFileSync } from 'node:fs';
import { AgentError } from './agent-error.js';
import { utilisationBetween } from './core-utilisation.js';
import { LoadSmoother, toLoad255 } from './load-smoother.js';
import { type CpuTimes, parseProcStat } from './proc-stat.js';

/** What one report carries for a core: its id and 8-bit smoothed load. */
export interface LoadSample {
  cpuId: number;
  load: number;
}

/** Report formats name the core in 8 bits; higher CPU numbers cannot be reported. */
export const MAX_REPORTABLE_CPU = 255;

export interface LoadSamplerOptions {
  /** Smoothing factor in (0, 1]. */
  alpha: number;
  /** How many of the least-loaded cores each sample reports (at least 1). */
  reportCores: number;
  /** Returns /proc/stat text; defaults to reading /proc/stat. */
  readStat?: () => string;
}

/** Reads /proc/stat (or a file in its format, such as an lxcfs view). */
export function readProcStat(path = '/proc/stat'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new AgentError('PROC_STAT_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`);
  }
}

export class LoadSampler {
  private readonly smoother: LoadSmoother;
  private readonly reportCores: number;
  private readonly readStat: () => string;
  private previous: CpuTimes[] | undefined;

  constructor(options: LoadSamplerOptions) {
    if (!Number.isInteger(options.reportCores) || options.reportCores < 1) {
      throw new AgentError('AGENT_BAD_OPTION', `reportCores must be a positive integer, got ${options.reportCores}`);
    }
    this.smoother = new LoadSmoother(options.alpha);
    this.reportCores = options.reportCores;
    this.readStat = options.readStat ?? (() => readProcStat());
  }

  /**
   * Takes a sample and returns the least-loaded cores (up to reportCores), least loaded
   * first, ties by core id. The first call only records a baseline and returns [].
   */
  sample(): LoadSample[] {
    const current = parseProcStat(this.readStat()).filter((cpu) => cpu.cpuId <= MAX_REPORTABLE_CPU);
    const previous = this.previous;
    this.previous = current;
    if (previous === undefined) return [];
    this.smoother.update(utilisationBetween(previous, current));
    this.smoother.retain(new Set(current.map((cpu) => cpu.cpuId)));
    return leastLoaded(this.smoother.values(), this.reportCores);
  }
}

/** The n least-loaded cores of a utilisation map, as 8-bit loads, least loaded first. */
export function leastLoaded(utilisation: ReadonlyMap<number, number>, n: number): LoadSample[] {
  return [...utilisation]
    .map(([cpuId, u]) => ({ cpuId, load: toLoad255(u) }))
    .sort((a, b) => a.load - b.load || a.cpuId - b.cpuId)
    .slice(0, n);
}
