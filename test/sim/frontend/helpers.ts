// Shared helpers for the front-end tests: compile snippets with v1model included and
// find nodes in the checked tree.

import assert from 'node:assert/strict';
import type * as A from '../../../src/sim/frontend/ast.js';
import type { CheckedProgram } from '../../../src/sim/frontend/checked-program.js';
import { FrontendError, type FrontendErrorCode } from '../../../src/sim/frontend/diagnostics.js';
import { frontendSource, type FrontendOptions } from '../../../src/sim/frontend/frontend.js';

export const V1 = '#include <core.p4>\n#include <v1model.p4>\n';

/** Checks `body` (prefixed with the v1model includes, which take two lines) as `test.p4`. */
export function check(body: string, options: FrontendOptions = {}): CheckedProgram {
  return frontendSource(V1 + body, 'test.p4', options);
}

/** Asserts that checking fails with `code` and a diagnostic whose text matches `pattern`. */
export function expectFailure(body: string, code: FrontendErrorCode, pattern: RegExp, options: FrontendOptions = {}): FrontendError {
  try {
    check(body, options);
  } catch (e) {
    assert.ok(e instanceof FrontendError, `expected a FrontendError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail('expected the program to be rejected');
}

export function decl<K extends A.Declaration['kind']>(p: CheckedProgram, kind: K, name: string): Extract<A.Declaration, { kind: K }> {
  const d = p.program.declarations.find((x) => x.kind === kind && x.name === name);
  assert.ok(d, `no ${kind} ${name}`);
  return d as Extract<A.Declaration, { kind: K }>;
}

export function constValueOf(p: CheckedProgram, name: string): A.ConstValue {
  const v = decl(p, 'ConstantDecl', name).value.constValue;
  assert.ok(v, `constant ${name} not folded`);
  return v;
}

/** The statements of a control's apply block. */
export function applyStmts(p: CheckedProgram, control: string): readonly A.Statement[] {
  return decl(p, 'ControlDecl', control).body.stmts;
}

/** The call of a CallStmt. */
export function callOf(s: A.Statement | undefined): A.CallExpr {
  assert.ok(s && s.kind === 'CallStmt', `expected a call statement, got ${s?.kind}`);
  return s.call;
}

export function assignOf(s: A.Statement | undefined): A.AssignStmt {
  assert.ok(s && s.kind === 'AssignStmt', `expected an assignment, got ${s?.kind}`);
  return s;
}
