// One P4Runtime device: the committed and saved pipelines, client arbitration, and the
// stream-side services (packet-in/out, digests, idle timeouts) bound to the pipeline.
// RPC handlers call in here with decoded requests; everything here speaks RpcError.
import type {
  CapabilitiesResponse, DigestEntry_Config, DigestListAck, Entity, GetForwardingPipelineConfigRequest, GetForwardingPipelineConfigResponse,
  MasterArbitrationUpdate, PacketOut, ReadRequest, SetForwardingPipelineConfigRequest, StreamMessageResponse, WriteRequest,
} from '../../proto/p4/v1/p4runtime.js';
import {
  GetForwardingPipelineConfigRequest_ResponseType as ResponseType, SetForwardingPipelineConfigRequest_Action as Action,
  WriteRequest_Atomicity,
} from '../../proto/p4/v1/p4runtime.js';
import { Arbitration, type ArbitrationClient } from './arbitration.js';
import { type Clock, systemClock } from './clock.js';
import { packPacketOut, unpackPacketIn } from './controller-header.js';
import { decodeDeviceConfig, encodeDeviceConfig } from './device-config.js';
import { DigestEngine, type EncodedDigestList } from './digest-engine.js';
import { readEntity } from './entities.js';
import { IdleTimeoutMonitor } from './idle-timeout-monitor.js';
import { type Logger, silentLogger } from './logger.js';
import { compileP4DataEncoder, type P4DataEncoder } from './p4data-encoder.js';
import { firstP4InfoDifference } from './p4info-compare.js';
import { Pipeline } from './pipeline.js';
import { carryOverState, checkReconcilable } from './reconcile.js';
import type { P4Program, PipelineLoader } from './pipeline-target.js';
import { Code, invalid, RpcError, toRpcError } from './rpc-error.js';
import { DIGEST_LIST_DATA_TAG, digestListResponse, type StreamChannelResponse } from './stream-response-codec.js';
import { applyUpdates, BatchError } from './write-batch.js';
import type { Value } from '../runtime/abi.js';

export const P4RUNTIME_API_VERSION = '1.4.0';

/** A stream client: arbitration updates plus everything else a stream carries. */
export interface StreamClient extends ArbitrationClient {
  deliver(message: StreamChannelResponse): void;
}

export interface DeviceOptions {
  readonly deviceId: bigint;
  /**
   * The port PacketOuts enter on and PacketIns are taken from (simple_switch_grpc's
   * --cpu-port). Without one, as on BMv2, there is no packet I/O with the controller.
   */
  readonly cpuPort?: number;
  readonly loader: PipelineLoader;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** How often entries are checked for idle timeout (default 500 ms; each scan walks every entry of the tables with idle timeout). */
  readonly idleScanIntervalMs?: number;
  /** An entry that stays idle is reported again after this long (default 2 s, as BMv2). */
  readonly idleRepeatNs?: bigint;
}

/** The default role: the only one that receives packet-ins, digests and idle-timeout notifications. */
const DEFAULT_ROLE = '';

interface Bound {
  readonly pipeline: Pipeline;
  readonly digests: DigestEngine;
  readonly release: () => void;
}

export class Device {
  readonly deviceId: bigint;
  readonly arbitration: Arbitration<StreamClient>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private current: Bound | undefined;
  private saved: Pipeline | undefined;
  /** SetForwardingPipelineConfig calls run one at a time. */
  private configQueue: Promise<unknown> = Promise.resolve();
  /** Packets for the controller dropped because no primary was connected or the frame was short. */
  packetInsDropped = 0;
  /** Frames received while no pipeline was committed (dropped, as a switch without a program does). */
  packetsWithoutPipeline = 0;
  /** Frames the pipeline failed on (see injectPacket). */
  packetsFailed = 0;
  private readonly outputListeners = new Set<(port: number, frame: Uint8Array) => void>();

  constructor(private readonly options: DeviceOptions) {
    this.deviceId = options.deviceId;
    this.arbitration = new Arbitration<StreamClient>(options.deviceId);
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger;
  }

  /** The committed pipeline, if any (tests and the CLI inspect it). */
  get pipeline(): Pipeline | undefined {
    return this.current?.pipeline;
  }

  capabilities(): CapabilitiesResponse {
    return { p4runtimeApiVersion: P4RUNTIME_API_VERSION, experimental: undefined };
  }

  // --- stream side -------------------------------------------------------------------

  arbitrate(client: StreamClient, update: MasterArbitrationUpdate): void {
    this.arbitration.arbitrate(client, update);
    this.current?.digests.pumpAll();
  }

  leave(client: StreamClient): void {
    this.arbitration.leave(client);
    this.current?.digests.pumpAll();
  }

