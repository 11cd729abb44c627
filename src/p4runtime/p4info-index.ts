// An index over a P4Info: names (full and alias) <-> ids for every object kind, the members
// of each object (match fields, params, packet metadata fields) and their bit widths.
import {
  ActionRef_Scope,
  CounterSpec_Unit,
  MatchField_MatchType,
  MeterSpec_Unit,
  P4Info,
  type MatchField,
  type Preamble,
  type Table,
  Table_IdleTimeoutBehavior,
} from '../proto/p4/config/v1/p4info.js';
import type { P4DataTypeSpec, P4TypeInfo } from '../proto/p4/config/v1/p4types.js';
import { EntityError, P4InfoFormatError, P4InfoLookupError } from './errors.js';
import { NameTable, type Named } from './name-table.js';
import { parseP4InfoText } from './p4info-text.js';

export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional' | 'other';

export interface MatchFieldInfo extends Named {
  readonly bitwidth: number;
  /** How errors name the field: `match field hdr.ipv4.dstAddr of table MyIngress.t`. */
  readonly label: string;
  readonly matchKind: MatchKind;
  /** For `other`: the architecture's match kind name. */
  readonly otherMatchType?: string;
}

export interface ActionParamInfo extends Named {
  readonly bitwidth: number;
  /** How errors name the param: `param port of action MyIngress.fwd`. */
  readonly label: string;
}

export interface ActionInfo extends Named {
  readonly params: NameTable<ActionParamInfo>;
  readonly annotations: readonly string[];
}

export type ActionScope = 'table and default' | 'table only' | 'default only';

export interface TableInfo extends Named {
  readonly matchFields: NameTable<MatchFieldInfo>;
  /** Actions the table may use, with where they may be used. */
  readonly actions: ReadonlyMap<number, ActionScope>;
  readonly size: bigint;
  /** True when the table supports idle timeouts (NOTIFY_CONTROL). */
  readonly supportsIdleTimeout: boolean;
  readonly constDefaultActionId: number;
  readonly isConst: boolean;
  /** Action profile / selector id, 0 when the table holds direct actions. */
  readonly implementationId: number;
  readonly directCounterId?: number;
  readonly directMeterId?: number;
  /** True if some match field needs a priority (ternary, range, optional). */
  readonly needsPriority: boolean;
  readonly raw: Table;
}

export type CounterUnit = 'bytes' | 'packets' | 'both' | 'unspecified';
export type MeterUnit = 'bytes' | 'packets' | 'unspecified';

export interface CounterInfo extends Named {
  readonly unit: CounterUnit;
  readonly size: bigint;
}

export interface DirectCounterInfo extends Named {
  readonly unit: CounterUnit;
  readonly tableId: number;
}

export interface MeterInfo extends Named {
  readonly unit: MeterUnit;
  readonly size: bigint;
}

export interface DirectMeterInfo extends Named {
  readonly unit: MeterUnit;
  readonly tableId: number;
}

export interface PacketMetadataFieldInfo extends Named {
  readonly bitwidth: number;
  /** How errors name the field: `packet_out metadata egress_port`. */
  readonly label: string;
  /** p4c marks padding fields `@padding`; they are filled with zero when not given. */
  readonly isPadding: boolean;
}

export interface ControllerPacketMetadataInfo extends Named {
  readonly fields: NameTable<PacketMetadataFieldInfo>;
}

export interface ValueSetInfo extends Named {
  readonly matchFields: NameTable<MatchFieldInfo>;
  readonly size: number;
}

export interface RegisterInfo extends Named {
  readonly size: number;
  /** Width of a bit<W> cell; undefined for registers of other types. */
  readonly bitwidth?: number;
  readonly typeSpec?: P4DataTypeSpec;
}

/** A member of a struct-typed digest, in the order the data list carries them. */
export interface DigestFieldInfo {
  readonly name: string;
  readonly bitwidth?: number;
}

export interface DigestInfo extends Named {
  readonly typeSpec?: P4DataTypeSpec;
  /** Members of the digest struct when P4Info's type_info describes it. */
  readonly fields?: readonly DigestFieldInfo[];
}

export interface ActionProfileInfo extends Named {
  readonly tableIds: readonly number[];
  readonly withSelector: boolean;
  readonly size: bigint;
  readonly maxGroupSize: number;
}

function preambleOf(kind: string, preamble: Preamble | undefined): Named & { annotations: readonly string[] } {
  if (preamble === undefined || preamble.id === 0 || preamble.name === '') {
    throw new P4InfoFormatError(`P4Info has a ${kind} without a preamble id and name`);
  }
  return { id: preamble.id, name: preamble.name, alias: preamble.alias || preamble.name, annotations: preamble.annotations };
}

const MATCH_KINDS: Partial<Record<MatchField_MatchType, MatchKind>> = {
  [MatchField_MatchType.EXACT]: 'exact',
  [MatchField_MatchType.LPM]: 'lpm',
  [MatchField_MatchType.TERNARY]: 'ternary',
  [MatchField_MatchType.RANGE]: 'range',
  [MatchField_MatchType.OPTIONAL]: 'optional',
};

