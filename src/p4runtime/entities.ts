// Builders that turn entities described by P4 names and plain values into P4Runtime
// messages, validated against the P4Info: every name must exist, every value must fit its
// field, and the shape must be one a P4Runtime server accepts (exact fields present,
// priority exactly when the table needs one, no match on a default entry, ...).
import type {
  Action,
  ActionProfileAction,
  CounterData,
  Entity,
  FieldMatch,
  MeterConfig,
  PacketOut,
  Replica,
  TableAction,
  TableEntry,
} from '../proto/p4/v1/p4runtime.js';
import type { P4Data } from '../proto/p4/v1/p4data.js';
import { EntityError, ValueEncodingError } from './errors.js';
import { encodeValue, maxValue, prefixMask, valueToBigInt, bigIntToBytes, type P4Value } from './encoding.js';
import type { MatchFieldInfo, P4InfoIndex, TableInfo } from './p4info-index.js';
import type { NameTable } from './name-table.js';

/**
 * How one match field is matched. A plain value means: exact (exact), the value itself
 * (optional), all bits (ternary), the full length (lpm). For lpm a string may carry the
 * prefix: '10.0.0.0/8'. A ternary value outside its mask, or lpm bits past the prefix, are
 * cleared, as the spec requires them to be zero. A field left out (or `undefined`) is a
 * wildcard, which only non-exact fields may be.
 */
export type MatchSpec =
  | P4Value
  | { value: P4Value; prefixLen: number }
  | { value: P4Value; mask: P4Value }
  | { low: P4Value; high: P4Value };

/** An action by name with its parameters by name (all parameters are required). */
export interface ActionCall {
  name: string | number;
  params?: Readonly<Record<string, P4Value>>;
}

/** One action of a one-shot action-selector set. */
export interface WeightedAction {
  action: ActionCall | string;
  weight?: number;
  /** Port whose liveness decides whether the member is used (bytes or number). */
  watchPort?: P4Value;
}

/** What a table entry does: a direct action, an action-profile member or group, or a one-shot set. */
export type TableActionSpec =
  | string
  | ActionCall
  | { memberId: number }
  | { groupId: number }
  | { oneShot: readonly WeightedAction[] };

export interface CounterDataSpec {
  byteCount?: bigint | number;
  packetCount?: bigint | number;
}

/** Meter rates in units/s and bursts in units (units per the meter's spec: bytes or packets). */
export interface MeterConfigSpec {
  cir: bigint | number;
  cburst: bigint | number;
  pir: bigint | number;
  pburst: bigint | number;
  eburst?: bigint | number;
}

export interface TableEntrySpec {
  table: string | number;
  match?: Readonly<Record<string, MatchSpec | undefined>>;
  action?: TableActionSpec;
  /** Required (>= 1) for tables with ternary, range or optional fields; higher wins. */
  priority?: number;
  /** The entry is the table's default action: no match, no priority. */
  isDefaultAction?: boolean;
  /** Idle timeout; the table must support idle timeouts (`@support_timeout(true)`). */
  idleTimeoutNs?: bigint | number;
  /** Opaque 64-bit cookie stored with the entry. */
  controllerMetadata?: bigint | number;
  /** Opaque bytes stored with the entry. */
  metadata?: Uint8Array;
  /** Initial direct counter value (the table needs a direct counter). */
  counterData?: CounterDataSpec;
  /** Direct meter configuration (the table needs a direct meter). */
  meterConfig?: MeterConfigSpec;
}

export interface CounterEntrySpec {
  counter: string | number;
  /** Omit to address every index (wildcard read, or reset of all cells). */
  index?: bigint | number;
  data?: CounterDataSpec;
}

export interface DirectCounterEntrySpec {
  /** The table entry whose counter this is (its match, or a wildcard for reads). */
  entry: TableEntrySpec | TableEntry;
  data?: CounterDataSpec;
}

export interface MeterEntrySpec {
  meter: string | number;
  index?: bigint | number;
  config?: MeterConfigSpec;
}

export interface DirectMeterEntrySpec {
  entry: TableEntrySpec | TableEntry;
  config?: MeterConfigSpec;
}

export interface RegisterEntrySpec {
  register: string | number;
  index?: bigint | number;
  /** A bit<W> cell value, or a P4Data for registers of other types. */
  value?: P4Value | P4Data;
}

