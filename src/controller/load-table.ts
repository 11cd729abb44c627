// Per (server, core) load state built from load reports, and the rules that decide
// which cores may receive new connections. It keeps the heap in step: a core is in the
// heap, keyed by its load, exactly when it is eligible:
//
//   eligible(core) = its server is included
//                    and the core itself has an accepted report younger than the silence timeout
//
// (agents report only their n least-loaded cores, so a core missing from recent reports
// is a busy one and its last load is out of date). A server is included from its first
// accepted report until it is excluded:
//   - 'stale-report': a report's transmission delay (switch time - report time, modulo
//     2^48) is over the staleness threshold. The report is dropped and the whole server
//     is held down for holdDownMs (a congested path delays all its reports); each further
//     stale report extends the hold-down. Fresh reports received meanwhile still update
//     loads, so the server comes back with current values.
//   - 'silent': no accepted report from any of its cores for the silence timeout.
// and it is included again by its next accepted report once no hold-down is running.
// Reports "from the future" (negative delay beyond the threshold: the server's clock is
// ahead) are ignored and never become a core's latest time.
// Time-driven changes (silence, hold-down expiry) happen in tick(); the caller runs it
// periodically with the same monotonic clock it passes to ingest(). A tick costs
// O(reports that aged out + servers in hold-down), not O(cores).

import type { CoreIndex } from './core-index.js';
import { ExpiryQueue } from './expiry-queue.js';
import type { IndexedMinHeap } from './indexed-min-heap.js';
import type { LoadTableEvent, ServerExclusionReason, ServerInclusionReason, ServerStatus } from './load-events.js';
import type { LoadReport, ReportOutcome } from './load-report.js';
import { MAX_LOAD } from './limits.js';
import { diff48, isTimestamp48 } from './timestamp48.js';

export interface LoadTableTiming {
  stalenessThresholdMs: number;
  serverSilenceTimeoutMs: number;
  holdDownMs: number;
}

const NONE = -Infinity;
const NO_TIMESTAMP = -1;
const EXCLUSION_NONE = 0;
const EXCLUSION_STALE = 1;
const EXCLUSION_SILENT = 2;
const exclusionReasons: readonly ServerExclusionReason[] = ['stale-report', 'stale-report', 'silent'];

export class LoadTable {
  private readonly stalenessUs: number;
  private readonly silenceUs: number;
  private readonly holdDownUs: number;

  // Per core, by element id.
  private readonly load: Float64Array;
  private readonly lastTimestamp: Float64Array;
  private readonly coreHeardAt: Float64Array;
  private readonly coreFresh: Uint8Array;

  // Per server, by position in the core index.
  private readonly serverHeardAt: Float64Array;
  private readonly holdDownUntil: Float64Array;
  private readonly included: Uint8Array;
  private readonly lastExclusion: Uint8Array;
  /** Positions of servers with a hold-down running. */
  private readonly heldDown = new Set<number>();
  /** Accepted reports by arrival, to find cores that went quiet. */
  private readonly heard = new ExpiryQueue();

  constructor(
    private readonly index: CoreIndex,
    private readonly heap: IndexedMinHeap,
    timing: LoadTableTiming,
    private readonly onEvent: (event: LoadTableEvent) => void = () => {},
  ) {
    if (heap.capacity < index.size) throw new RangeError(`heap capacity ${heap.capacity} is below the ${index.size} cores`);
    this.stalenessUs = timing.stalenessThresholdMs * 1000;
    this.silenceUs = timing.serverSilenceTimeoutMs * 1000;
    this.holdDownUs = timing.holdDownMs * 1000;
    this.load = new Float64Array(index.size);
    this.lastTimestamp = new Float64Array(index.size).fill(NO_TIMESTAMP);
    this.coreHeardAt = new Float64Array(index.size).fill(NONE);
    this.coreFresh = new Uint8Array(index.size);
    this.serverHeardAt = new Float64Array(index.serverCount).fill(NONE);
    this.holdDownUntil = new Float64Array(index.serverCount).fill(NONE);
    this.included = new Uint8Array(index.serverCount);
    this.lastExclusion = new Uint8Array(index.serverCount);
  }

