// TEST DOUBLE: a P4Runtime gRPC server on 127.0.0.1 that records every request and plays
// just enough of the protocol to exercise the client over real gRPC. It is not a switch
// and has no data plane: it keeps written table entries and other entities in maps so
// INSERT/MODIFY/DELETE answer ALREADY_EXISTS/NOT_FOUND like a target would, lets a test
// make chosen updates fail, arbitrates (primary = highest election id per role), and lets
// the test push packet-ins, digests, idle-timeout notifications and stream errors.
// It can be stopped and started again on the same port to test reconnection.
import {
  Metadata,
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import { Status } from '../../../src/proto/google/rpc/status.js';
import {
  Error as P4Error,
  GetForwardingPipelineConfigRequest_ResponseType,
  P4RuntimeService,
  Update_Type,
  type CapabilitiesRequest,
  type CapabilitiesResponse,
  type DigestList,
  type DigestListAck,
  type Entity,
  type ForwardingPipelineConfig,
  type GetForwardingPipelineConfigRequest,
  type GetForwardingPipelineConfigResponse,
  type IdleTimeoutNotification,
  type MasterArbitrationUpdate,
  type P4RuntimeServer,
  type PacketIn,
  type PacketOut,
  type ReadRequest,
  type ReadResponse,
  type SetForwardingPipelineConfigRequest,
  type SetForwardingPipelineConfigResponse,
  type StreamError,
  type StreamMessageRequest,
  type StreamMessageResponse,
  type Uint128,
  type Update,
  type WriteRequest,
  type WriteResponse,
} from '../../../src/proto/p4/v1/p4runtime.js';

export interface ArbitrationRecord {
  deviceId: bigint;
  role: string;
  roleId: bigint;
  electionId: bigint | undefined;
}

/** A failure a test asks the double to return for one update. */
export interface InjectedFailure {
  code: number;
  message: string;
}

interface StreamClient {
  call: ServerDuplexStream<StreamMessageRequest, StreamMessageResponse>;
  deviceId: bigint;
  role: string;
  electionId: bigint | undefined;
}

const toBig = (id: Uint128 | undefined): bigint | undefined => (id === undefined ? undefined : (id.high << 64n) | id.low);
const toU128 = (id: bigint): Uint128 => ({ high: id >> 64n, low: id & 0xffff_ffff_ffff_ffffn });

/** Key of a written entity: its identity without the data parts (action, counters, config). */
function entityKey(entity: Entity): string {
  const e = entity.entity;
  switch (e?.$case) {
    case 'tableEntry': {
      const t = e.value;
      const match = [...t.match].sort((a, b) => a.fieldId - b.fieldId)
        .map((m) => `${m.fieldId}=${JSON.stringify(m.fieldMatchType, (_k, v) => (typeof v === 'bigint' ? v.toString() : v && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v))}`);
      return `table:${t.tableId}:${t.isDefaultAction ? 'default' : `${t.priority}:${match.join(',')}`}`;
    }
    case 'registerEntry': return `register:${e.value.registerId}:${e.value.index?.index ?? '*'}`;
    case 'counterEntry': return `counter:${e.value.counterId}:${e.value.index?.index ?? '*'}`;
    case 'meterEntry': return `meter:${e.value.meterId}:${e.value.index?.index ?? '*'}`;
    case 'digestEntry': return `digest:${e.value.digestId}`;
    case 'packetReplicationEngineEntry': {
      const t = e.value.type;
      return t?.$case === 'multicastGroupEntry' ? `mcast:${t.value.multicastGroupId}` : `clone:${t?.$case === 'cloneSessionEntry' ? t.value.sessionId : '?'}`;
    }
    default: return `${e?.$case ?? 'empty'}:${JSON.stringify(e?.value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
  }
}

/** Whether a stored entity answers a read request entity (ids 0 / missing index = wildcard). */
function matchesRead(stored: Entity, request: Entity): boolean {
  const s = stored.entity;
  const r = request.entity;
  if (s === undefined || r === undefined || s.$case !== r.$case) return false;
  switch (r.$case) {
    case 'tableEntry': return r.value.tableId === 0 || (s.value as typeof r.value).tableId === r.value.tableId;
    case 'registerEntry': return r.value.registerId === 0 || (s.value as typeof r.value).registerId === r.value.registerId;
    case 'digestEntry': return r.value.digestId === 0 || (s.value as typeof r.value).digestId === r.value.digestId;
    default: return true;
  }
}

export class RecordingP4RuntimeServer {
  readonly writes: WriteRequest[] = [];
  readonly reads: ReadRequest[] = [];
  readonly arbitrations: ArbitrationRecord[] = [];
  readonly packetOuts: PacketOut[] = [];
  readonly digestAcks: DigestListAck[] = [];
  readonly pipelines: SetForwardingPipelineConfigRequest[] = [];
  /** Installed entities by identity, kept across restarts (like a switch that kept its state). */
  readonly store = new Map<string, Entity>();
  /** Return a failure for an update to make it fail (after the store's own checks pass). */
  failUpdate: ((update: Update, index: number) => InjectedFailure | undefined) | undefined;
  /** When set, arbitration requests are recorded but never answered. */
  silentArbitration = false;
  /** Entities per ReadResponse message when streaming reads. */
  readChunkSize = 100;
  private pipeline: ForwardingPipelineConfig | undefined;
  private readonly clients = new Set<StreamClient>();
  private server: Server | undefined;
  private boundPort = 0;

  static async start(): Promise<RecordingP4RuntimeServer> {
    const double = new RecordingP4RuntimeServer();
    await double.listen(0);
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  get address(): string {
    return `127.0.0.1:${this.boundPort}`;
  }

  /** Starts again on the same port after stop(). */
  async restart(): Promise<void> {
    await this.listen(this.boundPort);
  }

  /** Stops at once, breaking every open call (as a crashed switch would). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.clients.clear();
    if (server === undefined) return;
    server.forceShutdown();
  }

  /** Ends every stream with an error, keeping the server up. */
  dropStreams(): void {
    const clients = [...this.clients];
    this.clients.clear();
    // grpc-js sends an 'error' emitted on a server stream as the call's final status.
    for (const client of clients) client.call.emit('error', { code: GrpcStatus.UNAVAILABLE, details: 'dropped by the test' });
  }

  private async listen(port: number): Promise<void> {
    const server = new Server();
    server.addService(P4RuntimeService, this.handlers());
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
    this.server = server;
  }

  // ---------------------------------------------------------------- arbitration

  primaryOf(deviceId: bigint, role: string): StreamClient | undefined {
    let best: StreamClient | undefined;
    for (const c of this.clients) {
      if (c.deviceId !== deviceId || c.role !== role || c.electionId === undefined) continue;
      if (best === undefined || c.electionId > best.electionId!) best = c;
    }
    return best;
  }

  /** Election id of the current primary of (device, role). */
  primaryElectionId(deviceId: bigint | number, role = ''): bigint | undefined {
    return this.primaryOf(BigInt(deviceId), role)?.electionId;
  }

  get connectedStreams(): number {
    return this.clients.size;
  }

  private tellArbitration(client: StreamClient): void {
    const primary = this.primaryOf(client.deviceId, client.role);
    const update: MasterArbitrationUpdate = {
      deviceId: client.deviceId,
      status: primary === client
        ? { code: GrpcStatus.OK, message: 'is primary', details: [] }
        : primary === undefined
          ? { code: GrpcStatus.NOT_FOUND, message: 'no primary', details: [] }
          : { code: GrpcStatus.ALREADY_EXISTS, message: 'is backup', details: [] },
    };
    if (client.role !== '') update.role = { id: 0n, name: client.role };
    if (primary?.electionId !== undefined) update.electionId = toU128(primary.electionId);
    client.call.write({ update: { $case: 'arbitration', value: update } });
  }

  private rearbitrate(deviceId: bigint, role: string, before: StreamClient | undefined, except?: StreamClient): void {
    if (this.primaryOf(deviceId, role) === before) return;
    for (const c of this.clients) if (c !== except && c.deviceId === deviceId && c.role === role) this.tellArbitration(c);
  }

  private onStream(call: ServerDuplexStream<StreamMessageRequest, StreamMessageResponse>): void {
    let client: StreamClient | undefined;
    call.on('data', (message: StreamMessageRequest) => {
      const u = message.update;
      if (u?.$case === 'arbitration') {
        const role = u.value.role?.name ?? '';
        const electionId = toBig(u.value.electionId);
        this.arbitrations.push({ deviceId: u.value.deviceId, role, roleId: u.value.role?.id ?? 0n, electionId });
        if (this.silentArbitration) return;
        const before = this.primaryOf(u.value.deviceId, role);
        if (client === undefined) {
          client = { call, deviceId: u.value.deviceId, role, electionId };
          this.clients.add(client);
        } else {
          client.electionId = electionId;
        }
        this.tellArbitration(client);
        this.rearbitrate(client.deviceId, role, before, client);
      } else if (u?.$case === 'packet') {
        this.packetOuts.push(u.value);
      } else if (u?.$case === 'digestAck') {
        this.digestAcks.push(u.value);
      }
    });
    const gone = (): void => {
      if (client === undefined || !this.clients.has(client)) return;
      const before = this.primaryOf(client.deviceId, client.role);
      this.clients.delete(client);
      this.rearbitrate(client.deviceId, client.role, before);
    };
    call.on('end', () => { gone(); call.end(); });
    call.on('error', gone);
    call.on('cancelled', gone);
  }

  /** Sends a stream message to the primary of (device, role); returns whether one was there. */
  sendToPrimary(message: StreamMessageResponse, deviceId: bigint | number = 1, role = ''): boolean {
    const primary = this.primaryOf(BigInt(deviceId), role);
    primary?.call.write(message);
    return primary !== undefined;
  }

  sendPacketIn(packet: PacketIn): boolean {
    return this.sendToPrimary({ update: { $case: 'packet', value: packet } });
  }

  sendDigest(list: DigestList): boolean {
    return this.sendToPrimary({ update: { $case: 'digest', value: list } });
  }

  sendIdleTimeout(notification: IdleTimeoutNotification): boolean {
    return this.sendToPrimary({ update: { $case: 'idleTimeoutNotification', value: notification } });
  }

  sendStreamError(error: StreamError): boolean {
    return this.sendToPrimary({ update: { $case: 'error', value: error } });
  }

  // ---------------------------------------------------------------- writes

  private applyUpdate(update: Update, index: number): InjectedFailure | undefined {
    if (update.entity === undefined) return { code: GrpcStatus.INVALID_ARGUMENT, message: 'update without entity' };
    const key = entityKey(update.entity);
    const exists = this.store.has(key);
    const isTable = update.entity.entity?.$case === 'tableEntry';
    if (update.type === Update_Type.INSERT && exists && isTable) return { code: GrpcStatus.ALREADY_EXISTS, message: 'Match entry exists' };
    if ((update.type === Update_Type.MODIFY || update.type === Update_Type.DELETE) && !exists && isTable) {
      return { code: GrpcStatus.NOT_FOUND, message: 'Cannot find match entry' };
    }
    const injected = this.failUpdate?.(update, index);
    if (injected) return injected;
    if (update.type === Update_Type.DELETE) this.store.delete(key);
    else this.store.set(key, update.entity);
    return undefined;
  }

  private onWrite(call: ServerUnaryCall<WriteRequest, WriteResponse>, callback: sendUnaryData<WriteResponse>): void {
    const request = call.request;
    this.writes.push(request);
    const primary = this.primaryOf(request.deviceId, request.role);
    if (primary === undefined || primary.electionId !== toBig(request.electionId)) {
      callback({ code: GrpcStatus.PERMISSION_DENIED, details: 'Not primary' });
      return;
    }
    const results = request.updates.map((u, i) => this.applyUpdate(u, i));
    if (results.every((r) => r === undefined)) {
      callback(null, {});
      return;
    }
    // As P4Runtime specifies: one p4.v1.Error per update, OK for those that succeeded.
    const details = results.map((r) => ({
      typeUrl: 'type.googleapis.com/p4.v1.Error',
      value: Buffer.from(P4Error.encode({
        canonicalCode: r?.code ?? GrpcStatus.OK, message: r?.message ?? '', space: r ? 'test-double' : '', code: r ? 1000 + r.code : 0,
      }).finish()),
    }));
    const metadata = new Metadata();
    metadata.set('grpc-status-details-bin', Buffer.from(Status.encode({ code: GrpcStatus.UNKNOWN, message: 'Write failure', details }).finish()));
    callback({ code: GrpcStatus.UNKNOWN, details: 'Write failure', metadata });
  }

  // ---------------------------------------------------------------- reads

  private onRead(call: ServerWritableStream<ReadRequest, ReadResponse>): void {
    this.reads.push(call.request);
    const found: Entity[] = [];
    for (const wanted of call.request.entities) for (const stored of this.store.values()) if (matchesRead(stored, wanted)) found.push(stored);
    for (let i = 0; i < found.length; i += this.readChunkSize) call.write({ entities: found.slice(i, i + this.readChunkSize) });
    call.end();
  }

  // ---------------------------------------------------------------- pipeline, capabilities

  private handlers(): P4RuntimeServer {
    return {
      write: (call, callback) => this.onWrite(call, callback),
      read: (call) => this.onRead(call),
      streamChannel: (call) => this.onStream(call),
      setForwardingPipelineConfig: (call: ServerUnaryCall<SetForwardingPipelineConfigRequest, SetForwardingPipelineConfigResponse>, callback: sendUnaryData<SetForwardingPipelineConfigResponse>) => {
        this.pipelines.push(call.request);
        const primary = this.primaryOf(call.request.deviceId, call.request.role);
        if (primary === undefined || primary.electionId !== toBig(call.request.electionId)) {
          callback({ code: GrpcStatus.PERMISSION_DENIED, details: 'Not primary' });
          return;
        }
        this.pipeline = call.request.config;
        callback(null, {});
      },
      getForwardingPipelineConfig: (call: ServerUnaryCall<GetForwardingPipelineConfigRequest, GetForwardingPipelineConfigResponse>, callback: sendUnaryData<GetForwardingPipelineConfigResponse>) => {
        const p = this.pipeline;
        if (p === undefined) {
          callback({ code: GrpcStatus.FAILED_PRECONDITION, details: 'No forwarding pipeline config set' });
          return;
        }
        const type = call.request.responseType;
        const T = GetForwardingPipelineConfigRequest_ResponseType;
        callback(null, {
          config: {
            ...(type === T.ALL || type === T.P4INFO_AND_COOKIE ? { p4info: p.p4info } : {}),
            p4DeviceConfig: type === T.ALL || type === T.DEVICE_CONFIG_AND_COOKIE ? p.p4DeviceConfig : Buffer.alloc(0),
            ...(p.cookie ? { cookie: p.cookie } : {}),
          },
        });
      },
      capabilities: (_call: ServerUnaryCall<CapabilitiesRequest, CapabilitiesResponse>, callback: sendUnaryData<CapabilitiesResponse>) => {
        callback(null, { p4runtimeApiVersion: '1.4.1' });
      },
    };
  }
}