export interface DigestConfigSpec {
  /** Longest the target waits before sending a non-full list. */
  maxTimeoutNs: bigint | number;
  /** Most digests in one list (0: no limit, the target's choice). */
  maxListSize: number;
  /** How long the target waits for an ack before it may send the same data again. */
  ackTimeoutNs: bigint | number;
}

export interface DigestEntrySpec {
  digest: string | number;
  config?: DigestConfigSpec;
}

/** A copy of a packet: to an egress port (number, sent as the numeric `egress_port`) or port bytes. */
export interface ReplicaSpec {
  port: number | Uint8Array;
  /** Replication id (`egress_rid` in v1model); defaults to 0. */
  instance?: number;
}

export interface MulticastGroupSpec {
  groupId: number;
  replicas: readonly ReplicaSpec[];
  metadata?: Uint8Array;
}

export interface CloneSessionSpec {
  sessionId: number;
  replicas: readonly ReplicaSpec[];
  classOfService?: number;
  /** Truncate clones to this many bytes (0: whole packet). */
  packetLengthBytes?: number;
}

export interface ValueSetEntrySpec {
  valueSet: string | number;
  members: readonly Readonly<Record<string, MatchSpec | undefined>>[];
}

export interface ActionProfileMemberSpec {
  actionProfile: string | number;
  memberId: number;
  action?: ActionCall | string;
}

export interface ActionProfileGroupSpec {
  actionProfile: string | number;
  groupId: number;
  members?: readonly { memberId: number; weight?: number; watchPort?: P4Value }[];
  maxSize?: number;
}

// Shared by every entry without metadata: a zero-length buffer has nothing to mutate.
const EMPTY = Buffer.alloc(0);

// The integer checks below name the table only when they fail: building that text for
// every entry would cost more than the check.
function integerError(what: string, table: string | undefined, value: unknown, kind: string): ValueEncodingError {
  const whose = table === undefined ? '' : ` of an entry of table ${table}`;
  return new ValueEncodingError('VALUE_OUT_OF_RANGE', `${what}${whose}: ${String(value)} is not ${kind}`);
}

function u64(value: bigint | number | undefined, what: string, table?: string): bigint {
  if (value === undefined) return 0n;
  const v = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : -1n;
  if (v < 0n || v > 0xffff_ffff_ffff_ffffn) throw integerError(what, table, value, 'an unsigned 64-bit integer');
  return v;
}

function u32(value: number | undefined, what: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw integerError(what, undefined, value, 'an unsigned 32-bit integer');
  return value;
}

function i32(value: number | undefined, what: string, table?: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) throw integerError(what, table, value, 'a 32-bit integer');
  return value;
}

function counterData(spec: CounterDataSpec): CounterData {
  return { byteCount: u64(spec.byteCount, 'byte count'), packetCount: u64(spec.packetCount, 'packet count') };
}

function meterConfig(spec: MeterConfigSpec): MeterConfig {
  return {
    cir: u64(spec.cir, 'meter cir'), cburst: u64(spec.cburst, 'meter cburst'),
    pir: u64(spec.pir, 'meter pir'), pburst: u64(spec.pburst, 'meter pburst'),
    eburst: u64(spec.eburst, 'meter eburst'),
  };
}

function isTableEntry(value: TableEntrySpec | TableEntry): value is TableEntry {
  return typeof (value as TableEntry).tableId === 'number';
}

function isP4Data(value: P4Value | P4Data): value is P4Data {
  return typeof value === 'object' && !(value instanceof Uint8Array);
}

function replicas(list: readonly ReplicaSpec[], what: string): Replica[] {
  return list.map((r, i) => ({
    portKind: typeof r.port === 'number'
      ? { $case: 'egressPort' as const, value: u32(r.port, `${what} replica ${i} port`) }
      : { $case: 'port' as const, value: Buffer.from(r.port) },
    instance: u32(r.instance, `${what} replica ${i} instance`),
    backupReplicas: [],
  }));
}

function isObject(spec: MatchSpec): spec is Exclude<MatchSpec, P4Value> {
  return typeof spec === 'object' && !(spec instanceof Uint8Array);
}

/** Builds P4Runtime entities from names; one instance per P4Info. */
export class EntityBuilder {
  constructor(readonly index: P4InfoIndex) {}

