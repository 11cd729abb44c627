// The agent's loop: every interval, take a sample (smoothed loads of the n least-loaded cores)
// and send one report per core. A failed send is counted and reported to onError, and the loop
// goes on: a full queue or a link going down for a moment must not stop the reports for good.

import { nowTimestamp48 } from '../packet/index.js';
import { AgentError } from './agent-error.js';
import type { LoadSample } from './load-sampler.js';
import type { ReportEncoder } from './report-encoders.js';
import type { ReportSink } from './report-sinks.js';

export interface Sampler {
  /** The cores to report now, least loaded first; [] when there is nothing to report yet. */
  sample(): LoadSample[];
}

export interface ReportAgentOptions {
  sampler: Sampler;
  encoder: ReportEncoder;
  sink: ReportSink;
  /** The send time of a report as a 48-bit microsecond timestamp; defaults to the system clock. */
  clock?: () => number;
  onError?: (err: AgentError) => void;
}

export interface ReportAgentStats {
  /** Samples that produced reports (the first, baseline sample does not). */
  rounds: number;
  reportsSent: number;
  sendErrors: number;
}

export class ReportAgent {
  readonly stats: ReportAgentStats = { rounds: 0, reportsSent: 0, sendErrors: 0 };
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private finished: (() => void) | undefined;

  constructor(private readonly options: ReportAgentOptions) {
    this.clock = options.clock ?? nowTimestamp48;
  }

  /** Samples once and sends a report per sampled core; returns the reports sent. */
  tick(): number {
    const samples = this.options.sampler.sample();
    if (samples.length === 0) return 0;
    this.stats.rounds += 1;
    let sent = 0;
    for (const sample of samples) {
      const packet = this.options.encoder.encode(sample, this.clock());
      try {
        this.options.sink.send(packet);
        sent += 1;
      } catch (err) {
        if (!(err instanceof AgentError)) throw err;
        this.stats.sendErrors += 1;
        this.options.onError?.(err);
      }
    }
    this.stats.reportsSent += sent;
    return sent;
  }

  /**
   * Takes the baseline sample now, then ticks every intervalMs. Resolves after `rounds` rounds
   * of reports (when given) or when stop() is called; rejects, stopped, when a tick throws
   * (sampling failed, or a bug: failed sends are only counted).
   */
  run(intervalMs: number, rounds?: number): Promise<void> {
    if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new AgentError('AGENT_BAD_OPTION', `interval must be positive, got ${intervalMs}`);
    if (this.timer !== undefined) throw new AgentError('AGENT_BAD_OPTION', 'the agent is already running');
    return new Promise((resolve, reject) => {
      const done = (): boolean => rounds !== undefined && this.stats.rounds >= rounds;
      const tickOrFail = (): boolean => {
        try {
          this.tick();
          return true;
        } catch (err) {
          this.halt();
          reject(err as Error);
          return false;
        }
      };
      this.finished = resolve;
      if (!tickOrFail()) return;
      if (done()) {
        this.stop();
        return;
      }
      this.timer = setInterval(() => {
        if (tickOrFail() && done()) this.stop();
      }, intervalMs);
    });
  }

  /** Stops the loop and resolves run() (the sink stays open: its owner closes it). */
  stop(): void {
    const finished = this.finished;
    this.halt();
    finished?.();
  }

  private halt(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.finished = undefined;
  }
}
