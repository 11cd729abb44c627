// A P4Runtime server on 127.0.0.1 (port 0) running the test program, and raw gRPC clients
// (the generated stubs, so tests can also send what a careful client library would refuse).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { credentials, Metadata, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import { Status } from '../../../src/proto/google/rpc/status.js';
import {
  type CapabilitiesResponse, Error as P4Error, type Entity, type GetForwardingPipelineConfigRequest_ResponseType,
  type GetForwardingPipelineConfigResponse, P4RuntimeClient, type ReadRequest, SetForwardingPipelineConfigRequest_Action,
  type StreamMessageRequest, type StreamMessageResponse, type Update, Update_Type, type WriteRequest, WriteRequest_Atomicity,
} from '../../../src/proto/p4/v1/p4runtime.js';
import { type P4RuntimeServerHandle, startP4RuntimeServer } from '../../../src/sim/server/server.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import type { Clock } from '../../../src/sim/server/clock.js';
import { Names } from './p4info-names.js';

export const PROGRAM_FILE = fileURLToPath(new URL('./fixtures/p4rt.p4', import.meta.url));
export const PROGRAM_SOURCE = readFileSync(PROGRAM_FILE, 'utf8');
export const CPU_PORT = 255;
export const DEVICE_ID = 1n;

/** The P4Info the simulator generates for the test program (a client would load p4c's). */
export async function programP4Info(): Promise<P4Info> {
  return (await simPipelineLoader()({ fileName: 'p4rt.p4', source: PROGRAM_SOURCE })).p4info;
}

export interface SwitchClock {
  ns: bigint;
}

export async function startTestServer(
  options: { clock?: Clock; switchClock?: SwitchClock; idleRepeatNs?: bigint; idleScanIntervalMs?: number } = {},
): Promise<P4RuntimeServerHandle> {
  const switchClock = options.switchClock;
  return startP4RuntimeServer({
    address: '127.0.0.1:0',
    deviceId: DEVICE_ID,
    cpuPort: CPU_PORT,
    loader: simPipelineLoader(switchClock === undefined ? {} : { clock: () => switchClock.ns }),
    clock: options.clock,
    idleRepeatNs: options.idleRepeatNs,
    idleScanIntervalMs: options.idleScanIntervalMs,
  });
}

/** Messages of a stream as an async queue: `next()` waits for the next one. */
export class StreamReader {
  private readonly queue: StreamMessageResponse[] = [];
  private readonly waiters: ((m: StreamMessageResponse) => void)[] = [];
  ended: ServiceError | 'ended' | undefined;
  private readonly endWaiters: (() => void)[] = [];

  constructor(readonly call: ClientDuplexStream<StreamMessageRequest, StreamMessageResponse>) {
    call.on('data', (m: StreamMessageResponse) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(m);
      else this.queue.push(m);
    });
    call.on('error', (e: ServiceError) => this.finish(e));
    call.on('end', () => this.finish('ended'));
  }

  private finish(reason: ServiceError | 'ended'): void {
    this.ended ??= reason;
    for (const w of this.endWaiters.splice(0)) w();
  }

  next(): Promise<StreamMessageResponse> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next message of a given kind, skipping others. */
  async nextOf<K extends NonNullable<StreamMessageResponse['update']>['$case']>(
    kind: K,
  ): Promise<Extract<NonNullable<StreamMessageResponse['update']>, { $case: K }>['value']> {
    for (;;) {
      const m = await this.next();
      if (m.update?.$case === kind) return m.update.value as never;
    }
  }

  pending(): number {
    return this.queue.length;
  }

  whenEnded(): Promise<ServiceError | 'ended'> {
    if (this.ended !== undefined) return Promise.resolve(this.ended);
    return new Promise((resolve) => this.endWaiters.push(() => resolve(this.ended!)));
  }

  send(message: StreamMessageRequest): void {
    this.call.write(message);
  }
}

export class TestClient {
  readonly stub: P4RuntimeClient;
  stream: StreamReader | undefined;

  constructor(port: number, readonly electionId: bigint = 1n, readonly role = '') {
    this.stub = new P4RuntimeClient(`127.0.0.1:${port}`, credentials.createInsecure());
  }

  openStream(): StreamReader {
    this.stream = new StreamReader(this.stub.streamChannel());
    return this.stream;
  }