  /** Applies one report received at controller time `nowUs` (µs, any monotonic epoch). */
  ingest(report: LoadReport, nowUs: number): ReportOutcome {
    const { load, reportTimestampUs, switchTimeUs } = report;
    if (!Number.isInteger(load) || load < 0 || load > MAX_LOAD) return 'malformed';
    if (!isTimestamp48(switchTimeUs) || (reportTimestampUs !== null && !isTimestamp48(reportTimestampUs))) return 'malformed';
    const id = this.index.idOf(report.serverIndex, report.coreId);
    if (id < 0) return 'unknown-core';

    const sentAt = reportTimestampUs ?? switchTimeUs;
    const previous = this.lastTimestamp[id]!;
    if (previous !== NO_TIMESTAMP && diff48(sentAt, previous) <= 0) return 'out-of-order';

    const position = this.index.serverPositionOfId(id);
    // A small negative delay only means the two clocks disagree slightly.
    const delay = reportTimestampUs === null ? 0 : diff48(switchTimeUs, reportTimestampUs);
    if (delay < -this.stalenessUs) return 'future';
    if (delay > this.stalenessUs) {
      this.holdDownUntil[position] = Math.max(this.holdDownUntil[position]!, nowUs + this.holdDownUs);
      this.heldDown.add(position);
      this.lastExclusion[position] = EXCLUSION_STALE;
      if (this.included[position] === 1) {
        this.exclude(position, 'stale-report', nowUs, `transmission delay ${delay} µs over the ${this.stalenessUs} µs threshold (core ${report.coreId})`);
      }
      return 'stale';
    }

    this.lastTimestamp[id] = sentAt;
    this.load[id] = load;
    this.coreHeardAt[id] = nowUs;
    this.coreFresh[id] = 1;
    this.serverHeardAt[position] = nowUs;
    this.heard.push(id, nowUs);
    if (this.included[position] === 1) {
      this.heap.set(id, load);
    } else if (this.holdDownUntil[position]! <= nowUs) {
      const afterHoldDown = this.holdDownUntil[position] !== NONE;
      this.holdDownUntil[position] = NONE;
      this.heldDown.delete(position);
      this.include(position, afterHoldDown ? 'hold-down-expired' : 'reporting', nowUs, afterHoldDown ? 'hold-down over, reporting' : this.lastExclusion[position] === EXCLUSION_SILENT ? 'reporting again after silence' : 'first report');
    }
    return 'accepted';
  }

  /** Applies time-driven changes up to `nowUs`: silent cores and servers, ended hold-downs. */
  tick(nowUs: number): void {
    const silentBefore = nowUs - this.silenceUs;
    this.heard.popUntil(silentBefore, (id) => {
      // Obsolete entry: the core has been heard from since, or already expired.
      if (this.coreFresh[id] === 0 || this.coreHeardAt[id]! > silentBefore) return;
      this.coreFresh[id] = 0;
      this.heap.delete(id);
      const position = this.index.serverPositionOfId(id);
      if (this.included[position] === 1 && this.serverHeardAt[position]! <= silentBefore) {
        this.exclude(position, 'silent', nowUs, `no report for ${this.silenceUs / 1000} ms`);
      }
    });
    for (const position of this.heldDown) {
      if (this.holdDownUntil[position]! > nowUs) continue;
      this.holdDownUntil[position] = NONE;
      this.heldDown.delete(position);
      if (this.serverHeardAt[position]! > silentBefore) this.include(position, 'hold-down-expired', nowUs, 'hold-down over, reporting');
      else this.lastExclusion[position] = EXCLUSION_SILENT;
    }
  }

  /** Whether (server, core) may currently receive new connections. */
  isEligible(serverIndex: number, coreId: number): boolean {
    const id = this.index.idOf(serverIndex, coreId);
    return id >= 0 && this.heap.has(id);
  }

  /** The last accepted load of (server, core), or undefined if it never reported. */
  loadOf(serverIndex: number, coreId: number): number | undefined {
    const id = this.index.idOf(serverIndex, coreId);
    return id < 0 || this.lastTimestamp[id] === NO_TIMESTAMP ? undefined : this.load[id];
  }

  serverStatus(serverIndex: number): ServerStatus {
    const position = this.index.positionOf(serverIndex);
    if (position < 0) throw new RangeError(`unknown server index ${serverIndex}`);
    if (this.included[position] === 1) return { state: 'included' };
    const exclusion = this.lastExclusion[position]!;
    if (exclusion === EXCLUSION_NONE) return { state: 'never-reported' };
    const until = this.holdDownUntil[position]!;
    return { state: 'excluded', reason: exclusionReasons[exclusion]!, holdDownUntilUs: until === NONE ? null : until };
  }

  private include(position: number, reason: ServerInclusionReason, nowUs: number, detail: string): void {
    this.included[position] = 1;
    this.lastExclusion[position] = EXCLUSION_NONE;
    for (let id = this.index.firstIdOf(position), end = this.index.endIdOf(position); id < end; id++) {
      if (this.coreFresh[id] === 1) this.heap.set(id, this.load[id]!);
    }
    this.onEvent({ kind: 'server-included', serverIndex: this.index.serverIndexAtPosition(position), reason, atUs: nowUs, detail });
  }

  private exclude(position: number, reason: ServerExclusionReason, nowUs: number, detail: string): void {
    this.included[position] = 0;
    this.lastExclusion[position] = reason === 'silent' ? EXCLUSION_SILENT : EXCLUSION_STALE;
    for (let id = this.index.firstIdOf(position), end = this.index.endIdOf(position); id < end; id++) this.heap.delete(id);
    this.onEvent({ kind: 'server-excluded', serverIndex: this.index.serverIndexAtPosition(position), reason, atUs: nowUs, detail });
  }
}
