import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../src/sim/cli.ts', import.meta.url));
const program = fileURLToPath(new URL('../conformance/programs/basic_forward.p4', import.meta.url));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('sim CLI: corelb-sim stf', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'corelb-stf-'));
    writeFileSync(join(dir, 'pass.stf'), 'add dmac dstAddr:1 forward(port:2)\npacket 0 000000000001 000000000000 0800\nexpect 2 000000000001 ************ 0800$\n');
    writeFileSync(join(dir, 'fail.stf'), 'packet 0 000000000001 000000000000 0800\nexpect 0 00\n');
    writeFileSync(join(dir, 'bad.stf'), 'packet 0 0g\n');
    writeFileSync(join(dir, 'not-v1model.p4'), [
      '#include <core.p4>',
      'parser Prs(packet_in p);',
      'package Top(Prs p);',
      'parser MyPrs(packet_in p) { state start { transition accept; } }',
      'Top(MyPrs()) main;',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints PASS when every test passes', () => {
    const r = run('stf', program, join(dir, 'pass.stf'));
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^PASS .*pass\.stf/m);
  });

  it('exits 1 with the failing port when a test fails', () => {
    const r = run('stf', program, join(dir, 'pass.stf'), join(dir, 'fail.stf'));
    assert.equal(r.status, 1);
    assert.match(r.out, /FAIL .*fail\.stf\n\s+port 0: expected 1 packet\(s\), received 0/);
  });

  it('exits 2 with file:line for a malformed STF file', () => {
    const r = run('stf', program, join(dir, 'bad.stf'));
    assert.equal(r.status, 2);
    assert.match(r.err, /bad\.stf:1: packet data must be hex digits/);
  });

  it('exits 2 with a message, not a stack trace, for a program v1model cannot run', () => {
    const r = run('stf', join(dir, 'not-v1model.p4'), join(dir, 'pass.stf'));
    assert.equal(r.status, 2);
    assert.match(r.err, /runs V1Switch programs, not Top/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });
});