  /** A table entry message, validated for writing. */
  tableEntry(spec: TableEntrySpec): TableEntry {
    const table = this.index.table(spec.table);
    const isDefault = spec.isDefaultAction === true;
    const match = this.matchFields(table.matchFields, spec.match, !isDefault);
    const priority = i32(spec.priority, 'priority', table.name);
    if (isDefault) {
      if (match.length > 0) throw new EntityError(`the default entry of table ${table.name} cannot have match fields`);
      if (priority !== 0) throw new EntityError(`the default entry of table ${table.name} cannot have a priority`);
    } else if (table.needsPriority && priority < 1) {
      throw new EntityError(`table ${table.name} has ternary, range or optional fields, so its entries need a priority >= 1`);
    } else if (!table.needsPriority && priority !== 0) {
      throw new EntityError(`table ${table.name} has only exact and lpm fields, so its entries take no priority`);
    }
    const idleTimeoutNs = u64(spec.idleTimeoutNs, 'idle timeout', table.name);
    if (idleTimeoutNs !== 0n && !table.supportsIdleTimeout) {
      throw new EntityError(`table ${table.name} does not support idle timeouts (no @support_timeout(true))`);
    }
    const entry: TableEntry = {
      tableId: table.id,
      match,
      priority,
      controllerMetadata: u64(spec.controllerMetadata, 'controller metadata', table.name),
      isDefaultAction: isDefault,
      idleTimeoutNs,
      metadata: spec.metadata ? Buffer.from(spec.metadata) : EMPTY,
      isConst: false,
    };
    if (spec.action !== undefined) entry.action = this.tableAction(table, spec.action, isDefault);
    if (spec.counterData !== undefined) {
      if (table.directCounterId === undefined) throw new EntityError(`table ${table.name} has no direct counter for counterData`);
      entry.counterData = counterData(spec.counterData);
    }
    if (spec.meterConfig !== undefined) {
      if (table.directMeterId === undefined) throw new EntityError(`table ${table.name} has no direct meter for meterConfig`);
      entry.meterConfig = meterConfig(spec.meterConfig);
    }
    return entry;
  }

  /**
   * A table entry used as a filter or key (read, delete, direct counters): fields may be
   * left out, no priority or action checks. `table` omitted means every table.
   */
  tableEntryKey(spec: Partial<TableEntrySpec> = {}): TableEntry {
    const table = spec.table === undefined ? undefined : this.index.table(spec.table);
    const entry: TableEntry = {
      tableId: table?.id ?? 0,
      match: table ? this.matchFields(table.matchFields, spec.match, false) : [],
      priority: i32(spec.priority, 'priority'),
      controllerMetadata: 0n,
      isDefaultAction: spec.isDefaultAction === true,
      idleTimeoutNs: 0n,
      metadata: EMPTY,
      isConst: false,
    };
    if (table === undefined && spec.match !== undefined) throw new EntityError('match fields need a table');
    return entry;
  }

  private matchFields(
    fields: NameTable<MatchFieldInfo>,
    spec: Readonly<Record<string, MatchSpec | undefined>> | undefined,
    requireExact: boolean,
  ): FieldMatch[] {
    const out: FieldMatch[] = [];
    let needsSort = false;
    let exactGiven = 0;
    let exactCount = 0;
    if (spec !== undefined) {
      for (const key in spec) {
        const value = spec[key];
        const field = fields.get(key);
        if (value === undefined) {
          if (field.matchKind === 'exact' && requireExact) throw new EntityError(`exact ${field.label} cannot be a wildcard`);
          continue;
        }
        if (field.matchKind === 'exact') exactGiven += 1;
        const encoded = encodeMatch(field, value);
        if (encoded === undefined) continue;
        if (out.length > 0 && out[out.length - 1]!.fieldId > field.id) needsSort = true;
        out.push(encoded);
      }
    }
    if (requireExact) {
      for (const f of fields) if (f.matchKind === 'exact') exactCount += 1;
      if (exactGiven !== exactCount) {
        const missing = fields.all().filter((f) => f.matchKind === 'exact' && spec?.[f.name] === undefined).map((f) => f.name);
        throw new EntityError(`${fields.scope}: exact match field(s) ${missing.join(', ')} missing`);
      }
    }
    if (needsSort) out.sort((a, b) => a.fieldId - b.fieldId);
    return out;
  }

