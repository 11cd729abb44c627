// Per service, the k least-loaded eligible cores among the servers that serve it, and
// the rule that decides when a new k-set is worth pushing to the switches.
//
// Push rule (docs/controller.md), checked in order, for the candidate k-set C against
// the k-set P last pushed:
//   1. C and P have the same members (order aside)           -> no push ('unchanged')
//   2. nothing pushed yet                                      -> push ('first')
//   3. a member of P is no longer eligible (excluded, silent)  -> push ('member-ineligible')
//   4. C has a different number of members than P              -> push ('size-changed')
//   5. mean load of P (current loads) - mean load of C >= hysteresisLoad -> push ('load-gain')
//   6. pushIntervalMs or more since the last push              -> push ('interval-elapsed')
//   7. otherwise                                               -> no push ('hysteresis')
// New connections are spread round-robin over the slots, so a set's mean load is the
// expected load of the core the next connection lands on: the gain is what a push buys.
// Small gains wait for the interval, so the registers do not churn on noise; losing a
// member or a count change never waits.

import type { CoreIndex } from './core-index.js';
import type { IndexedMinHeap } from './indexed-min-heap.js';
import { MAX_K } from './limits.js';

export interface KSetMember {
  serverIndex: number;
  coreId: number;
  load: number;
}

export interface KSet {
  serviceIndex: number;
  /** Least-loaded first; ties by server index, then core id. */
  members: readonly KSetMember[];
}

export interface ServiceSelection {
  serviceIndex: number;
  k: number;
  /** Data-plane indices of the servers that serve this service. */
  serverIndices: readonly number[];
}

export interface KSetPolicy {
  hysteresisLoad: number;
  pushIntervalMs: number;
}

export type PushReason = 'first' | 'member-ineligible' | 'size-changed' | 'load-gain' | 'interval-elapsed';
export type HoldReason = 'unchanged' | 'hysteresis';

export interface KSetPlan {
  candidate: KSet;
  push: boolean;
  reason: PushReason | HoldReason;
  /** Mean load of the pushed set (current loads) minus that of the candidate; 0 when not comparable. */
  gain: number;
}

/** The values the result registers of one service receive. */
export interface RegisterSlots {
  serviceIndex: number;
  /** How many slots are in use: the round-robin runs over slots 0..count-1. */
  count: number;
  /** Exactly MAX_K slots; those from `count` on are zero, so register contents are deterministic. */
  slots: ReadonlyArray<{ serverIndex: number; coreId: number }>;
}

export class KSetError extends Error {
  constructor(readonly code: 'KSET_UNKNOWN_SERVICE' | 'KSET_BAD_SERVICE', message: string) {
    super(message);
    this.name = 'KSetError';
  }
}

interface ServiceState {
  selection: ServiceSelection;
  accept: (id: number) => boolean;
  /** Element ids of the last pushed set, least-loaded first at push time. */
  pushedIds: Int32Array | undefined;
  pushedAtMs: number;
}

export class KSetPlanner {
  private readonly services = new Map<number, ServiceState>();
  private readonly scratch = new Int32Array(MAX_K);

  constructor(
    private readonly index: CoreIndex,
    private readonly heap: IndexedMinHeap,
    services: readonly ServiceSelection[],
    private readonly policy: KSetPolicy,
  ) {
    for (const selection of services) {
      if (!Number.isInteger(selection.k) || selection.k < 1 || selection.k > MAX_K) {
        throw new KSetError('KSET_BAD_SERVICE', `service ${selection.serviceIndex}: k = ${selection.k} is outside 1..${MAX_K}`);
      }
      if (this.services.has(selection.serviceIndex)) {
        throw new KSetError('KSET_BAD_SERVICE', `service ${selection.serviceIndex} appears twice`);
      }
      const serves = new Uint8Array(index.serverCount);
      for (const serverIndex of selection.serverIndices) {
        const position = index.positionOf(serverIndex);
        if (position < 0) throw new KSetError('KSET_BAD_SERVICE', `service ${selection.serviceIndex}: unknown server index ${serverIndex}`);
        serves[position] = 1;
      }
      const accept = (id: number): boolean => serves[index.serverPositionOfId(id)] === 1;
      this.services.set(selection.serviceIndex, { selection, accept, pushedIds: undefined, pushedAtMs: -Infinity });
    }
  }