function matchFieldsOf(scope: string, fields: readonly MatchField[]): NameTable<MatchFieldInfo> {
  return new NameTable('match field', scope, fields.map((f): MatchFieldInfo => {
    const label = `match field ${f.name} of ${scope}`;
    if (f.match?.$case === 'otherMatchType') {
      return { id: f.id, name: f.name, alias: f.name, bitwidth: f.bitwidth, label, matchKind: 'other', otherMatchType: f.match.value };
    }
    const kind = f.match ? MATCH_KINDS[f.match.value] : undefined;
    if (kind === undefined) throw new P4InfoFormatError(`match field '${f.name}' of ${scope} has no known match type`);
    return { id: f.id, name: f.name, alias: f.name, bitwidth: f.bitwidth, label, matchKind: kind };
  }));
}

function counterUnit(unit: CounterSpec_Unit | undefined): CounterUnit {
  switch (unit) {
    case CounterSpec_Unit.BYTES: return 'bytes';
    case CounterSpec_Unit.PACKETS: return 'packets';
    case CounterSpec_Unit.BOTH: return 'both';
    default: return 'unspecified';
  }
}

function meterUnit(unit: MeterSpec_Unit | undefined): MeterUnit {
  switch (unit) {
    case MeterSpec_Unit.BYTES: return 'bytes';
    case MeterSpec_Unit.PACKETS: return 'packets';
    default: return 'unspecified';
  }
}

function actionScope(scope: ActionRef_Scope): ActionScope {
  if (scope === ActionRef_Scope.TABLE_ONLY) return 'table only';
  if (scope === ActionRef_Scope.DEFAULT_ONLY) return 'default only';
  return 'table and default';
}

function bitstringWidth(spec: P4DataTypeSpec | undefined): number | undefined {
  if (spec?.typeSpec?.$case !== 'bitstring') return undefined;
  const inner = spec.typeSpec.value.typeSpec;
  if (inner?.$case === 'bit' || inner?.$case === 'int') return inner.value.bitwidth;
  return undefined;
}

function digestFields(spec: P4DataTypeSpec | undefined, types: P4TypeInfo | undefined): DigestFieldInfo[] | undefined {
  if (spec?.typeSpec?.$case !== 'struct') return undefined;
  const struct = types?.structs[spec.typeSpec.value.name];
  if (struct === undefined) return undefined;
  return struct.members.map((m) => {
    const bitwidth = bitstringWidth(m.typeSpec);
    return bitwidth === undefined ? { name: m.name } : { name: m.name, bitwidth };
  });
}

/** Names <-> ids and widths of every object of one P4Info. Immutable once built. */
export class P4InfoIndex {
  readonly tables: NameTable<TableInfo>;
  readonly actions: NameTable<ActionInfo>;
  readonly actionProfiles: NameTable<ActionProfileInfo>;
  readonly counters: NameTable<CounterInfo>;
  readonly directCounters: NameTable<DirectCounterInfo>;
  readonly meters: NameTable<MeterInfo>;
  readonly directMeters: NameTable<DirectMeterInfo>;
  readonly controllerPacketMetadata: NameTable<ControllerPacketMetadataInfo>;
  readonly valueSets: NameTable<ValueSetInfo>;
  readonly registers: NameTable<RegisterInfo>;
  readonly digests: NameTable<DigestInfo>;

