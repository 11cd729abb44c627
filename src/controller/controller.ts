// The Corelb controller: switch sessions, the control loop and the controller-wide
// state they share (docs/controller.md, "The controller").
//
//  load digests  -> LoadReport (switch time on the report clock, heavy-flow penalty)
//                -> ControllerCore.ingest -> KSetDistributor.plan: changed k-sets to every
//                   ready switch (bank flip), markPushed once one confirmed
//  new-flow digests, idle timeouts -> FlowPinning (record, replicate, remove)
//  heavy-flow poll  -> direct counters -> mark the flow, penalise its core
//  primacy gained   -> sync: pipeline (kept if the cookie matches), base tables, digests,
//                      read the redirect table back and merge it, rewrite every flow,
//                      push the current k-sets, ready
// A tick every `tickMs` applies the time-driven rules (silence, hold-down end, push
// interval) and repairs switches whose k-set differs from the one last pushed.

import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { type DecodedDigestList, EntityBuilder } from '../p4runtime/index.js';
import { baseTableEntries } from './base-entries.js';
import type { CorelbConfig } from './config.js';
import { type ControllerSnapshot, ControllerCore } from './controller-core.js';
import { CorePenalties } from './core-penalties.js';
import { DIGESTS, TABLES } from './dataplane-names.js';
import { DigestDecodeError, decodeLoadDigest } from './digest-decoding.js';
import { flowId, flowKeyOfEntry, formatFlowKey } from './flow-key.js';
import { type FlowStatus, FlowPinning, type WriteFailureRecord } from './flow-pinning.js';
import type { FlowRecord, FlowTable } from './flow-table.js';
import { HeavyFlowDetector, heavyTreatment } from './heavy-flows.js';
import type { KSet } from './kset.js';
import { KSetDistributor } from './kset-distributor.js';
import type { ReportOutcome } from './load-report.js';
import { ControllerMetrics } from './metrics.js';
import type { PipelineBundle } from './pipeline-files.js';
import { SwitchSession, SyncAbortedError } from './switch-session.js';

export type { FlowStatus } from './flow-pinning.js';

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
  writeFailures: WriteFailureRecord[];
}

/** The core's monotonic clock, µs. */
const monoUs = (): number => performance.now() * 1000;
/** Wall clock with sub-ms resolution, µs since the epoch. */
const wallUs = (): number => (performance.timeOrigin + performance.now()) * 1000;

