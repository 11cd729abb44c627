// Codecs specialised to a fixed bit layout. A header's fields (or a tuple's elements) sit
// at bit offsets known when the program loads; when the layout starts on a byte boundary
// in the packet, as every header does on BMv2, each field is a fixed expression over
// fixed bytes. These generators emit that straight-line code: one expression per byte
// written, one per field read, no per-field calls and no bit cursor. A layout that starts
// mid-byte takes the general path (value-codec's per-field BitReader/BitWriter calls).
//
// Fields wider than 32 bits are split into pieces of at most 32 bits, so every piece is an
// unsigned number and all the bit arithmetic stays in 32-bit integer operations.

import type { P4Type } from '../ir/types.js';
import type { Value } from './abi.js';
import type { BitReader, BitWriter } from './bit-buffer.js';
import { representationOf } from './representation.js';

export interface LayoutMember {
  /** The member as a property access on the aggregate `v`: `"ttl"` (a quoted name) or `3`. */
  readonly access: string;
  readonly type: P4Type;
}

interface Scalar {
  readonly access: string;
  readonly width: number;
  readonly kind: 'bit' | 'int' | 'bool';
  /** Bit offset of the member within the layout. */
  readonly offset: number;
}

interface Piece {
  /** Bit offset of the piece within the layout. */
  readonly offset: number;
  readonly width: number;
}

/** The members as scalars at their offsets; undefined when one is not a fixed-width scalar. */
function scalarsOf(members: readonly LayoutMember[]): { scalars: Scalar[]; totalBits: number } | undefined {
  const scalars: Scalar[] = [];
  let offset = 0;
  for (const m of members) {
    const t = representationOf(m.type);
    if (t.kind === 'bit' || t.kind === 'int') {
      if (t.width === 0) continue;
      scalars.push({ access: m.access, width: t.width, kind: t.kind, offset });
      offset += t.width;
    } else if (t.kind === 'bool') {
      scalars.push({ access: m.access, width: 1, kind: 'bool', offset });
      offset += 1;
    } else {
      return undefined;
    }
  }
  return { scalars, totalBits: offset };
}

/** A scalar's pieces, most significant first: the head takes width mod 32 bits, the rest 32 each. */
function piecesOf(s: Scalar): Piece[] {
  const pieces: Piece[] = [];
  let width = s.width % 32 || 32;
  let offset = s.offset;
  while (offset < s.offset + s.width) {
    pieces.push({ offset, width });
    offset += width;
    width = 32;
  }
  return pieces;
}

const pow2 = (n: number): string => String(2 ** n);

/** The bits of `piece` that fall in layout byte `k`, from the piece's value `x` (an unsigned number). */
function byteTerm(piece: Piece, x: string, k: number): string | undefined {
  const start = Math.max(piece.offset, 8 * k);
  const end = Math.min(piece.offset + piece.width, 8 * k + 8);
  if (start >= end) return undefined;
  const rightShift = piece.offset + piece.width - end;
  const mask = 2 ** (end - start) - 1;
  const leftShift = 8 * k + 8 - end;
  let term = rightShift === 0 ? x : `(${x} >>> ${rightShift})`;
  term = `(${term} & ${mask})`;
  return leftShift === 0 ? term : `(${term} << ${leftShift})`;
}

/** The value of `piece` read from the bytes `b` at byte position `p`, as an unsigned number. */
function pieceRead(piece: Piece): string {
  const terms: string[] = [];
  const last = piece.offset + piece.width;
  for (let k = piece.offset >> 3; 8 * k < last; k++) {
    const start = Math.max(piece.offset, 8 * k);
    const end = Math.min(last, 8 * k + 8);
    const rightShift = 8 * k + 8 - end;
    const mask = 2 ** (end - start) - 1;
    let term = rightShift === 0 ? `b[p + ${k}]` : `(b[p + ${k}] >>> ${rightShift})`;
    if (mask !== 255) term = `(${term} & ${mask})`;
    // Multiplying (not shifting) keeps a 32-bit piece unsigned.
    const place = last - end;
    terms.push(place === 0 ? term : `${term} * ${pow2(place)}`);
  }
  return terms.join(' + ');
}

/**
 * A writer of the members of `v` that, on a byte boundary, stores whole bytes; elsewhere it
 * calls `general`. Undefined when a member is not a fixed-width scalar.
 */
