// The controller end to end against the simulator over gRPC on loopback (one process,
// so the switch, the gRPC stack and the controller share one core's worth of event loop):
//   1. load reports through the controller: reports injected into the switch's ports ->
//      load digests (batched) -> gRPC -> decode -> LoadTable/heap -> k-set planning;
//      and the controller alone, fed decoded digest lists (no switch, no gRPC);
//   2. flows installed per second: new connections -> new-flow digests -> redirect
//      entries written back in batches, until the switch holds every one;
//   3. latency from a load report entering the switch to the new k-set being active in
//      its registers (bank flipped), by packet-out and by register writes;
//   4. 1 and 2 again with the switch in its own process (`corelb-sim serve`, the way
//      simple_switch_grpc runs), frames sent over BMv2's nanomsg packet interface: the
//      switch and the controller each get a core.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { parseConfig } from '../src/controller/config.js';
import { Controller } from '../src/controller/controller.js';
import { REGISTERS, TABLES } from '../src/controller/dataplane-names.js';
import { loadPipeline } from '../src/controller/pipeline-files.js';
import { buildPacket, ipv4 } from '../src/packet/index.js';
import type { DecodedDigestList } from '../src/p4runtime/index.js';
import { PacketPortClient } from '../src/sim/ports/index.js';
import { startP4RuntimeServer, type P4RuntimeServerHandle } from '../src/sim/server/server.js';
import { simPipelineLoader } from '../src/sim/server/sim-target.js';

const SERVERS = 64;
const CORES = 16;
const REPORTS = 100_000;
const FLOWS = 40_000;
const LATENCY_ROUNDS = 200;

const repo = new URL('..', import.meta.url).pathname;
const bundle = await loadPipeline({ kind: 'source', p4SourcePath: `${repo}p4/lb.p4` });

function configText(address: string, kSetWrites: string): string {
  const lines = ['switches:', `  - { name: sw, address: "${address}", deviceId: 1, electionId: 1, cpuPort: 255, kSetWrites: ${kSetWrites} }`];
  lines.push('services:', '  - { name: web, vip: 10.0.0.100, protocol: tcp, port: 80, k: 16, index: 0 }', 'servers:');
  for (let i = 0; i < SERVERS; i++) lines.push(`  - { name: s${i}, dip: 10.1.${i >> 8}.${i & 255}, mac: "02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}", switchPort: ${1 + (i % 200)}, cores: ${CORES}, services: [web] }`);
  lines.push('timing: { stalenessThresholdMs: 60000, serverSilenceTimeoutMs: 600000, ksetPushIntervalMs: 0, ksetHysteresisLoad: 0, flowIdleTimeoutMs: 600000 }');
  lines.push('heavyFlows: { pollIntervalMs: 0 }', 'pipeline: { p4Source: p4/lb.p4 }', 'logging: { level: silent }');
  return lines.join('\n');
}

async function setup(kSetWrites: 'packet-out' | 'registers'): Promise<{ sim: P4RuntimeServerHandle; controller: Controller }> {
  const sim = await startP4RuntimeServer({ address: '127.0.0.1:0', deviceId: 1, cpuPort: 255, loader: simPipelineLoader() });
  const config = parseConfig(configText(`127.0.0.1:${sim.port}`, kSetWrites), { baseDir: repo });
  const controller = new Controller(config, bundle, { logger: pino({ level: 'silent' }), tickMs: 50, clockSettleMs: 0, warmUpMs: 0 });
  controller.start();
  await new Promise<void>((resolve) => controller.once('switchReady', () => resolve()));
  return { sim, controller };
}

const yieldToIo = (): Promise<void> => new Promise((r) => setImmediate(r));
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
async function reportsCounted(controller: Controller): Promise<number> {
  const metric = (await controller.metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'corelb_load_reports_total');
  return (metric?.values ?? []).reduce((sum, v) => sum + Number(v.value), 0);
}
const serverDip = (i: number): string => `10.1.${i >> 8}.${i & 255}`;
const baseTs = Math.floor(Date.now() * 1000) % 2 ** 48;
const report = (server: number, core: number, load: number, ts: number): Uint8Array =>
  buildPacket({ loadReport: { sr1: 0, sr2: 0, sr3: 0, sr4: 0, srcIp: ipv4(serverDip(server)), cpuId: core, cpuLoad: load, timestamp: ts % 2 ** 48 } });
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

