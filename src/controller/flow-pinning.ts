// Pinned flows across the switches: new-flow digests become redirect entries on every
// switch exactly as the data plane chose them (the first choice learned wins), flows idle
// on every live switch are removed everywhere, flows read back from a switch are merged
// (learned, replicated, or corrected), heavy flows are re-marked, and write failures are
// logged, counted and kept for the status. The FlowTable is the record; each switch's
// RedirectWriter does the batching.

import type { Logger } from 'pino';
import type { DecodedDigestList, DecodedTableEntry, IdleTimeoutMessage } from '../p4runtime/index.js';
import type { CoreIndex } from './core-index.js';
import { DIGESTS } from './dataplane-names.js';
import { DigestDecodeError, decodeNewFlowDigest } from './digest-decoding.js';
import { type PinnedFlow, flowKeyOfEntry, formatFlowKey, pinnedFlowOfEntry } from './flow-key.js';
import { type FlowRecord, FlowTable } from './flow-table.js';
import type { ControllerMetrics } from './metrics.js';
import type { HeavyTreatment, RedirectFailure, RedirectUpdate } from './redirect-writer.js';
import type { SwitchSession } from './switch-session.js';

const MAX_FAILURES_KEPT = 100;

export interface WriteFailureRecord {
  switch: string;
  flow: string;
  op: string;
  code: string;
  message: string;
}

export interface FlowStatus {
  flow: string;
  srcAddr: string;
  dstAddr: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
  serverIndex: number;
  server: string | null;
  coreId: number;
  serviceIndex: number | null;
  marked: boolean;
}

export interface FlowPinningEvents {
  learned(flow: FlowRecord): void;
  removed(flow: FlowRecord): void;
}

const dotted = (v: number): string => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;

export class FlowPinning {
  readonly flows: FlowTable;
  private readonly failures: WriteFailureRecord[] = [];

  constructor(
    private readonly sessions: readonly SwitchSession[],
    private readonly index: CoreIndex,
    private readonly heavy: HeavyTreatment,
    idleConfirmWindowMs: number,
    private readonly metrics: ControllerMetrics,
    private readonly log: Logger,
    private readonly events: FlowPinningEvents,
  ) {
    this.flows = new FlowTable(idleConfirmWindowMs);
  }

  /** The update that writes a flow as recorded (heavy or not). */
  installUpdate(record: FlowRecord): RedirectUpdate {
    return { op: 'INSERT', flow: record, ...(record.marked ? { heavy: this.heavy } : {}) };
  }

  /** Switches that take redirect writes: ready, or being synced (their writer exists). */
  private writableSessions(): SwitchSession[] {
    return this.sessions.filter((s) => s.state === 'ready' || s.state === 'syncing');
  }

  onNewFlowDigests(session: SwitchSession, list: DecodedDigestList): void {
    const now = Date.now();
    for (const value of list.data) {
      let digest;
      try {
        digest = decodeNewFlowDigest(value);
        if (this.index.idOf(digest.serverIndex, digest.coreId) < 0) throw new DigestDecodeError(`new_flow_digest_t: no core ${digest.coreId} on server ${digest.serverIndex}`);
      } catch (error) {
        if (!(error instanceof DigestDecodeError) && (error as { code?: string }).code !== 'FLOW_KEY_INVALID') throw error;
        this.metrics.digestsMalformed.inc({ digest: DIGESTS.newFlow });
        this.log.debug({ switch: session.name, err: (error as Error).message }, 'malformed new-flow digest');
        continue;
      }
      const flow: PinnedFlow = { key: digest.key, serverIndex: digest.serverIndex, coreId: digest.coreId, serviceIndex: digest.serviceIndex };
      const { outcome, record } = this.flows.learn(flow, now);
      if (outcome === 'new') {
        this.metrics.flowsInstalled.inc();
        for (const s of this.writableSessions()) s.redirects.enqueue(this.installUpdate(record));
        this.events.learned(record);
        continue;
      }
      if (outcome === 'conflict') {
        this.metrics.flowConflicts.inc();
        this.log.info({ switch: session.name, flow: formatFlowKey(flow.key), chosen: `${flow.serverIndex}/${flow.coreId}`, kept: `${record.serverIndex}/${record.coreId}` }, 'flow already pinned elsewhere: first choice kept');
      }
      // The entry may not have reached this switch yet: INSERT is idempotent.
      if (session.state === 'ready' || session.state === 'syncing') session.redirects.enqueue(this.installUpdate(record));
    }
    this.metrics.flows.set(this.flows.size);
  }

