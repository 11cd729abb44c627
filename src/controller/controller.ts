// The Corelb controller: switch sessions, the control loop and the controller-wide
// state they share (docs/controller.md, "The controller").
//
//  load digests  -> LoadReport (switch time on the report clock, heavy-flow penalty)
//                -> ControllerCore.ingest -> plan every service -> push changed k-sets
//                   to every ready switch (bank flip), markPushed once one confirmed
//  new-flow digests -> FlowTable.learn (first choice wins) -> INSERT on every switch
//  idle timeouts    -> FlowTable.reportIdle (all live switches agree) -> DELETE everywhere
//  heavy-flow poll  -> direct counters -> mark the flow, penalise its core
//  primacy gained   -> sync: pipeline (kept if the cookie matches), base tables, digests,
//                      read the redirect table back and merge it, rewrite every flow,
//                      push the current k-sets, ready
// A tick every `tickMs` applies the time-driven rules (silence, hold-down end, push
// interval) and repairs switches whose k-set differs from the one last pushed.

import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { type DecodedDigestList, type DecodedTableEntry, EntityBuilder, type IdleTimeoutMessage } from '../p4runtime/index.js';
import { baseTableEntries } from './base-entries.js';
import type { CorelbConfig } from './config.js';
import { type ControllerSnapshot, ControllerCore } from './controller-core.js';
import { CorePenalties } from './core-penalties.js';
import { DIGESTS, TABLES } from './dataplane-names.js';
import { DigestDecodeError, decodeLoadDigest, decodeNewFlowDigest } from './digest-decoding.js';
import { type PinnedFlow, flowId, flowKeyOfEntry, formatFlowKey, pinnedFlowOfEntry } from './flow-key.js';
import { type FlowRecord, FlowTable } from './flow-table.js';
import { HeavyFlowDetector } from './heavy-flows.js';
import { type KSet, toRegisterSlots } from './kset.js';
import type { ReportOutcome } from './load-report.js';
import { ControllerMetrics } from './metrics.js';
import type { PipelineBundle } from './pipeline-files.js';
import type { RedirectFailure, RedirectUpdate } from './redirect-writer.js';
import { SwitchSession, SyncAbortedError } from './switch-session.js';

export interface ControllerOptions {
  logger: Logger;
  metrics?: ControllerMetrics;
  /** Period of the time-driven rules and k-set repair, ms (default 50). */
  tickMs?: number;
  /** How recent every live switch's idle report must be for a flow to be removed, ms (default 5000). */
  idleConfirmWindowMs?: number;
  reconnect?: { initialMs: number; maxMs: number };
  ksetReplyTimeoutMs?: number;
  /** See SwitchClock: how long after a (re)connect staleness is not judged, ms (default 1000). */
  clockSettleMs?: number;
  /**
   * After start, a first k-set with fewer than k members waits this long for more
   * reports, ms (default: the silence timeout, at most 1000), so that a restarted
   * controller or a backup that took over does not narrow the switch's k-sets to the
   * first core it hears from.
   */
  warmUpMs?: number;
  /** Delay before a failed sync is tried again, ms (default 1000). */
  resyncDelayMs?: number;
}

export interface ControllerEvents {
  switchReady: [name: string];
  switchDown: [name: string, reason: string];
  ksetPushed: [kset: KSet];
  flowLearned: [flow: FlowRecord];
  flowRemoved: [flow: FlowRecord];
  heavyFlow: [flow: FlowRecord, bytesPerSecond: number];
}

export interface SwitchStatus {
  name: string;
  address: string;
  electionId: string;
  state: string;
  primary: boolean;
  clockOffsetUs: number | null;
  pendingWrites: number;
  lastError: string | null;
}

