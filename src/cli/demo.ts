// `npm start` / `corelb demo`: the whole system in one process. The simulator switch
// (src/sim) runs p4/lb.p4 behind a real P4Runtime gRPC server on loopback; the
// controller connects to it exactly as it would to BMv2; simulated servers send load
// reports into the switch's server ports and simulated clients open connections to the
// VIPs. The demo narrates on stdout; the controller's structured logs go to stderr.

import { resolve } from 'node:path';
import { pino } from 'pino';
import { type CorelbConfig, loadConfigFile } from '../controller/config.js';
import type { ServerConfig, ServiceConfig } from '../controller/config.js';
import { type RunningController, runController } from '../controller/run-controller.js';
import { buildPacket, ipv4, ipv6, parseFrame } from '../packet/index.js';
import { startP4RuntimeServer, type P4RuntimeServerHandle } from '../sim/server/server.js';
import { simPipelineLoader } from '../sim/server/sim-target.js';
import type { PipelineTarget } from '../sim/server/pipeline-target.js';

export const DEFAULT_DEMO_CONFIG = resolve(import.meta.dirname, '../../examples/corelb.yaml');

const CLIENT_PORT = 20;
const REPORT_INTERVAL_MS = 100;
const REPORTED_CORES = 4;
const SUMMARY_INTERVAL_MS = 2000;

const say = (text: string): void => console.log(`[demo] ${text}`);

function isAddressInUse(error: unknown): boolean {
  return String((error as Error).message).includes('EADDRINUSE') || (error as { code?: string }).code === 'EADDRINUSE' || String((error as Error).message).includes('No address added');
}

async function startSwitch(config: CorelbConfig): Promise<P4RuntimeServerHandle> {
  const sw = config.switches[0]!;
  const options = { deviceId: sw.deviceId, cpuPort: sw.cpuPort, loader: simPipelineLoader() };
  try {
    return await startP4RuntimeServer({ ...options, address: `${sw.host}:${sw.port}` });
  } catch (error) {
    if (!isAddressInUse(error)) throw error;
    say(`${sw.address} is taken; the simulated switch listens on a free port instead`);
    return startP4RuntimeServer({ ...options, address: `${sw.host}:0` });
  }
}

export interface Demo {
  stop(): Promise<void>;
}

export async function runDemo(configPath: string): Promise<Demo> {
  const loaded = await loadConfigFile(configPath);
  say(`configuration ${configPath}: ${loaded.services.length} services, ${loaded.servers.length} servers, ${loaded.servers.reduce((n, s) => n + s.cores, 0)} cores`);
  if (loaded.switches.length > 1) say(`only the first switch (${loaded.switches[0]!.name}) is simulated here`);
  const sim = await startSwitch(loaded);
  const first = loaded.switches[0]!;
  const config: CorelbConfig = { ...loaded, switches: [{ ...first, port: sim.port, address: `${first.host}:${sim.port}`, kSetWrites: 'packet-out' }] };
  say(`simulated switch (P4Runtime, like simple_switch_grpc) on ${config.switches[0]!.address}, device id ${first.deviceId}, CPU port ${first.cpuPort}`);

  const logger = pino({ level: config.logging.level }, pino.destination(2));
  let running: RunningController;
  try {
    running = await runController(config, { logger });
  } catch (error) {
    if (!isAddressInUse(error)) throw error;
    say(`HTTP port ${config.http.port} is taken; using a free one`);
    running = await runController({ ...config, http: { ...config.http, port: 0 } }, { logger });
  }
  const { controller } = running;
  say(`controller started: metrics http://${running.http.address}/metrics, status http://${running.http.address}/status`);
  say(`try: npm run corelb -- status --url http://${running.http.address}   (or: flows)`);
  say('the controller pushes p4/lb.p4, installs services, servers, report allowlist and SNAT, enables digests ...');
  await new Promise<void>((resolve) => controller.once('switchReady', () => resolve()));
  say('switch ready. Servers now report their least-loaded cores every 100 ms; clients open connections to the VIPs.');

  const target = sim.device.pipeline!.target;
  const timers: NodeJS.Timeout[] = [];
  const agents = new ServerAgents(target, config.servers);
  const clients = new Clients(target, config.services, config.servers);
  const startedAt = Date.now();
  let lateServer: ServerConfig | undefined;
  timers.push(setInterval(() => agents.report(lateServer), REPORT_INTERVAL_MS));
  timers.push(setInterval(() => clients.openFlows(3), 100));
  timers.push(setTimeout(() => {
    lateServer = config.servers[config.servers.length - 1];
    if (lateServer !== undefined) say(`${lateServer.name}'s path gets congested: its reports now arrive 50 ms late (threshold ${config.timing.stalenessThresholdMs} ms). Expect it excluded for ${config.timing.holdDownMs} ms.`);
  }, 8000));
  timers.push(setTimeout(() => {
    if (lateServer !== undefined) say(`${lateServer.name}'s path is clear again: it returns after its hold-down.`);
    lateServer = undefined;
  }, 12_000));
  timers.push(setInterval(() => {
    const status = controller.status();
    const name = (index: number): string => config.servers.find((s) => s.index === index)?.name ?? `#${index}`;
    say(`t=${((Date.now() - startedAt) / 1000).toFixed(0)}s  flows pinned: ${status.flows}  eligible cores: ${status.heapSize}`);
    for (const svc of status.services) {
      const members = svc.pushed?.members.map((m) => `${name(m.serverIndex)}/${m.coreId}@${Number.isNaN(m.load) ? '-' : m.load}`).join(' ') ?? '(none)';
      say(`  ${svc.name}: k-set ${members}`);
    }
    for (const server of status.servers) if (server.status.state !== 'included') say(`  ${server.name}: ${server.status.state}${server.status.state === 'excluded' ? ` (${server.status.reason})` : ''}`);
    say(`  new connections since last summary, by server/core: ${clients.takeLandings()}`);
  }, SUMMARY_INTERVAL_MS));

  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      clients.close();
      await running.stop();
      await sim.stop();
      say('stopped');
    },
  };
}