  /** An Action message for `call` (all params required), not tied to a table. */
  action(call: ActionCall | string): Action {
    const c = typeof call === 'string' ? { name: call } : call;
    return this.encodeAction(this.index.action(c.name), c);
  }

  private encodeAction(action: ReturnType<P4InfoIndex['action']>, call: ActionCall): Action {
    const params = action.params.all();
    const given = call.params ?? {};
    let count = 0;
    for (const key in given) {
      count += 1;
      if (action.params.find(key) === undefined) action.params.get(key);
    }
    if (count !== params.length) {
      const missing = params.filter((p) => given[p.name] === undefined).map((p) => p.name);
      throw new EntityError(`action ${action.name} needs param(s) ${missing.join(', ')}`);
    }
    return {
      actionId: action.id,
      params: params.map((p) => ({ paramId: p.id, value: encodeValue(given[p.name]!, p.bitwidth, p.label) })),
    };
  }

  private tableAction(table: TableInfo, spec: TableActionSpec, isDefault: boolean): TableAction {
    if (typeof spec === 'string' || 'name' in spec) {
      const call = typeof spec === 'string' ? { name: spec } : spec;
      if (table.implementationId !== 0) {
        throw new EntityError(`table ${table.name} uses an action profile: give { memberId }, { groupId } or { oneShot }`);
      }
      return { type: { $case: 'action', value: this.encodeAction(this.index.tableAction(table, call.name, isDefault), call) } };
    }
    if ('memberId' in spec) return { type: { $case: 'actionProfileMemberId', value: u32(spec.memberId, 'member id') } };
    if ('groupId' in spec) return { type: { $case: 'actionProfileGroupId', value: u32(spec.groupId, 'group id') } };
    const actions: ActionProfileAction[] = spec.oneShot.map((w) => {
      const call = typeof w.action === 'string' ? { name: w.action } : w.action;
      const out: ActionProfileAction = {
        action: this.encodeAction(this.index.tableAction(table, call.name, false), call),
        weight: i32(w.weight ?? 1, 'weight'),
      };
      if (w.watchPort !== undefined) out.watchKind = { $case: 'watchPort', value: encodeValue(w.watchPort, 32, 'watch port') };
      return out;
    });
    return { type: { $case: 'actionProfileActionSet', value: { actionProfileActions: actions, actionSelectionMode: 0, sizeSemantics: 0 } } };
  }

  table(spec: TableEntrySpec): Entity {
    return { entity: { $case: 'tableEntry', value: this.tableEntry(spec) } };
  }

  counter(spec: CounterEntrySpec): Entity {
    const counter = this.index.counters.get(spec.counter);
    const value: NonNullable<Entity['entity']> & { $case: 'counterEntry' } = {
      $case: 'counterEntry',
      value: { counterId: counter.id },
    };
    if (spec.index !== undefined) value.value.index = { index: this.checkIndex(spec.index, counter.size, `counter ${counter.name}`) };
    if (spec.data !== undefined) value.value.data = counterData(spec.data);
    return { entity: value };
  }

  directCounter(spec: DirectCounterEntrySpec): Entity {
    const tableEntry = this.keyEntry(spec.entry);
    const out: Entity = { entity: { $case: 'directCounterEntry', value: { tableEntry } } };
    if (spec.data !== undefined && out.entity?.$case === 'directCounterEntry') out.entity.value.data = counterData(spec.data);
    return out;
  }

  meter(spec: MeterEntrySpec): Entity {
    const meter = this.index.meters.get(spec.meter);
    const value: { meterId: number; index?: { index: bigint }; config?: MeterConfig } = { meterId: meter.id };
    if (spec.index !== undefined) value.index = { index: this.checkIndex(spec.index, meter.size, `meter ${meter.name}`) };
    if (spec.config !== undefined) value.config = meterConfig(spec.config);
    return { entity: { $case: 'meterEntry', value } };
  }

  directMeter(spec: DirectMeterEntrySpec): Entity {
    const value: { tableEntry: TableEntry; config?: MeterConfig } = { tableEntry: this.keyEntry(spec.entry) };
    if (spec.config !== undefined) value.config = meterConfig(spec.config);
    return { entity: { $case: 'directMeterEntry', value } };
  }

