// Small run-time routines that generated code calls for operations too long to inline:
// header-stack shifting, bounds failures and value-set membership. They are bound into
// the generated code as slots (see slots.ts).

import { P4ParserError, P4RuntimeError } from '../runtime/abi.js';
import type { FieldMatch, HeaderValue, StackValue, ValueSetRuntime } from '../runtime/abi.js';

/**
 * An out-of-range `.next`/`.last` or run-time stack index. In a parser it is the
 * StackOutOfBounds parser error (P4_16 12.8.1); `.next`/`.last` outside a parser (which the
 * front end refuses) would stop the packet with a P4RuntimeError rather than invent a value.
 */
export function stackOutOfBounds(inParser: boolean, location: string): never {
  if (inParser) throw new P4ParserError('StackOutOfBounds');
  throw new P4RuntimeError(`${location}: header stack index out of bounds`);
}

/**
 * State transitions one parser run may take. A legitimate parser consumes packet bits or
 * counts down as it loops, so even a jumbo frame parsed one bit per state stays far below.
 */
export const MAX_PARSER_STEPS = 100_000;

export function parserLoop(where: string): never {
  throw new P4RuntimeError(`${where} took more than ${MAX_PARSER_STEPS} state transitions on one packet (a loop that consumes nothing?)`);
}

/** `s.push_front(count)`: elements move up by count, the first count become invalid. */
export function pushFront(makeInvalid: () => HeaderValue, size: number): (s: StackValue, count: number) => void {
  return (s, count) => {
    for (let i = size - 1; i >= count; i--) s.elements[i] = s.elements[i - count]!;
    for (let i = 0; i < count && i < size; i++) s.elements[i] = makeInvalid();
    s.nextIndex = Math.min(size, s.nextIndex + count);
  };
}

/** `s.pop_front(count)`: elements move down by count, the last count become invalid. */
export function popFront(makeInvalid: () => HeaderValue, size: number): (s: StackValue, count: number) => void {
  return (s, count) => {
    for (let i = 0; i + count < size; i++) s.elements[i] = s.elements[i + count]!;
    for (let i = Math.max(0, size - count); i < size; i++) s.elements[i] = makeInvalid();
    s.nextIndex = Math.max(0, s.nextIndex - count);
  };
}

/** Whether an unsigned key of `width` bits satisfies one control-plane field match. */
export function fieldMatches(m: FieldMatch, key: bigint, width: number): boolean {
  switch (m.kind) {
    case 'exact':
      return key === m.value;
    case 'lpm': {
      const shift = BigInt(width - m.prefixLength);
      return key >> shift === m.value >> shift;
    }
    case 'ternary':
      return (key & m.mask) === (m.value & m.mask);
    case 'range':
      return key >= m.low && key <= m.high;
    case 'optional':
      return m.value === undefined || key === m.value;
  }
}

/** Whether the select keys (unsigned bit patterns) are in the value set. */
export function valueSetContains(set: ValueSetRuntime, keys: readonly bigint[], widths: readonly number[]): boolean {
  return set.members.some((member) => member.every((m, i) => fieldMatches(m, keys[i]!, widths[i]!)));
}