/** Simulated servers: per-core loads drifting at random; each report names the least-loaded cores. */
class ServerAgents {
  private readonly loads: number[][];

  constructor(
    private readonly target: PipelineTarget,
    private readonly servers: readonly ServerConfig[],
  ) {
    this.loads = servers.map((s) => Array.from({ length: s.cores }, () => Math.floor(Math.random() * 200)));
  }

  report(late: ServerConfig | undefined): void {
    this.servers.forEach((server, i) => {
      const loads = this.loads[i]!;
      for (let c = 0; c < loads.length; c++) loads[c] = Math.max(0, Math.min(255, loads[c]! + Math.round((Math.random() - 0.5) * 20)));
      const cores = loads.map((load, core) => ({ load, core })).sort((a, b) => a.load - b.load).slice(0, REPORTED_CORES);
      const delayMs = server === late ? 50 : 0;
      for (const { core, load } of cores) {
        // Servers with an IPv6 report address use the IPv6 format every other time.
        const frame = server.reportAddress6 !== undefined && core % 2 === 1
          ? buildPacket({ ipv6: { trafficClass: 0xfc, flowLabel: (core << 8) | load, nextHeader: 59, src: ipv6(server.reportAddress6), dst: ipv6('fd00::ffff') } })
          : buildPacket({ loadReport: { sr1: 0, sr2: 0, sr3: 0, sr4: 0, srcIp: ipv4(server.dip), cpuId: core, cpuLoad: load, timestamp: Math.floor((Date.now() - delayMs) * 1000) % 2 ** 48 } });
        this.target.injectPacket(server.switchPort, frame);
      }
    });
  }
}

/** Simulated clients opening connections to every service; counts where they land. */
class Clients {
  private nextPort = 1024;
  private landings = new Map<string, number>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly target: PipelineTarget,
    private readonly services: readonly ServiceConfig[],
    servers: readonly ServerConfig[],
  ) {
    for (const server of servers) {
      this.unsubscribe.push(target.subscribePort(server.switchPort, (frame) => {
        const shim = parseFrame(frame).coreShim;
        if (shim === undefined) return;
        const key = `${server.name}/${shim.coreId}`;
        this.landings.set(key, (this.landings.get(key) ?? 0) + 1);
      }));
    }
  }

  openFlows(perService: number): void {
    for (const service of this.services) {
      for (let i = 0; i < perService; i++) {
        const src = ipv4(`192.168.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`);
        const srcPort = this.nextPort;
        this.nextPort = this.nextPort >= 65535 ? 1024 : this.nextPort + 1;
        const l4 = service.protocol === 'tcp' ? { tcp: { srcPort, dstPort: service.port } } : { udp: { srcPort, dstPort: service.port } };
        this.target.injectPacket(CLIENT_PORT, buildPacket({ ipv4: { src, dst: ipv4(service.vip) }, ...l4 }));
      }
    }
  }

  takeLandings(): string {
    const text = [...this.landings].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}:${n}`).join(' ');
    this.landings = new Map();
    return text || '(none)';
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }
}
