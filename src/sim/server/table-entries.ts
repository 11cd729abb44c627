// TableEntry writes and reads (spec section 9.1) on top of the abi's TableRuntime, which
// owns duplicate / missing / full-table / const checks; direct counter and meter data
// that ride on an entry are validated before the entry is touched.
import type { Entity, TableEntry as WireTableEntry } from '../../proto/p4/v1/p4runtime.js';
import { Update_Type } from '../../proto/p4/v1/p4runtime.js';
import type { StoredEntry, TableEntry } from '../runtime/abi.js';
import { decodeMeterConfig, encodeMeterConfig } from './meter-config.js';
import type { TableBinding } from './p4info-index.js';
import type { Pipeline } from './pipeline.js';
import type { MeterRates } from './pipeline-target.js';
import { Code, invalid, RpcError } from './rpc-error.js';
import {
  checkIdleTimeout, decodeAction, decodeActionCall, decodeMatches, decodePriority, decodeTableEntry, encodeDefaultEntry,
  encodeTableEntry,
} from './table-entry-codec.js';
import type { TableEntryUpdate } from './write-request-decoder.js';

const denied = (message: string): RpcError => new RpcError(Code.PERMISSION_DENIED, message);

function writeDefaultEntry(table: TableBinding, type: Update_Type, wire: WireTableEntry): void {
  if (type !== Update_Type.MODIFY) throw invalid(`table ${table.name}: the default entry can only be modified`);
  if (wire.match.length > 0 || wire.priority !== 0) throw invalid(`table ${table.name}: a default entry has no match and no priority`);
  if (wire.counterData !== undefined || wire.meterConfig !== undefined || wire.idleTimeoutNs !== 0n) {
    throw invalid(`table ${table.name}: the default entry takes no counter data, meter config or idle timeout`);
  }
  if (table.constDefaultActionId !== 0) throw denied(`table ${table.name} has a const default action`);
  table.runtime.setDefaultAction(decodeAction(table, wire.action, true));
}

/** The stored entry a wire entry names by its match and priority, or NOT_FOUND. */
export function findStoredEntry(pipeline: Pipeline, wire: WireTableEntry): { table: TableBinding; entry: StoredEntry } {
  const table = pipeline.index.table(wire.tableId);
  if (wire.isDefaultAction) throw invalid(`table ${table.name}: direct resources of the default entry are not supported`);
  const entry = table.runtime.find(decodeMatches(table, wire.match), decodePriority(table, wire.priority));
  if (entry === undefined) throw new RpcError(Code.NOT_FOUND, `table ${table.name}: no such entry`);
  return { table, entry };
}

export function writeTableEntry(pipeline: Pipeline, type: Update_Type, wire: WireTableEntry): void {
  const table = pipeline.index.table(wire.tableId);
  if (wire.isDefaultAction) return writeDefaultEntry(table, type, wire);
  if (table.isConst) throw denied(`table ${table.name} has const entries`);
  if (type === Update_Type.DELETE) {
    table.runtime.delete(decodeMatches(table, wire.match), decodePriority(table, wire.priority));
    return;
  }
  if (type !== Update_Type.INSERT && type !== Update_Type.MODIFY) throw invalid(`update type ${type} is not INSERT, MODIFY or DELETE`);
  storeEntry(pipeline, table, type, decodeTableEntry(table, wire), wire);
}

/**
 * writeTableEntry for an update read in place from the request (write-request-decoder.ts):
 * the same steps and errors, matches and parameters decoded from the request buffer.
 */
export function writeTableUpdate(pipeline: Pipeline, update: TableEntryUpdate): void {
  const table = pipeline.index.table(update.tableId);
  const { type } = update;
  if (update.isDefaultAction) return writeDefaultEntry(table, type, update.tableEntry());
  if (table.isConst) throw denied(`table ${table.name} has const entries`);
  if (type === Update_Type.DELETE) {
    table.runtime.delete(decodeMatches(table, update), decodePriority(table, update.priority));
    return;
  }
  if (type !== Update_Type.INSERT && type !== Update_Type.MODIFY) throw invalid(`update type ${type} is not INSERT, MODIFY or DELETE`);
  const matches = decodeMatches(table, update);
  const priority = decodePriority(table, update.priority);
  if (!update.hasActionCall) decodeAction(table, undefined, false); // throws: no action
  const action = decodeActionCall(table, update.actionId, update, false);
  checkIdleTimeout(table, update.idleTimeoutNs);
  const entry = { matches, priority, action, idleTimeoutNs: update.idleTimeoutNs, controllerMetadata: update.controllerMetadata };
  storeEntry(pipeline, table, type, entry, update);
}

