// Ids from P4Info bound to the loaded pipeline's objects: the lookups every entity
// translator makes, built once per pipeline so a write never searches by name.
import {
  ActionRef_Scope, type MatchField, MatchField_MatchType, type P4Info, type Preamble, Table_IdleTimeoutBehavior,
} from '../../proto/p4/config/v1/p4info.js';
import type { P4DataTypeSpec } from '../../proto/p4/config/v1/p4types.js';
import type { MatchKind, TableRuntime, ValueSetRuntime } from '../runtime/abi.js';
import type { CounterCells, MeterCells, PipelineTarget, RegisterCells } from './pipeline-target.js';
import { invalid } from './rpc-error.js';

export interface ParamBinding {
  readonly id: number;
  readonly name: string;
  readonly width: number;
}

export interface ActionBinding {
  readonly id: number;
  readonly name: string;
  /** In declaration order, which is the order of the abi's ActionCall.args. */
  readonly params: readonly ParamBinding[];
  readonly paramIndexById: ReadonlyMap<number, number>;
}

export interface KeyBinding {
  readonly id: number;
  readonly name: string;
  readonly width: number;
  readonly kind: Exclude<MatchKind, 'selector'>;
  /** Position in the runtime table's key list. */
  readonly position: number;
}

/** Match fields of a table or value set. */
export interface KeySet {
  readonly name: string;
  readonly keys: readonly KeyBinding[];
  readonly keyById: ReadonlyMap<number, KeyBinding>;
}

export interface ValueSetBinding extends KeySet {
  readonly id: number;
  readonly size: number;
  readonly runtime: ValueSetRuntime;
}

export interface TableBinding extends KeySet {
  readonly id: number;
  readonly runtime: TableRuntime;
  readonly actions: ReadonlyMap<number, { readonly action: ActionBinding; readonly scope: ActionRef_Scope }>;
  readonly actionByName: ReadonlyMap<string, ActionBinding>;
  /** Ternary, range or optional keys: entries carry a priority > 0. */
  readonly needsPriority: boolean;
  readonly supportsIdleTimeout: boolean;
  readonly isConst: boolean;
  readonly constDefaultActionId: number;
  readonly directCounterId: number;
  readonly directMeterId: number;
}

export interface IndexedExtern<Cells> {
  readonly id: number;
  readonly name: string;
  readonly cells: Cells;
}

export interface DirectResource {
  readonly id: number;
  readonly name: string;
  readonly table: TableBinding;
}

export interface ControllerHeaderBinding {
  readonly id: number;
  readonly name: string;
  /** `padding`: the field carries `@padding`, so a client may leave it out (P4Runtime 1.4) and reads it as 0. */
  readonly fields: readonly { readonly id: number; readonly name: string; readonly width: number; readonly padding: boolean }[];
}

export interface DigestBinding {
  readonly id: number;
  readonly name: string;
  readonly typeSpec: P4DataTypeSpec;
}

const MATCH_KINDS: Partial<Record<MatchField_MatchType, KeyBinding['kind']>> = {
  [MatchField_MatchType.EXACT]: 'exact',
  [MatchField_MatchType.LPM]: 'lpm',
  [MatchField_MatchType.TERNARY]: 'ternary',
  [MatchField_MatchType.RANGE]: 'range',
  [MatchField_MatchType.OPTIONAL]: 'optional',
};

/** The pipeline's P4Info does not describe the loaded program (a bug in the loader, not the client). */
export class PipelineMismatchError extends Error {
  readonly code = 'INTERNAL';
  constructor(message: string) {
    super(message);
    this.name = 'PipelineMismatchError';
  }
}

function preambleOf(object: { preamble?: Preamble | undefined }, what: string): Preamble {
  if (object.preamble === undefined) throw new PipelineMismatchError(`${what} without a preamble in P4Info`);
  return object.preamble;
}

function bindCells<Cells>(
  entries: readonly { preamble?: Preamble | undefined }[], cells: ReadonlyMap<string, Cells>, what: string,
): Map<number, IndexedExtern<Cells>> {
  const out = new Map<number, IndexedExtern<Cells>>();
  for (const entry of entries) {
    const { id, name } = preambleOf(entry, what);
    const found = cells.get(name);
    if (found === undefined) throw new PipelineMismatchError(`${what} ${name} is in P4Info but not in the program`);
    out.set(id, { id, name, cells: found });
  }
  return out;
}

export class P4InfoIndex {
  readonly actions = new Map<number, ActionBinding>();
  readonly tables = new Map<number, TableBinding>();
  readonly tableByName = new Map<string, TableBinding>();
  readonly counters: ReadonlyMap<number, IndexedExtern<CounterCells>>;
  readonly meters: ReadonlyMap<number, IndexedExtern<MeterCells>>;
  readonly registers: ReadonlyMap<number, IndexedExtern<RegisterCells>>;
  readonly registerTypes = new Map<number, P4DataTypeSpec | undefined>();
  readonly directCounters = new Map<number, DirectResource>();
  readonly directMeters = new Map<number, DirectResource>();
  readonly valueSets = new Map<number, ValueSetBinding>();
  readonly digests = new Map<number, DigestBinding>();
  readonly digestByName = new Map<string, DigestBinding>();
  readonly packetOut: ControllerHeaderBinding | undefined;
  readonly packetIn: ControllerHeaderBinding | undefined;