export function generateLayoutWriter(members: readonly LayoutMember[], general: (w: BitWriter, v: Value) => void): ((w: BitWriter, v: Value) => void) | undefined {
  const layout = scalarsOf(members);
  if (layout === undefined || layout.totalBits === 0) return undefined;
  const { scalars, totalBits } = layout;
  const lines: string[] = [];
  const pieceValues: { piece: Piece; x: string }[] = [];
  scalars.forEach((s, i) => {
    const value = `v[${s.access}]`;
    const pieces = piecesOf(s);
    if (s.kind === 'bool') {
      lines.push(`const x${i} = ${value} ? 1 : 0;`);
      pieceValues.push({ piece: pieces[0]!, x: `x${i}` });
    } else if (s.width <= 32) {
      // bit<W> values are normalised (abi.ts); int<W> values are signed and become their bit pattern.
      lines.push(s.kind === 'int' ? `const x${i} = ${value} < 0 ? ${value} + ${pow2(s.width)} : ${value};` : `const x${i} = ${value};`);
      pieceValues.push({ piece: pieces[0]!, x: `x${i}` });
    } else if (s.width <= 53 && s.kind === 'bit') {
      // Exact in a double: split by division rather than bigint shifts (MAC addresses, timestamps).
      lines.push(`const n${i} = Number(${value}), x${i}_0 = Math.floor(n${i} / 4294967296), x${i}_1 = n${i} % 4294967296;`);
      pieceValues.push({ piece: pieces[0]!, x: `x${i}_0` }, { piece: pieces[1]!, x: `x${i}_1` });
    } else {
      lines.push(`const big${i} = ${s.kind === 'int' ? `BigInt.asUintN(${s.width}, ${value})` : value};`);
      pieces.forEach((piece, j) => {
        const shift = s.offset + s.width - piece.offset - piece.width;
        lines.push(`const x${i}_${j} = Number((big${i} >> ${shift}n) & 0xffffffffn);`);
        pieceValues.push({ piece, x: `x${i}_${j}` });
      });
    }
  });
  for (let k = 0; 8 * k < totalBits; k++) {
    const terms = pieceValues.map(({ piece, x }) => byteTerm(piece, x, k)).filter((t) => t !== undefined);
    lines.push(`b[p + ${k}] = ${terms.join(' | ')};`);
  }
  const body = `return function write(w, v) {
  const o = w.bitLength;
  if ((o & 7) !== 0) return general(w, v);
  const b = w.reserve(${totalBits}), p = o >>> 3;
  ${lines.join('\n  ')}
  w.bitLength = o + ${totalBits};
};`;
  return new Function('general', `"use strict";\n${body}`)(general) as (w: BitWriter, v: Value) => void;
}

/**
 * A reader of a header (`valid`: with `$valid: true`) or struct that, on a byte boundary,
 * reads each field from its fixed bytes; elsewhere it calls `general`. Undefined when a
 * field is not a fixed-width scalar. The caller has checked that the bits are there.
 */
export function generateLayoutReader(members: readonly LayoutMember[], valid: boolean, general: (r: BitReader) => Value): ((r: BitReader) => Value) | undefined {
  const layout = scalarsOf(members);
  if (layout === undefined) return undefined;
  const { scalars, totalBits } = layout;
  const lines: string[] = [];
  const props = valid ? ['$valid: true'] : [];
  for (const m of members) {
    const s = scalars.find((x) => x.access === m.access);
    if (s === undefined) {
      props.push(`${m.access}: ${representationOf(m.type).kind === 'int' || representationOf(m.type).kind === 'bit' ? '0' : 'false'}`);
      continue;
    }
    const i = scalars.indexOf(s);
    const pieces = piecesOf(s).map(pieceRead);
    if (s.kind === 'bool') {
      props.push(`${s.access}: (${pieces[0]}) === 1`);
    } else if (s.width <= 32) {
      if (s.kind === 'int') {
        lines.push(`const x${i} = ${pieces[0]};`);
        props.push(`${s.access}: x${i} >= ${pow2(s.width - 1)} ? x${i} - ${pow2(s.width)} : x${i}`);
      } else {
        props.push(`${s.access}: ${pieces[0]}`);
      }
    } else {
      const unsigned = s.width <= 53
        ? `BigInt((${pieces[0]}) * 4294967296 + (${pieces[1]}))`
        : pieces.map((piece, j) => `(BigInt(${piece}) << ${32 * (pieces.length - 1 - j)}n)`).join(' | ');
      props.push(`${s.access}: ${s.kind === 'int' ? `BigInt.asIntN(${s.width}, ${unsigned})` : unsigned}`);
    }
  }
  const body = `return function read(r) {
  const o = r.bitOffset;
  if ((o & 7) !== 0) return general(r);
  const b = r.bytes, p = o >>> 3;
  ${lines.join('\n  ')}
  r.bitOffset = o + ${totalBits};
  return { ${props.join(', ')} };
};`;
  return new Function('general', `"use strict";\n${body}`)(general) as (r: BitReader) => Value;
}
