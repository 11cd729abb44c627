// Two-rate three-color meters (RFC 2698, color-blind), as BMv2 runs v1model's `meter` and
// `direct_meter`: a committed bucket (CIR, CBS) and a peak bucket (PIR, PBS), both full when
// configured. A packet of size B is RED if the peak bucket holds fewer than B tokens, else
// YELLOW if the committed bucket does (taking B from the peak bucket), else GREEN (taking B
// from both). An unconfigured meter marks everything GREEN, as BMv2 does.
// Colors are v1model's: GREEN 0, YELLOW 1, RED 2. MeterType: packets 0, bytes 1.

export const METER_GREEN = 0;
export const METER_YELLOW = 1;
export const METER_RED = 2;

export const METER_TYPES = ['packets', 'bytes'] as const;
export type MeterType = (typeof METER_TYPES)[number];

export interface MeterConfig {
  /** Committed information rate, units (packets or bytes) per second. */
  readonly cir: number;
  /** Committed burst size, units. */
  readonly cbs: number;
  readonly pir: number;
  readonly pbs: number;
}

export class MeterConfigError extends Error {
  readonly code = 'INVALID_ARGUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'MeterConfigError';
  }
}

export function checkMeterConfig(config: MeterConfig): void {
  for (const [name, v] of Object.entries(config)) {
    if (!Number.isFinite(v) || v < 0) throw new MeterConfigError(`meter ${name} must be a non-negative number, got ${v}`);
  }
  if (config.pir < config.cir) throw new MeterConfigError(`meter PIR ${config.pir} is below CIR ${config.cir}`);
}

/** One meter's configuration and token buckets. */
export class MeterState {
  private committedTokens: number;
  private peakTokens: number;
  private lastNs: bigint;

  constructor(
    readonly config: MeterConfig,
    nowNs: bigint,
  ) {
    checkMeterConfig(config);
    this.committedTokens = config.cbs;
    this.peakTokens = config.pbs;
    this.lastNs = nowNs;
  }

  /** Marks a packet of `units` (1 for packet meters, its byte length for byte meters). */
  execute(units: number, nowNs: bigint): number {
    const { cir, cbs, pir, pbs } = this.config;
    if (nowNs > this.lastNs) {
      const seconds = Number(nowNs - this.lastNs) / 1e9;
      this.committedTokens = Math.min(cbs, this.committedTokens + seconds * cir);
      this.peakTokens = Math.min(pbs, this.peakTokens + seconds * pir);
      this.lastNs = nowNs;
    }
    if (this.peakTokens < units) return METER_RED;
    if (this.committedTokens < units) {
      this.peakTokens -= units;
      return METER_YELLOW;
    }
    this.peakTokens -= units;
    this.committedTokens -= units;
    return METER_GREEN;
  }
}

/** An indexed meter array; cells stay unconfigured (GREEN) until the control plane sets them. */
export class MeterArray {
  private readonly cells: (MeterState | undefined)[];

  constructor(
    readonly name: string,
    readonly size: number,
    readonly type: MeterType,
  ) {
    this.cells = new Array<MeterState | undefined>(size).fill(undefined);
  }

  /** An index past the end marks GREEN and changes nothing (BMv2 logs an error). */
  execute(index: number, byteCount: number, nowNs: bigint): number {
    const cell = index >= 0 && index < this.size ? this.cells[index] : undefined;
    if (cell === undefined) return METER_GREEN;
    return cell.execute(this.type === 'packets' ? 1 : byteCount, nowNs);
  }

  configure(index: number, config: MeterConfig | undefined, nowNs: bigint): void {
    this.checkIndex(index);
    this.cells[index] = config === undefined ? undefined : new MeterState(config, nowNs);
  }

  configOf(index: number): MeterConfig | undefined {
    this.checkIndex(index);
    return this.cells[index]?.config;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new MeterConfigError(`${this.name}: index ${index} out of range (size ${this.size})`);
    }
  }
}
