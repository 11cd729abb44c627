// One switch as the controller sees it: the P4Runtime connection (arbitration with the
// configured election id, reconnection with backoff), its k-set writer, redirect writer
// and clock, and the switch-local steps of a sync. The controller drives the sync
// (controller.ts) because it needs controller-wide state (flows, k-sets).
//
// Life cycle:  connecting -> (primary) syncing -> ready
//                         -> backup (another controller is primary) -> syncing on takeover
//              any -> down on disconnection or lost primacy; the connection reconnects by
//              itself and the next primacy starts a new sync (a new `generation`).

import { EventEmitter } from 'node:events';
import {
  type DecodedDigestList, type DecodedTableEntry, type IdleTimeoutMessage, P4RuntimeError, P4RuntimeWriteError, SwitchConnection,
  type StreamErrorMessage, CodedError,
} from '../p4runtime/index.js';
import { BASE_TABLES, baseTableEntries, digestConfigs } from './base-entries.js';
import type { CorelbConfig, SwitchConfig } from './config.js';
import { TABLES } from './dataplane-names.js';
import { type KSetWriter, PacketOutKSetWriter, RegistersOrPacketOutWriter } from './kset-writer.js';
import type { PipelineBundle } from './pipeline-files.js';
import { RedirectWriter, type RedirectWriterOptions } from './redirect-writer.js';
import { SwitchClock } from './switch-clock.js';
import { type TableSyncResult, syncTables } from './table-sync.js';

export type SessionState = 'idle' | 'connecting' | 'backup' | 'syncing' | 'ready' | 'down' | 'closed';

export interface SwitchSessionEvents {
  /** This controller became primary: a sync should start (for `generation`). */
  primary: [generation: number];
  /** Primacy lost or connection broken. */
  down: [reason: string];
  backup: [primaryElectionId: bigint | undefined];
  digest: [list: DecodedDigestList];
  idleTimeout: [message: IdleTimeoutMessage];
  streamError: [error: StreamErrorMessage];
  decodeError: [error: Error];
  /** Register writes answered UNIMPLEMENTED: k-sets go by packet-out from now on. */
  ksetFallback: [reason: string];
}

export class SyncAbortedError extends CodedError<'SYNC_ABORTED'> {
  override readonly name = 'SyncAbortedError';
  constructor(message: string) {
    super('SYNC_ABORTED', message);
  }
}

export interface SwitchSessionOptions {
  reconnect?: { initialMs: number; maxMs: number };
  /** How long the switch clock estimate settles before staleness is judged, ms (default 1000). */
  clockSettleMs?: number;
  /** Time to wait for each k-set packet-in reply. */
  ksetReplyTimeoutMs?: number;
  redirect: Omit<RedirectWriterOptions, 'onFailed'> & { onFailed: (session: SwitchSession, failure: Parameters<RedirectWriterOptions['onFailed']>[0]) => void };
}

export class SwitchSession extends EventEmitter<SwitchSessionEvents> {
  readonly conn: SwitchConnection;
  readonly clock: SwitchClock;
  private stateValue: SessionState = 'idle';
  private generationValue = 0;
  private writerValue: KSetWriter | undefined;
  private redirectsValue: RedirectWriter | undefined;
  /** Per service: the k-set signature this switch confirmed active. */
  readonly activeKSets = new Map<number, string>();
  lastError: string | undefined;

  constructor(
    readonly config: SwitchConfig,
    private readonly options: SwitchSessionOptions,
  ) {
    super();
    this.clock = new SwitchClock((options.clockSettleMs ?? 1000) * 1000);
    this.conn = new SwitchConnection({
      address: config.address,
      deviceId: config.deviceId,
      electionId: config.electionId,
      reconnect: { initialMs: options.reconnect?.initialMs ?? 100, maxMs: options.reconnect?.maxMs ?? 5000, jitter: 0.2 },
      arbitrationTimeoutMs: 5000,
      rpcTimeoutMs: 30_000,
    });
    this.conn.on('primary', (result) => {
      if (result.isPrimary) this.becomePrimary();
      else this.goDown(`primacy lost (${result.code}${result.message ? `: ${result.message}` : ''})`, result.primaryElectionId);
    });
    this.conn.on('arbitration', (result) => {
      // A backup (again, after a reconnection) waits for the primary to go away.
      if (!result.isPrimary && (this.stateValue === 'connecting' || this.stateValue === 'down')) this.enterBackup(result.primaryElectionId);
    });
    this.conn.on('disconnected', (error) => this.goDown(`disconnected: ${error.message}`, undefined));
    this.conn.on('digest', (list) => {
      this.conn.ackDigest(list);
      this.emit('digest', list);
    });
    this.conn.on('idleTimeout', (message) => this.emit('idleTimeout', message));
    this.conn.on('streamError', (error) => this.emit('streamError', error));
    this.conn.on('decodeError', (failure) => this.emit('decodeError', failure.error));
  }