// ---------------------------------------------------------------- 1. reports
{
  const { sim, controller } = await setup('packet-out');
  const target = sim.device.pipeline!.target;
  const frames = Array.from({ length: REPORTS }, (_, i) => {
    const server = i % SERVERS;
    const core = Math.floor(i / SERVERS) % CORES;
    return { port: 1 + (server % 200), frame: report(server, core, (i * 7919) % 256, baseTs + i) };
  });
  const before = await reportsCounted(controller);
  let delivered = 0;
  controller.sessions[0]!.on('digest', (list) => { delivered += list.data.length; });
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) {
    target.injectPacket(frames[i]!.port, frames[i]!.frame);
    // Keep the switch's digest queue (65,536 on the simulator, like BMv2's learn buffer) from overflowing.
    if (i % 1000 === 999) {
      await yieldToIo();
      while (i + 1 - delivered > 20_000) await yieldToIo();
    }
  }
  await until(async () => (await reportsCounted(controller)) - before >= REPORTS, 'all reports counted');
  const t1 = performance.now();
  console.log(`load reports end to end (switch + gRPC + controller, one process): ${REPORTS} in ${(t1 - t0).toFixed(0)} ms = ${Math.round(REPORTS / ((t1 - t0) / 1000)).toLocaleString('en')} reports/s`);

  // The controller alone: the same digests, already decoded, straight into its handler.
  const lists: DecodedDigestList[] = [];
  for (let i = 0; i < REPORTS; i += 1024) {
    const data = [];
    for (let j = i; j < Math.min(REPORTS, i + 1024); j++) {
      data.push({ server: BigInt(j % SERVERS), cpu_id: BigInt(Math.floor(j / SERVERS) % CORES), cpu_load: BigInt((j * 31) % 256), report_timestamp: BigInt(baseTs + REPORTS + j), switch_timestamp: BigInt(baseTs + REPORTS + j) + 5n, report_format: 0n });
    }
    lists.push({ digest: 'load_report_digest_t', digestId: 0, listId: BigInt(i), timestamp: 0n, data, raw: { digestId: 0, listId: 0n, data: [], timestamp: 0n } });
  }
  const session = controller.sessions[0]!;
  const t2 = performance.now();
  for (const list of lists) session.emit('digest', list);
  const t3 = performance.now();
  console.log(`load reports through the controller alone (decoded digest lists of 1024): ${Math.round(REPORTS / ((t3 - t2) / 1000)).toLocaleString('en')} reports/s`);
  controller.stop();
  await sim.stop();
}

// ---------------------------------------------------------------- 2. flows
{
  const { sim, controller } = await setup('registers');
  const target = sim.device.pipeline!.target;
  for (let s = 0; s < SERVERS; s++) target.injectPacket(1 + (s % 200), report(s, 0, s, baseTs + s));
  await until(() => controller.status().services[0]!.pushed?.members.length === 16, 'k-set pushed');
  const packets = Array.from({ length: FLOWS }, (_, i) =>
    buildPacket({ ipv4: { src: ipv4(`192.168.${(i >> 8) & 255}.${i & 255}`), dst: ipv4('10.0.0.100') }, tcp: { srcPort: 1024 + (i % 60000), dstPort: 80 } }));
  const table = target.tables.get(TABLES.redirect)!;
  const t0 = performance.now();
  for (let i = 0; i < packets.length; i++) {
    target.injectPacket(250, packets[i]!);
    if (i % 1000 === 999) await yieldToIo();
  }
  await until(() => table.entryCount >= FLOWS, 'all redirect entries installed', 60_000);
  const t1 = performance.now();
  console.log(`flows installed end to end (new-flow digest -> redirect entry on the switch): ${FLOWS} in ${(t1 - t0).toFixed(0)} ms = ${Math.round(FLOWS / ((t1 - t0) / 1000)).toLocaleString('en')} flows/s`);
  controller.stop();
  await sim.stop();
}

