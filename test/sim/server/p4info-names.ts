// Ids of the test program's objects by short name, and entity builders over them.
import type { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import type { Entity, FieldMatch, TableEntry } from '../../../src/proto/p4/v1/p4runtime.js';

type Named = { preamble?: { alias: string; id: number } | undefined };

/** A lookup of one kind of P4Info object: alias -> id. */
const idsOf = (list: readonly Named[], kind: string) => (alias: string): number => {
  const found = list.find((o) => o.preamble?.alias === alias);
  if (found === undefined) throw new Error(`no ${kind} ${alias}`);
  return found.preamble!.id;
};

export class Names {
  readonly table: (alias: string) => number;
  readonly action: (alias: string) => number;
  readonly counter: (alias: string) => number;
  readonly meter: (alias: string) => number;
  readonly register: (alias: string) => number;
  readonly valueSet: (alias: string) => number;
  readonly digest: (alias: string) => number;

  constructor(readonly p4info: P4Info) {
    this.table = idsOf(p4info.tables, 'table');
    this.action = idsOf(p4info.actions, 'action');
    this.counter = idsOf(p4info.counters, 'counter');
    this.meter = idsOf(p4info.meters, 'meter');
    this.register = idsOf(p4info.registers, 'register');
    this.valueSet = idsOf(p4info.valueSets, 'value set');
    this.digest = idsOf(p4info.digests, 'digest');
  }
}

export const bytes = (...values: number[]): Buffer => Buffer.from(values);
export const exact = (fieldId: number, value: Buffer): FieldMatch => ({ fieldId, fieldMatchType: { $case: 'exact', value: { value } } });
export const lpm = (fieldId: number, value: Buffer, prefixLen: number): FieldMatch =>
  ({ fieldId, fieldMatchType: { $case: 'lpm', value: { value, prefixLen } } });
export const ternary = (fieldId: number, value: Buffer, mask: Buffer): FieldMatch =>
  ({ fieldId, fieldMatchType: { $case: 'ternary', value: { value, mask } } });
export const range = (fieldId: number, low: Buffer, high: Buffer): FieldMatch =>
  ({ fieldId, fieldMatchType: { $case: 'range', value: { low, high } } });
export const optional = (fieldId: number, value: Buffer): FieldMatch =>
  ({ fieldId, fieldMatchType: { $case: 'optional', value: { value } } });

export function tableEntry(tableId: number, fields: Partial<TableEntry> = {}): TableEntry {
  return {
    tableId, match: [], action: undefined, priority: 0, controllerMetadata: 0n, meterConfig: undefined, counterData: undefined,
    meterCounterData: undefined, isDefaultAction: false, idleTimeoutNs: 0n, timeSinceLastHit: undefined,
    metadata: Buffer.alloc(0), isConst: false, ...fields,
  };
}

export const action = (actionId: number, ...params: Buffer[]): TableEntry['action'] => ({
  type: { $case: 'action', value: { actionId, params: params.map((value, i) => ({ paramId: i + 1, value })) } },
});

export const tableEntity = (entry: TableEntry): Entity => ({ entity: { $case: 'tableEntry', value: entry } });
