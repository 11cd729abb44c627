// PtfSwitch: one switch under test as a PTF test sees it. It connects as the primary
// controller over P4Runtime (src/p4runtime), pushes the pipeline, and attaches to the packet
// interface; tests then send frames, verify what comes out, and read what the switch reported on
// the stream (digests, packet-ins, idle-timeout notifications), which are collected as they come.
import type { DecodedDigestList, IdleTimeoutMessage, PacketInMessage, P4DataValue } from '../../../src/p4runtime/index.js';
import { SwitchConnection } from '../../../src/p4runtime/index.js';
import { PacketPortClient, type ReceivedPacket } from '../../../src/sim/ports/index.js';
import { describeFrame, diffFrames } from './frame-diff.js';
import { toMask, type Expected } from './mask.js';
import { startBmv2Target } from './bmv2-target.js';
import { startSimTarget } from './sim-target.js';
import { targetKindFromEnv, type HarnessCounts, type PtfTarget, type TargetKind, type TargetOptions } from './target.js';

/** How long a positive check waits for a packet or stream message before failing. */
const DEFAULT_TIMEOUT_MS = Number(process.env.PTF_TIMEOUT_MS ?? 2000);

export class PtfAssertionError extends Error {
  readonly code = 'PTF_ASSERTION';
  constructor(message: string) {
    super(message);
    this.name = 'PtfAssertionError';
  }
}

/** Fails with a field-by-field diff unless `actual` matches `expected` (a frame or a Mask). */
export function assertFrame(actual: Uint8Array, expected: Expected, what = 'frame'): void {
  const diff = diffFrames(toMask(expected), actual);
  if (diff !== '') throw new PtfAssertionError(`${what} differs from the expected one:\n${diff}`);
}

/** A digest message: which digest and its decoded struct. */
export interface DigestMessage {
  digest: string;
  data: P4DataValue;
}

