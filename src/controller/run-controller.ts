// Everything `corelb controller` runs: the pipeline files, the controller and its HTTP
// endpoint, with pino logs. Used by the CLI and the demo.

import { pino, type Logger } from 'pino';
import type { CorelbConfig } from './config.js';
import { Controller, type ControllerOptions } from './controller.js';
import { type HttpEndpoint, startHttpEndpoint } from './http-endpoint.js';
import { ControllerMetrics } from './metrics.js';
import { loadPipeline } from './pipeline-files.js';

export interface RunningController {
  controller: Controller;
  http: HttpEndpoint;
  logger: Logger;
  stop(): Promise<void>;
}

export async function runController(config: CorelbConfig, options: { logger?: Logger; controller?: Partial<ControllerOptions> } = {}): Promise<RunningController> {
  const logger = options.logger ?? pino({ level: config.logging.level });
  const bundle = await loadPipeline(config.pipeline);
  logger.info({ pipeline: bundle.description, switches: config.switches.map((s) => s.address), services: config.services.length, servers: config.servers.length }, 'configuration loaded');
  const controller = new Controller(config, bundle, { logger, metrics: new ControllerMetrics({ defaultMetrics: true }), ...options.controller });
  const http = await startHttpEndpoint(controller, config.http.host, config.http.port);
  logger.info({ address: http.address }, `metrics on http://${http.address}/metrics, status on http://${http.address}/status`);
  controller.start();
  return {
    controller,
    http,
    logger,
    async stop() {
      controller.stop();
      await http.close();
    },
  };
}
