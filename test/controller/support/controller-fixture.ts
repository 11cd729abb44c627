// Builds configurations for tests and runs controllers against simulated switches.
import { resolve } from 'node:path';
import { pino } from 'pino';
import { parseConfig, type CorelbConfig } from '../../../src/controller/config.js';
import { Controller, type ControllerOptions } from '../../../src/controller/controller.js';
import { loadPipeline, type PipelineBundle } from '../../../src/controller/pipeline-files.js';

export const REPO = resolve(import.meta.dirname, '../../..');

export interface TestSwitch {
  address: string;
  electionId?: number;
  kSetWrites?: 'packet-out' | 'registers';
}

export interface TestConfigOptions {
  switches: TestSwitch[];
  /** Servers 10.0.1.1.. on ports 1.., each with `cores` cores, all serving "web" (tcp 10.0.0.100:80). */
  servers?: number;
  cores?: number;
  k?: number;
  timing?: Record<string, number>;
  heavyFlows?: Record<string, number | Record<string, number>>;
}

export function testConfig(options: TestConfigOptions): CorelbConfig {
  const servers = options.servers ?? 2;
  const lines = ['switches:'];
  options.switches.forEach((sw, i) => {
    lines.push(`  - { name: sw${i}, address: "${sw.address}", deviceId: 1, electionId: ${sw.electionId ?? 10}, cpuPort: 255, kSetWrites: ${sw.kSetWrites ?? 'packet-out'} }`);
  });
  lines.push('services:', `  - { name: web, vip: 10.0.0.100, protocol: tcp, port: 80, k: ${options.k ?? 2}, index: 0 }`);
  lines.push('servers:');
  for (let i = 1; i <= servers; i++) {
    lines.push(`  - { name: s${i}, dip: 10.0.1.${i}, reportAddress6: "fd00::1:${i}", mac: "02:00:00:00:01:0${i}", switchPort: ${i}, cores: ${options.cores ?? 2}, services: [web] }`);
  }
  const timing = { stalenessThresholdMs: 1000, serverSilenceTimeoutMs: 60_000, holdDownMs: 60_000, ksetPushIntervalMs: 0, ksetHysteresisLoad: 0, ...options.timing };
  lines.push('timing:', ...Object.entries(timing).map(([k, v]) => `  ${k}: ${v}`));
  lines.push('heavyFlows:', ...Object.entries({ pollIntervalMs: 0, ...options.heavyFlows }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
  lines.push('pipeline:', '  p4Source: p4/lb.p4', 'http: { port: 0 }', 'logging: { level: silent }');
  return parseConfig(lines.join('\n'), { source: '<test>', baseDir: REPO });
}

let bundle: Promise<PipelineBundle> | undefined;

/** lb.p4 compiled once per test run. */
export function lbPipeline(): Promise<PipelineBundle> {
  bundle ??= loadPipeline({ kind: 'source', p4SourcePath: resolve(REPO, 'p4/lb.p4') });
  return bundle;
}

export async function startController(config: CorelbConfig, options: Partial<ControllerOptions> = {}): Promise<Controller> {
  const controller = new Controller(config, await lbPipeline(), {
    logger: pino({ level: process.env['CORELB_TEST_LOG'] ?? 'silent' }),
    reconnect: { initialMs: 20, maxMs: 200 },
    ksetReplyTimeoutMs: 1000,
    resyncDelayMs: 100,
    tickMs: 20,
    clockSettleMs: 0,
    warmUpMs: 0,
    ...options,
  });
  controller.start();
  return controller;
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what` (a guard against hangs, not a timing assertion). */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
