import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrontendError } from '../../../src/sim/frontend/diagnostics.js';
import { parseIntegerLiteral, tokenize } from '../../../src/sim/frontend/lexer.js';

const texts = (src: string): string[] => tokenize(src, 'x.p4').map((t) => t.text);

describe('sim frontend: lexer', () => {
  it('reads width-prefixed, based and underscored integer literals', () => {
    const toks = tokenize('8w5 8s7 0x1F 0b1010 0o17 0d99 1_000 32w0xFF_FF 4w0b1_1', 'x.p4');
    const lits = toks.filter((t) => t.kind === 'int').map((t) => [t.value, t.width, t.signed]);
    assert.deepEqual(lits, [
      [5n, 8, false],
      [7n, 8, true],
      [31n, undefined, undefined],
      [10n, undefined, undefined],
      [15n, undefined, undefined],
      [99n, undefined, undefined],
      [1000n, undefined, undefined],
      [0xffffn, 32, false],
      [3n, 4, false],
    ]);
  });

  it('rejects malformed literals with their location', () => {
    assert.throws(() => tokenize('const x = 0b102;', 'bad.p4'), (e: unknown) => e instanceof FrontendError && /bad\.p4:1:11: error: malformed integer literal '0b102'/.test(e.message));
    assert.equal(typeof parseIntegerLiteral('0w5'), 'string');
  });

  it('parses any decimal or hex literal back to its value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 200n) - 1n }), fc.integer({ min: 1, max: 256 }), (v, w) => {
        assert.deepEqual(parseIntegerLiteral(v.toString()), { value: v });
        assert.deepEqual(parseIntegerLiteral(`${w}w0x${v.toString(16)}`), { value: v, width: w, signed: false });
      }),
    );
  });

  it('keeps the multi-character operators and never makes >> one token', () => {
    assert.deepEqual(texts('a &&& b .. c |+| d |-| e ++ f << g >> h <= i >= j == k != l && m || n'), [
      'a', '&&&', 'b', '..', 'c', '|+|', 'd', '|-|', 'e', '++', 'f', '<<', 'g', '>', '>', 'h', '<=', 'i', '>=', 'j', '==', 'k', '!=', 'l', '&&', 'm', '||', 'n', '<end of input>',
    ]);
  });

  it('skips comments and decodes strings', () => {
    const toks = tokenize('/* a\n b */ x // y\n "s\\"t\\n" @name', 'x.p4');
    assert.deepEqual(toks.map((t) => [t.kind, t.text]), [
      ['ident', 'x'],
      ['string', 's"t\n'],
      ['punct', '@'],
      ['ident', 'name'],
      ['eof', '<end of input>'],
    ]);
    assert.deepEqual(toks[0]!.loc, { file: 'x.p4', line: 2, col: 7 });
  });

  it('follows preprocessor line markers to the original file and line', () => {
    const toks = tokenize('# 1 "main.p4"\na\n# 7 "inc/h.p4" 1\n  b\n# 3 "main.p4" 2\nc', 'cpp-output');
    assert.deepEqual(toks.slice(0, 3).map((t) => t.loc), [
      { file: 'main.p4', line: 1, col: 1 },
      { file: 'inc/h.p4', line: 7, col: 3 },
      { file: 'main.p4', line: 3, col: 1 },
    ]);
  });

  it('rejects directives that preprocessing should have removed, but ignores #pragma', () => {
    assert.throws(() => tokenize('#include <x.p4>\n', 'raw.p4'), /raw\.p4:1:1: error: unexpected preprocessor directive '#include <x\.p4>'/);
    assert.deepEqual(texts('#pragma once\nx'), ['x', '<end of input>']);
  });

  it('reports unterminated comments and strings, and stray characters', () => {
    assert.throws(() => tokenize('a /* never closed', 'x.p4'), /x\.p4:1:3: error: unterminated comment/);
    assert.throws(() => tokenize('"open', 'x.p4'), /unterminated string/);
    assert.throws(() => tokenize('a $ b', 'x.p4'), /x\.p4:1:3: error: unexpected character '\$'/);
  });
});