  register(spec: RegisterEntrySpec): Entity {
    const register = this.index.registers.get(spec.register);
    const value: { registerId: number; index?: { index: bigint }; data?: P4Data } = { registerId: register.id };
    if (spec.index !== undefined) value.index = { index: this.checkIndex(spec.index, BigInt(register.size), `register ${register.name}`) };
    if (spec.value !== undefined) {
      if (isP4Data(spec.value)) {
        value.data = spec.value;
      } else {
        if (register.bitwidth === undefined) throw new EntityError(`register ${register.name} does not hold bit<W> values: give a P4Data`);
        value.data = { data: { $case: 'bitstring', value: encodeValue(spec.value, register.bitwidth, `register ${register.name}`) } };
      }
    }
    return { entity: { $case: 'registerEntry', value } };
  }

  digest(spec: DigestEntrySpec): Entity {
    const digest = this.index.digests.get(spec.digest);
    const value: { digestId: number; config?: { maxTimeoutNs: bigint; maxListSize: number; ackTimeoutNs: bigint } } = { digestId: digest.id };
    if (spec.config !== undefined) {
      value.config = {
        maxTimeoutNs: u64(spec.config.maxTimeoutNs, 'digest max timeout'),
        maxListSize: i32(spec.config.maxListSize, 'digest max list size'),
        ackTimeoutNs: u64(spec.config.ackTimeoutNs, 'digest ack timeout'),
      };
    }
    return { entity: { $case: 'digestEntry', value } };
  }

  multicastGroup(spec: MulticastGroupSpec): Entity {
    const id = u32(spec.groupId, 'multicast group id');
    return {
      entity: {
        $case: 'packetReplicationEngineEntry',
        value: {
          type: {
            $case: 'multicastGroupEntry',
            value: { multicastGroupId: id, replicas: replicas(spec.replicas, `multicast group ${id}`), metadata: Buffer.from(spec.metadata ?? []) },
          },
        },
      },
    };
  }

  cloneSession(spec: CloneSessionSpec): Entity {
    const id = u32(spec.sessionId, 'clone session id');
    return {
      entity: {
        $case: 'packetReplicationEngineEntry',
        value: {
          type: {
            $case: 'cloneSessionEntry',
            value: {
              sessionId: id,
              replicas: replicas(spec.replicas, `clone session ${id}`),
              classOfService: u32(spec.classOfService, 'class of service'),
              packetLengthBytes: i32(spec.packetLengthBytes, 'packet length'),
            },
          },
        },
      },
    };
  }

  valueSet(spec: ValueSetEntrySpec): Entity {
    const set = this.index.valueSets.get(spec.valueSet);
    const members = spec.members.map((m) => ({ match: this.matchFields(set.matchFields, m, true) }));
    return { entity: { $case: 'valueSetEntry', value: { valueSetId: set.id, members } } };
  }

  actionProfileMember(spec: ActionProfileMemberSpec): Entity {
    const profile = this.index.actionProfiles.get(spec.actionProfile);
    const value: { actionProfileId: number; memberId: number; action?: Action } = {
      actionProfileId: profile.id,
      memberId: u32(spec.memberId, 'member id'),
    };
    if (spec.action !== undefined) value.action = this.action(spec.action);
    return { entity: { $case: 'actionProfileMember', value } };
  }

  actionProfileGroup(spec: ActionProfileGroupSpec): Entity {
    const profile = this.index.actionProfiles.get(spec.actionProfile);
    return {
      entity: {
        $case: 'actionProfileGroup',
        value: {
          actionProfileId: profile.id,
          groupId: u32(spec.groupId, 'group id'),
          members: (spec.members ?? []).map((m) => ({
            memberId: u32(m.memberId, 'member id'),
            weight: i32(m.weight ?? 1, 'weight'),
            ...(m.watchPort !== undefined ? { watchKind: { $case: 'watchPort' as const, value: encodeValue(m.watchPort, 32, 'watch port') } } : {}),
          })),
          maxSize: i32(spec.maxSize, 'max group size'),
        },
      },
    };
  }

