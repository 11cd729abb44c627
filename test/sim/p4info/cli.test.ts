import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import { parseTextProto } from '../../../src/textproto/index.js';

const bin = fileURLToPath(new URL('../../../bin/corelb-sim.mjs', import.meta.url));
const program = fileURLToPath(new URL('./fixtures/routing.p4', import.meta.url));

function run(...args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args]);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

describe('corelb-sim p4info', function () {
  this.timeout(30_000);

  it('writes the same P4Info in text, binary and JSON', () => {
    const text = run('p4info', program);
    const binary = run('p4info', program, '--format', 'binary');
    const json = run('p4info', program, '--format', 'json');
    assert.equal(text.status, 0, text.stderr);
    const fromText = P4Info.fromJSON(parseTextProto(text.stdout.toString(), 'p4.config.v1.P4Info'));
    assert.deepEqual(P4Info.decode(binary.stdout), fromText);
    assert.deepEqual(P4Info.fromJSON(JSON.parse(json.stdout.toString())), fromText);
    assert.ok(fromText.tables.some((t) => t.preamble?.name === 'RouterIngress.routes'));
  });

  it('exits 2 with file:line:col for a program with errors, and for an unknown format', () => {
    const missing = run('p4info', '/no/such/program.p4');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /\/no\/such\/program\.p4:1:1: error: cannot open/);
    const format = run('p4info', program, '--format', 'yaml');
    assert.equal(format.status, 2);
    assert.match(format.stderr, /unknown format "yaml"/);
  });
});
