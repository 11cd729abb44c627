// Everything generated code needs from outside itself (bit-operation closures, helpers,
// tables, bound extern call sites) is a "slot": an entry of the constant array the
// generated factory receives. Slots are recorded at compile time and filled when the
// program is instantiated against an architecture, so call sites are bound once, before
// the first packet.

import type { ExternCallSite } from '../runtime/abi.js';

export type SlotRequest =
  /** A value known at compile time (closures from bits.ts, helper functions, constants). */
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'table'; readonly name: string }
  | { readonly kind: 'externMethod'; readonly instance: string; readonly site: ExternCallSite }
  | { readonly kind: 'paramMethod'; readonly externType: string; readonly site: ExternCallSite }
  | { readonly kind: 'externFunction'; readonly site: ExternCallSite }
  | { readonly kind: 'valueSet'; readonly name: string };

export class SlotTable {
  readonly requests: SlotRequest[] = [];
  private readonly byValue = new Map<unknown, string>();

  /** The JS name under which generated code sees the slot's content. */
  add(request: SlotRequest): string {
    if (request.kind === 'value') {
      const known = this.byValue.get(request.value);
      if (known !== undefined) return known;
    }
    const name = `k${this.requests.length}`;
    this.requests.push(request);
    if (request.kind === 'value') this.byValue.set(request.value, name);
    return name;
  }

  value(v: unknown): string {
    return this.add({ kind: 'value', value: v });
  }

  /** The factory prologue: one `const` per slot, read from the `$K` array. */
  prologue(): string {
    return this.requests.map((_, i) => `const k${i} = $K[${i}];`).join('\n');
  }
}