  get name(): string {
    return this.config.name;
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get generation(): number {
    return this.generationValue;
  }

  get isReady(): boolean {
    return this.stateValue === 'ready';
  }

  get kset(): KSetWriter {
    if (this.writerValue === undefined) throw new SyncAbortedError(`${this.name}: not primary`);
    return this.writerValue;
  }

  get redirects(): RedirectWriter {
    if (this.redirectsValue === undefined) throw new SyncAbortedError(`${this.name}: not primary`);
    return this.redirectsValue;
  }

  /** Connects (retrying until the switch answers) and arbitrates. */
  async start(): Promise<void> {
    this.stateValue = 'connecting';
    const result = await this.conn.connect({ waitForServer: true });
    // The 'primary' event has already fired for a primary; a backup waits for takeover.
    if (!result.isPrimary) this.enterBackup(result.primaryElectionId);
  }

  close(): void {
    this.stateValue = 'closed';
    this.generationValue++;
    this.dropWriters();
    this.conn.close();
  }

  private enterBackup(primaryElectionId: bigint | undefined): void {
    if (this.stateValue === 'backup' || this.stateValue === 'closed') return;
    this.stateValue = 'backup';
    this.emit('backup', primaryElectionId);
  }

  private becomePrimary(): void {
    if (this.stateValue === 'closed') return;
    this.generationValue++;
    this.stateValue = 'syncing';
    this.dropWriters();
    this.activeKSets.clear();
    // The switch may have restarted while we were away: its clock too.
    this.clock.reset();
    this.writerValue = this.config.kSetWrites === 'registers'
      ? new RegistersOrPacketOutWriter(this.conn, this.options.ksetReplyTimeoutMs, (reason) => this.emit('ksetFallback', reason))
      : new PacketOutKSetWriter(this.conn, this.options.ksetReplyTimeoutMs);
    this.redirectsValue = new RedirectWriter(this.conn, { ...this.options.redirect, onFailed: (failure) => this.options.redirect.onFailed(this, failure) });
    this.emit('primary', this.generationValue);
  }

  private goDown(reason: string, primaryElectionId: bigint | undefined): void {
    if (this.stateValue === 'closed') return;
    const wasUp = this.stateValue === 'ready' || this.stateValue === 'syncing';
    this.generationValue++;
    this.dropWriters();
    this.activeKSets.clear();
    this.lastError = reason;
    if (this.conn.state === 'connected' && primaryElectionId !== undefined) this.enterBackup(primaryElectionId);
    else this.stateValue = 'down';
    if (wasUp) this.emit('down', reason);
  }

  private dropWriters(): void {
    this.writerValue?.close();
    this.redirectsValue?.close();
    this.writerValue = undefined;
    this.redirectsValue = undefined;
  }

  /** Throws SyncAbortedError when the sync of `generation` has been overtaken (primacy lost, reconnect). */
  checkGeneration(generation: number): void {
    if (generation !== this.generationValue || this.stateValue === 'closed') {
      throw new SyncAbortedError(`${this.name}: sync of generation ${generation} overtaken`);
    }
  }

  /**
   * Makes sure the switch runs our pipeline. If the switch reports the same cookie the
   * pipeline is kept as is, with everything installed in it (a controller restart or
   * failover must not wipe the pinned flows); otherwise it is pushed, which resets the
   * switch's state. Returns whether it was pushed.
   */
  async ensurePipeline(bundle: PipelineBundle): Promise<boolean> {
    let cookie: bigint | undefined;
    try {
      cookie = (await this.conn.fetchPipeline('COOKIE_ONLY')).cookie;
    } catch (error) {
      // No pipeline yet (FAILED_PRECONDITION on BMv2 and the simulator): push one.
      if (!(error instanceof P4RuntimeError) || error.code === 'UNAVAILABLE') throw error;
    }
    if (cookie === bundle.cookie) {
      this.conn.usePipeline(bundle.p4info);
      return false;
    }
    await this.conn.setPipeline({ p4info: bundle.p4info, deviceConfig: bundle.deviceConfig, cookie: bundle.cookie });
    return true;
  }

  /** Services, VIPs, servers, report allowlists and SNAT exactly as configured. */
  syncBaseEntries(config: CorelbConfig): Promise<TableSyncResult> {
    return syncTables(this.conn, BASE_TABLES, baseTableEntries(this.conn.entities, config, this.config));
  }

  /** Digest configurations (batching); a second run modifies them in place. */
  async configureDigests(): Promise<void> {
    const entities = digestConfigs(this.conn.entities);
    try {
      await this.conn.insert(entities);
    } catch (error) {
      if (!(error instanceof P4RuntimeWriteError) || error.failures.some((f) => f.code !== 'ALREADY_EXISTS')) throw error;
      await this.conn.modify(entities);
    }
  }

  /** Every redirect entry the switch holds. */
  async readRedirectEntries(): Promise<DecodedTableEntry[]> {
    const out: DecodedTableEntry[] = [];
    for await (const entry of this.conn.readTableEntries(TABLES.redirect)) out.push(entry);
    return out;
  }

  markReady(generation: number): void {
    this.checkGeneration(generation);
    this.stateValue = 'ready';
  }
}
