// Exponential smoothing of per-core utilisation:
//   Load_n = alpha * Load_get + (1 - alpha) * Load_{n-1}
// where Load_get is the utilisation just measured. A core's first measurement is taken
// as is. alpha = 1 disables smoothing; small alphas react slowly but ignore bursts.

import { AgentError } from './agent-error.js';
import type { CoreUtilisation } from './core-utilisation.js';

export function checkAlpha(alpha: number): void {
  if (!(Number.isFinite(alpha) && alpha > 0 && alpha <= 1)) {
    throw new AgentError('AGENT_BAD_OPTION', `alpha must be in (0, 1], got ${alpha}`);
  }
}

export class LoadSmoother {
  private readonly smoothed = new Map<number, number>();

  constructor(readonly alpha: number) {
    checkAlpha(alpha);
  }

  /** Folds in one interval's measurements; cores absent from it keep their value. */
  update(measurements: readonly CoreUtilisation[]): void {
    for (const { cpuId, utilisation } of measurements) {
      const previous = this.smoothed.get(cpuId);
      this.smoothed.set(cpuId, previous === undefined ? utilisation : this.alpha * utilisation + (1 - this.alpha) * previous);
    }
  }

  /** Forgets cores that are no longer present (taken offline). */
  retain(cpuIds: ReadonlySet<number>): void {
    for (const cpuId of this.smoothed.keys()) if (!cpuIds.has(cpuId)) this.smoothed.delete(cpuId);
  }

  /** Smoothed utilisation (0..1) per core that has been measured at least once. */
  values(): Map<number, number> {
    return new Map(this.smoothed);
  }
}

/** 0..1 utilisation to the 8-bit load of the report formats (0..255 meaning 0..100 %). */
export function toLoad255(utilisation: number): number {
  return Math.min(255, Math.max(0, Math.round(utilisation * 255)));
}
