// A pure model of how the data plane spreads new flows over a service's result slots
// (p4/include/kset_slots.p4): a new flow reads the service's cursor, takes slot
// `cursor` if it is below the slot count and slot 0 otherwise, and stores slot + 1 as
// the next cursor. So the cursor walks 0..count-1 and wraps without a modulo; after a
// k-set shrinks, a cursor left beyond the new count restarts at slot 0.
// Tests use it to predict where a sequence of new flows must land.

import type { RegisterSlots } from './kset.js';

export interface SlotChoice {
  serverIndex: number;
  coreId: number;
}

export class RoundRobinModel {
  constructor(
    private readonly slots: RegisterSlots,
    private cursor = 0,
  ) {
    if (slots.count < 1) throw new RangeError(`service ${slots.serviceIndex} has no slots in use`);
    if (!Number.isInteger(cursor) || cursor < 0 || cursor > 0xff) throw new RangeError(`the 8-bit cursor must be in 0..255, got ${cursor}`);
  }

  /** The choice for the next new flow. */
  next(): SlotChoice {
    const slot = this.cursor >= this.slots.count ? 0 : this.cursor;
    this.cursor = slot + 1;
    const { serverIndex, coreId } = this.slots.slots[slot]!;
    return { serverIndex, coreId };
  }

  /** The choices for the next `n` new flows, in order. */
  take(n: number): SlotChoice[] {
    return Array.from({ length: n }, () => this.next());
  }
}
