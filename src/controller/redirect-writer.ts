// Batches redirect-table updates to one switch. Updates queued while a Write is in
// flight go out together in the next one (up to `batchSize` per Write call), so a burst
// of new flows costs a few large Writes instead of one RPC per flow. Per-entry outcomes:
//   INSERT answered ALREADY_EXISTS and DELETE answered NOT_FOUND are successes (the
//   switch already is as wanted: a duplicate digest, a replica, a repeated idle report);
//   any other per-entry failure is retried up to `maxAttempts` times, then reported
//   through `onFailed` (logged and counted by the controller), never dropped silently.
// A Write that fails as a whole (switch unreachable) leaves nothing to retry here: the
// session resyncs every flow when the switch is back, so the queue is dropped.
// Later updates for the same flow replace queued ones (an INSERT then a DELETE of a
// flow before the flush sends just the DELETE).

import { type MeterConfigSpec, P4RuntimeError, P4RuntimeWriteError, type SwitchConnection, type Update } from '../p4runtime/index.js';
import { ACTIONS, TABLES } from './dataplane-names.js';
import { type PinnedFlow, flowId, redirectMatch } from './flow-key.js';

export type RedirectOp = 'INSERT' | 'MODIFY' | 'DELETE';

/** How a heavy flow is treated: its DSCP, and with `meter` rate-limited by the entry's direct meter. */
export interface HeavyTreatment {
  markDscp: number;
  meter?: MeterConfigSpec;
}

export interface RedirectUpdate {
  op: RedirectOp;
  flow: PinnedFlow;
  /**
   * A heavy flow: pin_flow_and_mark(dscp), or with a meter pin_flow_metered(dscp) and the
   * meter's configuration in the same entry (TableEntry.meter_config), so the action and its
   * rates change in one update; undefined: pin_flow.
   */
  heavy?: HeavyTreatment;
}

export interface RedirectFailure {
  update: RedirectUpdate;
  code: string;
  message: string;
  attempts: number;
}

export interface RedirectWriterOptions {
  idleTimeoutNs: bigint;
  batchSize?: number;
  maxAttempts?: number;
  onFailed: (failure: RedirectFailure) => void;
  onWritten?: (op: RedirectOp, count: number) => void;
}

interface Queued {
  update: RedirectUpdate;
  attempts: number;
}

export class RedirectWriter {
  private queue = new Map<string, Queued>();
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly idle: Array<() => void> = [];

  constructor(
    private readonly conn: SwitchConnection,
    private readonly options: RedirectWriterOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  get pending(): number {
    return this.queue.size;
  }

  enqueue(update: RedirectUpdate): void {
    if (this.closed) return;
    this.queue.set(flowId(update.flow.key), { update, attempts: 0 });
    this.schedule();
  }

  /** Resolves when everything queued so far has been written (or reported failed). */
  drained(): Promise<void> {
    if (this.queue.size === 0 && this.flushing === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Drops the queue (the switch went away; the next sync rewrites every flow). */
  close(): void {
    this.closed = true;
    this.queue.clear();
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private schedule(): void {
    if (this.scheduled || this.flushing !== undefined) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.queue.size > 0 && !this.closed) this.schedule();
        else for (const resolve of this.idle.splice(0)) resolve();
      });
    });
  }

  private toUpdate(u: RedirectUpdate): Update {
    const e = this.conn.entities;
    const match = redirectMatch(u.flow.key);
    const type = u.op === 'INSERT' ? 1 : u.op === 'MODIFY' ? 2 : 3;
    if (u.op === 'DELETE') return { type, entity: e.table({ table: TABLES.redirect, match }) };
    const params: Record<string, number> = { server: u.flow.serverIndex, core: u.flow.coreId };
    const { heavy } = u;
    if (heavy !== undefined) params['dscp'] = heavy.markDscp;
    const name = heavy === undefined ? ACTIONS.pinFlow : heavy.meter === undefined ? ACTIONS.pinFlowAndMark : ACTIONS.pinFlowMetered;
    const entry = e.table({
      table: TABLES.redirect, match, action: { name, params }, idleTimeoutNs: this.options.idleTimeoutNs,
      ...(heavy?.meter !== undefined ? { meterConfig: heavy.meter } : {}),
    });
    return { type, entity: entry };
  }

  private async flush(): Promise<void> {
    const batch: Queued[] = [];
    for (const [id, q] of this.queue) {
      if (batch.length === this.batchSize) break;
      batch.push(q);
      this.queue.delete(id);
    }
    const updates: Update[] = [];
    const sent: Queued[] = [];
    for (const q of batch) {
      try {
        updates.push(this.toUpdate(q.update));
        sent.push(q);
      } catch (error) {
        // A value the P4Info cannot encode (a server index wider than the field): retrying cannot help.
        this.options.onFailed({ update: q.update, code: (error as { code?: string }).code ?? 'ENCODE', message: (error as Error).message, attempts: 1 });
      }
    }
    if (updates.length === 0) return;
    const failed = new Map<number, { code: string; message: string }>();
    try {
      await this.conn.write(updates);
    } catch (error) {
      if (error instanceof P4RuntimeWriteError && error.failures.length > 0) {
        for (const f of error.failures) failed.set(f.index, { code: f.code, message: f.message });
      } else if (error instanceof P4RuntimeError && (error.code === 'UNAVAILABLE' || error.code === 'CANCELLED')) {
        return; // the switch is gone: the resync after reconnection rewrites every flow
      } else {
        // No per-update detail (e.g. a summarised error): every update counts as failed once.
        const code = (error as { code?: string }).code ?? 'UNKNOWN';
        sent.forEach((_q, i) => failed.set(i, { code, message: (error as Error).message }));
      }
    }
    const written = new Map<RedirectOp, number>();
    sent.forEach((q, i) => {
      const failure = failed.get(i);
      const ok = failure === undefined
        || (failure.code === 'ALREADY_EXISTS' && q.update.op === 'INSERT')
        || (failure.code === 'NOT_FOUND' && q.update.op === 'DELETE');
      if (ok) {
        written.set(q.update.op, (written.get(q.update.op) ?? 0) + 1);
        return;
      }
      const attempts = q.attempts + 1;
      const id = flowId(q.update.flow.key);
      if (attempts < this.maxAttempts && !this.queue.has(id)) this.queue.set(id, { update: q.update, attempts });
      else if (!this.queue.has(id)) this.options.onFailed({ update: q.update, code: failure!.code, message: failure!.message, attempts });
    });
    for (const [op, count] of written) this.options.onWritten?.(op, count);
  }
}
