// DirectCounterEntry and DirectMeterEntry (spec sections 9.5, 9.7): cells that belong to
// one table entry, named by that entry's match; they exist while the entry does.
import type { DirectCounterEntry, DirectMeterEntry, Entity, TableEntry as WireTableEntry } from '../../proto/p4/v1/p4runtime.js';
import { Update_Type } from '../../proto/p4/v1/p4runtime.js';
import { decodeMeterConfig, encodeMeterConfig } from './meter-config.js';
import type { DirectResource, TableBinding } from './p4info-index.js';
import type { Pipeline } from './pipeline.js';
import { invalid } from './rpc-error.js';
import { blankWireEntry, encodeTableEntry } from './table-entry-codec.js';
import { findStoredEntry } from './table-entries.js';
import type { StoredEntry } from '../runtime/abi.js';

function requireModify(type: Update_Type, what: string): void {
  if (type !== Update_Type.MODIFY) throw invalid(`${what} entries come and go with their table entry: only MODIFY applies`);
}

function requestedEntry(tableEntry: WireTableEntry | undefined, what: string): WireTableEntry {
  if (tableEntry === undefined) throw invalid(`${what} without a table entry`);
  return tableEntry;
}

/** The stored entries a read selects: table_id 0 is every table with the resource, an empty match every entry. */
function* selectedEntries(
  pipeline: Pipeline, request: WireTableEntry | undefined, resources: ReadonlyMap<number, DirectResource>,
): Generator<{ table: TableBinding; entry: StoredEntry }> {
  const wire = request ?? blankWireEntry(0);
  const tables = [...resources.values()].map((r) => r.table).filter((t) => wire.tableId === 0 || t.id === wire.tableId);
  if (wire.tableId !== 0 && tables.length === 0) throw invalid(`table ${wire.tableId} has no such direct resource`);
  if (wire.match.length > 0) {
    yield findStoredEntry(pipeline, wire);
    return;
  }
  for (const table of tables) for (const entry of table.runtime.entries()) yield { table, entry };
}

export function writeDirectCounterEntry(pipeline: Pipeline, type: Update_Type, request: DirectCounterEntry): void {
  requireModify(type, 'direct counter');
  const { table, entry } = findStoredEntry(pipeline, requestedEntry(request.tableEntry, 'direct counter entry'));
  if (table.directCounterId === 0) throw invalid(`table ${table.name} has no direct counter`);
  const packets = request.data?.packetCount ?? 0n;
  const bytes = request.data?.byteCount ?? 0n;
  if (packets < 0n || bytes < 0n) throw invalid(`direct counter of ${table.name}: negative count`);
  entry.packets = packets;
  entry.bytes = bytes;
}

export function* readDirectCounterEntries(pipeline: Pipeline, request: DirectCounterEntry): Generator<Entity> {
  for (const { table, entry } of selectedEntries(pipeline, request.tableEntry, pipeline.index.directCounters)) {
    yield {
      entity: {
        $case: 'directCounterEntry',
        value: { tableEntry: encodeTableEntry(table, entry), data: { packetCount: entry.packets, byteCount: entry.bytes } },
      },
    };
  }
}

export function writeDirectMeterEntry(pipeline: Pipeline, type: Update_Type, request: DirectMeterEntry): void {
  requireModify(type, 'direct meter');
  const { table, entry } = findStoredEntry(pipeline, requestedEntry(request.tableEntry, 'direct meter entry'));
  if (table.directMeterId === 0) throw invalid(`table ${table.name} has no direct meter`);
  if (request.counterData !== undefined) throw invalid(`direct meter of ${table.name}: meter counter data is read-only`);
  const rates = request.config === undefined ? undefined : decodeMeterConfig(request.config, `direct meter of ${table.name}`);
  pipeline.target.configureDirectMeter(table.runtime, entry, rates);
}

export function* readDirectMeterEntries(pipeline: Pipeline, request: DirectMeterEntry): Generator<Entity> {
  for (const { table, entry } of selectedEntries(pipeline, request.tableEntry, pipeline.index.directMeters)) {
    const rates = pipeline.target.directMeterConfig(table.runtime, entry);
    yield {
      entity: {
        $case: 'directMeterEntry',
        value: { tableEntry: encodeTableEntry(table, entry), config: rates && encodeMeterConfig(rates), counterData: undefined },
      },
    };
  }
}