  /** The k least-loaded eligible cores of a service right now. */
  select(serviceIndex: number): KSet {
    return { serviceIndex, members: this.membersOf(this.extract(this.state(serviceIndex))) };
  }

  /** The candidate k-set and whether the push rule says to push it now. */
  plan(serviceIndex: number, nowMs: number): KSetPlan {
    const state = this.state(serviceIndex);
    const candidateIds = this.extract(state);
    const n = candidateIds.length;
    const candidate: KSet = { serviceIndex, members: this.membersOf(candidateIds) };
    const pushed = state.pushedIds;
    if (pushed !== undefined && sameMembers(pushed, candidateIds)) return { candidate, push: false, reason: 'unchanged', gain: 0 };
    if (pushed === undefined) return { candidate, push: true, reason: 'first', gain: 0 };
    for (const id of pushed) {
      if (!this.heap.has(id)) return { candidate, push: true, reason: 'member-ineligible', gain: 0 };
    }
    if (pushed.length !== n) return { candidate, push: true, reason: 'size-changed', gain: 0 };
    let pushedSum = 0;
    for (const id of pushed) pushedSum += this.heap.keyOf(id);
    let candidateSum = 0;
    for (const member of candidate.members) candidateSum += member.load;
    const gain = (pushedSum - candidateSum) / n;
    if (gain >= this.policy.hysteresisLoad) return { candidate, push: true, reason: 'load-gain', gain };
    if (nowMs - state.pushedAtMs >= this.policy.pushIntervalMs) return { candidate, push: true, reason: 'interval-elapsed', gain };
    return { candidate, push: false, reason: 'hysteresis', gain };
  }

  /** Records that `kset` is now active on the switches (call after the writes succeeded). */
  markPushed(kset: KSet, nowMs: number): void {
    const state = this.state(kset.serviceIndex);
    state.pushedIds = Int32Array.from(kset.members, (m) => {
      const id = this.index.idOf(m.serverIndex, m.coreId);
      if (id < 0) throw new KSetError('KSET_BAD_SERVICE', `k-set member (${m.serverIndex}, ${m.coreId}) is not a known core`);
      return id;
    });
    state.pushedAtMs = nowMs;
  }

  /** The last pushed k-set with current loads (NaN for members no longer eligible), or undefined. */
  pushed(serviceIndex: number): KSet | undefined {
    const ids = this.state(serviceIndex).pushedIds;
    return ids === undefined ? undefined : { serviceIndex, members: this.membersOf(ids) };
  }

  serviceIndices(): number[] {
    return [...this.services.keys()];
  }

  /** Element ids of the service's current k least-loaded eligible cores (a view of scratch space). */
  private extract(state: ServiceState): Int32Array {
    return this.scratch.subarray(0, this.heap.kSmallest(state.selection.k, state.accept, this.scratch));
  }

  private membersOf(ids: Int32Array): KSetMember[] {
    return Array.from(ids, (id) => ({
      serverIndex: this.index.serverIndexOfId(id),
      coreId: this.index.coreOfId(id),
      load: this.heap.has(id) ? this.heap.keyOf(id) : Number.NaN,
    }));
  }

  private state(serviceIndex: number): ServiceState {
    const state = this.services.get(serviceIndex);
    if (state === undefined) throw new KSetError('KSET_UNKNOWN_SERVICE', `unknown service index ${serviceIndex}`);
    return state;
  }
}

function sameMembers(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  // k <= 16: a quadratic scan beats sorting copies.
  for (const id of a) if (!b.includes(id)) return false;
  return true;
}

/** The result-register values for a k-set: members in k-set order, padded to MAX_K. */
export function toRegisterSlots(kset: KSet): RegisterSlots {
  if (kset.members.length > MAX_K) throw new KSetError('KSET_BAD_SERVICE', `k-set of ${kset.members.length} members exceeds ${MAX_K} slots`);
  const slots = kset.members.map((m) => ({ serverIndex: m.serverIndex, coreId: m.coreId }));
  while (slots.length < MAX_K) slots.push({ serverIndex: 0, coreId: 0 });
  return { serviceIndex: kset.serviceIndex, count: kset.members.length, slots };
}