  onIdleTimeout(session: SwitchSession, message: IdleTimeoutMessage): void {
    const live = this.sessions.filter((s) => s.isReady).map((s) => s.name);
    if (!live.includes(session.name)) live.push(session.name);
    const now = Date.now();
    for (const entry of message.entries) {
      let key;
      try {
        key = flowKeyOfEntry(entry);
      } catch {
        continue; // not a redirect entry of ours
      }
      const removed = this.flows.reportIdle(key, session.name, live, now);
      if (removed === undefined) continue;
      this.metrics.flowsAged.inc();
      for (const s of this.writableSessions()) s.redirects.enqueue({ op: 'DELETE', flow: removed });
      this.events.removed(removed);
    }
    this.metrics.flows.set(this.flows.size);
  }

  /**
   * Merges the redirect entries read back from a switch: flows new to the controller are
   * learned and replicated to the other switches; entries that disagree with the record
   * are corrected; entries of flows removed while the switch was away are deleted; every
   * recorded flow the switch lacks is written to it. Entries that are not pinned flows are
   * left alone. Returns how many flows were new.
   */
  mergeReadBack(session: SwitchSession, entries: readonly DecodedTableEntry[]): number {
    let adopted = 0;
    const now = Date.now();
    const present = new Set<string>();
    for (const entry of entries) {
      let flow;
      try {
        flow = pinnedFlowOfEntry(entry);
      } catch (error) {
        this.log.warn({ switch: session.name, err: (error as Error).message }, 'redirect entry not understood; left as is');
        continue;
      }
      if (this.flows.recentlyRemoved(flow.key, now)) {
        // Removed while this switch was away: its copy goes too.
        session.redirects.enqueue({ op: 'DELETE', flow });
        continue;
      }
      const { outcome, record } = this.flows.learn(flow, now);
      present.add(record.id);
      if (outcome === 'new') {
        adopted++;
        for (const other of this.writableSessions()) if (other !== session) other.redirects.enqueue(this.installUpdate(record));
      }
      // A heavy flow treated the other way (metered vs. marked: the configuration changed) is rewritten too.
      const otherTreatment = record.marked && flow.metered !== (this.heavy.meter !== undefined);
      if (outcome === 'conflict' || record.marked !== flow.marked || otherTreatment) {
        session.redirects.enqueue({ ...this.installUpdate(record), op: 'MODIFY' });
      }
    }
    for (const record of this.flows.values()) if (!present.has(record.id)) session.redirects.enqueue(this.installUpdate(record));
    this.metrics.flows.set(this.flows.size);
    return adopted;
  }

  /** Treats a flow as heavy on every switch (marked, or metered); false when already done. */
  mark(record: FlowRecord): boolean {
    if (record.marked) return false;
    record.marked = true;
    for (const s of this.writableSessions()) s.redirects.enqueue({ op: 'MODIFY', flow: record, heavy: this.heavy });
    return true;
  }

  onWriteFailed(session: SwitchSession, failure: RedirectFailure): void {
    this.metrics.writeErrors.inc({ switch: session.name, code: failure.code });
    const flow = formatFlowKey(failure.update.flow.key);
    this.log.error({ switch: session.name, flow, op: failure.update.op, code: failure.code, attempts: failure.attempts }, `redirect ${failure.update.op} failed: ${failure.message}`);
    this.failures.push({ switch: session.name, flow, op: failure.update.op, code: failure.code, message: failure.message });
    if (this.failures.length > MAX_FAILURES_KEPT) this.failures.shift();
  }

  /** The last write failures, oldest first. */
  writeFailures(): WriteFailureRecord[] {
    return [...this.failures];
  }

  list(serverNames: ReadonlyMap<number, string>, limit = Infinity): FlowStatus[] {
    const out: FlowStatus[] = [];
    for (const r of this.flows.values()) {
      if (out.length >= limit) break;
      out.push({
        flow: formatFlowKey(r.key), srcAddr: dotted(r.key.srcAddr), dstAddr: dotted(r.key.dstAddr), protocol: r.key.protocol, srcPort: r.key.srcPort,
        dstPort: r.key.dstPort, serverIndex: r.serverIndex, server: serverNames.get(r.serverIndex) ?? null, coreId: r.coreId,
        serviceIndex: r.serviceIndex ?? null, marked: r.marked,
      });
    }
    return out;
  }
}