/** What an INSERT or MODIFY carries besides the entry itself. */
type EntryExtras = Pick<WireTableEntry, 'counterData' | 'meterConfig' | 'meterCounterData'> & { readonly metadata: Uint8Array };

function storeEntry(pipeline: Pipeline, table: TableBinding, type: Update_Type, entry: TableEntry, wire: EntryExtras): void {
  const { runtime } = table;
  if (wire.counterData !== undefined && table.directCounterId === 0) throw invalid(`table ${table.name} has no direct counter`);
  let rates: MeterRates | undefined;
  if (wire.meterConfig !== undefined) {
    if (table.directMeterId === 0) throw invalid(`table ${table.name} has no direct meter`);
    rates = decodeMeterConfig(wire.meterConfig, `table ${table.name} meter config`);
  }
  if (wire.meterCounterData !== undefined) throw invalid(`table ${table.name}: meter counter data is read-only`);
  const stored = type === Update_Type.INSERT ? runtime.insert(entry) : runtime.modify(entry);
  // An entry's idle time counts from its insertion until its first hit.
  if (type === Update_Type.INSERT) stored.lastHitNs = pipeline.target.nowNs();
  if (wire.counterData !== undefined) {
    stored.packets = wire.counterData.packetCount;
    stored.bytes = wire.counterData.byteCount;
  }
  if (rates !== undefined) pipeline.target.configureDirectMeter(runtime, stored, rates);
  // A copy: the metadata may be a view of the request buffer.
  if (wire.metadata.length > 0) pipeline.entryMetadata.set(stored, Buffer.from(wire.metadata));
  else pipeline.entryMetadata.delete(stored);
}

interface ReadOptions {
  readonly counterData: boolean;
  readonly meterConfig: boolean;
  readonly timeSinceLastHit: boolean;
}

export function encodeStoredEntry(pipeline: Pipeline, table: TableBinding, entry: StoredEntry, options: ReadOptions): WireTableEntry {
  const wire = encodeTableEntry(table, entry);
  const metadata = pipeline.entryMetadata.get(entry);
  if (metadata !== undefined) wire.metadata = metadata;
  if (options.counterData && table.directCounterId !== 0) wire.counterData = { packetCount: entry.packets, byteCount: entry.bytes };
  if (options.meterConfig && table.directMeterId !== 0) {
    const rates = pipeline.target.directMeterConfig(table.runtime, entry);
    if (rates !== undefined) wire.meterConfig = encodeMeterConfig(rates);
  }
  if (options.timeSinceLastHit && table.supportsIdleTimeout) {
    const elapsed = pipeline.target.nowNs() - entry.lastHitNs;
    wire.timeSinceLastHit = { elapsedNs: elapsed > 0n ? elapsed : 0n };
  }
  return wire;
}

const asEntity = (tableEntry: WireTableEntry): Entity => ({ entity: { $case: 'tableEntry', value: tableEntry } });

/** Entries a read request selects: table_id 0 is every table, an empty match every entry. */
export function* readTableEntries(pipeline: Pipeline, request: WireTableEntry): Generator<Entity> {
  const options = {
    counterData: request.counterData !== undefined,
    meterConfig: request.meterConfig !== undefined,
    timeSinceLastHit: request.timeSinceLastHit !== undefined,
  };
  const tables = request.tableId === 0 ? [...pipeline.index.tables.values()] : [pipeline.index.table(request.tableId)];
  if (request.tableId === 0 && request.match.length > 0) throw invalid('a read of every table (table_id 0) cannot name match fields');
  for (const table of tables) {
    if (request.isDefaultAction) {
      yield asEntity(encodeDefaultEntry(table));
    } else if (request.match.length > 0) {
      const entry = table.runtime.find(decodeMatches(table, request.match), decodePriority(table, request.priority));
      if (entry !== undefined) yield asEntity(encodeStoredEntry(pipeline, table, entry, options));
    } else {
      for (const entry of table.runtime.entries()) yield asEntity(encodeStoredEntry(pipeline, table, entry, options));
    }
  }
}
