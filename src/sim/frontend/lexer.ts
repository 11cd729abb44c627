// Lexer: preprocessed P4_16 text -> tokens with original file:line:col.
//
// The C preprocessor's line markers (`# 12 "file.p4" 2`) re-point locations at the file
// and line the text came from, so diagnostics name the user's source, not the
// preprocessed stream. `>>` is never one token: the parser joins two adjacent `>` into a
// shift, which is how `bit<8>>` and `x >> 2` can both be read (p4c does the same).

import type { SourceLoc } from './ast.js';
import { DiagnosticSink } from './diagnostics.js';

export type TokenKind = 'ident' | 'int' | 'string' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's source text (for strings: the decoded value without quotes). */
  readonly text: string;
  readonly loc: SourceLoc;
  /** Offset in the preprocessed text just past the token (adjacency tests such as `>` `>`). */
  readonly end: number;
  readonly start: number;
  /** Integer literals. */
  readonly value?: bigint;
  readonly width?: number;
  readonly signed?: boolean;
}

// Longest first: the scanner takes the first that matches.
const PUNCTUATION = [
  '...', '&&&', '|+|', '|-|',
  '..', '++', '<<', '<=', '>=', '==', '!=', '&&', '||',
  '<', '>', '=', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '?', ':', ';', ',', '.',
  '(', ')', '[', ']', '{', '}', '@', '#',
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const LINE_MARKER = /^#\s*(?:line\s+)?(\d+)\s+"((?:[^"\\]|\\.)*)"/;

/** Splits preprocessed P4 text into tokens; reports every lexical error at once. */
export function tokenize(text: string, initialFile: string): Token[] {
  const sink = new DiagnosticSink();
  const tokens: Token[] = [];
  let file = initialFile;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const locAt = (offset: number): SourceLoc => ({ file, line, col: offset - lineStart + 1 });

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#' && text.slice(lineStart, i).trim() === '') {
      // A preprocessor line: a line marker re-points locations; `#pragma`, which cpp
      // passes through, carries nothing the front end uses. Anything else means the text
      // was not preprocessed.
      const eol = text.indexOf('\n', i);
      const directive = text.slice(i, eol < 0 ? n : eol);
      const marker = LINE_MARKER.exec(directive);
      if (!marker && !/^#\s*pragma\b/.test(directive)) {
        sink.error(locAt(i), `unexpected preprocessor directive '${directive.trim()}' (the text must be preprocessed first)`);
      }
      i = eol < 0 ? n : eol + 1;
      if (marker) {
        file = decodeEscapes(marker[2]!);
        line = Number(marker[1]);
      } else {
        line++;
      }
      lineStart = i;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const startLoc = locAt(i);
      i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= n) {
        sink.error(startLoc, 'unterminated comment');
        break;
      }
      i += 2;
      continue;
    }
    const start = i;
    const loc = locAt(i);
    if (IDENT_START.test(c)) {
      while (i < n && IDENT_PART.test(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), loc, start, end: i });
      continue;
    }
    if (c >= '0' && c <= '9') {
      while (i < n && IDENT_PART.test(text[i]!)) i++;
      const raw = text.slice(start, i);
      const lit = parseIntegerLiteral(raw);
      if (typeof lit === 'string') {
        sink.error(loc, lit);
        continue;
      }
      tokens.push({ kind: 'int', text: raw, loc, start, end: i, ...lit });
      continue;
    }
    if (c === '"') {
      i++;
      let value = '';
      let closed = false;
      while (i < n && text[i] !== '\n') {
        const d = text[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          value += d + text[i + 1];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      if (!closed) sink.error(loc, 'unterminated string literal');
      tokens.push({ kind: 'string', text: decodeEscapes(value), loc, start, end: i });
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) {
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct, loc, start, end: i });
      continue;
    }
    sink.error(loc, `unexpected character '${c}'`);
    i++;
  }
  sink.throwIfErrors('SYNTAX');
  tokens.push({ kind: 'eof', text: '<end of input>', loc: locAt(n), start: n, end: n });
  return tokens;
}

function decodeEscapes(s: string): string {
  return s.replace(/\\(.)/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      default:
        return ch;
    }
  });
}

const RADIX: Record<string, { base: bigint; digits: RegExp }> = {
  x: { base: 16n, digits: /^[0-9a-f]+$/i },
  b: { base: 2n, digits: /^[01]+$/ },
  o: { base: 8n, digits: /^[0-7]+$/ },
  d: { base: 10n, digits: /^[0-9]+$/ },
};

/**
 * Parses `8w5`, `8s0x1F`, `0b1010`, `1_000`, `0d99`. Returns an error message for
 * malformed literals. The sign of `8s...` literals is applied later (unary minus), as the
 * value written is always non-negative; width checks happen in the checker.
 */
export function parseIntegerLiteral(raw: string): { value: bigint; width?: number; signed?: boolean } | string {
  let body = raw;
  let width: number | undefined;
  let signed: boolean | undefined;
  const prefix = /^(\d+)([ws])(.+)$/.exec(raw);
  if (prefix) {
    width = Number(prefix[1]);
    signed = prefix[2] === 's';
    body = prefix[3]!;
    if (width === 0 && !signed) return `invalid width 0 in literal '${raw}'`;
    if (signed && width < 1) return `invalid width ${width} in signed literal '${raw}'`;
  }
  body = body.replace(/_/g, '');
  let value: bigint;
  const radix = /^0([xXbBoOdD])(.+)$/.exec(body);
  if (radix) {
    const r = RADIX[radix[1]!.toLowerCase()]!;
    if (!r.digits.test(radix[2]!)) return `malformed integer literal '${raw}'`;
    value = 0n;
    for (const ch of radix[2]!) value = value * r.base + BigInt(parseInt(ch, 16));
  } else {
    if (!/^[0-9]+$/.test(body)) return `malformed integer literal '${raw}'`;
    value = BigInt(body);
  }
  return width === undefined ? { value } : { value, width, signed };
}
