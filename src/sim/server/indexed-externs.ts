// CounterEntry, MeterEntry and RegisterEntry (spec sections 9.3, 9.4, 9.6): indexed
// arrays that exist with the program, so the only write is MODIFY. An unset index selects
// every cell, for reads and writes alike; an id of 0 reads every instance.
import type { P4DataTypeSpec } from '../../proto/p4/config/v1/p4types.js';
import type { P4Data } from '../../proto/p4/v1/p4data.js';
import type { CounterEntry, Entity, Index, MeterEntry, RegisterEntry } from '../../proto/p4/v1/p4runtime.js';
import { Update_Type } from '../../proto/p4/v1/p4runtime.js';
import { bitsToBytes, bytesToBits } from './byte-string.js';
import { decodeMeterConfig, encodeMeterConfig } from './meter-config.js';
import type { IndexedExtern } from './p4info-index.js';
import type { Pipeline } from './pipeline.js';
import type { CounterCells, MeterCells, RegisterCells } from './pipeline-target.js';
import { Code, invalid, RpcError, unimplemented } from './rpc-error.js';

function lookup<Cells>(map: ReadonlyMap<number, IndexedExtern<Cells>>, id: number, what: string): IndexedExtern<Cells> {
  const found = map.get(id);
  if (found === undefined) throw invalid(`unknown ${what} id ${id}`);
  return found;
}

function selected<Cells>(map: ReadonlyMap<number, IndexedExtern<Cells>>, id: number, what: string): IndexedExtern<Cells>[] {
  return id === 0 ? [...map.values()] : [lookup(map, id, what)];
}

/** The cells an Index selects in an array of `size`: all of them when unset. */
function* indices(index: Index | undefined, size: number, name: string): Generator<number> {
  if (index === undefined) {
    for (let i = 0; i < size; i++) yield i;
    return;
  }
  if (index.index < 0n) throw invalid(`${name}: negative index ${index.index}`);
  if (index.index >= BigInt(size)) throw new RpcError(Code.OUT_OF_RANGE, `${name}: index ${index.index} out of range (size ${size})`);
  yield Number(index.index);
}

/** Every selected cell of every selected instance (id 0: all instances), as entities. */
function* readCells<Cells extends { readonly size: number }>(
  map: ReadonlyMap<number, IndexedExtern<Cells>>, id: number, index: Index | undefined, what: string,
  entity: (instance: IndexedExtern<Cells>, i: number) => Entity,
): Generator<Entity> {
  for (const instance of selected(map, id, what)) {
    for (const i of indices(index, instance.cells.size, instance.name)) yield entity(instance, i);
  }
}

function requireModify(type: Update_Type, what: string): void {
  if (type !== Update_Type.MODIFY) throw invalid(`${what} entries exist with the program: only MODIFY applies`);
}

export function writeCounterEntry(pipeline: Pipeline, type: Update_Type, entry: CounterEntry): void {
  requireModify(type, 'counter');
  const counter = lookup(pipeline.index.counters, entry.counterId, 'counter');
  const cell = { packets: entry.data?.packetCount ?? 0n, bytes: entry.data?.byteCount ?? 0n };
  if (cell.packets < 0n || cell.bytes < 0n) throw invalid(`counter ${counter.name}: negative count`);
  for (const i of [...indices(entry.index, counter.cells.size, counter.name)]) counter.cells.write(i, cell);
}

export function readCounterEntries(pipeline: Pipeline, request: CounterEntry): Iterable<Entity> {
  return readCells<CounterCells>(pipeline.index.counters, request.counterId, request.index, 'counter', (counter, i) => {
    const cell = counter.cells.read(i);
    return {
      entity: {
        $case: 'counterEntry',
        value: { counterId: counter.id, index: { index: BigInt(i) }, data: { packetCount: cell.packets, byteCount: cell.bytes } },
      },
    };
  });
}

export function writeMeterEntry(pipeline: Pipeline, type: Update_Type, entry: MeterEntry): void {
  requireModify(type, 'meter');
  const meter = lookup(pipeline.index.meters, entry.meterId, 'meter');
  if (entry.counterData !== undefined) throw invalid(`meter ${meter.name}: meter counter data is read-only`);
  const rates = entry.config === undefined ? undefined : decodeMeterConfig(entry.config, `meter ${meter.name}`);
  for (const i of [...indices(entry.index, meter.cells.size, meter.name)]) meter.cells.configure(i, rates);
}

export function readMeterEntries(pipeline: Pipeline, request: MeterEntry): Iterable<Entity> {
  return readCells<MeterCells>(pipeline.index.meters, request.meterId, request.index, 'meter', (meter, i) => {
    const rates = meter.cells.configOf(i);
    return {
      entity: {
        $case: 'meterEntry',
        value: { meterId: meter.id, index: { index: BigInt(i) }, config: rates && encodeMeterConfig(rates), counterData: undefined },
      },
    };
  });
}

function isBool(spec: P4DataTypeSpec | undefined): boolean {
  return spec?.typeSpec?.$case === 'bool';
}

function decodeRegisterData(data: P4Data | undefined, spec: P4DataTypeSpec | undefined, cells: RegisterCells, name: string): bigint {
  const value = data?.data;
  if (value === undefined) throw invalid(`register ${name}: write without data`);
  if (isBool(spec)) {
    if (value.$case !== 'bool') throw invalid(`register ${name} holds bool, got ${value.$case}`);
    return value.value ? 1n : 0n;
  }
  if (spec !== undefined && spec.typeSpec?.$case !== 'bitstring') {
    throw unimplemented(`register ${name}: cells of type ${spec.typeSpec?.$case} are not supported over P4Runtime`);
  }
  if (value.$case !== 'bitstring') throw invalid(`register ${name} holds bit<${cells.width}>, got ${value.$case}`);
  return bytesToBits(value.value, cells.width, `register ${name}`);
}

export function writeRegisterEntry(pipeline: Pipeline, type: Update_Type, entry: RegisterEntry): void {
  requireModify(type, 'register');
  const register = lookup(pipeline.index.registers, entry.registerId, 'register');
  const bits = decodeRegisterData(entry.data, pipeline.index.registerTypes.get(register.id), register.cells, register.name);
  for (const i of [...indices(entry.index, register.cells.size, register.name)]) register.cells.writeBits(i, bits);
}

export function readRegisterEntries(pipeline: Pipeline, request: RegisterEntry): Iterable<Entity> {
  return readCells<RegisterCells>(pipeline.index.registers, request.registerId, request.index, 'register', (register, i) => {
    const bits = register.cells.readBits(i);
    const data: P4Data = isBool(pipeline.index.registerTypes.get(register.id))
      ? { data: { $case: 'bool', value: bits !== 0n } }
      : { data: { $case: 'bitstring', value: bitsToBytes(bits) } };
    return { entity: { $case: 'registerEntry', value: { registerId: register.id, index: { index: BigInt(i) }, data } } };
  });
}
