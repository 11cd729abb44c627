// Digest batching (spec section 16.3 / DigestEntry.Config): digests accumulate per digest
// id and leave as one DigestList when max_list_size of them are waiting or the oldest has
// waited max_timeout_ns (0: at once). While a list is unacknowledged and its
// ack_timeout_ns has not run out, no further list of that digest is sent. As BMv2's learn
// filter does, data equal to something waiting or unacknowledged is dropped as a duplicate.
// Data are held encoded (p4data-encoder.ts), one latin1 string each: equal data have
// equal canonical bytes, so the string is its own duplicate key, and a list goes out as
// those strings concatenated inside its framing (stream-response-codec.ts), never re-encoded.
import type { DigestEntry_Config } from '../../proto/p4/v1/p4runtime.js';
import type { Clock } from './clock.js';
import { invalid } from './rpc-error.js';

/** Digests held per id while nobody takes them; beyond this they are dropped and counted. */
const MAX_PENDING = 65_536;

/**
 * One datum of a DigestList in wire form, one char per byte: the `data` field's tag and
 * length, then the P4Data message.
 */
export type EncodedDigestDatum = string;

/** A DigestList whose data are already encoded. */
export interface EncodedDigestList {
  readonly digestId: number;
  readonly listId: bigint;
  readonly data: readonly EncodedDigestDatum[];
  readonly timestamp: bigint;
}

interface Outstanding {
  readonly listId: bigint;
  readonly data: readonly EncodedDigestDatum[];
  readonly expiresNs: bigint | undefined;
}

interface DigestState {
  config: DigestEntry_Config;
  /** Waiting data are pending[head..]: sending a list advances head. */
  pending: EncodedDigestDatum[];
  head: number;
  firstPendingNs: bigint;
  outstanding: Outstanding | undefined;
  /** Pending and outstanding data, for duplicate suppression. */
  known: Set<EncodedDigestDatum>;
  nextListId: bigint;
  cancelTimer: (() => void) | undefined;
  /** The moment the armed timer was set for. */
  timerWakeNs: bigint;
}

/** Delivers a list to the primary client; false when there is none (the list stays pending). */
export type DigestListSink = (list: EncodedDigestList) => boolean;

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
      config, pending: [], head: 0, firstPendingNs: 0n, outstanding: undefined, known: new Set(), nextListId: 1n,
      cancelTimer: undefined, timerWakeNs: 0n,
    });
  }

  /** Whether digests of `digestId` are reported (worth encoding). */
  isConfigured(digestId: number): boolean {
    return this.states.has(digestId);
  }

  /**
   * One digest from the data plane, in its canonical encoding. Unconfigured
   * digests are not reported, as on BMv2.
   */
  offer(digestId: number, data: EncodedDigestDatum): void {
    const state = this.states.get(digestId);
    if (state === undefined) return;
    const waiting = state.pending.length - state.head;
    if (waiting >= MAX_PENDING) {
      if (!state.known.has(data)) this.dropped++;
      return;
    }
    // One hash lookup: a duplicate leaves the set as it was.
    const known = state.known.size;
    state.known.add(data);
    if (state.known.size === known) return;
    if (waiting === 0) state.firstPendingNs = this.clock.nowNs();
    state.pending.push(data);
    // Nothing can be sent while a list awaits its ack: the ack, or the timer armed for its
    // ack timeout, pumps then. Otherwise pump, so that a batch whose max_timeout_ns has
    // run out leaves with this offer even while a busy event loop holds the timer back.
    if (state.outstanding !== undefined && state.cancelTimer !== undefined) return;
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
    for (const data of state.outstanding?.data ?? []) state.known.delete(data);
    state.outstanding = undefined;
  }

  /**
   * Sends what is due and makes sure a timer will pump again by the next moment something
   * may become due. A timer already armed for that moment or earlier is kept (one firing
   * early just pumps again): offers do not re-arm a timer each.
   */
  private pump(digestId: number, state: DigestState): void {
    const now = this.clock.nowNs();
    if (state.outstanding?.expiresNs !== undefined && state.outstanding.expiresNs <= now) this.release(state);
    while (state.outstanding === undefined && isDue(state, now)) {
      if (!this.send(digestId, state, now)) break;
    }
    let wakeNs: bigint | undefined;
    if (state.outstanding?.expiresNs !== undefined) wakeNs = state.outstanding.expiresNs;
    else if (state.pending.length > state.head && state.outstanding === undefined && state.config.maxTimeoutNs > 0n) {
      wakeNs = state.firstPendingNs + state.config.maxTimeoutNs;
    }
    if (state.cancelTimer !== undefined) {
      if (wakeNs !== undefined && state.timerWakeNs <= wakeNs) return;
      state.cancelTimer();
      state.cancelTimer = undefined;
    }
    if (wakeNs !== undefined) {
      const delayMs = Math.max(1, Math.ceil(Number(wakeNs - now) / 1e6));
      state.timerWakeNs = wakeNs;
      state.cancelTimer = this.clock.setTimer(delayMs, () => {
        state.cancelTimer = undefined;
        this.pump(digestId, state);
      });
    }
  }

  /** False when the sink had nobody to deliver to (the data stays pending). */
  private send(digestId: number, state: DigestState, now: bigint): boolean {
    const waiting = state.pending.length - state.head;
    const count = state.config.maxListSize > 0 ? Math.min(state.config.maxListSize, waiting) : waiting;
    const end = state.head + count;
    const list: EncodedDigestList = { digestId, listId: state.nextListId, data: state.pending.slice(state.head, end), timestamp: now };
    if (!this.sink(list)) return false;
    state.nextListId++;
    state.head = end;
    if (end === state.pending.length) {
      state.pending = [];
      state.head = 0;
    } else {
      state.firstPendingNs = now;
      // Drop the sent prefix once it outweighs what still waits (amortised O(1) per datum).
      if (end * 2 >= state.pending.length) {
        state.pending = state.pending.slice(end);
        state.head = 0;
      }
    }
    const { ackTimeoutNs } = state.config;
    state.outstanding = { listId: list.listId, data: list.data, expiresNs: ackTimeoutNs > 0n ? now + ackTimeoutNs : undefined };
    // Without an ack timeout a list need not be acknowledged: the next may follow at once.
    if (ackTimeoutNs === 0n) this.release(state);
    return true;
  }
}

function isDue(state: DigestState, now: bigint): boolean {
  const waiting = state.pending.length - state.head;
  const { maxListSize, maxTimeoutNs } = state.config;
  return waiting > 0 && (maxTimeoutNs === 0n || (maxListSize > 0 && waiting >= maxListSize) || now - state.firstPendingNs >= maxTimeoutNs);
}