// ---------------------------------------------------------------- 3. latency
for (const mode of ['packet-out', 'registers'] as const) {
  const { sim, controller } = await setup(mode);
  const target = sim.device.pipeline!.target;
  const registers = target.registers;
  const bankOf = (): number => Number(registers.get(REGISTERS.activeBank)!.readBits(0));
  const slot0 = (): number => Number(registers.get(REGISTERS.ksetSlots)!.readBits(bankOf() * 1024));
  // Every server reports every core busy; then each round makes one new core the least loaded.
  let ts = baseTs + 10 * REPORTS;
  for (let s = 0; s < SERVERS; s++) for (let c = 0; c < CORES; c++) target.injectPacket(1 + (s % 200), report(s, c, 200, ts++));
  await until(() => controller.status().services[0]!.pushed?.members.length === 16, 'k-set pushed');
  const samples: number[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    // Server 0's cores hold the 16 slots while all loads tie (ties go by server, core): use the others.
    const server = 1 + (round % (SERVERS - 1));
    const core = Math.floor(round / (SERVERS - 1)) % CORES;
    const load = round % 2; // alternate 0 and 1 so the new core always enters at slot 0
    const expected = (server << 8) | core;
    const t0 = performance.now();
    target.injectPacket(1 + (server % 200), report(server, core, load, ts++));
    await until(() => slot0() === expected, `round ${round}: k-set with (${server}, ${core}) active`);
    samples.push(performance.now() - t0);
    // Back to busy, and wait for that k-set too, so rounds do not overlap.
    target.injectPacket(1 + (server % 200), report(server, core, 200, ts++));
    await until(() => slot0() !== expected, `round ${round}: core out again`);
  }
  samples.sort((a, b) => a - b);
  console.log(`report -> k-set active in the data plane (${mode}, digest batching 1 ms): p50 ${pct(samples, 50).toFixed(2)} ms, p99 ${pct(samples, 99).toFixed(2)} ms, max ${samples[samples.length - 1]!.toFixed(2)} ms over ${samples.length} rounds`);
  controller.stop();
  await sim.stop();
}

// ---------------------------------------------------------------- 4. switch in its own process
{
  const ipc = `ipc://${join(tmpdir(), `corelb-bench-${process.pid}.ipc`)}`;
  const child = spawn(process.execPath, ['--import', 'tsx', `${repo}src/sim/cli.ts`, 'serve', '--grpc-server-addr', '127.0.0.1:0', '--device-id', '1', '--cpu-port', '255', '--packet-in', ipc], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  while (!/on port (\d+)/.test(out)) {
    const [chunk] = (await once(child.stdout!, 'data')) as [string];
    out += chunk;
  }
  const grpcPort = Number(/on port (\d+)/.exec(out)![1]);
  const ports = await PacketPortClient.connect(ipc, { queueLimit: 1 });
  ports.on('packet', () => undefined); // frames to the servers: not looked at here
  const config = parseConfig(configText(`127.0.0.1:${grpcPort}`, 'packet-out'), { baseDir: repo });
  const controller = new Controller(config, bundle, { logger: pino({ level: 'silent' }), tickMs: 50, clockSettleMs: 0, warmUpMs: 0 });
  controller.start();
  await new Promise<void>((resolve) => controller.once('switchReady', () => resolve()));
  const session = controller.sessions[0]!;
  const send = async (port: number, frame: Uint8Array): Promise<void> => {
    if (!ports.send(port, frame)) await ports.waitForDrain();
  };

  let delivered = 0;
  session.on('digest', (list) => { if (list.digest === 'load_report_digest_t') delivered += list.data.length; });
  const frames = Array.from({ length: REPORTS }, (_, i) => {
    const server = i % SERVERS;
    return { port: 1 + (server % 200), frame: report(server, Math.floor(i / SERVERS) % CORES, (i * 7919) % 256, baseTs + 20 * REPORTS + i) };
  });
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) {
    await send(frames[i]!.port, frames[i]!.frame);
    if (i % 1000 === 999) while (i + 1 - delivered > 20_000) await yieldToIo();
  }
  await until(() => delivered >= REPORTS, 'all reports delivered');
  const t1 = performance.now();
  console.log(`load reports end to end, switch in its own process (nanomsg in, gRPC digests out): ${Math.round(REPORTS / ((t1 - t0) / 1000)).toLocaleString('en')} reports/s`);

  await until(() => controller.status().services[0]!.pushed?.members.length === 16, 'k-set pushed');
  const flowPackets = Array.from({ length: FLOWS }, (_, i) =>
    buildPacket({ ipv4: { src: ipv4(`192.169.${(i >> 8) & 255}.${i & 255}`), dst: ipv4('10.0.0.100') }, tcp: { srcPort: 1024 + (i % 60000), dstPort: 80 } }));
  const t2 = performance.now();
  for (const packet of flowPackets) await send(250, packet);
  await until(() => controller.flows.size >= FLOWS, 'all flows learned', 60_000);
  await session.redirects.drained();
  const t3 = performance.now();
  let entries = 0;
  for await (const _entry of session.conn.readTableEntries(TABLES.redirect)) entries++;
  console.log(`flows installed end to end, switch in its own process: ${FLOWS} in ${(t3 - t2).toFixed(0)} ms = ${Math.round(FLOWS / ((t3 - t2) / 1000)).toLocaleString('en')} flows/s (redirect entries read back: ${entries})`);
  controller.stop();
  ports.close();
  child.kill('SIGTERM');
  await once(child, 'exit');
}
process.exit(0);
