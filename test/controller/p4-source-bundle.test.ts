import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleP4Source } from '../../src/controller/p4-source-bundle.js';

describe('bundleP4Source', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'corelb-bundle-'));
    mkdirSync(join(dir, 'include'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('inlines quoted includes relative to the including file and keeps <...> includes', () => {
    writeFileSync(join(dir, 'main.p4'), '#include <core.p4>\n#include "include/a.p4"\nmain;\n');
    writeFileSync(join(dir, 'include/a.p4'), '#include "b.p4"  // b next to a\nA;\n');
    writeFileSync(join(dir, 'include/b.p4'), 'B;\n');
    assert.equal(bundleP4Source(join(dir, 'main.p4')), '#include <core.p4>\nB;\n\nA;\n\nmain;\n');
  });

  it('reports include cycles and missing files', () => {
    writeFileSync(join(dir, 'main.p4'), '#include "include/a.p4"\n');
    writeFileSync(join(dir, 'include/a.p4'), '#include "../main.p4"\n');
    assert.throws(() => bundleP4Source(join(dir, 'main.p4')), { code: 'P4_BUNDLE', message: /cycle: main.p4 -> include\/a.p4 -> main.p4/ });
    writeFileSync(join(dir, 'include/a.p4'), '#include "nope.p4"\n');
    assert.throws(() => bundleP4Source(join(dir, 'main.p4')), { code: 'P4_BUNDLE', message: /cannot read .*nope.p4 \(included from include\/a.p4\)/ });
  });
});