  packetOut(client: StreamClient, packet: PacketOut): void {
    if (!this.arbitration.isPrimaryClient(client)) throw new RpcError(Code.PERMISSION_DENIED, 'only the primary client may send packets');
    const bound = this.requirePipeline();
    const { cpuPort } = this.options;
    if (cpuPort === undefined) throw new RpcError(Code.FAILED_PRECONDITION, 'the switch has no CPU port (start it with a CPU port for packet I/O)');
    const frame = packPacketOut(bound.pipeline.index.packetOut, packet.metadata, packet.payload);
    bound.pipeline.target.injectPacket(cpuPort, frame);
  }

  digestAck(client: StreamClient, ack: DigestListAck): void {
    if (!this.arbitration.isPrimaryClient(client)) throw new RpcError(Code.PERMISSION_DENIED, 'only the primary client may acknowledge digests');
    const bound = this.requirePipeline();
    if (!bound.digests.ack(ack.digestId, ack.listId)) {
      throw invalid(`digest ${ack.digestId} has no unacknowledged list ${ack.listId}`);
    }
  }

  private deliverToPrimary(message: StreamMessageResponse): boolean {
    const primary = this.arbitration.primaryOf(DEFAULT_ROLE);
    if (primary === undefined) return false;
    primary.deliver(message);
    return true;
  }

  /** A digest list is encoded only once someone takes it. */
  private deliverDigestList(list: EncodedDigestList): boolean {
    const primary = this.arbitration.primaryOf(DEFAULT_ROLE);
    if (primary === undefined) return false;
    primary.deliver(digestListResponse(list));
    return true;
  }

  // --- data-plane ports (the packet interface: nanomsg, tests) --------------------

  /**
   * A frame received on a data port; dropped while no pipeline is committed. A packet the
   * pipeline cannot process (a bad port, a failed assert) is logged and counted, never
   * thrown at the packet interface.
   */
  injectPacket(port: number, frame: Uint8Array): void {
    if (this.current === undefined) {
      this.packetsWithoutPipeline++;
      return;
    }
    try {
      this.current.pipeline.target.injectPacket(port, frame);
    } catch (error) {
      this.packetsFailed++;
      this.log.warn({ port, length: frame.length, error: (error as Error).message }, 'packet dropped: the pipeline failed on it');
    }
  }

