// A pure model of how the data plane spreads new flows over a service's result slots:
// each new flow takes slot `cursor mod count` and advances the service's cursor by one.
// Tests use it to predict where a sequence of new flows must land.

import type { RegisterSlots } from './kset.js';

export interface SlotChoice {
  serverIndex: number;
  coreId: number;
}

export class RoundRobinModel {
  private cursor: number;

  constructor(
    private readonly slots: RegisterSlots,
    startCursor = 0,
  ) {
    if (slots.count < 1) throw new RangeError(`service ${slots.serviceIndex} has no slots in use`);
    if (!Number.isInteger(startCursor) || startCursor < 0) throw new RangeError(`cursor must be a non-negative integer, got ${startCursor}`);
    this.cursor = startCursor;
  }

  /** The choice for the next new flow. */
  next(): SlotChoice {
    const slot = this.slots.slots[this.cursor % this.slots.count]!;
    this.cursor += 1;
    return { serverIndex: slot.serverIndex, coreId: slot.coreId };
  }

  /** The choices for the next `n` new flows, in order. */
  take(n: number): SlotChoice[] {
    return Array.from({ length: n }, () => this.next());
  }
}
