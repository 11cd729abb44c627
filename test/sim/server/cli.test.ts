import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchConnection } from '../../../src/p4runtime/index.js';
import { PacketPortClient } from '../../../src/sim/ports/index.js';

const bin = fileURLToPath(new URL('../../../bin/corelb-sim.mjs', import.meta.url));
const lb = fileURLToPath(new URL('../../../p4/lb.p4', import.meta.url));

/** Starts `corelb-sim` as its own process and waits for the line that says it is up. */
async function startSwitch(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  for (let i = 0; i < 200; i++) {
    const match = /P4Runtime on port (\d+)/.exec(output);
    if (match) return { child, port: Number(match[1]) };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error(`corelb-sim did not start: ${output}`);
}

describe('corelb-sim as a process (simple_switch_grpc options)', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'corelb-sim-cli-')); });
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves P4Runtime for the program it was started with and passes packets on the IPC port', async () => {
    const socket = `ipc://${join(dir, 'ports.ipc')}`;
    const started = await startSwitch([lb, '--grpc-server-addr', '127.0.0.1:0', '--device-id', '3', '--cpu-port', '255', '--packet-in', socket]);
    child = started.child;
    const sw = new SwitchConnection({ address: `127.0.0.1:${started.port}`, deviceId: 3, electionId: 1n, reconnect: false });
    try {
      await sw.connect();
      const pipeline = await sw.fetchPipeline();
      assert.ok(pipeline.p4info?.tables.some((t) => t.preamble?.name.endsWith('redirect')));
      const ports = await PacketPortClient.connect(socket);
      try {
        // A frame too short for Ethernet is dropped by the program, so nothing comes back,
        // but the switch must stay up and keep answering P4Runtime.
        ports.send(1, new Uint8Array(10));
        await assert.rejects(ports.nextPacket({ timeoutMs: 300 }));
        assert.ok((await sw.capabilities()).p4runtimeApiVersion.length > 0);
      } finally {
        await ports.close();
      }
    } finally {
      sw.close();
    }
  });

  it('exits 2 with file:line:col when the program does not compile', async () => {
    const bad = spawn(process.execPath, [bin, '/no/such/prog.p4', '--grpc-server-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    const [code] = await once(bad, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /prog\.p4/);
  });
});
