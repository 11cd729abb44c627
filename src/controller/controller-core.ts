// The switch-independent controller state assembled from a configuration: the core
// numbering, the heap, the load table and the k-set planner, and a status snapshot.
// (Load digests name the server by its index, from the data plane's report-source
// allowlist, so a digest maps onto a LoadReport field by field.)
// Times are the controller's monotonic clock in µs throughout.

import type { CorelbConfig } from './config.js';
import { CoreIndex } from './core-index.js';
import { IndexedMinHeap } from './indexed-min-heap.js';
import { type KSet, type KSetPlan, KSetPlanner } from './kset.js';
import type { LoadTableEvent, ServerStatus } from './load-events.js';
import type { LoadReport, ReportOutcome } from './load-report.js';
import { LoadTable } from './load-table.js';

export interface ServerSnapshot {
  name: string;
  index: number;
  status: ServerStatus;
  /** Last accepted load per core id (null: never reported); `eligible` lists the cores in the heap. */
  loads: Array<number | null>;
  eligible: number[];
}

export interface ServiceSnapshot {
  name: string;
  index: number;
  k: number;
  /** The k-set last pushed to the switches, or null before the first push. */
  pushed: KSet | null;
  /** The k-set the heap gives now. */
  candidate: KSet;
}

export interface ControllerSnapshot {
  heapSize: number;
  servers: ServerSnapshot[];
  services: ServiceSnapshot[];
}

export class ControllerCore {
  readonly index: CoreIndex;
  readonly heap: IndexedMinHeap;
  readonly loads: LoadTable;
  readonly ksets: KSetPlanner;

  constructor(
    private readonly config: CorelbConfig,
    onEvent: (event: LoadTableEvent) => void = () => {},
  ) {
    this.index = new CoreIndex(config.servers);
    this.heap = new IndexedMinHeap(this.index.size);
    this.loads = new LoadTable(this.index, this.heap, config.timing, onEvent);
    this.ksets = new KSetPlanner(
      this.index,
      this.heap,
      config.services.map((service) => ({
        serviceIndex: service.index,
        k: service.k,
        serverIndices: config.servers.filter((s) => s.services.includes(service.name)).map((s) => s.index),
      })),
      { hysteresisLoad: config.timing.ksetHysteresisLoad, pushIntervalMs: config.timing.ksetPushIntervalMs },
    );
  }

  ingest(report: LoadReport, nowUs: number): ReportOutcome {
    return this.loads.ingest(report, nowUs);
  }

  tick(nowUs: number): void {
    this.loads.tick(nowUs);
  }

  /** One plan per service, in configuration order. */
  plans(nowUs: number): KSetPlan[] {
    return this.config.services.map((service) => this.ksets.plan(service.index, nowUs / 1000));
  }

  markPushed(kset: KSet, nowUs: number): void {
    this.ksets.markPushed(kset, nowUs / 1000);
  }

  snapshot(): ControllerSnapshot {
    return {
      heapSize: this.heap.size,
      servers: this.config.servers.map((server) => {
        const loads: Array<number | null> = [];
        const eligible: number[] = [];
        for (let core = 0; core < server.cores; core++) {
          loads.push(this.loads.loadOf(server.index, core) ?? null);
          if (this.loads.isEligible(server.index, core)) eligible.push(core);
        }
        return { name: server.name, index: server.index, status: this.loads.serverStatus(server.index), loads, eligible };
      }),
      services: this.config.services.map((service) => ({
        name: service.name,
        index: service.index,
        k: service.k,
        pushed: this.ksets.pushed(service.index) ?? null,
        candidate: this.ksets.select(service.index),
      })),
    };
  }
}