  constructor(readonly p4info: P4Info, target: PipelineTarget) {
    for (const action of p4info.actions) {
      const { id, name } = preambleOf(action, 'action');
      const params = action.params.map((p) => ({ id: p.id, name: p.name, width: p.bitwidth }));
      this.actions.set(id, { id, name, params, paramIndexById: new Map(params.map((p, i) => [p.id, i])) });
    }
    for (const table of p4info.tables) {
      const binding = this.bindTable(table, target);
      this.tables.set(binding.id, binding);
      this.tableByName.set(binding.name, binding);
    }
    this.counters = bindCells(p4info.counters, target.counters, 'counter');
    this.meters = bindCells(p4info.meters, target.meters, 'meter');
    this.registers = bindCells(p4info.registers, target.registers, 'register');
    for (const register of p4info.registers) this.registerTypes.set(register.preamble!.id, register.typeSpec);
    for (const [list, out, what] of [
      [p4info.directCounters, this.directCounters, 'direct counter'],
      [p4info.directMeters, this.directMeters, 'direct meter'],
    ] as const) {
      for (const resource of list) {
        const { id, name } = preambleOf(resource, what);
        const table = this.tables.get(resource.directTableId);
        if (table === undefined) throw new PipelineMismatchError(`${what} ${name} names unknown table ${resource.directTableId}`);
        out.set(id, { id, name, table });
      }
    }
    for (const set of p4info.valueSets) {
      const { id, name } = preambleOf(set, 'value set');
      const runtime = target.valueSets.get(name);
      if (runtime === undefined) throw new PipelineMismatchError(`value set ${name} is in P4Info but not in the program`);
      const keys = set.match.map((field, position) => ({ ...this.keyOf(field, `value set ${name}`), position }));
      this.valueSets.set(id, { id, name, size: set.size, runtime, keys, keyById: new Map(keys.map((k) => [k.id, k])) });
    }
    for (const digest of p4info.digests) {
      const { id, name } = preambleOf(digest, 'digest');
      if (digest.typeSpec === undefined) throw new PipelineMismatchError(`digest ${name} has no type`);
      const binding = { id, name, typeSpec: digest.typeSpec };
      this.digests.set(id, binding);
      this.digestByName.set(name, binding);
    }
    for (const header of p4info.controllerPacketMetadata) {
      const { id, name } = preambleOf(header, 'controller packet metadata');
      const binding = {
        id, name,
        fields: header.metadata.map((m) => ({ id: m.id, name: m.name, width: m.bitwidth, padding: m.annotations.includes('@padding') })),
      };
      if (name === 'packet_out') this.packetOut = binding;
      if (name === 'packet_in') this.packetIn = binding;
    }
  }

  table(id: number): TableBinding {
    const table = this.tables.get(id);
    if (table === undefined) throw invalid(`unknown table id ${id}`);
    return table;
  }

  private keyOf(field: MatchField, what: string): Omit<KeyBinding, 'position'> {
    const kind = field.match?.$case === 'matchType' ? MATCH_KINDS[field.match.value] : undefined;
    if (kind === undefined) throw new PipelineMismatchError(`${what}: key ${field.name} has an unsupported match type`);
    return { id: field.id, name: field.name, width: field.bitwidth, kind };
  }

  private bindTable(table: P4Info['tables'][number], target: PipelineTarget): TableBinding {
    const { id, name } = preambleOf(table, 'table');
    const runtime = target.tables.get(name);
    if (runtime === undefined) throw new PipelineMismatchError(`table ${name} is in P4Info but not in the program`);
    const runtimeKeys = runtime.spec.keys;
    if (runtimeKeys.length !== table.matchFields.length) {
      throw new PipelineMismatchError(`table ${name}: P4Info has ${table.matchFields.length} keys, the program ${runtimeKeys.length}`);
    }
    const keys = table.matchFields.map((field, position): KeyBinding => {
      const runtimeKey = runtimeKeys[position]!;
      if (runtimeKey.width !== field.bitwidth) {
        throw new PipelineMismatchError(`table ${name}: key ${field.name} is ${field.bitwidth} bits in P4Info, ${runtimeKey.width} in the program`);
      }
      return { ...this.keyOf(field, `table ${name}`), position };
    });
    const actions = new Map<number, { action: ActionBinding; scope: ActionRef_Scope }>();
    const actionByName = new Map<string, ActionBinding>();
    for (const ref of table.actionRefs) {
      const action = this.actions.get(ref.id);
      if (action === undefined) throw new PipelineMismatchError(`table ${name} refers to unknown action ${ref.id}`);
      actions.set(ref.id, { action, scope: ref.scope });
      actionByName.set(action.name, action);
    }
    const direct = (list: readonly { preamble?: Preamble | undefined; directTableId: number }[]): number =>
      list.find((r) => r.directTableId === id)?.preamble?.id ?? 0;
    return {
      id,
      name,
      runtime,
      keys,
      keyById: new Map(keys.map((k) => [k.id, k])),
      actions,
      actionByName,
      needsPriority: keys.some((k) => k.kind === 'ternary' || k.kind === 'range' || k.kind === 'optional'),
      supportsIdleTimeout: table.idleTimeoutBehavior === Table_IdleTimeoutBehavior.NOTIFY_CONTROL,
      isConst: table.isConstTable,
      constDefaultActionId: table.constDefaultActionId,
      directCounterId: direct(this.p4info.directCounters),
      directMeterId: direct(this.p4info.directMeters),
    };
  }
}
