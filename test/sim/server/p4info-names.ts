// Ids of the test program's objects by short name, and entity builders over them.
import type { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import type { Entity, FieldMatch, TableEntry } from '../../../src/proto/p4/v1/p4runtime.js';

const byAlias = <T extends { preamble?: { alias: string; id: number } | undefined }>(list: T[], alias: string, kind: string): T => {
  const found = list.find((o) => o.preamble?.alias === alias);
  if (found === undefined) throw new Error(`no ${kind} ${alias}`);
  return found;
};

export class Names {
  constructor(readonly p4info: P4Info) {}

  table(alias: string): number {
    return byAlias(this.p4info.tables, alias, 'table').preamble!.id;
  }
  action(alias: string): number {
    return byAlias(this.p4info.actions, alias, 'action').preamble!.id;
  }
  counter(alias: string): number {
    return byAlias(this.p4info.counters, alias, 'counter').preamble!.id;
  }
  meter(alias: string): number {
    return byAlias(this.p4info.meters, alias, 'meter').preamble!.id;
  }
  register(alias: string): number {
    return byAlias(this.p4info.registers, alias, 'register').preamble!.id;
  }
  digest(alias: string): number {
    return byAlias(this.p4info.digests, alias, 'digest').preamble!.id;
  }
  controllerHeader(alias: string): number {
    return byAlias(this.p4info.controllerPacketMetadata, alias, 'controller header').preamble!.id;
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