  /** Opens the stream, arbitrates and returns the first arbitration answer. */
  async arbitrate(electionId: bigint | undefined = this.electionId, deviceId = DEVICE_ID) {
    const stream = this.stream ?? this.openStream();
    stream.send({
      update: {
        $case: 'arbitration',
        value: {
          deviceId,
          role: this.role === '' ? undefined : { id: 0n, name: this.role, config: undefined },
          electionId: electionId === undefined ? undefined : { high: electionId >> 64n, low: electionId & ((1n << 64n) - 1n) },
          status: undefined,
        },
      },
    });
    return stream.nextOf('arbitration');
  }

  get election() {
    return { high: this.electionId >> 64n, low: this.electionId & ((1n << 64n) - 1n) };
  }

  call<Req, Res>(method: (req: Req, cb: (e: ServiceError | null, r: Res) => void) => unknown, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => method.call(this.stub, request, (e, r) => (e ? reject(e) : resolve(r))));
  }

  capabilities(): Promise<CapabilitiesResponse> {
    return new Promise((resolve, reject) =>
      this.stub.capabilities({ deviceId: DEVICE_ID }, (e, r) => (e ? reject(e) : resolve(r))));
  }

  getConfig(responseType: GetForwardingPipelineConfigRequest_ResponseType, deviceId = DEVICE_ID): Promise<GetForwardingPipelineConfigResponse> {
    return new Promise((resolve, reject) =>
      this.stub.getForwardingPipelineConfig({ deviceId, responseType }, (e, r) => (e ? reject(e) : resolve(r))));
  }

  async pushPipeline(
    p4info: P4Info,
    options: { action?: SetForwardingPipelineConfigRequest_Action; source?: Buffer; cookie?: bigint } = {},
  ): Promise<void> {
    await this.call(this.stub.setForwardingPipelineConfig, {
      deviceId: DEVICE_ID,
      roleId: 0n,
      role: this.role,
      electionId: this.election,
      action: options.action ?? SetForwardingPipelineConfigRequest_Action.VERIFY_AND_COMMIT,
      config: {
        p4info,
        p4DeviceConfig: options.source ?? Buffer.from(PROGRAM_SOURCE),
        cookie: options.cookie === undefined ? undefined : { cookie: options.cookie },
      },
    });
  }

  write(updates: Update[], overrides: Partial<WriteRequest> = {}): Promise<unknown> {
    return this.call(this.stub.write, {
      deviceId: DEVICE_ID, roleId: 0n, role: this.role, electionId: this.election, updates,
      atomicity: WriteRequest_Atomicity.CONTINUE_ON_ERROR, ...overrides,
    });
  }

  read(entities: Entity[], overrides: Partial<ReadRequest> = {}): Promise<Entity[][]> {
    return new Promise((resolve, reject) => {
      const chunks: Entity[][] = [];
      const call = this.stub.read({ deviceId: DEVICE_ID, role: this.role, entities, ...overrides });
      call.on('data', (r: { entities: Entity[] }) => chunks.push(r.entities));
      call.on('error', reject);
      call.on('end', () => resolve(chunks));
    });
  }

  async readAll(entities: Entity[]): Promise<Entity[]> {
    return (await this.read(entities)).flat();
  }

  close(): void {
    this.stream?.call.end();
    this.stub.close();
  }
}

export const update = (type: Update_Type, entity: Entity): Update => ({ type, entity });
export const insert = (entity: Entity): Update => update(Update_Type.INSERT, entity);
export const modify = (entity: Entity): Update => update(Update_Type.MODIFY, entity);
export const remove = (entity: Entity): Update => update(Update_Type.DELETE, entity);

/** The per-update p4.v1.Errors of a failed Write. */
export function updateErrors(error: ServiceError): P4Error[] {
  const raw = (error.metadata as Metadata).get('grpc-status-details-bin')[0];
  if (!(raw instanceof Buffer)) throw new Error('no grpc-status-details-bin trailer');
  return Status.decode(raw).details.map((any) => P4Error.decode(any.value));
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

/** One test's server, primary client (election id 10, arbitrated, program pushed), P4Info and names. */
export interface PrimarySession {
  server: P4RuntimeServerHandle;
  client: TestClient;
  p4info: P4Info;
  names: Names;
}

/** Registers mocha hooks giving each test a fresh server with a primary client and the program committed. */
export function usePrimarySession(options: { push?: boolean } = {}): PrimarySession {
  const session = {} as PrimarySession;
  before(async () => {
    session.p4info = await programP4Info();
    session.names = new Names(session.p4info);
  });
  beforeEach(async () => {
    session.server = await startTestServer();
    session.client = new TestClient(session.server.port, 10n);
    await session.client.arbitrate();
    if (options.push ?? true) await session.client.pushPipeline(session.p4info);
  });
  afterEach(async () => {
    session.client.close();
    await session.server.stop();
  });
  return session;
}
