// Runs every conformance program in programs/ against its STF file(s): `name.p4` with
// `name.stf` (and `name.*.stf` for more scenarios) through the STF runner.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatStfResult, runStf } from '../../../src/sim/stf/stf-runner.js';

const dir = fileURLToPath(new URL('./programs/', import.meta.url));
const files = readdirSync(dir);
const programs = files.filter((f) => f.endsWith('.p4')).sort();

describe('sim conformance: P4 programs with STF tests', () => {
  it('every program has at least one STF test', () => {
    const lonely = programs.filter((p) => !files.some((f) => f.startsWith(p.slice(0, -3) + '.') && f.endsWith('.stf')));
    assert.deepEqual(lonely, []);
  });

  for (const program of programs) {
    const base = program.slice(0, -3);
    const stfs = files.filter((f) => (f === `${base}.stf` || (f.startsWith(`${base}.`) && f.endsWith('.stf'))) && f !== program).sort();
    for (const stf of stfs) {
      it(stf, () => {
        const result = runStf(join(dir, program), join(dir, stf), { randomSeed: 1 });
        assert.ok(result.passed, formatStfResult(stf, result));
      });
    }
  }
});
