// The operator's view: the HTTP endpoint (metrics, status, flows, health) of a controller
// running against the simulated switch, and the `corelb status` / `corelb flows` commands.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { type RunningController, runController } from '../../src/controller/run-controller.js';
import { loadReport, tcpPacket } from './support/frames.js';
import { eventually, REPO, testConfig } from './support/controller-fixture.js';
import { SimSwitch } from './support/sim-switch.js';

const run = promisify(execFile);

describe('controller HTTP endpoint and CLI', function () {
  this.timeout(30_000);
  let sim: SimSwitch;
  let running: RunningController;
  let base: string;

  before(async () => {
    sim = await SimSwitch.start();
    running = await runController(testConfig({ switches: [{ address: sim.address }] }), { logger: pino({ level: 'silent' }), controller: { clockSettleMs: 0, warmUpMs: 0 } });
    base = `http://${running.http.address}`;
    await eventually(() => running.controller.sessions[0]!.isReady, 'ready');
    sim.inject(1, loadReport('10.0.1.1', 0, 30));
    sim.inject(2, loadReport('10.0.1.2', 1, 40));
    await eventually(() => running.controller.status().services[0]!.pushed?.members.length === 2, 'k-set pushed');
    sim.inject(10, tcpPacket('192.168.0.9', 1234, '10.0.0.100', 80));
    await eventually(() => running.controller.flows.size === 1, 'one flow');
  });
  after(async () => {
    await running.stop();
    await sim.stop();
  });

  it('serves the status with per-core loads and current k-sets', async () => {
    const status = await (await fetch(`${base}/status`)).json() as ReturnType<typeof running.controller.status>;
    assert.deepEqual(status.servers[0]!.loads, [30, null]);
    assert.deepEqual(status.servers[1]!.eligible, [1]);
    assert.deepEqual(status.services[0]!.pushed!.members.map((m) => [m.serverIndex, m.coreId, m.load]), [[0, 0, 30], [1, 1, 40]]);
    assert.equal(status.switches[0]!.state, 'ready');
    assert.equal(status.flows, 1);
  });

  it('serves Prometheus metrics, flows and health', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /corelb_load_reports_total\{outcome="accepted"\} 2/);
    assert.match(metrics, /corelb_flows_installed_total 1/);
    assert.match(metrics, /corelb_kset_pushes_total\{switch="sw0",result="ok"\} [12]\n/);
    assert.match(metrics, /corelb_heap_size 2/);
    assert.match(metrics, /corelb_control_loop_seconds_count \d+/);
    const flows = await (await fetch(`${base}/flows?limit=10`)).json() as { total: number; flows: Array<{ flow: string; server: string }> };
    assert.equal(flows.total, 1);
    assert.equal(flows.flows[0]!.flow, 'tcp 192.168.0.9:1234 -> 10.0.0.100:80');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/flows?limit=-1`)).status, 400);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  });

  it('corelb status and corelb flows print them', async () => {
    const cli = resolve(REPO, 'src/cli/corelb.ts');
    const status = await run(process.execPath, ['--import', 'tsx', cli, 'status', '--url', base], { cwd: REPO });
    assert.match(status.stdout, /sw0 .* ready {4}primary/);
    assert.match(status.stdout, /web .* pushed: 0\/0@30 1\/1@40/);
    assert.match(status.stdout, /flows pinned: 1/);
    const flows = await run(process.execPath, ['--import', 'tsx', cli, 'flows', '--url', base], { cwd: REPO });
    assert.match(flows.stdout, /tcp 192\.168\.0\.9:1234 -> 10\.0\.0\.100:80 +-> s1 +core 0/);
    await assert.rejects(run(process.execPath, ['--import', 'tsx', cli, 'status', '--url', 'http://127.0.0.1:1'], { cwd: REPO }), /cannot reach the controller/);
  });

  it('corelb demo (npm start) runs the controller against the in-process simulator and says what it does', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', resolve(REPO, 'src/cli/corelb.ts'), 'demo', '--duration', '3'], { cwd: REPO });
    assert.match(stdout, /simulated switch \(P4Runtime, like simple_switch_grpc\) on 127\.0\.0\.1:\d+/);
    assert.match(stdout, /switch ready/);
    assert.match(stdout, /web: k-set (server\d\/\d@\d+ ?){8}/);
    assert.match(stdout, /new connections since last summary, by server\/core: server\d\/\d:\d+/);
    assert.match(stdout, /\[demo\] stopped/);
  });

  it('corelb controller refuses a bad configuration before touching any switch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corelb-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync(resolve(REPO, 'examples/corelb.yaml'), 'utf8').replace('vip: 10.0.0.101', 'vip: 10.0.0.1011').replace('k: 8', 'k: 80'));
    try {
      await assert.rejects(run(process.execPath, ['--import', 'tsx', resolve(REPO, 'src/cli/corelb.ts'), 'controller', '--config', file], { cwd: REPO }), (error: Error & { code?: number; stderr?: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr!, /2 configuration errors/);
        assert.match(error.stderr!, /services\[1\]\.vip: not an IPv4 address/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
