// Brings a set of tables on one switch to exactly the entries wanted: reads what is
// there, then INSERTs what is missing, MODIFYs entries whose action differs and DELETEs
// entries the configuration no longer has. Idempotent: a second run with the same
// wanted entries writes nothing, which is what makes "sync after every reconnect" cheap.
// Entries are compared by their encoded match and action, so only the values matter,
// not how a target happens to order parameters.

import type { Entity, SwitchConnection, TableEntry } from '../p4runtime/index.js';

export interface TableSyncResult {
  inserted: number;
  modified: number;
  deleted: number;
  unchanged: number;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Identity of an entry: table, priority and every match field, whatever the match kind. */
export function entryKeyOf(entry: TableEntry): string {
  const fields = entry.match
    .map((m) => {
      const kind = m.fieldMatchType;
      if (kind === undefined) return `${m.fieldId}:-`;
      const v = kind.value as unknown as Record<string, Uint8Array | number>;
      return `${m.fieldId}:${kind.$case}:${Object.keys(v).sort().map((k) => (typeof v[k] === 'number' ? String(v[k]) : hex(v[k] as Uint8Array))).join(',')}`;
    })
    .sort();
  return `${entry.tableId}/${entry.priority}/${fields.join('|')}`;
}

function actionKeyOf(entry: TableEntry): string {
  const action = entry.action?.type;
  if (action === undefined) return '-';
  if (action.$case !== 'action') return `${action.$case}:${JSON.stringify(action.value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? hex(v) : v))}`;
  const params = [...action.value.params].sort((a, b) => a.paramId - b.paramId).map((p) => `${p.paramId}=${hex(p.value)}`);
  return `${action.value.actionId}(${params.join(',')})`;
}

function asEntity(entry: TableEntry): Entity {
  return { entity: { $case: 'tableEntry', value: entry } };
}

/** Makes `tables` on `conn` hold exactly `wanted` (all of which must belong to those tables). */
export async function syncTables(conn: SwitchConnection, tables: readonly string[], wanted: readonly TableEntry[]): Promise<TableSyncResult> {
  const want = new Map<string, TableEntry>();
  for (const entry of wanted) want.set(entryKeyOf(entry), entry);
  const have = new Map<string, TableEntry>();
  for (const table of tables) {
    for await (const entry of conn.readTableEntries(table)) {
      if (!entry.isConst && !entry.isDefaultAction) have.set(entryKeyOf(entry.raw), entry.raw);
    }
  }
  const inserts: Entity[] = [];
  const modifies: Entity[] = [];
  const deletes: Entity[] = [];
  let unchanged = 0;
  for (const [key, entry] of want) {
    const existing = have.get(key);
    if (existing === undefined) inserts.push(asEntity(entry));
    else if (actionKeyOf(existing) !== actionKeyOf(entry)) modifies.push(asEntity(entry));
    else unchanged++;
  }
  for (const [key, entry] of have) {
    if (!want.has(key)) deletes.push(asEntity({ ...entry, action: undefined, counterData: undefined, meterConfig: undefined, timeSinceLastHit: undefined }));
  }
  // Deletes first, so a table near its size has room for the inserts.
  if (deletes.length > 0) await conn.delete(deletes, { batchSize: 1000 });
  if (modifies.length > 0) await conn.modify(modifies, { batchSize: 1000 });
  if (inserts.length > 0) await conn.insert(inserts, { batchSize: 1000 });
  return { inserted: inserts.length, modified: modifies.length, deleted: deletes.length, unchanged };
}
