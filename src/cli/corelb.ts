#!/usr/bin/env node
// The `corelb` command: run the controller, query a running one, or run the demo.
//   corelb controller --config corelb.yaml
//   corelb status [--url http://127.0.0.1:9100] [--json]
//   corelb flows  [--url http://127.0.0.1:9100] [--limit 50] [--json]
//   corelb demo   [--config examples/corelb.yaml] [--duration 30]     (what `npm start` runs)

import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfigFile } from '../controller/config.js';
import type { ControllerStatus, FlowStatus } from '../controller/controller.js';
import { runController } from '../controller/run-controller.js';
import { DEFAULT_DEMO_CONFIG, runDemo } from './demo.js';
import { fetchJson, formatFlows, formatStatus } from './status-client.js';

const DEFAULT_URL = 'http://127.0.0.1:9100';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping\n`);
    stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

const program = new Command('corelb')
  .description('Corelb: a load-aware, CPU-core-level L4 load balancer (P4 data plane, P4Runtime controller)')
  .showHelpAfterError();

program
  .command('controller')
  .description('run the controller with a configuration file (docs/configuration.md)')
  .requiredOption('-c, --config <file>', 'YAML configuration')
  .action(async (options: { config: string }) => {
    const config = await loadConfigFile(options.config);
    const running = await runController(config);
    onSignals(() => running.stop());
  });

program
  .command('status')
  .description("print a running controller's switches, k-sets and per-core loads")
  .option('-u, --url <url>', 'the controller\'s HTTP endpoint', DEFAULT_URL)
  .option('--json', 'print the raw JSON')
  .action(async (options: { url: string; json?: boolean }) => {
    const status = await fetchJson<ControllerStatus>(options.url, 'status');
    console.log(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
  });

program
  .command('flows')
  .description('list the flows a running controller has pinned')
  .option('-u, --url <url>', 'the controller\'s HTTP endpoint', DEFAULT_URL)
  .option('-n, --limit <n>', 'show at most this many', positiveInt, 100)
  .option('--json', 'print the raw JSON')
  .action(async (options: { url: string; limit: number; json?: boolean }) => {
    const flows = await fetchJson<{ total: number; flows: FlowStatus[] }>(options.url, `flows?limit=${options.limit}`);
    console.log(options.json ? JSON.stringify(flows, null, 2) : formatFlows(flows));
  });

program
  .command('demo')
  .description('the controller against the simulated switch started in-process, with simulated servers and clients')
  .option('-c, --config <file>', 'configuration (its first switch is simulated here)', DEFAULT_DEMO_CONFIG)
  .option('-d, --duration <seconds>', 'stop after this many seconds (default: run until Ctrl-C)', positiveInt)
  .action(async (options: { config: string; duration?: number }) => {
    const demo = await runDemo(options.config);
    if (options.duration !== undefined) {
      setTimeout(() => void demo.stop().then(() => process.exit(0)), options.duration * 1000);
    }
    onSignals(() => demo.stop());
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`corelb: ${(error as Error).message}`);
  }
  process.exit(1);
});
