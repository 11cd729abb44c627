// Per-CPU time counters from Linux /proc/stat (proc(5)): lines `cpuN user nice system
// idle iowait irq softirq steal guest guest_nice`, in USER_HZ ticks since boot. guest and
// guest_nice are already counted in user and nice, so they are left out of the total.
// Kernels before 2.6 have only the first four fields; missing ones count as 0.

import { AgentError } from './agent-error.js';

export interface CpuTimes {
  cpuId: number;
  /** All ticks: user + nice + system + idle + iowait + irq + softirq + steal. */
  total: number;
  /** Ticks doing work: total - idle - iowait. */
  busy: number;
}

const COUNTED_FIELDS = 8;

/** Parses the per-CPU lines of /proc/stat text (the aggregate `cpu` line is skipped). */
export function parseProcStat(text: string): CpuTimes[] {
  const cpus: CpuTimes[] = [];
  const seen = new Set<number>();
  text.split('\n').forEach((line, lineIndex) => {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line.trim());
    if (match === null) return;
    const where = `/proc/stat line ${lineIndex + 1}`;
    const cpuId = Number(match[1]);
    const fields = match[2]!.trim().split(/\s+/);
    if (fields.length < 4) throw new AgentError('PROC_STAT_MALFORMED', `${where}: cpu${cpuId} has ${fields.length} fields, expected at least 4`);
    const ticks = fields.slice(0, COUNTED_FIELDS).map((field) => {
      if (!/^\d+$/.test(field)) throw new AgentError('PROC_STAT_MALFORMED', `${where}: "${field}" is not a tick count`);
      return Number(field);
    });
    if (seen.has(cpuId)) throw new AgentError('PROC_STAT_MALFORMED', `${where}: cpu${cpuId} appears twice`);
    seen.add(cpuId);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    const idle = ticks[3]! + (ticks[4] ?? 0);
    cpus.push({ cpuId, total, busy: total - idle });
  });
  if (cpus.length === 0) throw new AgentError('PROC_STAT_MALFORMED', '/proc/stat has no per-CPU lines');
  return cpus;
}
