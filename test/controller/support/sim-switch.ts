// The in-repo simulator as a P4Runtime switch on 127.0.0.1 (a real gRPC server running
// p4/lb.p4 once the controller pushes it), with helpers to inject frames on its ports
// and collect what it sends out.
import { startP4RuntimeServer, type P4RuntimeServerHandle } from '../../../src/sim/server/server.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import type { PipelineTarget } from '../../../src/sim/server/pipeline-target.js';

export const CPU_PORT = 255;

export class SimSwitch {
  private constructor(
    public handle: P4RuntimeServerHandle,
    private readonly options: { idleRepeatNs?: bigint; idleScanIntervalMs?: number },
  ) {}

  static async start(options: { port?: number; idleRepeatNs?: bigint; idleScanIntervalMs?: number } = {}): Promise<SimSwitch> {
    const handle = await SimSwitch.listen(options.port ?? 0, options);
    return new SimSwitch(handle, options);
  }

  private static listen(port: number, options: { idleRepeatNs?: bigint; idleScanIntervalMs?: number }): Promise<P4RuntimeServerHandle> {
    return startP4RuntimeServer({
      address: `127.0.0.1:${port}`,
      deviceId: 1,
      cpuPort: CPU_PORT,
      loader: simPipelineLoader(),
      idleScanIntervalMs: options.idleScanIntervalMs ?? 20,
      ...(options.idleRepeatNs !== undefined ? { idleRepeatNs: options.idleRepeatNs } : {}),
    });
  }

  get port(): number {
    return this.handle.port;
  }

  get address(): string {
    return `127.0.0.1:${this.handle.port}`;
  }

  get target(): PipelineTarget {
    const pipeline = this.handle.device.pipeline;
    if (pipeline === undefined) throw new Error('no pipeline on the simulated switch yet');
    return pipeline.target;
  }

  get hasPipeline(): boolean {
    return this.handle.device.pipeline !== undefined;
  }

  inject(port: number, frame: Uint8Array): void {
    this.target.injectPacket(port, frame);
  }

  /** Frames the switch sends out of `port` from now on. */
  capture(port: number): { frames: Uint8Array[]; stop: () => void } {
    const frames: Uint8Array[] = [];
    const stop = this.target.subscribePort(port, (frame) => frames.push(frame));
    return { frames, stop };
  }

  register(name: string, index: number): number {
    const cells = this.target.registers.get(name);
    if (cells === undefined) throw new Error(`no register ${name}`);
    return Number(cells.readBits(index));
  }

  /** Number of entries in a table of the running pipeline. */
  tableSize(name: string): number {
    const table = this.target.tables.get(name);
    if (table === undefined) throw new Error(`no table ${name}`);
    return table.entryCount;
  }

  async stop(): Promise<void> {
    await this.handle.stop();
  }

  /** Stops the switch (losing its state, as a power cycle does) and starts a fresh one on the same port. */
  async restart(): Promise<void> {
    const port = this.handle.port;
    await this.handle.stop();
    this.handle = await SimSwitch.listen(port, this.options);
  }
}
