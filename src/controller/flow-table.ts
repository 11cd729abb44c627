// The controller's record of every pinned flow: the source of truth that is replicated
// to every switch, rebuilt from the switches' redirect tables when the controller
// starts, and consulted to deduplicate new-flow digests and idle-timeout notifications.
//
// Idle flows with several switches: a flow's entry sits on every switch but ECMP sends
// its packets through one, so the other copies always look idle. A flow is removed only
// when every switch in `liveSwitches` has reported its copy idle within `confirmWindowMs`
// (targets repeat the notification while the entry stays idle; BMv2 every ~2 s). With a
// single switch the first notification removes it.
//
// Removed flows leave a tombstone for `tombstoneMs`: a switch that was away while a flow
// was removed still holds its entry when it returns, and the sync must delete that entry
// rather than adopt the flow again.

import { type FlowKey, type PinnedFlow, flowId } from './flow-key.js';

export interface FlowRecord extends PinnedFlow {
  id: string;
  /** Treated as a heavy flow (pin_flow_and_mark, or pin_flow_metered with heavyFlows.rateLimit). */
  marked: boolean;
  installedAtMs: number;
  /** Per switch name: when it last reported this flow idle (made at its first idle report, so live flows carry none). */
  idleReports: Map<string, number> | undefined;
}

export type LearnOutcome = 'new' | 'known' | 'conflict';

export class FlowTable {
  private readonly flows = new Map<string, FlowRecord>();
  /** Removal time by flow id, oldest first. */
  private readonly tombstones = new Map<string, number>();

  constructor(
    private readonly confirmWindowMs: number,
    private readonly tombstoneMs = 10 * 60_000,
  ) {}

  get size(): number {
    return this.flows.size;
  }

  get(id: string): FlowRecord | undefined {
    return this.flows.get(id);
  }

  values(): IterableIterator<FlowRecord> {
    return this.flows.values();
  }

  /**
   * Records a flow the data plane pinned. The first choice learned wins: a different
   * choice for a known flow (another switch chose before the entry reached it) is a
   * 'conflict', and the known record stands.
   */
  learn(flow: PinnedFlow & { marked?: boolean }, nowMs: number): { outcome: LearnOutcome; record: FlowRecord } {
    const id = flowId(flow.key);
    this.tombstones.delete(id);
    const known = this.flows.get(id);
    if (known !== undefined) {
      if (known.serviceIndex === undefined && flow.serviceIndex !== undefined) known.serviceIndex = flow.serviceIndex;
      const same = known.serverIndex === flow.serverIndex && known.coreId === flow.coreId;
      return { outcome: same ? 'known' : 'conflict', record: known };
    }
    const record: FlowRecord = {
      id, key: flow.key, serverIndex: flow.serverIndex, coreId: flow.coreId, serviceIndex: flow.serviceIndex,
      marked: flow.marked ?? false, installedAtMs: nowMs, idleReports: undefined,
    };
    this.flows.set(id, record);
    return { outcome: 'new', record };
  }

  /**
   * Notes that `switchName` reported the flow idle; returns the record when the flow
   * should now be removed everywhere (it is then already gone from the table), or
   * undefined (unknown flow, e.g. a repeated notification after removal, or other live
   * switches have not confirmed yet).
   */
  reportIdle(key: FlowKey, switchName: string, liveSwitches: readonly string[], nowMs: number): FlowRecord | undefined {
    const id = flowId(key);
    const record = this.flows.get(id);
    if (record === undefined) return undefined;
    const reports = (record.idleReports ??= new Map());
    reports.set(switchName, nowMs);
    for (const name of liveSwitches) {
      const at = reports.get(name);
      if (at === undefined || nowMs - at > this.confirmWindowMs) return undefined;
    }
    this.flows.delete(id);
    this.tombstones.delete(id);
    this.tombstones.set(id, nowMs);
    this.pruneTombstones(nowMs);
    return record;
  }

  /** Whether the flow was removed (as idle) within the last `tombstoneMs`. */
  recentlyRemoved(key: FlowKey, nowMs: number): boolean {
    this.pruneTombstones(nowMs);
    return this.tombstones.has(flowId(key));
  }

  private pruneTombstones(nowMs: number): void {
    for (const [id, at] of this.tombstones) {
      if (nowMs - at <= this.tombstoneMs) break;
      this.tombstones.delete(id);
    }
  }

  delete(id: string): boolean {
    return this.flows.delete(id);
  }
}
