// Getting k-sets from the planner to the switches: every push the push rule asks for goes
// to every ready switch (one push per service in flight at a time) and is recorded with
// markPushed once at least one switch confirmed it; a switch whose k-set differs from the
// one last pushed (its push failed) is pushed again by repair(). A push that failed
// everywhere, or a failed repair, is retried after PUSH_RETRY_MS at the earliest.
//
// A controller that has not accepted any report yet (just started, or a backup that just
// took over) pushes no empty k-sets, and during the warm-up no first k-set narrower than
// k: the switch keeps what it has rather than getting a set built from the first cores
// the controller happened to hear from.

import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { CorelbConfig } from './config.js';
import type { ControllerCore } from './controller-core.js';
import { type KSet, toRegisterSlots } from './kset.js';
import type { ControllerMetrics } from './metrics.js';
import type { SwitchSession } from './switch-session.js';

const PUSH_RETRY_MS = 200;

/** Members in order: what a switch's registers hold for the k-set. */
function ksetSignature(kset: KSet): string {
  return kset.members.map((m) => `${m.serverIndex}/${m.coreId}`).join(',');
}

export class KSetDistributor {
  private readonly inFlight = new Set<number>();
  private readonly repairing = new Set<string>();
  /** After a failed push, per service (or switch/service for repairs): no new attempt before this time, ms. */
  private readonly retryAt = new Map<string, number>();
  private warmUpUntilMs = Infinity;
  private stopped = false;

  constructor(
    private readonly core: ControllerCore,
    private readonly config: CorelbConfig,
    private readonly sessions: readonly SwitchSession[],
    private readonly metrics: ControllerMetrics,
    private readonly log: Logger,
    private readonly onPushed: (kset: KSet) => void,
  ) {}

  start(warmUpMs: number): void {
    this.warmUpUntilMs = performance.now() + warmUpMs;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Pushes every k-set the push rule asks for now. */
  plan(): void {
    if (this.stopped) return;
    const nowMs = performance.now();
    const warmingUp = nowMs < this.warmUpUntilMs;
    this.core.plans(nowMs * 1000).forEach((plan, i) => {
      const service = plan.candidate.serviceIndex;
      if (!plan.push || this.inFlight.has(service) || (this.retryAt.get(`${service}`) ?? 0) > nowMs) return;
      const size = plan.candidate.members.length;
      if (plan.reason === 'first' && (size === 0 || (warmingUp && size < this.config.services[i]!.k))) return;
      void this.pushEverywhere(plan.candidate, plan.reason);
    });
  }

  /** Pushes one switch the k-set of a service; logs and counts, rethrows failures. */
  async pushTo(session: SwitchSession, kset: KSet): Promise<void> {
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

  /** Gives the k-set last pushed to each ready switch that does not have it. */
  repair(): void {
    if (this.stopped) return;
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

  private async pushEverywhere(kset: KSet, reason: string): Promise<void> {
    const targets = this.sessions.filter((s) => s.isReady);
    if (targets.length === 0) return;
    const service = kset.serviceIndex;
    this.inFlight.add(service);
    const started = performance.now();
    try {
      const results = await Promise.allSettled(targets.map((s) => this.pushTo(s, kset)));
      if (results.some((r) => r.status === 'fulfilled')) {
        this.core.markPushed(kset, performance.now() * 1000);
        this.metrics.ksetPushSeconds.observe((performance.now() - started) / 1000);
        this.log.debug({ service, reason, members: kset.members.map((m) => `${m.serverIndex}/${m.coreId}`) }, 'k-set pushed');
        this.onPushed(kset);
      } else {
        this.retryAt.set(`${service}`, performance.now() + PUSH_RETRY_MS);
      }
    } finally {
      this.inFlight.delete(service);
    }
    // Loads may have moved on while the push was in flight.
    setImmediate(() => this.plan());
  }
}
