// P4Runtime MeterConfig <-> the target's two-rate three-color meter rates.
import type { MeterConfig } from '../../proto/p4/v1/p4runtime.js';
import type { MeterRates } from './pipeline-target.js';
import { invalid } from './rpc-error.js';

export function decodeMeterConfig(config: MeterConfig, what: string): MeterRates {
  const { cir, cburst, pir, pburst, eburst } = config;
  for (const [name, value] of [['cir', cir], ['cburst', cburst], ['pir', pir], ['pburst', pburst]] as const) {
    if (value < 0n) throw invalid(`${what}: ${name} is negative (${value})`);
  }
  if (eburst !== 0n) throw invalid(`${what}: eburst is for single-rate meters; v1model meters are two-rate (trTCM)`);
  if (pir < cir) throw invalid(`${what}: pir ${pir} is below cir ${cir}`);
  return { cir: Number(cir), cbs: Number(cburst), pir: Number(pir), pbs: Number(pburst) };
}

export function encodeMeterConfig(rates: MeterRates): MeterConfig {
  return { cir: BigInt(rates.cir), cburst: BigInt(rates.cbs), pir: BigInt(rates.pir), pburst: BigInt(rates.pbs), eburst: 0n };
}