export interface ControllerStatus extends ControllerSnapshot {
  switches: SwitchStatus[];
  flows: number;
  penalties: ReturnType<CorePenalties['list']>;
  writeFailures: Array<{ switch: string; flow: string; op: string; code: string; message: string }>;
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

const monoUs = (): number => performance.now() * 1000;
const wallUs = (): number => (performance.timeOrigin + performance.now()) * 1000;
const MAX_FAILURES_KEPT = 100;
/** A k-set push that failed on every switch (or a repair) is tried again after this long. */
const PUSH_RETRY_MS = 200;

export class Controller extends EventEmitter<ControllerEvents> {
  readonly core: ControllerCore;
  readonly flows: FlowTable;
  readonly metrics: ControllerMetrics;
  readonly sessions: SwitchSession[];
  private readonly log: Logger;
  private readonly penalties = new CorePenalties();
  private readonly heavy: HeavyFlowDetector;
  private readonly inFlight = new Set<number>();
  private readonly repairing = new Set<string>();
  /** After a failed push, per service (or switch/service for repairs): no new attempt before this time, ms. */
  private readonly retryAt = new Map<string, number>();
  private readonly failures: ControllerStatus['writeFailures'] = [];
  private readonly serverNames = new Map<number, string>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private warmUpUntilMs = Infinity;
  private polling = false;

  constructor(
    readonly config: CorelbConfig,
    private readonly bundle: PipelineBundle,
    private readonly options: ControllerOptions,
  ) {
    super();
    this.log = options.logger;
    this.metrics = options.metrics ?? new ControllerMetrics();
    // Refuse a configuration the P4 program cannot express before any switch is touched.
    for (const sw of config.switches) baseTableEntries(new EntityBuilder(bundle.p4info), config, sw);
    this.core = new ControllerCore(config, (event) => {
      this.log.info({ server: this.serverNames.get(event.serverIndex), serverIndex: event.serverIndex, reason: event.reason }, `server ${event.kind === 'server-excluded' ? 'excluded' : 'included'}: ${event.detail}`);
    });
    for (const server of config.servers) this.serverNames.set(server.index, server.name);
    this.flows = new FlowTable(options.idleConfirmWindowMs ?? 5000);
    this.heavy = new HeavyFlowDetector(config.heavyFlows.bytesPerSecond);
    this.sessions = config.switches.map((sw) => this.createSession(sw));
  }

  private createSession(sw: CorelbConfig['switches'][number]): SwitchSession {
    const session = new SwitchSession(sw, {
      ...(this.options.reconnect !== undefined ? { reconnect: this.options.reconnect } : {}),
      ...(this.options.ksetReplyTimeoutMs !== undefined ? { ksetReplyTimeoutMs: this.options.ksetReplyTimeoutMs } : {}),
      ...(this.options.clockSettleMs !== undefined ? { clockSettleMs: this.options.clockSettleMs } : {}),
      redirect: {
        idleTimeoutNs: BigInt(this.config.timing.flowIdleTimeoutMs) * 1_000_000n,
        onFailed: (s, failure) => this.onWriteFailed(s, failure),
      },
    });
    const log = this.log.child({ switch: sw.name });
    session.on('primary', (generation) => {
      log.info({ address: sw.address, electionId: sw.electionId.toString() }, 'primary for the switch: syncing');
      void this.sync(session, generation);
    });
    session.on('backup', (primary) => log.info({ primaryElectionId: primary?.toString() }, 'backup: another controller is primary; waiting to take over'));
    session.on('down', (reason) => {
      log.warn({ reason }, 'switch not available; reconnecting with backoff');
      this.metrics.switchReady.set({ switch: sw.name }, 0);
      this.emit('switchDown', sw.name, reason);
    });
    // Whatever a switch sends, a handler's failure is logged, never thrown into the stream.
    const guarded = <T>(what: string, handle: (value: T) => void) => (value: T): void => {
      try {
        handle(value);
      } catch (error) {
        log.error({ err: (error as Error).message, stack: (error as Error).stack }, `handling ${what} failed`);
      }
    };
    session.on('digest', guarded('a digest list', (list) => this.onDigest(session, list)));
    session.on('idleTimeout', guarded('an idle-timeout notification', (message) => this.onIdleTimeout(session, message)));
    session.on('streamError', (error) => log.warn({ code: error.code, about: error.about }, `stream error from the switch: ${error.message}`));
    session.on('decodeError', (error) => {
      this.metrics.digestsMalformed.inc({ digest: 'undecodable' });
      log.warn({ err: error.message }, 'undecodable stream message');
    });
    return session;
  }

