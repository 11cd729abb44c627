// Digest batching (spec section 16.3 / DigestEntry.Config): digests accumulate per digest
// id and leave as one DigestList when max_list_size of them are waiting or the oldest has
// waited max_timeout_ns (0: at once). While a list is unacknowledged and its
// ack_timeout_ns has not run out, no further list of that digest is sent. As BMv2's learn
// filter does, data equal to something waiting or unacknowledged is dropped as a duplicate.
import type { DigestEntry_Config, DigestList } from '../../proto/p4/v1/p4runtime.js';
import { P4Data } from '../../proto/p4/v1/p4data.js';
import type { Clock } from './clock.js';
import { invalid } from './rpc-error.js';

/** Digests held per id while nobody takes them; beyond this they are dropped and counted. */
const MAX_PENDING = 65_536;

interface Outstanding {
  readonly listId: bigint;
  readonly keys: readonly string[];
  readonly expiresNs: bigint | undefined;
}

interface DigestState {
  config: DigestEntry_Config;
  pending: P4Data[];
  pendingKeys: string[];
  firstPendingNs: bigint;
  outstanding: Outstanding | undefined;
  /** Keys of pending and outstanding data, for duplicate suppression. */
  known: Set<string>;
  nextListId: bigint;
  cancelTimer: (() => void) | undefined;
}

/** Delivers a list to the primary client; false when there is none (the list stays pending). */
export type DigestListSink = (list: DigestList) => boolean;

export function checkDigestConfig(config: DigestEntry_Config | undefined, what: string): DigestEntry_Config {
  if (config === undefined) throw invalid(`${what}: no config`);
  if (config.maxTimeoutNs < 0n) throw invalid(`${what}: negative max_timeout_ns`);
  if (config.maxListSize < 0) throw invalid(`${what}: negative max_list_size`);
  if (config.ackTimeoutNs < 0n) throw invalid(`${what}: negative ack_timeout_ns`);
  return { ...config };
}

export class DigestEngine {
  private readonly states = new Map<number, DigestState>();
  /** Digests dropped because nobody took them fast enough (MAX_PENDING reached). */
  dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sink: DigestListSink,
  ) {}

  configOf(digestId: number): DigestEntry_Config | undefined {
    return this.states.get(digestId)?.config;
  }

  configuredIds(): number[] {
    return [...this.states.keys()];
  }

  /** Sets (or with `undefined` removes) a digest's config; removal discards what was waiting. */
  configure(digestId: number, config: DigestEntry_Config | undefined): void {
    const state = this.states.get(digestId);
    if (config === undefined) {
      state?.cancelTimer?.();
      this.states.delete(digestId);
      return;
    }
    if (state !== undefined) {
      state.config = config;
      this.pump(digestId, state);
      return;
    }
    this.states.set(digestId, {
      config, pending: [], pendingKeys: [], firstPendingNs: 0n, outstanding: undefined, known: new Set(), nextListId: 1n,
      cancelTimer: undefined,
    });
  }

  /** One digest from the data plane. Unconfigured digests are not reported, as on BMv2. */
  offer(digestId: number, data: P4Data): void {
    const state = this.states.get(digestId);
    if (state === undefined) return;
    const key = Buffer.from(P4Data.encode(data).finish()).toString('latin1');
    if (state.known.has(key)) return;
    if (state.pending.length >= MAX_PENDING) {
      this.dropped++;
      return;
    }
    if (state.pending.length === 0) state.firstPendingNs = this.clock.nowNs();
    state.pending.push(data);
    state.pendingKeys.push(key);
    state.known.add(key);
    this.pump(digestId, state);
  }

  /** A DigestListAck; false if it names no unacknowledged list. */
  ack(digestId: number, listId: bigint): boolean {
    const state = this.states.get(digestId);
    if (state?.outstanding?.listId !== listId) return false;
    this.release(state);
    this.pump(digestId, state);
    return true;
  }

  /** Retries every digest (after a primary appears). */
  pumpAll(): void {
    for (const [id, state] of this.states) this.pump(id, state);
  }

  close(): void {
    for (const state of this.states.values()) state.cancelTimer?.();
    this.states.clear();
  }

  private release(state: DigestState): void {
    for (const key of state.outstanding?.keys ?? []) state.known.delete(key);
    state.outstanding = undefined;
  }

  /** Sends what is due and arms the timer for the next moment something may become due. */
  private pump(digestId: number, state: DigestState): void {
    state.cancelTimer?.();
    state.cancelTimer = undefined;
    const now = this.clock.nowNs();
    if (state.outstanding?.expiresNs !== undefined && state.outstanding.expiresNs <= now) this.release(state);
    const { maxListSize, maxTimeoutNs } = state.config;
    const due = (): boolean => state.pending.length > 0 && (
      maxTimeoutNs === 0n || (maxListSize > 0 && state.pending.length >= maxListSize) || now - state.firstPendingNs >= maxTimeoutNs
    );
    while (state.outstanding === undefined && due()) {
      if (!this.send(digestId, state, now)) break;
    }
    let wakeNs: bigint | undefined;
    if (state.outstanding?.expiresNs !== undefined) wakeNs = state.outstanding.expiresNs;
    else if (state.pending.length > 0 && state.outstanding === undefined && maxTimeoutNs > 0n) {
      wakeNs = state.firstPendingNs + maxTimeoutNs;
    }
    if (wakeNs !== undefined) {
      const delayMs = Math.max(1, Math.ceil(Number(wakeNs - now) / 1e6));
      state.cancelTimer = this.clock.setTimer(delayMs, () => this.pump(digestId, state));
    }
  }

  /** False when the sink had nobody to deliver to (the data stays pending). */
  private send(digestId: number, state: DigestState, now: bigint): boolean {
    const count = state.config.maxListSize > 0 ? Math.min(state.config.maxListSize, state.pending.length) : state.pending.length;
    const list: DigestList = { digestId, listId: state.nextListId, data: state.pending.slice(0, count), timestamp: now };
    if (!this.sink(list)) return false;
    state.nextListId++;
    const keys = state.pendingKeys.slice(0, count);
    state.pending = state.pending.slice(count);
    state.pendingKeys = state.pendingKeys.slice(count);
    if (state.pending.length > 0) state.firstPendingNs = now;
    const { ackTimeoutNs } = state.config;
    state.outstanding = { listId: list.listId, keys, expiresNs: ackTimeoutNs > 0n ? now + ackTimeoutNs : undefined };
    // Without an ack timeout a list need not be acknowledged: the next may follow at once.
    if (ackTimeoutNs === 0n) this.release(state);
    return true;
  }
}
