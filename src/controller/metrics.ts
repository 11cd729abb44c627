// The controller's Prometheus metrics (prom-client), in a registry of their own so
// several controllers in one process (tests, the demo) do not collide.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ControllerMetrics {
  readonly registry = new Registry();
  readonly reports: Counter<'outcome'>;
  readonly digestsMalformed: Counter<'digest'>;
  readonly ksetPushes: Counter<'switch' | 'result'>;
  readonly flowsInstalled: Counter;
  readonly flowsAged: Counter;
  readonly flowConflicts: Counter;
  readonly writeErrors: Counter<'switch' | 'code'>;
  readonly heavyFlows: Counter;
  readonly heapSize: Gauge;
  readonly flows: Gauge;
  readonly switchReady: Gauge<'switch'>;
  readonly controlLoop: Histogram;
  readonly ksetPushSeconds: Histogram;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.reports = new Counter({
      name: 'corelb_load_reports_total',
      help: 'Load reports received from the switches, by outcome (accepted, stale, out-of-order, future, unknown-core, malformed)',
      labelNames: ['outcome'], registers,
    });
    this.digestsMalformed = new Counter({ name: 'corelb_digests_malformed_total', help: 'Digest messages that could not be decoded', labelNames: ['digest'], registers });
    this.ksetPushes = new Counter({ name: 'corelb_kset_pushes_total', help: 'k-set pushes to a switch, by result', labelNames: ['switch', 'result'], registers });
    this.flowsInstalled = new Counter({ name: 'corelb_flows_installed_total', help: 'New flows pinned (redirect entries learned from new-flow digests)', registers });
    this.flowsAged = new Counter({ name: 'corelb_flows_aged_total', help: 'Flows removed after idle timeouts', registers });
    this.flowConflicts = new Counter({ name: 'corelb_flow_conflicts_total', help: 'New-flow digests that chose differently from an already pinned flow (first choice kept)', registers });
    this.writeErrors = new Counter({ name: 'corelb_write_errors_total', help: 'P4Runtime updates that failed for good', labelNames: ['switch', 'code'], registers });
    this.heavyFlows = new Counter({ name: 'corelb_heavy_flows_total', help: 'Flows marked as heavy', registers });
    this.heapSize = new Gauge({ name: 'corelb_heap_size', help: 'Eligible cores in the min-heap', registers });
    this.flows = new Gauge({ name: 'corelb_flows', help: 'Pinned flows the controller knows', registers });
    this.switchReady = new Gauge({ name: 'corelb_switch_ready', help: '1 when the switch is synced and this controller is its primary', labelNames: ['switch'], registers });
    this.controlLoop = new Histogram({
      name: 'corelb_control_loop_seconds',
      help: 'One control-loop pass: ingesting a digest list (or a tick) and planning the k-sets',
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1], registers,
    });
    this.ksetPushSeconds = new Histogram({
      name: 'corelb_kset_push_seconds',
      help: 'From the decision to push a k-set until every ready switch confirmed it active',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1], registers,
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