/** A FIFO that hands items to waiters, with a timeout that names what was awaited. */
class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: { accept: (item: T) => boolean; resolve: (item: T) => void }[] = [];

  push(item: T): void {
    const index = this.waiters.findIndex((w) => w.accept(item));
    if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(item);
    else this.items.push(item);
  }

  take(accept: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const index = this.items.findIndex(accept);
    if (index >= 0) return Promise.resolve(this.items.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        accept,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new PtfAssertionError(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Removes and returns every item held. */
  drain(): T[] {
    return this.items.splice(0);
  }

  /** Removes and returns the items held that match. */
  remove(match: (item: T) => boolean): T[] {
    const removed = this.items.filter(match);
    for (const item of removed) this.items.splice(this.items.indexOf(item), 1);
    return removed;
  }

  peek(): readonly T[] {
    return this.items;
  }
}

export interface PtfSwitchOptions extends TargetOptions {
  readonly electionId?: bigint;
  /** Default: P4_TARGET (targetKindFromEnv). */
  readonly target?: TargetKind;
}

export class PtfSwitch implements HarnessCounts {
  private sent = 0;
  private received = 0;
  private readonly digests = new Inbox<DigestMessage>();
  private readonly packetIns = new Inbox<PacketInMessage>();
  private readonly idleTimeouts = new Inbox<IdleTimeoutMessage>();
  private readonly packets = new Inbox<ReceivedPacket>();

  private constructor(
    readonly target: PtfTarget,
    /** The P4Runtime connection, primary, with the pipeline's P4Info for names. */
    readonly p4rt: SwitchConnection,
    private readonly ports: PacketPortClient,
  ) {
    ports.on('packet', (port, frame) => {
      this.received += 1;
      this.packets.push({ port, frame });
      // The harness keeps its own queue (with put-back for negative checks); the client's copy goes.
      queueMicrotask(() => ports.drainQueue());
    });
    p4rt.on('digest', (list: DecodedDigestList) => {
      p4rt.ackDigest(list);
      for (const data of list.data) this.digests.push({ digest: list.digest, data });
    });
    p4rt.on('packetIn', (message) => this.packetIns.push(message));
    p4rt.on('idleTimeout', (message) => this.idleTimeouts.push(message));
  }

  /** Starts the target (P4_TARGET's unless given), connects, pushes the pipeline, attaches to the packet port. */
  static async start(options: PtfSwitchOptions): Promise<PtfSwitch> {
    const kind = options.target ?? targetKindFromEnv();
    const target = kind === 'bmv2' ? await startBmv2Target(options) : await startSimTarget(options);
    const p4rt = new SwitchConnection({
      address: target.grpcAddress,
      deviceId: target.deviceId,
      electionId: options.electionId ?? 1n,
      reconnect: false,
    });
    p4rt.on('disconnected', () => undefined);
    try {
      const arbitration = await p4rt.connect({ waitForServer: true });
      if (!arbitration.isPrimary) throw new PtfAssertionError(`the harness is not primary: ${arbitration.code} ${arbitration.message}`);
      await p4rt.setPipeline(target.pipeline);
      const ports = await PacketPortClient.connect(target.packetAddress);
      return new PtfSwitch(target, p4rt, ports);
    } catch (error) {
      p4rt.close();
      await target.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.ports.close();
    this.p4rt.close();
    await this.target.stop();
  }

  // --- packets --------------------------------------------------------------------------

  get framesSent(): number {
    return this.sent;
  }

  get framesReceived(): number {
    return this.received;
  }

  /** Sends a frame into the switch on a data port. */
  sendPacket(port: number, frame: Uint8Array): void {
    this.sent += 1;
    this.ports.send(port, frame);
  }

  /** Waits until the switch has processed everything sent and its outputs are here. */
  async settle(): Promise<void> {
    await this.target.settle(this);
  }

  /**
   * The next frame out of `port` must match `expected` (a frame, or a Mask with don't-care bits).
   * Frames on other ports stay queued for later checks. Returns the frame received.
   */
  async verifyPacket(port: number, expected: Expected, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Uint8Array> {
    const mask = toMask(expected);
    let received: ReceivedPacket;
    try {
      received = await this.packets.take((p) => p.port === port, timeoutMs, `packet on port ${port}`);
    } catch {
      throw new PtfAssertionError(`no packet on port ${port} within ${timeoutMs} ms; expected:\n${describeFrame(mask.expected)}\n${this.queuedSummary()}`);
    }
    assertFrame(received.frame, mask, `packet on port ${port}`);
    return received.frame;
  }

  /** The next frame out of any port must come out of one of `ports` and match; returns where it came out. */
  async verifyPacketAnyPort(expected: Expected, ports: readonly number[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReceivedPacket> {
    const mask = toMask(expected);
    let received: ReceivedPacket;
    try {
      received = await this.packets.take(() => true, timeoutMs, 'packet');
    } catch {
      throw new PtfAssertionError(`no packet on any of ports ${ports.join(', ')} within ${timeoutMs} ms; expected:\n${describeFrame(mask.expected)}`);
    }
    if (!ports.includes(received.port)) {
      throw new PtfAssertionError(`packet out of port ${received.port}, expected one of ${ports.join(', ')}:\n${describeFrame(received.frame)}`);
    }
    assertFrame(received.frame, mask, `packet on port ${received.port}`);
    return received;
  }

  /** The next frame out of any port, whatever it is (PTF's dp_poll); fails after `timeoutMs`. */
  async pollPacket(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReceivedPacket> {
    try {
      return await this.packets.take(() => true, timeoutMs, 'packet');
    } catch {
      throw new PtfAssertionError(`no packet on any port within ${timeoutMs} ms`);
    }
  }

  /** After the switch settles, no frame (or none matching `expected`, if given) came out of `port`. */
  async verifyNoPacket(port: number, expected?: Expected): Promise<void> {
    await this.settle();
    const mask = expected === undefined ? undefined : toMask(expected);
    const offending = this.packets.remove((p) => p.port === port && (mask === undefined || mask.matches(p.frame)));
    if (offending.length > 0) {
      throw new PtfAssertionError(`unexpected packet on port ${port}:\n${describeFrame(offending[0]!.frame)}`);
    }
  }

  /** After the switch settles, no frame is waiting on any port. */
  async verifyNoOtherPackets(): Promise<void> {
    await this.settle();
    const queued = this.packets.drain();
    if (queued.length > 0) {
      throw new PtfAssertionError(
        `${queued.length} unexpected packet(s):\n${queued.map((p) => `port ${p.port}: ${describeFrame(p.frame)}`).join('\n')}`,
      );
    }
  }

  private queuedSummary(): string {
    const queued = this.packets.peek();
    if (queued.length === 0) return 'nothing else was received';
    return `received meanwhile: ${queued.map((p) => `port ${p.port} (${p.frame.length} bytes)`).join(', ')}`;
  }

  // --- the P4Runtime stream -------------------------------------------------------------

  /** The next message of digest `name` (oldest first) matching `accept`. */
  nextDigest(name: string, accept: (data: P4DataValue) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<P4DataValue> {
    return this.digests.take((m) => m.digest === name && accept(m.data), timeoutMs, `${name} digest`).then((m) => m.data);
  }

  /** The next packet-in matching `accept`. */
  nextPacketIn(accept: (message: PacketInMessage) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PacketInMessage> {
    return this.packetIns.take(accept, timeoutMs, 'packet-in');
  }

  /** The next idle-timeout notification matching `accept`. */
  nextIdleTimeout(accept: (message: IdleTimeoutMessage) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<IdleTimeoutMessage> {
    return this.idleTimeouts.take(accept, timeoutMs, 'idle-timeout notification');
  }

  /**
   * Every digest message received so far (and removes them), taken once the switch has
   * settled and `fence` has completed: something the switch answers in order on the stream
   * (lb.p4: a QUERY_BANK round trip), so digests of packets sent earlier are in.
   */
  async collectDigests(fence: () => Promise<void>): Promise<DigestMessage[]> {
    await this.settle();
    await fence();
    if (this.target.streamQuietMs > 0) await new Promise((done) => setTimeout(done, this.target.streamQuietMs));
    return this.digests.drain();
  }

  /** Forgets stream messages and packets left over (between tests). */
  async reset(): Promise<void> {
    await this.settle();
    this.packets.drain();
    this.digests.drain();
    this.packetIns.drain();
    this.idleTimeouts.drain();
  }
}