  /** A packet-out with its metadata by name (P4Info `packet_out`); `@padding` fields default to 0. */
  packetOut(payload: Uint8Array, metadata: Readonly<Record<string, P4Value>> = {}): PacketOut {
    const header = this.index.packetMetadata('packet_out');
    for (const key in metadata) header.fields.get(key);
    const out: PacketOut = { payload: Buffer.from(payload), metadata: [] };
    for (const field of header.fields) {
      const value = metadata[field.name];
      if (value === undefined && !field.isPadding) {
        throw new EntityError(`packet_out metadata field ${field.name} is missing (fields: ${header.fields.all().map((f) => f.name).join(', ')})`);
      }
      out.metadata.push({ metadataId: field.id, value: encodeValue(value ?? 0, field.bitwidth, field.label) });
    }
    return out;
  }

  private keyEntry(entry: TableEntrySpec | TableEntry): TableEntry {
    return isTableEntry(entry) ? entry : this.tableEntryKey(entry);
  }

  private checkIndex(index: bigint | number, size: bigint, what: string): bigint {
    const v = u64(index, `index into ${what}`);
    if (size > 0n && v >= size) throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `index ${v} is outside ${what} (size ${size})`);
    return v;
  }
}

/** Encodes one match field; undefined when the match is a don't-care the spec says to omit. */
function encodeMatch(field: MatchFieldInfo, spec: MatchSpec): FieldMatch | undefined {
  const what = field.label;
  const width = field.bitwidth;
  switch (field.matchKind) {
    case 'exact':
    case 'optional': {
      if (isObject(spec)) throw new EntityError(`${what} is ${field.matchKind}: give a plain value`);
      const value = encodeValue(spec, width, what);
      return field.matchKind === 'exact'
        ? { fieldId: field.id, fieldMatchType: { $case: 'exact', value: { value } } }
        : { fieldId: field.id, fieldMatchType: { $case: 'optional', value: { value } } };
    }
    case 'lpm': {
      let value: P4Value;
      let prefixLen: number;
      if (isObject(spec)) {
        if (!('prefixLen' in spec)) throw new EntityError(`${what} is lpm: give { value, prefixLen } or 'address/len'`);
        value = spec.value;
        prefixLen = spec.prefixLen;
      } else if (typeof spec === 'string' && spec.includes('/')) {
        const slash = spec.lastIndexOf('/');
        const lenText = spec.slice(slash + 1);
        if (!/^[0-9]{1,3}$/.test(lenText)) throw new ValueEncodingError('VALUE_MALFORMED', `${what}: '${spec}' has no valid prefix length`);
        value = spec.slice(0, slash);
        prefixLen = Number(lenText);
      } else {
        value = spec;
        prefixLen = width;
      }
      if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > width) {
        throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `${what}: prefix length ${prefixLen} is outside 0..${width}`);
      }
      const v = valueToBigInt(value, width, what);
      if (prefixLen === 0) return undefined;
      return { fieldId: field.id, fieldMatchType: { $case: 'lpm', value: { value: bigIntToBytes(v & prefixMask(prefixLen, width)), prefixLen } } };
    }
    case 'ternary': {
      const [value, mask] = isObject(spec)
        ? ('mask' in spec ? [spec.value, spec.mask] : badShape(what, 'ternary: give { value, mask } or a plain value'))
        : [spec, maxValue(width)];
      const m = valueToBigInt(mask, width, `${what} (mask)`);
      const v = valueToBigInt(value, width, what);
      if (m === 0n) return undefined;
      return { fieldId: field.id, fieldMatchType: { $case: 'ternary', value: { value: bigIntToBytes(v & m), mask: bigIntToBytes(m) } } };
    }
    case 'range': {
      const [lowSpec, highSpec] = isObject(spec)
        ? ('low' in spec ? [spec.low, spec.high] : badShape(what, 'range: give { low, high } or a plain value'))
        : [spec, spec];
      const low = valueToBigInt(lowSpec, width, `${what} (low)`);
      const high = valueToBigInt(highSpec, width, `${what} (high)`);
      if (low > high) throw new ValueEncodingError('VALUE_OUT_OF_RANGE', `${what}: low ${low} is above high ${high}`);
      if (low === 0n && high === maxValue(width)) return undefined;
      return { fieldId: field.id, fieldMatchType: { $case: 'range', value: { low: bigIntToBytes(low), high: bigIntToBytes(high) } } };
    }
    case 'other':
      throw new EntityError(`${what} has architecture-specific match kind '${field.otherMatchType ?? ''}', which this client cannot encode`);
  }
}

function badShape(what: string, hint: string): never {
  throw new EntityError(`${what} is ${hint}`);
}