  /**
   * Every frame the pipeline sends out of a port other than the CPU port (those become
   * PacketIns), whatever pipeline is committed now or later. Returns the unsubscribe function.
   */
  onPortOutput(listener: (port: number, frame: Uint8Array) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  // --- pipeline config ---------------------------------------------------------------

  setPipelineConfig(request: SetForwardingPipelineConfigRequest): Promise<void> {
    const run = this.configQueue.then(() => this.doSetPipelineConfig(request));
    this.configQueue = run.catch(() => undefined);
    return run;
  }

  private async doSetPipelineConfig(request: SetForwardingPipelineConfigRequest): Promise<void> {
    this.checkDevice(request.deviceId);
    if (!this.arbitration.isPrimaryRequest(request.role, request.electionId)) {
      throw new RpcError(Code.PERMISSION_DENIED, 'only the primary client may set the forwarding pipeline');
    }
    switch (request.action) {
      case Action.VERIFY:
        (await this.verify(request)).target.close();
        return;
      case Action.VERIFY_AND_SAVE: {
        const pipeline = await this.verify(request);
        this.saved?.target.close();
        this.saved = pipeline;
        return;
      }
      case Action.VERIFY_AND_COMMIT:
        this.commit(await this.verify(request));
        return;
      case Action.COMMIT: {
        if (request.config?.p4info !== undefined || (request.config?.p4DeviceConfig.length ?? 0) > 0) {
          throw invalid('COMMIT realizes the saved config: send the config with VERIFY_AND_SAVE');
        }
        const saved = this.saved;
        if (saved === undefined) throw new RpcError(Code.FAILED_PRECONDITION, 'COMMIT without a config saved by VERIFY_AND_SAVE');
        this.saved = undefined;
        this.commit(saved);
        return;
      }
      case Action.RECONCILE_AND_COMMIT:
        return this.reconcile(await this.verify(request));
      default:
        throw invalid(`SetForwardingPipelineConfig action ${request.action} is not one of VERIFY .. RECONCILE_AND_COMMIT`);
    }
  }

  /**
   * Commits a program without a client, with the P4Info generated from it (what
   * simple_switch_grpc does with a JSON file on its command line). Clients can read that
   * P4Info back with GetForwardingPipelineConfig.
   */
  commitProgram(program: P4Program): Promise<void> {
    const run = this.configQueue.then(async () => {
      const loaded = await this.options.loader(program);
      let pipeline: Pipeline;
      try {
        pipeline = new Pipeline({ p4info: loaded.p4info, deviceConfig: encodeDeviceConfig(program), cookie: undefined }, loaded.p4info, loaded.target);
      } catch (error) {
        loaded.target.close();
        throw error;
      }
      this.commit(pipeline);
    });
    this.configQueue = run.catch(() => undefined);
    return run;
  }

  /** Compiles the pushed program and checks the pushed P4Info against it. */
  private async verify(request: SetForwardingPipelineConfigRequest): Promise<Pipeline> {
    const config = request.config;
    if (config?.p4info === undefined) throw invalid('the forwarding pipeline config has no P4Info');
    const program = decodeDeviceConfig(config.p4DeviceConfig);
    let loaded;
    try {
      loaded = await this.options.loader(program);
    } catch (error) {
      const rpc = toRpcError(error);
      const message = rpc.message.includes(program.fileName) ? rpc.message : `${program.fileName}: ${rpc.message}`;
      throw new RpcError(rpc.code === Code.INTERNAL ? Code.INVALID_ARGUMENT : rpc.code, message);
    }
    const difference = firstP4InfoDifference(config.p4info, loaded.p4info);
    if (difference !== undefined) {
      loaded.target.close();
      throw invalid(`the P4Info does not match the program: ${difference}`);
    }
    try {
      return new Pipeline(
        { p4info: config.p4info, deviceConfig: Buffer.from(config.p4DeviceConfig), cookie: config.cookie?.cookie },
        loaded.p4info,
        loaded.target,
      );
    } catch (error) {
      loaded.target.close();
      throw toRpcError(error);
    }
  }

  /**
   * RECONCILE_AND_COMMIT: the same program keeps its running state as is; a changed one
   * gets the state carried over (reconcile.ts) or is refused with the old one running.
   */
  private reconcile(pipeline: Pipeline): void {
    const bound = this.current;
    if (bound === undefined) return this.commit(pipeline);
    const current = bound.pipeline;
    const same = current.config.deviceConfig.equals(pipeline.config.deviceConfig)
      && firstP4InfoDifference(pipeline.config.p4info, current.config.p4info) === undefined;
    if (same) {
      pipeline.target.close();
      const kept = new Pipeline({ ...current.config, cookie: pipeline.config.cookie }, current.index.p4info, current.target);
      for (const [id, group] of current.multicastGroups) kept.multicastGroups.set(id, group);
      for (const [id, session] of current.cloneSessions) kept.cloneSessions.set(id, session);
      const digestConfigs = this.digestConfigsByName(bound);
      bound.release();
      this.bind(kept);
      this.restoreDigestConfigs(digestConfigs);
      return;
    }
    try {
      checkReconcilable(current, pipeline);
      carryOverState(current, pipeline);
    } catch (error) {
      pipeline.target.close();
      throw toRpcError(error);
    }
    const digestConfigs = this.digestConfigsByName(bound);
    this.commit(pipeline);
    this.restoreDigestConfigs(digestConfigs);
  }

  private digestConfigsByName(bound: Bound): Map<string, DigestEntry_Config> {
    const configs = new Map<string, DigestEntry_Config>();
    for (const [id, digest] of bound.pipeline.index.digests) {
      const config = bound.digests.configOf(id);
      if (config !== undefined) configs.set(digest.name, config);
    }
    return configs;
  }

  private restoreDigestConfigs(configs: ReadonlyMap<string, DigestEntry_Config>): void {
    for (const [name, config] of configs) {
      const digest = this.current!.pipeline.index.digestByName.get(name);
      if (digest !== undefined) this.current!.digests.configure(digest.id, config);
    }
  }

  private commit(pipeline: Pipeline): void {
    const previous = this.current;
    this.bind(pipeline);
    if (previous !== undefined) {
      previous.release();
      previous.pipeline.target.close();
    }
    this.log.info({ deviceId: this.deviceId, tables: pipeline.index.tables.size }, 'forwarding pipeline committed');
  }

  private bind(pipeline: Pipeline): void {
    const { target, index } = pipeline;
    const digests = new DigestEngine(this.clock, (list) => this.deliverDigestList(list));
    const unsubscribeOutput = target.subscribeOutput((port, frame) => {
      if (port !== this.options.cpuPort) {
        for (const listener of this.outputListeners) listener(port, frame);
        return;
      }
      let packet;
      try {
        packet = unpackPacketIn(index.packetIn, frame);
      } catch (error) {
        this.log.warn({ error: (error as Error).message }, 'packet-in dropped: bad packet_in header');
      }
      if (packet === undefined || !this.deliverToPrimary({ update: { $case: 'packet', value: packet } })) this.packetInsDropped++;
    });
    // Each digest type is compiled once into an encoder: the per-packet path writes the
    // P4Data bytes straight from the value, and those bytes are all the engine keeps.
    const compiledDigests = new Map<string, { readonly id: number; readonly encoder: P4DataEncoder }>();
    for (const digest of index.digests.values()) {
      try {
        compiledDigests.set(digest.name, { id: digest.id, encoder: compileP4DataEncoder(digest.typeSpec, index.p4info.typeInfo, DIGEST_LIST_DATA_TAG) });
      } catch (error) {
        this.log.warn({ digest: digest.name, error: (error as Error).message }, 'digest has no P4Data form; its digests will be dropped');
      }
    }
    const unsubscribeDigests = target.subscribeDigests((name: string, data: Value) => {
      const digest = compiledDigests.get(name);
      if (digest === undefined) {
        this.log.warn({ digest: name }, index.digestByName.has(name) ? 'digest dropped: no P4Data for it' : 'digest not in P4Info, dropped');
        return;
      }
      if (!digests.isConfigured(digest.id)) return;
      try {
        digests.offer(digest.id, digest.encoder.encode(data));
      } catch (error) {
        this.log.warn({ digest: name, error: (error as Error).message }, 'digest dropped: no P4Data for it');
      }
    });
    const monitor = new IdleTimeoutMonitor(pipeline, this.options.idleRepeatNs ?? 2_000_000_000n);
    const interval = this.options.idleScanIntervalMs ?? 500;
    let cancelScan: () => void = () => undefined;
    const scan = (): void => {
      const notification = monitor.scan(this.clock.nowNs());
      if (notification !== undefined) this.deliverToPrimary({ update: { $case: 'idleTimeoutNotification', value: notification } });
      cancelScan = this.clock.setTimer(interval, scan);
    };
    cancelScan = this.clock.setTimer(interval, scan);
    this.current = {
      pipeline,
      digests,
      release: () => {
        cancelScan();
        unsubscribeOutput();
        unsubscribeDigests();
        digests.close();
      },
    };
  }

  getPipelineConfig(request: GetForwardingPipelineConfigRequest): GetForwardingPipelineConfigResponse {
    this.checkDevice(request.deviceId);
    const pipeline = this.current?.pipeline;
    if (pipeline === undefined) throw new RpcError(Code.FAILED_PRECONDITION, 'no forwarding pipeline has been committed');
    const { p4info, deviceConfig, cookie } = pipeline.config;
    const cookieMessage = cookie === undefined ? undefined : { cookie };
    const empty = Buffer.alloc(0);
    switch (request.responseType) {
      case ResponseType.ALL:
        return { config: { p4info, p4DeviceConfig: deviceConfig, cookie: cookieMessage } };
      case ResponseType.COOKIE_ONLY:
        return { config: { p4info: undefined, p4DeviceConfig: empty, cookie: cookieMessage } };
      case ResponseType.P4INFO_AND_COOKIE:
        return { config: { p4info, p4DeviceConfig: empty, cookie: cookieMessage } };
      case ResponseType.DEVICE_CONFIG_AND_COOKIE:
        return { config: { p4info: undefined, p4DeviceConfig: deviceConfig, cookie: cookieMessage } };
      default:
        throw invalid(`unknown response type ${request.responseType}`);
    }
  }

  // --- Write and Read ----------------------------------------------------------------

  write(request: WriteRequest): void {
    this.checkDevice(request.deviceId);
    if (!this.arbitration.isPrimaryRequest(request.role, request.electionId)) {
      throw new RpcError(Code.PERMISSION_DENIED, 'writes are accepted only from the primary client (election id mismatch)');
    }
    const bound = this.requirePipeline();
    if (request.atomicity !== WriteRequest_Atomicity.CONTINUE_ON_ERROR) {
      throw new RpcError(Code.UNIMPLEMENTED, 'only CONTINUE_ON_ERROR atomicity is supported');
    }
    const results = applyUpdates(bound, request.updates);
    if (results.some((r) => r !== undefined)) throw new BatchError(results);
  }

  /** Every entity the request selects, lazily; errors surface while iterating. */
  *read(request: ReadRequest): Generator<Entity> {
    this.checkDevice(request.deviceId);
    const bound = this.requirePipeline();
    for (const selector of request.entities) yield* readEntity(bound, selector);
  }

  close(): void {
    this.current?.release();
    this.current?.pipeline.target.close();
    this.saved?.target.close();
    this.current = undefined;
    this.saved = undefined;
  }

  private requirePipeline(): Bound {
    if (this.current === undefined) throw new RpcError(Code.FAILED_PRECONDITION, 'no forwarding pipeline has been committed');
    return this.current;
  }

  private checkDevice(deviceId: bigint): void {
    if (deviceId !== this.deviceId) throw invalid(`device id ${deviceId} is not this device's (${this.deviceId})`);
  }
}
