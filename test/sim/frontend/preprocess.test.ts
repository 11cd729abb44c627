import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { FrontendError } from '../../../src/sim/frontend/diagnostics.js';
import { frontend, frontendSource } from '../../../src/sim/frontend/frontend.js';
import { preprocessSource } from '../../../src/sim/frontend/preprocess.js';

describe('sim frontend: preprocessing', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'p4pp-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('expands macros and conditionals, and defines V1MODEL_VERSION through v1model.p4', () => {
    const out = preprocessSource('#include <v1model.p4>\n#define W 8\n#ifdef __TARGET_BMV2__\nconst bit<W> X = V1MODEL_VERSION;\n#endif\n', 'm.p4');
    assert.match(out, /const bit<8> X = 20180101;/);
  });

  it('maps diagnostics in included files to the included file and line', () => {
    writeFileSync(join(dir, 'defs.p4'), '\n\nconst bit<8> BAD = true;\n');
    writeFileSync(join(dir, 'main.p4'), '#include <core.p4>\n#include "defs.p4"\n');
    assert.throws(
      () => frontend(join(dir, 'main.p4')),
      (e: unknown) => e instanceof FrontendError && e.code === 'TYPE' && e.message.includes(`${join(dir, 'defs.p4')}:3:20: error:`),
    );
  });

  it('names files in diagnostics the way the caller named them', () => {
    writeFileSync(join(dir, 'rel.p4'), 'const bit<8> X = true;\n');
    const relative = relativePath(process.cwd(), join(dir, 'rel.p4'));
    assert.throws(() => frontend(relative), (e: unknown) => e instanceof FrontendError && e.message.startsWith(`${relative}:1:18: error:`));
  });

  it('turns preprocessor errors into typed PREPROCESS errors with locations', () => {
    assert.throws(
      () => frontendSource('\n#error stop here\n', 'e.p4'),
      (e: unknown) => e instanceof FrontendError && e.code === 'PREPROCESS' && /^e\.p4:2:2: error: #error stop here/.test(e.message),
    );
    assert.throws(
      () => frontendSource('#include "missing.p4"\n', 'e.p4'),
      (e: unknown) => e instanceof FrontendError && e.code === 'PREPROCESS' && /e\.p4:1:10: error: missing\.p4: No such file or directory/.test(e.message),
    );
  });

  it('passes extra defines and include directories', () => {
    writeFileSync(join(dir, 'lib.p4'), 'const bit<8> FROM_LIB = VALUE;\n');
    const p = frontendSource('#include "lib.p4"\n', 'x.p4', { includeDirs: [dir], defines: ['VALUE=42'] });
    const c = p.program.declarations.find((d) => d.kind === 'ConstantDecl' && d.name === 'FROM_LIB');
    assert.ok(c && c.kind === 'ConstantDecl');
    assert.deepEqual(c.value.constValue, { kind: 'int', value: 42n });
  });

  it('reports a missing program file clearly', () => {
    assert.throws(() => frontend(join(dir, 'absent.p4')), (e: unknown) => e instanceof FrontendError && e.code === 'PREPROCESS' && /absent\.p4:1:1: error: cannot open .*absent\.p4: no such file/.test(e.message));
  });

  it('reports a missing preprocessor executable clearly', () => {
    assert.throws(() => frontendSource('', 'x.p4', { cpp: '/nonexistent/cpp' }), (e: unknown) => e instanceof FrontendError && e.code === 'PREPROCESS' && /cannot run the C preprocessor/.test(e.message));
  });
});