  constructor(readonly p4info: P4Info) {
    const tableDirect = new Map<number, { counter?: number; meter?: number }>();
    this.directCounters = new NameTable('direct counter', '', p4info.directCounters.map((c) => {
      const info = { ...preambleOf('direct counter', c.preamble), unit: counterUnit(c.spec?.unit), tableId: c.directTableId };
      tableDirect.set(c.directTableId, { ...tableDirect.get(c.directTableId), counter: info.id });
      return info;
    }));
    this.directMeters = new NameTable('direct meter', '', p4info.directMeters.map((m) => {
      const info = { ...preambleOf('direct meter', m.preamble), unit: meterUnit(m.spec?.unit), tableId: m.directTableId };
      tableDirect.set(m.directTableId, { ...tableDirect.get(m.directTableId), meter: info.id });
      return info;
    }));
    this.actions = new NameTable('action', '', p4info.actions.map((a) => {
      const named = preambleOf('action', a.preamble);
      const params = new NameTable('action param', `action ${named.name}`, a.params.map((p) => ({
        id: p.id, name: p.name, alias: p.name, bitwidth: p.bitwidth, label: `param ${p.name} of action ${named.name}`,
      })));
      return { ...named, params };
    }));
    this.tables = new NameTable('table', '', p4info.tables.map((t): TableInfo => {
      const named = preambleOf('table', t.preamble);
      const matchFields = matchFieldsOf(`table ${named.name}`, t.matchFields);
      const actions = new Map<number, ActionScope>();
      for (const ref of t.actionRefs) {
        if (this.actions.find(ref.id) === undefined) {
          throw new P4InfoFormatError(`table ${named.name} refers to action id ${ref.id}, which the P4Info does not define`);
        }
        actions.set(ref.id, actionScope(ref.scope));
      }
      const direct = tableDirect.get(named.id);
      return {
        id: named.id, name: named.name, alias: named.alias,
        matchFields,
        actions,
        size: t.size,
        supportsIdleTimeout: t.idleTimeoutBehavior === Table_IdleTimeoutBehavior.NOTIFY_CONTROL,
        constDefaultActionId: t.constDefaultActionId,
        isConst: t.isConstTable,
        implementationId: t.implementationId,
        ...(direct?.counter !== undefined ? { directCounterId: direct.counter } : {}),
        ...(direct?.meter !== undefined ? { directMeterId: direct.meter } : {}),
        needsPriority: matchFields.all().some((f) => f.matchKind === 'ternary' || f.matchKind === 'range' || f.matchKind === 'optional'),
        raw: t,
      };
    }));
    this.actionProfiles = new NameTable('action profile', '', p4info.actionProfiles.map((p) => ({
      ...preambleOf('action profile', p.preamble),
      tableIds: p.tableIds, withSelector: p.withSelector, size: p.size, maxGroupSize: p.maxGroupSize,
    })));
    this.counters = new NameTable('counter', '', p4info.counters.map((c) => ({
      ...preambleOf('counter', c.preamble), unit: counterUnit(c.spec?.unit), size: c.size,
    })));
    this.meters = new NameTable('meter', '', p4info.meters.map((m) => ({
      ...preambleOf('meter', m.preamble), unit: meterUnit(m.spec?.unit), size: m.size,
    })));
    this.controllerPacketMetadata = new NameTable('controller packet metadata', '', p4info.controllerPacketMetadata.map((c) => {
      const named = preambleOf('controller packet metadata', c.preamble);
      const fields = new NameTable('packet metadata field', `controller packet metadata ${named.name}`, c.metadata.map((m) => ({
        id: m.id, name: m.name, alias: m.name, bitwidth: m.bitwidth, label: `${named.name} metadata ${m.name}`,
        isPadding: m.annotations.some((a) => a === '@padding' || a.startsWith('@padding(')),
      })));
      return { ...named, fields };
    }));
    this.valueSets = new NameTable('value set', '', p4info.valueSets.map((v) => {
      const named = preambleOf('value set', v.preamble);
      return { ...named, matchFields: matchFieldsOf(`value set ${named.name}`, v.match), size: v.size };
    }));
    this.registers = new NameTable('register', '', p4info.registers.map((r) => {
      const bitwidth = bitstringWidth(r.typeSpec);
      return {
        ...preambleOf('register', r.preamble), size: r.size,
        ...(bitwidth !== undefined ? { bitwidth } : {}),
        ...(r.typeSpec !== undefined ? { typeSpec: r.typeSpec } : {}),
      };
    }));
    this.digests = new NameTable('digest', '', p4info.digests.map((d) => {
      const fields = digestFields(d.typeSpec, p4info.typeInfo);
      return {
        ...preambleOf('digest', d.preamble),
        ...(d.typeSpec !== undefined ? { typeSpec: d.typeSpec } : {}),
        ...(fields !== undefined ? { fields } : {}),
      };
    }));
  }

  /** From a binary-encoded P4Info message. */
  static fromBinary(bytes: Uint8Array): P4InfoIndex {
    return new P4InfoIndex(P4Info.decode(bytes));
  }

  /** From P4Info in protobuf JSON form (object or text), as `p4c --p4runtime-files x.json` writes. */
  static fromJSON(json: unknown): P4InfoIndex {
    return new P4InfoIndex(P4Info.fromJSON(typeof json === 'string' ? JSON.parse(json) : json));
  }

  /** From P4Info in protobuf text format (`.txtpb`/`.txt`), as p4c writes by default. */
  static fromText(text: string): P4InfoIndex {
    return new P4InfoIndex(parseP4InfoText(text));
  }

  table(nameOrId: string | number): TableInfo {
    return this.tables.get(nameOrId);
  }

  action(nameOrId: string | number): ActionInfo {
    return this.actions.get(nameOrId);
  }

  /** The action, checked to be one the table lists (and allowed as default or entry action). */
  tableAction(table: TableInfo, nameOrId: string | number, asDefault: boolean): ActionInfo {
    const action = this.actions.get(nameOrId);
    const scope = table.actions.get(action.id);
    if (scope === undefined) {
      const allowed = [...table.actions.keys()].map((id) => this.actions.get(id));
      throw new P4InfoLookupError('action', action.name, `table ${table.name}`, allowed.map((a) => a.name));
    }
    if (asDefault && scope === 'table only') {
      throw new EntityError(`action ${action.name} is @tableonly in table ${table.name}, so it cannot be the default action`);
    }
    if (!asDefault && scope === 'default only') {
      throw new EntityError(`action ${action.name} is @defaultonly in table ${table.name}, so only the default action may use it`);
    }
    return action;
  }

  packetMetadata(headerName: 'packet_in' | 'packet_out' | (string & {})): ControllerPacketMetadataInfo {
    return this.controllerPacketMetadata.get(headerName);
  }
}