export class Controller extends EventEmitter<ControllerEvents> {
  readonly core: ControllerCore;
  readonly metrics: ControllerMetrics;
  readonly sessions: SwitchSession[];
  private readonly log: Logger;
  private readonly pinning: FlowPinning;
  private readonly ksets: KSetDistributor;
  private readonly penalties = new CorePenalties();
  private readonly heavy: HeavyFlowDetector;
  private readonly serverNames = new Map<number, string>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
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
    this.heavy = new HeavyFlowDetector(config.heavyFlows.bytesPerSecond);
    this.sessions = config.switches.map((sw) => this.createSession(sw));
    this.pinning = new FlowPinning(this.sessions, this.core.index, heavyTreatment(config.heavyFlows), options.idleConfirmWindowMs ?? 5000, this.metrics, this.log, {
      learned: (flow) => this.emit('flowLearned', flow),
      removed: (flow) => this.emit('flowRemoved', flow),
    });
    this.ksets = new KSetDistributor(this.core, config, this.sessions, this.metrics, this.log, (kset) => this.emit('ksetPushed', kset));
  }

  /** The pinned flows the controller knows. */
  get flows(): FlowTable {
    return this.pinning.flows;
  }

  private createSession(sw: CorelbConfig['switches'][number]): SwitchSession {
    const session = new SwitchSession(sw, {
      ...(this.options.reconnect !== undefined ? { reconnect: this.options.reconnect } : {}),
      ...(this.options.ksetReplyTimeoutMs !== undefined ? { ksetReplyTimeoutMs: this.options.ksetReplyTimeoutMs } : {}),
      ...(this.options.clockSettleMs !== undefined ? { clockSettleMs: this.options.clockSettleMs } : {}),
      redirect: {
        idleTimeoutNs: BigInt(this.config.timing.flowIdleTimeoutMs) * 1_000_000n,
        onFailed: (s, failure) => this.pinning.onWriteFailed(s, failure),
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
    session.on('idleTimeout', guarded('an idle-timeout notification', (message) => this.pinning.onIdleTimeout(session, message)));
    session.on('ksetFallback', (reason) => log.warn({ reason }, 'the switch cannot write registers over P4Runtime: k-sets go by packet-out from now on (set kSetWrites: packet-out)'));
    session.on('streamError', (error) => log.warn({ code: error.code, about: error.about }, `stream error from the switch: ${error.message}`));
    session.on('decodeError', (error) => {
      this.metrics.digestsMalformed.inc({ digest: 'undecodable' });
      log.warn({ err: error.message }, 'undecodable stream message');
    });
    return session;
  }

  /** Connects to every switch (in the background) and starts the timers. */
  start(): void {
    this.ksets.start(this.options.warmUpMs ?? Math.min(this.config.timing.serverSilenceTimeoutMs, 1000));
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
    this.ksets.stop();
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
      const adopted = this.pinning.mergeReadBack(session, entries);
      log.info({ read: entries.length, adopted, flows: this.flows.size }, 'redirect entries read back and merged; installing the missing ones');
      await Promise.all(this.config.services.map(async (service) => {
        const kset = this.core.ksets.pushed(service.index);
        // A failed push (logged and counted) is repaired by the tick once the switch is ready.
        if (kset !== undefined) await this.ksets.pushTo(session, kset).catch(() => undefined);
      }));
      session.markReady(generation);
      this.metrics.switchReady.set({ switch: session.name }, 1);
      log.info('switch ready');
      this.emit('switchReady', session.name);
      this.ksets.plan();
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

  // ------------------------------------------------------------------ digests and ticks

  private onDigest(session: SwitchSession, list: DecodedDigestList): void {
    if (list.digest === DIGESTS.loadReport) this.onLoadDigests(session, list);
    else if (list.digest === DIGESTS.newFlow) this.pinning.onNewFlowDigests(session, list);
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
      // IPv6 reports carry no timestamp: they count as sent when the switch received them.
      const reportTimestampUs = digest.format === 'ipv6' ? null : digest.reportTimestamp;
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
    this.ksets.plan();
    this.metrics.heapSize.set(this.core.heap.size);
    this.metrics.controlLoop.observe((performance.now() - started) / 1000);
  }

  private tick(): void {
    const started = performance.now();
    this.core.tick(monoUs());
    this.ksets.plan();
    this.ksets.repair();
    this.metrics.heapSize.set(this.core.heap.size);
    this.metrics.controlLoop.observe((performance.now() - started) / 1000);
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
    if (record === undefined || !this.pinning.mark(record)) return;
    const { markDscp, rateLimit, loadPenalty, penaltyMs } = this.config.heavyFlows;
    const treatment = rateLimit === undefined ? `marked with DSCP ${markDscp}`
      : `metered (${rateLimit.committedBytesPerSecond} B/s committed, DSCP ${markDscp} above; ${rateLimit.peakBytesPerSecond} B/s peak, dropped above)`;
    this.penalties.set(record.serverIndex, record.coreId, loadPenalty, nowMs + penaltyMs);
    this.metrics.heavyFlows.inc();
    this.log.warn({ flow: formatFlowKey(record.key), server: this.serverNames.get(record.serverIndex), core: record.coreId, bytesPerSecond: Math.round(bytesPerSecond) }, `heavy flow: ${treatment}; its core's load is raised by ${loadPenalty} for ${penaltyMs} ms`);
    this.emit('heavyFlow', record, bytesPerSecond);
  }

  // ------------------------------------------------------------------ status

  status(): ControllerStatus {
    return {
      ...this.core.snapshot(),
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
      writeFailures: this.pinning.writeFailures(),
    };
  }

  flowList(limit = Infinity): FlowStatus[] {
    return this.pinning.list(this.serverNames, limit);
  }
}
