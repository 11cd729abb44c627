// A connection to one P4Runtime device: the stream channel with arbitration and reconnect,
// and the unary/streaming RPCs (Write, Read, pipeline config, Capabilities) with typed
// errors. Everything by name goes through the P4Info in use (given, pushed or fetched).
import { EventEmitter } from 'node:events';
import {
  credentials as grpcCredentials,
  Metadata,
  status as GrpcStatus,
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { P4Info } from '../proto/p4/config/v1/p4info.js';
import {
  GetForwardingPipelineConfigRequest_ResponseType,
  type P4RuntimeClient as GrpcP4RuntimeClient,
  SetForwardingPipelineConfigRequest_Action,
  Update_Type,
  WriteRequest_Atomicity,
  type CapabilitiesResponse,
  type DigestList,
  type GetForwardingPipelineConfigResponse,
  type Entity,
  type IdleTimeoutNotification,
  type MasterArbitrationUpdate,
  type PacketIn,
  type PacketOut,
  type ReadResponse,
  type StreamError,
  type Update,
} from '../proto/p4/v1/p4runtime.js';
import { FastP4RuntimeClient } from './stream-response-decoding.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { EntityDecoder, type DecodedEntity, type DecodedTableEntry, type DecodedCounterData, type P4DataValue } from './decoding.js';
import { fromUint128, toUint128 } from './election-id.js';
import { EntityBuilder, type TableEntrySpec } from './entities.js';
import { decodeBigInt, type P4Value } from './encoding.js';
import { canonicalCodeName, ConnectionStateError, fromGrpcError, P4RuntimeError, P4RuntimeWriteError, type UpdateFailure } from './errors.js';
import type { ArbitrationResult, SwitchConnectionEvents } from './events.js';
import { P4InfoIndex } from './p4info-index.js';
import { StreamSession } from './stream.js';

export interface SwitchConnectionOptions {
  /** host:port of the P4Runtime server. */
  address: string;
  deviceId: bigint | number;
  /** 128-bit election id; the highest connected one is primary. Kept across reconnects. */
  electionId: bigint | number;
  /** Role name (P4Runtime 1.4 `Role.name`); omit for the default role (full access). */
  role?: string;
  /** Numeric role id of P4Runtime servers older than 1.4 (`Role.id`, `role_id`); 0 for none. */
  roleId?: bigint | number;
  /** P4Info used for names; setPipeline() and fetchPipeline() replace it. */
  p4info?: P4Info | P4InfoIndex;
  /** Reconnect policy after a broken stream, or false to stay disconnected. */
  reconnect?: BackoffOptions | false;
  /** How long to wait for the arbitration answer on each stream, ms (default 10,000). */
  arbitrationTimeoutMs?: number;
  /** Deadline of Write/Read/pipeline/Capabilities calls, ms (default 60,000). */
  rpcTimeoutMs?: number;
  /** Default: insecure (plain-text) channel, as BMv2 and most test targets use. */
  credentials?: ChannelCredentials;
  /** Extra grpc-js channel options. */
  channelOptions?: ChannelOptions;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'closed';

export type PipelineAction = 'VERIFY' | 'VERIFY_AND_SAVE' | 'VERIFY_AND_COMMIT' | 'COMMIT' | 'RECONCILE_AND_COMMIT';
export type PipelineResponseType = 'ALL' | 'COOKIE_ONLY' | 'P4INFO_AND_COOKIE' | 'DEVICE_CONFIG_AND_COOKIE';
export type Atomicity = 'CONTINUE_ON_ERROR' | 'ROLLBACK_ON_ERROR' | 'DATAPLANE_ATOMIC';
export type UpdateType = 'INSERT' | 'MODIFY' | 'DELETE';

export interface PipelineConfig {
  p4info: P4Info | P4InfoIndex;
  /** Target-specific bytes (BMv2: the JSON from p4c-bm2-ss). */
  deviceConfig?: Uint8Array;
  cookie?: bigint | number;
}

export interface FetchedPipeline {
  p4info?: P4Info;
  deviceConfig?: Buffer;
  cookie?: bigint;
}

/** A raw entity, or a table entry described by names (see EntityBuilder.tableEntry). */
export type EntityInput = Entity | TableEntrySpec;

export interface UpdateSpec {
  type: UpdateType;
  entity: EntityInput;
}

export interface WriteOptions {
  atomicity?: Atomicity;
  /**
   * Split the updates into Write calls of at most this many (default: one call). Batches
   * are sent in order; failures of all batches are reported together with their index in
   * the whole list, and the other batches still go through.
   */
  batchSize?: number;
}

export interface TableReadOptions {
  /** Match to narrow the read (fields left out are wildcards). */
  match?: TableEntrySpec['match'];
  /** Also return each entry's direct counter data. */
  withCounterData?: boolean;
  /** Also return each entry's direct meter config. */
  withMeterConfig?: boolean;
  /** Read the default entry instead of the installed entries. */
  defaultEntry?: boolean;
}

const DEFAULT_ARBITRATION_TIMEOUT_MS = 10_000;
const DEFAULT_RPC_TIMEOUT_MS = 60_000;
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

function isEntity(input: EntityInput): input is Entity {
  return 'entity' in input;
}

/** What names are resolved with; replaced as a whole when the P4Info changes. */
interface PipelineTools {
  index: P4InfoIndex;
  builder: EntityBuilder;
  decoder: EntityDecoder;
}

interface PendingConnect {
  resolve(result: ArbitrationResult): void;
  reject(error: Error): void;
  promise: Promise<ArbitrationResult>;
  waitForServer: boolean;
}

/**
 * A P4Runtime client connection to one device. Create it, `connect()`, use it, `close()`.
 * Events: see SwitchConnectionEvents.
 */
export class SwitchConnection extends EventEmitter<SwitchConnectionEvents> {
  readonly address: string;
  readonly deviceId: bigint;
  readonly role: string;
  readonly roleId: bigint;
  private electionIdValue: bigint;
  private readonly grpc: GrpcP4RuntimeClient;
  private readonly backoff: Backoff;
  private readonly reconnectEnabled: boolean;
  private readonly arbitrationTimeoutMs: number;
  private readonly rpcTimeoutMs: number;
  private pipeline: PipelineTools | undefined;
  private stateValue: ConnectionState = 'idle';
  private session: StreamSession | undefined;
  private sessionArbitrated = false;
  private arbitrationTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pending: PendingConnect | undefined;
  private everConnected = false;
  private primaryNow = false;
  private lastArbitration: ArbitrationResult | undefined;
  private readonly activeCalls = new Set<{ cancel(): void }>();
  private readonly primaryWaiters = new Set<(error: Error) => void>();

  constructor(options: SwitchConnectionOptions) {
    super();
    this.address = options.address;
    this.deviceId = BigInt(options.deviceId);
    this.role = options.role ?? '';
    this.roleId = BigInt(options.roleId ?? 0);
    toUint128(options.electionId); // validates
    this.electionIdValue = BigInt(options.electionId);
    this.reconnectEnabled = options.reconnect !== false;
    this.backoff = new Backoff(options.reconnect === false ? {} : options.reconnect);
    this.arbitrationTimeoutMs = options.arbitrationTimeoutMs ?? DEFAULT_ARBITRATION_TIMEOUT_MS;
    this.rpcTimeoutMs = options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    if (options.p4info !== undefined) this.usePipeline(options.p4info);
    this.grpc = new FastP4RuntimeClient(this.address, options.credentials ?? grpcCredentials.createInsecure(), {
      // grpc-js retries the TCP connection on its own schedule; keep it in step with ours so
      // a restarted server is found as soon as our backoff asks.
      'grpc.initial_reconnect_backoff_ms': this.backoff.initialMs,
      'grpc.max_reconnect_backoff_ms': this.backoff.maxMs,
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      ...options.channelOptions,
    });
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get electionId(): bigint {
    return this.electionIdValue;
  }

  /** True while this connection is the primary (as of the last arbitration update). */
  get isPrimary(): boolean {
    return this.primaryNow;
  }

  /** The last arbitration answer, if any. */
  get arbitration(): ArbitrationResult | undefined {
    return this.lastArbitration;
  }

  /** The P4Info index in use; throws NO_P4INFO if there is none yet. */
  get p4info(): P4InfoIndex {
    return this.requirePipeline().index;
  }

  get hasP4Info(): boolean {
    return this.pipeline !== undefined;
  }

  /** Builders of entities by name for the P4Info in use. */
  get entities(): EntityBuilder {
    return this.requirePipeline().builder;
  }

  /** Decoders of entities to names for the P4Info in use. */
  get decode(): EntityDecoder {
    return this.requirePipeline().decoder;
  }

  /** Uses this P4Info for names from now on (no RPC). */
  usePipeline(p4info: P4Info | P4InfoIndex): P4InfoIndex {
    const index = p4info instanceof P4InfoIndex ? p4info : new P4InfoIndex(p4info);
    this.pipeline = { index, builder: new EntityBuilder(index), decoder: new EntityDecoder(index) };
    return index;
  }

  private requirePipeline(): PipelineTools {
    if (this.pipeline === undefined) {
      throw new ConnectionStateError('NO_P4INFO', `no P4Info for ${this.address}: pass p4info, call setPipeline(), fetchPipeline() or usePipeline()`);
    }
    return this.pipeline;
  }

  // ---------------------------------------------------------------- stream and arbitration

  /**
   * Opens the stream channel and arbitrates. Resolves with the arbitration answer (primary
   * or backup); rejects with a P4RuntimeError when the server cannot be reached, unless
   * `waitForServer` is set, in which case it retries with backoff until it succeeds or
   * close() is called.
   */
  connect(options: { waitForServer?: boolean } = {}): Promise<ArbitrationResult> {
    if (this.stateValue === 'closed') return Promise.reject(new ConnectionStateError('CLOSED', `connection to ${this.address} is closed`));
    if (this.pending) return this.pending.promise;
    if (this.stateValue === 'connected' && this.lastArbitration) return Promise.resolve(this.lastArbitration);
    let resolve!: (result: ArbitrationResult) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<ArbitrationResult>((res, rej) => { resolve = res; reject = rej; });
    this.pending = { resolve, reject, promise, waitForServer: options.waitForServer === true };
    if (this.stateValue !== 'reconnecting') {
      this.stateValue = 'connecting';
      this.openSession();
    }
    return promise;
  }

  /**
   * Resolves once this connection is primary (at once if it is); rejects with CLOSED if the
   * connection is closed first. For a backup waiting to take over.
   */
  waitForPrimary(): Promise<ArbitrationResult> {
    if (this.stateValue === 'closed') return Promise.reject(new ConnectionStateError('CLOSED', `connection to ${this.address} is closed`));
    if (this.primaryNow && this.lastArbitration) return Promise.resolve(this.lastArbitration);
    return new Promise<ArbitrationResult>((resolve, reject) => {
      const onPrimary = (result: ArbitrationResult): void => {
        if (!result.isPrimary) return;
        finish();
        resolve(result);
      };
      const onClose = (error: Error): void => {
        finish();
        reject(error);
      };
      const finish = (): void => {
        this.off('primary', onPrimary);
        this.primaryWaiters.delete(onClose);
      };
      this.on('primary', onPrimary);
      this.primaryWaiters.add(onClose);
    });
  }

  /** Changes the election id and re-arbitrates on the open stream. */
  setElectionId(electionId: bigint | number): void {
    toUint128(electionId);
    this.electionIdValue = BigInt(electionId);
    this.session?.arbitrate(this.arbitrationRequest());
  }

  private arbitrationRequest(): MasterArbitrationUpdate {
    const update: MasterArbitrationUpdate = { deviceId: this.deviceId, electionId: toUint128(this.electionIdValue) };
    if (this.role !== '' || this.roleId !== 0n) update.role = { id: this.roleId, name: this.role };
    return update;
  }

  private openSession(): void {
    const session: StreamSession = new StreamSession(this.grpc, this.address, {
      arbitration: (update) => this.onArbitration(session, update),
      packetIn: (packet) => this.onPacketIn(packet),
      digest: (list) => this.onDigest(list),
      idleTimeout: (notification) => this.onIdleTimeout(notification),
      streamError: (error) => this.onStreamError(error),
      ended: (error) => this.onSessionEnded(session, error),
    });
    this.session = session;
    this.sessionArbitrated = false;
    this.arbitrationTimer = setTimeout(() => {
      this.arbitrationTimer = undefined;
      if (this.session !== session || this.sessionArbitrated) return;
      session.close();
      this.onSessionEnded(session, new P4RuntimeError('StreamChannel', this.address, GrpcStatus.DEADLINE_EXCEEDED, '',
        `P4Runtime StreamChannel to ${this.address}: no arbitration answer within ${this.arbitrationTimeoutMs} ms`));
    }, this.arbitrationTimeoutMs);
    session.arbitrate(this.arbitrationRequest());
  }

  private clearArbitrationTimer(): void {
    if (this.arbitrationTimer !== undefined) clearTimeout(this.arbitrationTimer);
    this.arbitrationTimer = undefined;
  }

  private onArbitration(session: StreamSession, update: MasterArbitrationUpdate): void {
    if (session !== this.session) return;
    const code = update.status?.code ?? GrpcStatus.OK;
    const primaryElectionId = fromUint128(update.electionId);
    const result: ArbitrationResult = {
      isPrimary: code === GrpcStatus.OK,
      electionId: this.electionIdValue,
      ...(primaryElectionId !== undefined ? { primaryElectionId } : {}),
      code: canonicalCodeName(code),
      message: update.status?.message ?? '',
      role: update.role?.name ?? this.role,
    };
    const wasPrimary = this.primaryNow;
    this.primaryNow = result.isPrimary;
    this.lastArbitration = result;
    if (!this.sessionArbitrated) {
      this.sessionArbitrated = true;
      this.clearArbitrationTimer();
      this.stateValue = 'connected';
      this.backoff.reset();
      const pending = this.pending;
      this.pending = undefined;
      const isReconnect = this.everConnected;
      this.everConnected = true;
      pending?.resolve(result);
      if (isReconnect) this.emit('reconnected', result);
    }
    this.emit('arbitration', result);
    if (wasPrimary !== result.isPrimary) this.emit('primary', result);
  }

  private onSessionEnded(session: StreamSession, error: P4RuntimeError): void {
    if (session !== this.session || this.stateValue === 'closed') return;
    this.clearArbitrationTimer();
    this.session = undefined;
    const wasArbitrated = this.sessionArbitrated;
    this.sessionArbitrated = false;
    if (this.primaryNow) {
      this.primaryNow = false;
      const lost: ArbitrationResult = { ...this.lastArbitration!, isPrimary: false, code: error.code, message: error.message };
      this.lastArbitration = lost;
      this.emit('primary', lost);
    }
    if (this.pending && !this.pending.waitForServer) {
      const pending = this.pending;
      this.pending = undefined;
      pending.reject(error);
      // A first connect fails fast; a connect() made while reconnecting fails this once but
      // leaves the reconnect loop running.
      if (!this.everConnected || !this.reconnectEnabled) {
        this.stateValue = this.everConnected ? 'disconnected' : 'idle';
        return;
      }
    }
    if (wasArbitrated) this.emit('disconnected', error);
    if (!this.reconnectEnabled && this.pending === undefined) {
      this.stateValue = 'disconnected';
      return;
    }
    this.stateValue = 'reconnecting';
    const delayMs = this.backoff.next();
    this.emit('reconnecting', { attempt: this.backoff.attempts, delayMs, error });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stateValue === 'reconnecting') this.openSession();
    }, delayMs);
  }

  private onPacketIn(packet: PacketIn): void {
    let metadata: Record<string, bigint> = {};
    try {
      metadata = this.decode.packetMetadata('packet_in', packet.metadata);
    } catch (error) {
      // Still deliver the packet, with metadata keyed by id, and say why names are missing.
      this.emit('decodeError', { what: 'packetIn', error: error as Error, raw: packet });
      for (const m of packet.metadata) metadata[`#${m.metadataId}`] = decodeBigInt(m.value);
    }
    this.emit('packetIn', { payload: packet.payload, metadata, raw: packet });
  }

  private onDigest(list: DigestList): void {
    try {
      this.emit('digest', this.decode.digestList(list));
    } catch (error) {
      this.emit('decodeError', { what: 'digest', error: error as Error, raw: list });
    }
  }

  private onIdleTimeout(notification: IdleTimeoutNotification): void {
    try {
      const entries = notification.tableEntry.map((e) => this.decode.tableEntry(e));
      this.emit('idleTimeout', { timestamp: notification.timestamp, entries, raw: notification });
    } catch (error) {
      this.emit('decodeError', { what: 'idleTimeout', error: error as Error, raw: notification });
    }
  }

  private onStreamError(error: StreamError): void {
    const about = error.details?.$case ?? 'other';
    this.emit('streamError', {
      code: canonicalCodeName(error.canonicalCode),
      canonicalCode: error.canonicalCode,
      message: error.message,
      space: error.space,
      spaceCode: error.code,
      about,
      raw: error,
    });
  }

  private requireSession(): StreamSession {
    if (this.session === undefined || !this.sessionArbitrated) {
      throw new ConnectionStateError('NOT_CONNECTED', `no stream to ${this.address} (state ${this.stateValue})`);
    }
    return this.session;
  }

  /** Sends a packet-out with metadata by name (P4Info `packet_out` header). */
  sendPacket(payload: Uint8Array, metadata: Readonly<Record<string, P4Value>> = {}): void {
    this.sendPacketOut(this.entities.packetOut(payload, metadata));
  }

  sendPacketOut(packet: PacketOut): void {
    this.requireSession().send({ update: { $case: 'packet', value: packet } });
  }

  /** Acknowledges a digest list so the target may send the same data again. */
  ackDigest(list: { digestId: number; listId: bigint }): void {
    this.requireSession().send({ update: { $case: 'digestAck', value: { digestId: list.digestId, listId: list.listId } } });
  }

  /** Stops everything: the stream, reconnect timers, running reads, the channel. */
  close(): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.clearArbitrationTimer();
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.session?.close();
    this.session = undefined;
    this.primaryNow = false;
    for (const call of this.activeCalls) call.cancel();
    this.activeCalls.clear();
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new ConnectionStateError('CLOSED', `connection to ${this.address} was closed before it was established`));
    for (const reject of [...this.primaryWaiters]) reject(new ConnectionStateError('CLOSED', `connection to ${this.address} was closed before it became primary`));
    this.grpc.close();
  }

  // ---------------------------------------------------------------- unary RPCs

  private callOptions(): Partial<CallOptions> {
    return { deadline: Date.now() + this.rpcTimeoutMs };
  }

  private unary<T>(rpc: string, invoke: (metadata: Metadata, options: Partial<CallOptions>, done: (error: ServiceError | null, response: T) => void) => { cancel(): void }): Promise<T> {
    if (this.stateValue === 'closed') return Promise.reject(new ConnectionStateError('CLOSED', `connection to ${this.address} is closed`));
    return new Promise<T>((resolve, reject) => {
      const call = invoke(new Metadata(), this.callOptions(), (error, response) => {
        this.activeCalls.delete(call);
        if (error) reject(fromGrpcError(rpc, this.address, error));
        else resolve(response);
      });
      this.activeCalls.add(call);
    });
  }

  /** P4Runtime API version the server implements. */
  async capabilities(): Promise<{ p4runtimeApiVersion: string }> {
    const response = await this.unary<CapabilitiesResponse>('Capabilities', (md, o, done) => this.grpc.capabilities({ deviceId: this.deviceId }, md, o, done));
    return { p4runtimeApiVersion: response.p4runtimeApiVersion };
  }

  /**
   * Pushes a pipeline (default action VERIFY_AND_COMMIT). After a committing action the
   * given P4Info is used for names.
   */
  async setPipeline(config: PipelineConfig, action: PipelineAction = 'VERIFY_AND_COMMIT'): Promise<void> {
    const index = config.p4info instanceof P4InfoIndex ? config.p4info : new P4InfoIndex(config.p4info);
    const request = {
      deviceId: this.deviceId,
      roleId: this.roleId,
      role: this.role,
      electionId: toUint128(this.electionIdValue),
      action: SetForwardingPipelineConfigRequest_Action[action],
      config: {
        p4info: index.p4info,
        p4DeviceConfig: Buffer.from(config.deviceConfig ?? []),
        ...(config.cookie !== undefined ? { cookie: { cookie: BigInt(config.cookie) } } : {}),
      },
    };
    await this.unary('SetForwardingPipelineConfig', (md, o, done) => this.grpc.setForwardingPipelineConfig(request, md, o, done));
    if (action === 'VERIFY_AND_COMMIT' || action === 'RECONCILE_AND_COMMIT' || action === 'COMMIT') this.usePipeline(index);
  }

  /** Reads the device's pipeline; with `adopt`, its P4Info is used for names from now on. */
  async fetchPipeline(responseType: PipelineResponseType = 'ALL', options: { adopt?: boolean } = {}): Promise<FetchedPipeline> {
    const request = { deviceId: this.deviceId, responseType: GetForwardingPipelineConfigRequest_ResponseType[responseType] };
    const response = await this.unary<GetForwardingPipelineConfigResponse>('GetForwardingPipelineConfig', (md, o, done) => this.grpc.getForwardingPipelineConfig(request, md, o, done));
    const config = response.config;
    const out: FetchedPipeline = {};
    if (config?.p4info !== undefined) out.p4info = config.p4info;
    if (config !== undefined && config.p4DeviceConfig.length > 0) out.deviceConfig = config.p4DeviceConfig;
    if (config?.cookie !== undefined) out.cookie = config.cookie.cookie;
    if (options.adopt) {
      if (out.p4info === undefined) throw new ConnectionStateError('NO_P4INFO', `${this.address} returned no P4Info to adopt`);
      this.usePipeline(out.p4info);
    }
    return out;
  }

  // ---------------------------------------------------------------- Write

  private toEntity(input: EntityInput): Entity {
    return isEntity(input) ? input : this.entities.table(input);
  }

  /** Sends updates; throws P4RuntimeWriteError listing each failed update. */
  async write(updates: readonly (UpdateSpec | Update)[], options: WriteOptions = {}): Promise<void> {
    const encoded: Update[] = new Array(updates.length);
    for (let i = 0; i < updates.length; i += 1) {
      const u = updates[i]!;
      encoded[i] = typeof u.type === 'string'
        ? { type: Update_Type[u.type as UpdateType], entity: this.toEntity((u as UpdateSpec).entity) }
        : (u as Update);
    }
    const atomicity = WriteRequest_Atomicity[options.atomicity ?? 'CONTINUE_ON_ERROR'];
    const batchSize = options.batchSize ?? encoded.length;
    if (!(batchSize >= 1) && encoded.length > 0) throw new RangeError(`batchSize must be at least 1, got ${batchSize}`);
    if (encoded.length <= batchSize) {
      await this.writeBatch(encoded, atomicity);
      return;
    }
    const failures: UpdateFailure[] = [];
    let lastError: P4RuntimeWriteError | undefined;
    for (let start = 0; start < encoded.length; start += batchSize) {
      try {
        await this.writeBatch(encoded.slice(start, start + batchSize), atomicity);
      } catch (error) {
        if (!(error instanceof P4RuntimeWriteError) || error.failures.length === 0) throw error;
        lastError = error;
        for (const f of error.failures) failures.push({ ...f, index: f.index + start });
      }
    }
    if (lastError) throw new P4RuntimeWriteError(this.address, lastError.grpcCode, lastError.serverMessage, failures);
  }

  private async writeBatch(updates: Update[], atomicity: WriteRequest_Atomicity): Promise<void> {
    const request = {
      deviceId: this.deviceId,
      roleId: this.roleId,
      role: this.role,
      electionId: toUint128(this.electionIdValue),
      updates,
      atomicity,
    };
    await this.unary('Write', (md, o, done) => this.grpc.write(request, md, o, done));
  }

  insert(entities: EntityInput | readonly EntityInput[], options?: WriteOptions): Promise<void> {
    return this.writeAll('INSERT', entities, options);
  }

  modify(entities: EntityInput | readonly EntityInput[], options?: WriteOptions): Promise<void> {
    return this.writeAll('MODIFY', entities, options);
  }

  delete(entities: EntityInput | readonly EntityInput[], options?: WriteOptions): Promise<void> {
    return this.writeAll('DELETE', entities, options);
  }

  private writeAll(type: UpdateType, entities: EntityInput | readonly EntityInput[], options?: WriteOptions): Promise<void> {
    const list = Array.isArray(entities) ? (entities as readonly EntityInput[]) : [entities as EntityInput];
    return this.write(list.map((entity) => ({ type, entity })), options);
  }

  // ---------------------------------------------------------------- Read

  /** Reads entities (wildcards allowed) as they stream in. */
  async *read(entities: readonly Entity[]): AsyncGenerator<Entity, void, undefined> {
    if (this.stateValue === 'closed') throw new ConnectionStateError('CLOSED', `connection to ${this.address} is closed`);
    const call: ClientReadableStream<ReadResponse> = this.grpc.read(
      { deviceId: this.deviceId, role: this.role, entities: [...entities] }, new Metadata(), this.callOptions());
    call.on('error', () => undefined); // the iterator below reports it; this only keeps late errors quiet
    this.activeCalls.add(call);
    try {
      for await (const response of call as AsyncIterable<ReadResponse>) {
        for (const entity of response.entities) yield entity;
      }
    } catch (error) {
      throw fromGrpcError('Read', this.address, error);
    } finally {
      this.activeCalls.delete(call);
      call.cancel();
    }
  }

  /** Reads entities and decodes them to names. */
  async *readDecoded(entities: readonly Entity[]): AsyncGenerator<DecodedEntity, void, undefined> {
    for await (const entity of this.read(entities)) yield this.decode.entity(entity);
  }

  /** Reads every entity into an array. */
  async readAll(entities: readonly Entity[]): Promise<Entity[]> {
    const out: Entity[] = [];
    for await (const entity of this.read(entities)) out.push(entity);
    return out;
  }

  /** Entries of one table (or of every table when `table` is omitted), decoded. */
  async *readTableEntries(table?: string | number, options: TableReadOptions = {}): AsyncGenerator<DecodedTableEntry, void, undefined> {
    const key = this.entities.tableEntryKey({
      ...(table !== undefined ? { table } : {}),
      ...(options.match !== undefined ? { match: options.match } : {}),
      ...(options.defaultEntry ? { isDefaultAction: true } : {}),
    });
    if (options.withCounterData) key.counterData = { byteCount: 0n, packetCount: 0n };
    if (options.withMeterConfig) key.meterConfig = { cir: 0n, cburst: 0n, pir: 0n, pburst: 0n, eburst: 0n };
    for await (const entity of this.read([{ entity: { $case: 'tableEntry', value: key } }])) {
      if (entity.entity?.$case === 'tableEntry') yield this.decode.tableEntry(entity.entity.value);
    }
  }

  /** Cells of an indirect counter (all, or one index). */
  async *readCounters(counter: string | number, index?: bigint | number): AsyncGenerator<{ index: bigint; data: DecodedCounterData }, void, undefined> {
    for await (const e of this.readDecoded([this.entities.counter({ counter, ...(index !== undefined ? { index } : {}) })])) {
      if (e.kind === 'counterEntry') yield { index: e.index ?? 0n, data: e.data ?? { byteCount: 0n, packetCount: 0n } };
    }
  }

  /** Direct counter data of the entries of a table (optionally narrowed by match). */
  async *readDirectCounters(table: string | number, match?: TableEntrySpec['match']): AsyncGenerator<{ entry?: DecodedTableEntry; data: DecodedCounterData }, void, undefined> {
    const entity = this.entities.directCounter({ entry: { table, ...(match !== undefined ? { match } : {}) } });
    for await (const e of this.readDecoded([entity])) {
      if (e.kind === 'directCounterEntry') yield { ...(e.entry ? { entry: e.entry } : {}), data: e.data ?? { byteCount: 0n, packetCount: 0n } };
    }
  }

  /** Cells of a register (all, or one index). BMv2 answers UNIMPLEMENTED. */
  async *readRegisters(register: string | number, index?: bigint | number): AsyncGenerator<{ index: bigint; value: P4DataValue | undefined }, void, undefined> {
    for await (const e of this.readDecoded([this.entities.register({ register, ...(index !== undefined ? { index } : {}) })])) {
      if (e.kind === 'registerEntry') yield { index: e.index ?? 0n, value: e.value };
    }
  }
}
