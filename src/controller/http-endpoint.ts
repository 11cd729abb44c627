// The controller's HTTP endpoint (node:http): Prometheus metrics and JSON status.
//   GET /metrics           Prometheus text format (prom-client)
//   GET /status            per-core loads, server eligibility, current k-sets, switches, flows count
//   GET /flows?limit=N     the pinned flows (default limit 1000)
//   GET /healthz           200 when every switch is ready, 503 otherwise

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Controller } from './controller.js';

export interface HttpEndpoint {
  readonly server: Server;
  /** host:port actually bound (port 0 in the configuration picks a free one). */
  readonly address: string;
  close(): Promise<void>;
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

export async function startHttpEndpoint(controller: Controller, host: string, port: number): Promise<HttpEndpoint> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (code: number, type: string, body: string): void => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain', 'only GET\n');
    switch (url.pathname) {
      case '/metrics':
        controller.metrics.registry.metrics().then(
          (text) => send(200, controller.metrics.registry.contentType, text),
          (error: Error) => send(500, 'text/plain', `${error.message}\n`),
        );
        return;
      case '/status':
        return send(200, 'application/json', json(controller.status()));
      case '/flows': {
        const limit = Number(url.searchParams.get('limit') ?? 1000);
        if (!Number.isInteger(limit) || limit < 0) return send(400, 'text/plain', 'limit must be a non-negative integer\n');
        return send(200, 'application/json', json({ total: controller.flows.size, flows: controller.flowList(limit) }));
      }
      case '/healthz': {
        const ready = controller.sessions.every((s) => s.isReady);
        return send(ready ? 200 : 503, 'application/json', json({ ready, switches: controller.sessions.map((s) => ({ name: s.name, state: s.state })) }));
      }
      default:
        return send(404, 'text/plain', 'not found: try /status, /flows, /metrics or /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    server,
    address: `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
