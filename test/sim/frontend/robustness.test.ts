import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkProgram } from '../../../src/sim/frontend/checker.js';
import { FrontendError } from '../../../src/sim/frontend/diagnostics.js';
import { frontendSource } from '../../../src/sim/frontend/frontend.js';
import { tokenize } from '../../../src/sim/frontend/lexer.js';
import { parseP4 } from '../../../src/sim/frontend/parser.js';
import { preprocessFile } from '../../../src/sim/frontend/preprocess.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'basic_plus.p4');

describe('sim frontend: robustness', () => {
  it('answers every mutation of a valid program with success or a FrontendError, never a crash', () => {
    const text = preprocessFile(FIXTURE);
    const tokens = tokenize(text, 'f.p4');
    const first = tokens.findIndex((t) => t.loc.file === FIXTURE);
    const userTokens = tokens.slice(first, -1);
    fc.assert(
      fc.property(
        fc.nat({ max: userTokens.length - 1 }),
        fc.nat({ max: userTokens.length - 1 }),
        fc.constantFrom('delete', 'duplicate', 'replace'),
        (at, from, how) => {
          const t = userTokens[at]!;
          const other = userTokens[from]!;
          const otherText = other.kind === 'string' ? JSON.stringify(other.text) : other.text;
          const replacement = how === 'delete' ? '' : how === 'duplicate' ? `${text.slice(t.start, t.end)} ${text.slice(t.start, t.end)}` : otherText;
          const mutated = text.slice(0, t.start) + replacement + text.slice(t.end);
          try {
            checkProgram(parseP4(mutated, 'f.p4'));
          } catch (e) {
            assert.ok(e instanceof FrontendError, `crash on ${how} of '${t.text}' at ${t.loc.line}:${t.loc.col}: ${String(e)}`);
            for (const d of e.diagnostics) assert.ok(d.loc.line >= 1 && d.loc.col >= 1);
          }
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('answers absurdly deep nesting with a FrontendError, not a stack overflow', () => {
    const depth = 100_000;
    const src = `const bit<8> X = ${'('.repeat(depth)}1${')'.repeat(depth)};`;
    assert.throws(() => frontendSource(src, 'deep.p4'), (e: unknown) => e instanceof FrontendError && e.code === 'UNSUPPORTED' && /deep\.p4:1:1: unsupported: expressions or statements nested this deeply/.test(e.message));
  });

  it("rejects '_' outside out arguments and keysets", () => {
    const text = "\ncontrol C(inout bit<8> x) { apply { x = x + _; } }\n";
    assert.throws(() => checkProgram(parseP4(text, 'u.p4')), /u\.p4:2:45: error: '_' is only allowed as an out argument or in a keyset/);
  });
});
