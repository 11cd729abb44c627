// A switch under test: where its P4Runtime server and its packet interface are, the pipeline a
// controller pushes to it, and how to know that it has finished with what it was sent. Two
// implementations: the Corelb simulator in this process (default) and BMv2 simple_switch_grpc
// (P4_TARGET=bmv2). Both are driven the same way: P4Runtime over gRPC, packets over BMv2's
// nanomsg packet interface (ipc://).
import type { PipelineConfig } from '../../../src/p4runtime/index.js';

export type TargetKind = 'simulator' | 'bmv2';

/** Frames the harness has sent into the switch and received from it so far. */
export interface HarnessCounts {
  readonly framesSent: number;
  readonly framesReceived: number;
}

export interface PtfTarget {
  readonly kind: TargetKind;
  /** host:port of the P4Runtime server. */
  readonly grpcAddress: string;
  readonly deviceId: number;
  readonly cpuPort: number;
  /** ipc://path of the nanomsg packet interface. */
  readonly packetAddress: string;
  /** What SetForwardingPipelineConfig carries: P4Info and the target's device config. */
  readonly pipeline: PipelineConfig;
  /**
   * Resolves once the switch has processed every frame the harness sent and the harness holds
   * every frame it sent out; `harness` gives the harness's own counts, read live while waiting.
   * Simulator: exact (it counts both ends). BMv2: a quiet period (its threads give no signal).
   */
  settle(harness: HarnessCounts): Promise<void>;
  /**
   * Extra wait before a negative check of the P4Runtime stream (no digest, no packet-in), after
   * the harness's in-order fence. 0 on the simulator (one ordered stream); BMv2 sends digests
   * from another thread than packet-ins.
   */
  readonly streamQuietMs: number;
  stop(): Promise<void>;
}

/** The target cannot run here (tools missing): tests skip with this message. */
export class TargetUnavailableError extends Error {
  readonly code = 'PTF_TARGET_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnavailableError';
  }
}

/** A target failed while starting or running (compile error, crashed switch, stuck settle). */
export class TargetError extends Error {
  readonly code = 'PTF_TARGET';
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface TargetOptions {
  /** The P4 program (path); includes resolve relative to it. */
  readonly programFile: string;
  readonly cpuPort?: number;
  readonly deviceId?: number;
}

/** P4_TARGET: 'sim' / 'simulator' (default) or 'bmv2'; anything else is refused. */
export function targetKindFromEnv(env: NodeJS.ProcessEnv = process.env): TargetKind {
  const value = (env.P4_TARGET ?? 'simulator').trim().toLowerCase();
  if (value === '' || value === 'sim' || value === 'simulator') return 'simulator';
  if (value === 'bmv2') return 'bmv2';
  throw new TargetError(`P4_TARGET=${env.P4_TARGET} is not a target: use 'simulator' (default) or 'bmv2'`);
}
