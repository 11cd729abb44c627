// Regression programs for behaviour fixed while measuring the simulator against p4c's
// v1model STF suite: `programs/name.p4` with `name.stf` (and `name.*.stf`). Each program is
// our own, written to pin down one behaviour of p4c + BMv2.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatStfResult, runStf } from '../../../src/sim/stf/stf-runner.js';

const dir = fileURLToPath(new URL('./programs/', import.meta.url));
const files = readdirSync(dir);

describe('sim fidelity: p4c + BMv2 behaviour', () => {
  for (const program of files.filter((f) => f.endsWith('.p4')).sort()) {
    const base = program.slice(0, -3);
    const stfs = files.filter((f) => f.endsWith('.stf') && (f === `${base}.stf` || f.startsWith(`${base}.`)));
    it(`${base} has an STF test`, () => assert.notEqual(stfs.length, 0));
    for (const stf of stfs.sort()) {
      it(stf, () => {
        const result = runStf(join(dir, program), join(dir, stf), { randomSeed: 1 });
        assert.ok(result.passed, formatStfResult(stf, result));
      });
    }
  }
});