  /** Connects to every switch (in the background) and starts the timers. */
  start(): void {
    this.warmUpUntilMs = performance.now() + (this.options.warmUpMs ?? Math.min(this.config.timing.serverSilenceTimeoutMs, 1000));
    for (const session of this.sessions) {
      session.start().catch((error: Error) => {
        if (!this.stopped) this.log.error({ switch: session.name, err: error.message }, 'cannot connect');
      });
    }
    this.timers.push(setInterval(() => this.tick(), this.options.tickMs ?? 50));
    if (this.config.heavyFlows.pollIntervalMs > 0) this.timers.push(setInterval(() => void this.pollHeavyFlows(), this.config.heavyFlows.pollIntervalMs));
    for (const t of this.timers) t.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const session of this.sessions) session.close();
  }

  // ------------------------------------------------------------------ sync

  private async sync(session: SwitchSession, generation: number): Promise<void> {
    const log = this.log.child({ switch: session.name });
    try {
      const pushed = await session.ensurePipeline(this.bundle);
      session.checkGeneration(generation);
      log.info({ pipeline: this.bundle.description }, pushed ? 'pipeline pushed' : 'switch already runs this pipeline: kept with its entries');
      const base = await session.syncBaseEntries(this.config);
      session.checkGeneration(generation);
      log.info(base, 'services, servers, report allowlist and SNAT entries synced');
      await session.configureDigests();
      session.checkGeneration(generation);
      const entries = await session.readRedirectEntries();
      session.checkGeneration(generation);
      const adopted = this.mergeRedirectEntries(session, entries);
      const nowPresent = new Set(entries.map((e) => { try { return flowId(flowKeyOfEntry(e)); } catch { return ''; } }));
      for (const record of this.flows.values()) {
        if (!nowPresent.has(record.id)) session.redirects.enqueue(this.installUpdate(record));
      }
      log.info({ read: entries.length, adopted, flows: this.flows.size }, 'redirect entries read back and merged; installing the missing ones');
      await Promise.all(this.config.services.map(async (service) => {
        const kset = this.core.ksets.pushed(service.index);
        // A failed push (logged and counted in pushTo) is repaired by the tick once the switch is ready.
        if (kset !== undefined) await this.pushTo(session, kset).catch(() => undefined);
      }));
      session.markReady(generation);
      this.metrics.switchReady.set({ switch: session.name }, 1);
      log.info('switch ready');
      this.emit('switchReady', session.name);
      this.plan();
    } catch (error) {
      if (error instanceof SyncAbortedError || this.stopped) {
        log.debug({ err: (error as Error).message }, 'sync abandoned');
        return;
      }
      log.error({ err: (error as Error).message, code: (error as { code?: string }).code }, 'sync failed; retrying');
      session.lastError = (error as Error).message;
      const retry = setTimeout(() => {
        if (!this.stopped && session.generation === generation) void this.sync(session, generation);
      }, this.options.resyncDelayMs ?? 1000);
      retry.unref();
    }
  }

  /** Learns the flows a switch holds; entries that are not pinned flows are left alone. Returns how many were new. */
  private mergeRedirectEntries(session: SwitchSession, entries: readonly DecodedTableEntry[]): number {
    let adopted = 0;
    const now = Date.now();
    for (const entry of entries) {
      let flow;
      try {
        flow = pinnedFlowOfEntry(entry);
      } catch (error) {
        this.log.warn({ switch: session.name, err: (error as Error).message }, 'redirect entry not understood; left as is');
        continue;
      }
      const { outcome, record } = this.flows.learn(flow, now);
      if (outcome === 'new') {
        adopted++;
        for (const other of this.sessionsWithWriters()) if (other !== session) other.redirects.enqueue(this.installUpdate(record));
      } else if (outcome === 'conflict' || record.marked !== flow.marked) {
        session.redirects.enqueue({ ...this.installUpdate(record), op: 'MODIFY' });
      }
    }
    this.metrics.flows.set(this.flows.size);
    return adopted;
  }

