// The corelb-agent command's refusals, run as a child process (no privileges needed: every case
// fails before a socket is opened, so nothing touches this machine's interfaces).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';

const AGENT_BIN = new URL('../../bin/corelb-agent.mjs', import.meta.url).pathname;

function agent(...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [AGENT_BIN, ...args], { encoding: 'utf8', timeout: 15_000 });
  return { status: run.status, stderr: run.stderr };
}

describe('agent: the corelb-agent command line', function () {
  this.timeout(30_000);

  it('names the bad option and why, and exits 1', () => {
    const route = agent('l2', '-I', 'lo', '--src-ip', '10.0.0.1', '--route', '3,0');
    assert.equal(route.status, 1);
    assert.match(route.stderr, /--route: "0" is not a port number 1\.\.255/);
    const alpha = agent('ipv6', '--src', 'fd00::1', '--lb', 'fd00::2', '--alpha', '0');
    assert.equal(alpha.status, 1);
    assert.match(alpha.stderr, /--alpha: "0" is not a number in \(0, 1\]/);
  });

  it('requires the options each format needs', () => {
    const l2 = agent('l2', '-I', 'lo');
    assert.equal(l2.status, 1);
    assert.match(l2.stderr, /required option '--src-ip <ipv4>' not specified/);
    const v6 = agent('ipv6', '--src', 'fd00::1');
    assert.equal(v6.status, 1);
    assert.match(v6.stderr, /required option '--lb <ipv6>' not specified/);
  });

  it('exits 2 with one line when the interface does not exist', () => {
    const run = agent('l2', '-I', 'no-such-if0', '--src-ip', '10.0.0.1', '--rounds', '1');
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'corelb-agent: --interface: no interface "no-such-if0" (see `ip link`)\n');
  });
});
