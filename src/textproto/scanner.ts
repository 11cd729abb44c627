// Splits protobuf text format into tokens: identifiers, numbers, strings (with C escapes
// decoded to bytes) and punctuation. Comments run from `#` to the end of the line.
import { TextProtoError } from './errors.js';

export type Token =
  | { kind: 'ident'; text: string; line: number; column: number }
  | { kind: 'number'; text: string; line: number; column: number }
  | { kind: 'string'; bytes: Uint8Array; line: number; column: number }
  | { kind: 'punct'; text: string; line: number; column: number }
  | { kind: 'eof'; line: number; column: number };

const PUNCTUATION = new Set([':', '{', '}', '<', '>', '[', ']', ',', ';', '/', '.']);

export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string): never => {
    throw new TextProtoError(message, line, pos - lineStart + 1);
  };
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === '\n') {
      pos += 1;
      line += 1;
      lineStart = pos;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      pos += 1;
      continue;
    }
    if (ch === '#') {
      while (pos < text.length && text[pos] !== '\n') pos += 1;
      continue;
    }
    const column = pos - lineStart + 1;
    if (/[A-Za-z_]/.test(ch)) {
      const start = pos;
      while (pos < text.length && /[A-Za-z0-9_]/.test(text[pos]!)) pos += 1;
      tokens.push({ kind: 'ident', text: text.slice(start, pos), line, column });
      continue;
    }
    if (/[0-9]/.test(ch) || ((ch === '-' || ch === '.') && /[0-9.]/.test(text[pos + 1] ?? ''))) {
      const start = pos;
      pos += 1;
      while (pos < text.length && /[0-9A-Za-z_.+-]/.test(text[pos]!)) {
        // A sign belongs to the number only right after an exponent marker.
        if ((text[pos] === '+' || text[pos] === '-') && !/[eE]/.test(text[pos - 1]!)) break;
        pos += 1;
      }
      tokens.push({ kind: 'number', text: text.slice(start, pos), line, column });
      continue;
    }
    if (ch === '-') {
      // `-inf` / `-nan` style: keep the sign with the identifier that follows.
      tokens.push({ kind: 'punct', text: '-', line, column });
      pos += 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const bytes: number[] = [];
      pos += 1;
      while (text[pos] !== ch) {
        if (pos >= text.length || text[pos] === '\n') fail('unterminated string');
        const c = text[pos]!;
        if (c !== '\\') {
          bytes.push(...Buffer.from(c, 'utf8'));
          pos += 1;
          continue;
        }
        const esc = text[pos + 1] ?? '';
        pos += 2;
        const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
        if (esc in simple) bytes.push(simple[esc]!);
        else if (/[0-7]/.test(esc)) {
          let digits = esc;
          while (digits.length < 3 && /[0-7]/.test(text[pos] ?? '')) digits += text[pos++];
          bytes.push(parseInt(digits, 8) & 0xff);
        } else if (esc === 'x' || esc === 'X') {
          let digits = '';
          while (digits.length < 2 && /[0-9a-fA-F]/.test(text[pos] ?? '')) digits += text[pos++];
          if (digits === '') fail('\\x escape without hex digits');
          bytes.push(parseInt(digits, 16));
        } else if (esc === 'u' || esc === 'U') {
          const len = esc === 'u' ? 4 : 8;
          const digits = text.slice(pos, pos + len);
          if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== len) fail(`bad \\${esc} escape`);
          pos += len;
          bytes.push(...Buffer.from(String.fromCodePoint(parseInt(digits, 16)), 'utf8'));
        } else fail(`unknown escape \\${esc}`);
      }
      pos += 1;
      const previous = tokens[tokens.length - 1];
      if (previous?.kind === 'string') {
        // Adjacent string literals concatenate, as in C.
        previous.bytes = Uint8Array.from([...previous.bytes, ...bytes]);
      } else tokens.push({ kind: 'string', bytes: Uint8Array.from(bytes), line, column });
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, line, column });
      pos += 1;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ kind: 'eof', line, column: pos - lineStart + 1 });
  return tokens;
}