  private installUpdate(record: FlowRecord): RedirectUpdate {
    return { op: 'INSERT', flow: record, ...(record.marked ? { markDscp: this.config.heavyFlows.markDscp } : {}) };
  }

  private sessionsWithWriters(): SwitchSession[] {
    return this.sessions.filter((s) => s.state === 'ready' || s.state === 'syncing');
  }

  // ------------------------------------------------------------------ digests

  private onDigest(session: SwitchSession, list: DecodedDigestList): void {
    if (list.digest === DIGESTS.loadReport) this.onLoadDigests(session, list);
    else if (list.digest === DIGESTS.newFlow) this.onNewFlowDigests(session, list);
  }

  private onLoadDigests(session: SwitchSession, list: DecodedDigestList): void {
    const started = performance.now();
    const wall = wallUs();
    const now = monoUs();
    const nowMs = now / 1000;
    const outcomes = new Map<ReportOutcome, number>();
    let malformed = 0;
    for (const value of list.data) {
      let digest;
      try {
        digest = decodeLoadDigest(value);
      } catch (error) {
        if (!(error instanceof DigestDecodeError)) throw error;
        malformed++;
        this.log.debug({ switch: session.name, err: error.message }, 'malformed load digest');
        continue;
      }
      const converted = session.clock.toReportClock(digest.switchTimestamp, wall);
      // IPv6 reports carry no timestamp: the data plane repeats the switch time in it.
      const reportTimestampUs = digest.reportTimestamp === digest.switchTimestamp ? null : digest.reportTimestamp;
      // Until the clock offset has settled, delays cannot be judged: take the report as on time.
      const switchTimeUs = session.clock.settled || reportTimestampUs === null ? converted : reportTimestampUs;
      const load = this.penalties.apply(digest.serverIndex, digest.coreId, digest.load, nowMs);
      const outcome = this.core.ingest({ serverIndex: digest.serverIndex, coreId: digest.coreId, load, reportTimestampUs, switchTimeUs }, now);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    for (const [outcome, n] of outcomes) this.metrics.reports.inc({ outcome }, n);
    if (malformed > 0) {
      this.metrics.reports.inc({ outcome: 'malformed' }, malformed);
      this.metrics.digestsMalformed.inc({ digest: DIGESTS.loadReport }, malformed);
    }
    this.plan();
    this.metrics.controlLoop.observe((performance.now() - started) / 1000);
  }

  private onNewFlowDigests(session: SwitchSession, list: DecodedDigestList): void {
    const now = Date.now();
    for (const value of list.data) {
      let digest;
      try {
        digest = decodeNewFlowDigest(value);
        if (this.core.index.idOf(digest.serverIndex, digest.coreId) < 0) throw new DigestDecodeError(`new_flow_digest_t: no core ${digest.coreId} on server ${digest.serverIndex}`);
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
        for (const s of this.sessionsWithWriters()) s.redirects.enqueue(this.installUpdate(record));
        this.emit('flowLearned', record);
      } else {
        if (outcome === 'conflict') {
          this.metrics.flowConflicts.inc();
          this.log.info({ switch: session.name, flow: formatFlowKey(flow.key), chosen: `${flow.serverIndex}/${flow.coreId}`, kept: `${record.serverIndex}/${record.coreId}` }, 'flow already pinned elsewhere: first choice kept');
        }
        // The entry may not have reached this switch yet: INSERT is idempotent.
        if (session.state === 'ready' || session.state === 'syncing') session.redirects.enqueue(this.installUpdate(record));
      }
    }
    this.metrics.flows.set(this.flows.size);
  }

  private onIdleTimeout(session: SwitchSession, message: IdleTimeoutMessage): void {
    const live = this.sessions.filter((s) => s.isReady).map((s) => s.name);
    if (!live.includes(session.name)) live.push(session.name);
    const now = Date.now();
    for (const entry of message.entries) {
      let key;
      try {
        key = flowKeyOfEntry(entry);
      } catch {
        continue;
      }
      const removed = this.flows.reportIdle(key, session.name, live, now);
      if (removed === undefined) continue;
      this.metrics.flowsAged.inc();
      for (const s of this.sessionsWithWriters()) s.redirects.enqueue({ op: 'DELETE', flow: removed });
      this.emit('flowRemoved', removed);
    }
    this.metrics.flows.set(this.flows.size);
  }

  private onWriteFailed(session: SwitchSession, failure: RedirectFailure): void {
    this.metrics.writeErrors.inc({ switch: session.name, code: failure.code });
    const flow = formatFlowKey(failure.update.flow.key);
    this.log.error({ switch: session.name, flow, op: failure.update.op, code: failure.code, attempts: failure.attempts }, `redirect ${failure.update.op} failed: ${failure.message}`);
    this.failures.push({ switch: session.name, flow, op: failure.update.op, code: failure.code, message: failure.message });
    if (this.failures.length > MAX_FAILURES_KEPT) this.failures.shift();
  }

  // ------------------------------------------------------------------ k-sets

  private tick(): void {
    const started = performance.now();
    this.core.tick(monoUs());
    this.plan();
    this.repairKSets();
    this.metrics.heapSize.set(this.core.heap.size);
    this.metrics.controlLoop.observe((performance.now() - started) / 1000);
  }

  /** Pushes every k-set the push rule asks for (one push per service at a time). */
  plan(): void {
    if (this.stopped) return;
    const now = monoUs();
    const warmingUp = now / 1000 < this.warmUpUntilMs;
    this.core.plans(now).forEach((plan, i) => {
      if (!plan.push || this.inFlight.has(plan.candidate.serviceIndex)) return;
      // Before its first report a (restarted, or newly primary) controller knows no loads:
      // the switch keeps the k-sets it has rather than getting empty ones, or, while
      // warming up, ones narrower than k.
      if (plan.reason === 'first' && (plan.candidate.members.length === 0 || (warmingUp && plan.candidate.members.length < this.config.services[i]!.k))) return;
      if ((this.retryAt.get(`${plan.candidate.serviceIndex}`) ?? 0) > now / 1000) return;
      void this.pushEverywhere(plan.candidate, plan.reason);
    });
  }

  private async pushEverywhere(kset: KSet, reason: string): Promise<void> {
    const targets = this.sessions.filter((s) => s.isReady);
    if (targets.length === 0) return;
    const service = kset.serviceIndex;
    this.inFlight.add(service);
    const started = performance.now();
    try {
      const results = await Promise.allSettled(targets.map((s) => this.pushTo(s, kset)));
      if (results.some((r) => r.status === 'fulfilled')) {
        this.core.markPushed(kset, monoUs());
        this.metrics.ksetPushSeconds.observe((performance.now() - started) / 1000);
        this.log.debug({ service, reason, members: kset.members.map((m) => `${m.serverIndex}/${m.coreId}`) }, 'k-set pushed');
        this.emit('ksetPushed', kset);
      } else {
        this.retryAt.set(`${service}`, performance.now() + PUSH_RETRY_MS);
      }
    } finally {
      this.inFlight.delete(service);
    }
    // Loads may have moved on while the push was in flight.
    setImmediate(() => this.plan());
  }

  private async pushTo(session: SwitchSession, kset: KSet): Promise<void> {
    try {
      await session.kset.push(toRegisterSlots(kset));
      session.activeKSets.set(kset.serviceIndex, ksetSignature(kset));
      this.metrics.ksetPushes.inc({ switch: session.name, result: 'ok' });
    } catch (error) {
      this.metrics.ksetPushes.inc({ switch: session.name, result: 'failed' });
      this.log.warn({ switch: session.name, service: kset.serviceIndex, err: (error as Error).message }, 'k-set push failed');
      throw error;
    }
  }

  /** A ready switch whose k-set differs from the one last pushed (a failed push) gets it again. */
  private repairKSets(): void {
    for (const service of this.config.services) {
      if (this.inFlight.has(service.index)) continue;
      const kset = this.core.ksets.pushed(service.index);
      if (kset === undefined) continue;
      const signature = ksetSignature(kset);
      for (const session of this.sessions) {
        const key = `${session.name}/${service.index}`;
        if (!session.isReady || session.activeKSets.get(service.index) === signature || this.repairing.has(key)) continue;
        if ((this.retryAt.get(key) ?? 0) > performance.now()) continue;
        this.repairing.add(key);
        this.pushTo(session, kset)
          .catch(() => this.retryAt.set(key, performance.now() + PUSH_RETRY_MS))
          .finally(() => this.repairing.delete(key));
      }
    }
  }

  // ------------------------------------------------------------------ heavy flows

  private async pollHeavyFlows(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      const bytes = new Map<string, number>();
      for (const session of this.sessions.filter((s) => s.isReady)) {
        for await (const { entry, data } of session.conn.readDirectCounters(TABLES.redirect)) {
          if (entry === undefined) continue;
          const id = flowId(flowKeyOfEntry(entry));
          bytes.set(id, (bytes.get(id) ?? 0) + Number(data.byteCount));
        }
      }
      const nowMs = Date.now();
      for (const { id, bytesPerSecond } of this.heavy.observe(bytes, nowMs)) this.markHeavy(id, bytesPerSecond, nowMs);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'heavy-flow poll failed');
    } finally {
      this.polling = false;
    }
  }

  private markHeavy(id: string, bytesPerSecond: number, nowMs: number): void {
    const record = this.flows.get(id);
    if (record === undefined || record.marked) return;
    record.marked = true;
    const { markDscp, loadPenalty, penaltyMs } = this.config.heavyFlows;
    this.penalties.set(record.serverIndex, record.coreId, loadPenalty, nowMs + penaltyMs);
    for (const s of this.sessionsWithWriters()) s.redirects.enqueue({ op: 'MODIFY', flow: record, markDscp });
    this.metrics.heavyFlows.inc();
    this.log.warn({ flow: formatFlowKey(record.key), server: this.serverNames.get(record.serverIndex), core: record.coreId, bytesPerSecond: Math.round(bytesPerSecond) }, `heavy flow: marked with DSCP ${markDscp}; its core's load is raised by ${loadPenalty} for ${penaltyMs} ms`);
    this.emit('heavyFlow', record, bytesPerSecond);
  }

  // ------------------------------------------------------------------ status

  status(): ControllerStatus {
    const snapshot = this.core.snapshot();
    return {
      ...snapshot,
      switches: this.sessions.map((s) => ({
        name: s.name,
        address: s.config.address,
        electionId: s.config.electionId.toString(),
        state: s.state,
        primary: s.conn.isPrimary,
        clockOffsetUs: s.clock.offset ?? null,
        pendingWrites: s.isReady ? s.redirects.pending : 0,
        lastError: s.lastError ?? null,
      })),
      flows: this.flows.size,
      penalties: this.penalties.list(Date.now()),
      writeFailures: [...this.failures],
    };
  }

  flowList(limit = Infinity): FlowStatus[] {
    const out: FlowStatus[] = [];
    for (const r of this.flows.values()) {
      if (out.length >= limit) break;
      const ip = (v: number): string => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
      out.push({
        flow: formatFlowKey(r.key), srcAddr: ip(r.key.srcAddr), dstAddr: ip(r.key.dstAddr), protocol: r.key.protocol, srcPort: r.key.srcPort,
        dstPort: r.key.dstPort, serverIndex: r.serverIndex, server: this.serverNames.get(r.serverIndex) ?? null, coreId: r.coreId,
        serviceIndex: r.serviceIndex ?? null, marked: r.marked,
      });
    }
    return out;
  }
}

/** Members in order: what a switch's registers hold for the k-set. */
function ksetSignature(kset: KSet): string {
  return kset.members.map((m) => `${m.serverIndex}/${m.coreId}`).join(',');
}
