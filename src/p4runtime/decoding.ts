// Turns P4Runtime messages read from a server (read results, stream messages) back into
// P4 names and bigint values, the inverse of entities.ts.
import type { P4Data } from '../proto/p4/v1/p4data.js';
import type {
  Action,
  CounterData,
  DigestList,
  Entity,
  FieldMatch,
  MeterConfig,
  PacketMetadata,
  Replica,
  TableAction,
  TableEntry,
} from '../proto/p4/v1/p4runtime.js';
import { decodeBigInt } from './encoding.js';
import type { DigestFieldInfo, MatchFieldInfo, P4InfoIndex } from './p4info-index.js';
import type { NameTable } from './name-table.js';

export type DecodedMatch =
  | { kind: 'exact'; value: bigint }
  | { kind: 'optional'; value: bigint }
  | { kind: 'lpm'; value: bigint; prefixLen: number }
  | { kind: 'ternary'; value: bigint; mask: bigint }
  | { kind: 'range'; low: bigint; high: bigint };

export interface DecodedAction {
  name: string;
  id: number;
  params: Record<string, bigint>;
}

export type DecodedTableAction =
  | ({ kind: 'action' } & DecodedAction)
  | { kind: 'member'; memberId: number }
  | { kind: 'group'; groupId: number }
  | { kind: 'oneShot'; actions: { action: DecodedAction; weight: number }[] };

export interface DecodedCounterData {
  byteCount: bigint;
  packetCount: bigint;
}

export interface DecodedTableEntry {
  table: string;
  tableId: number;
  /** Match fields by name; a field that is absent is a wildcard. */
  match: Record<string, DecodedMatch>;
  action?: DecodedTableAction;
  priority: number;
  isDefaultAction: boolean;
  isConst: boolean;
  idleTimeoutNs: bigint;
  controllerMetadata: bigint;
  metadata: Uint8Array;
  /** Present when the read asked for it (or in idle-timeout notifications). */
  timeSinceLastHitNs?: bigint;
  counterData?: DecodedCounterData;
  meterConfig?: MeterConfig;
  /** The message as received, e.g. to write it to another switch unchanged. */
  raw: TableEntry;
}

/** A P4Data value: bit<W> as bigint, structs and tuples as arrays, headers with validity. */
export type P4DataValue =
  | bigint
  | boolean
  | string
  | P4DataValue[]
  | { isValid: boolean; fields: bigint[] }
  | { [name: string]: P4DataValue };

export interface DecodedReplica {
  /** Numeric egress port, or the port bytes when the server sent the newer `port` field. */
  port: number | Uint8Array;
  instance: number;
}

export type DecodedEntity =
  | { kind: 'tableEntry'; entry: DecodedTableEntry }
  | { kind: 'counterEntry'; counter: string; index?: bigint; data?: DecodedCounterData }
  | { kind: 'directCounterEntry'; entry?: DecodedTableEntry; data?: DecodedCounterData }
  | { kind: 'meterEntry'; meter: string; index?: bigint; config?: MeterConfig }
  | { kind: 'directMeterEntry'; entry?: DecodedTableEntry; config?: MeterConfig }
  | { kind: 'registerEntry'; register: string; index?: bigint; value?: P4DataValue }
  | { kind: 'digestEntry'; digest: string; config?: { maxTimeoutNs: bigint; maxListSize: number; ackTimeoutNs: bigint } }
  | { kind: 'multicastGroupEntry'; groupId: number; replicas: DecodedReplica[]; metadata: Uint8Array }
  | { kind: 'cloneSessionEntry'; sessionId: number; replicas: DecodedReplica[]; classOfService: number; packetLengthBytes: number }
  | { kind: 'valueSetEntry'; valueSet: string; members: Record<string, DecodedMatch>[] }
  | { kind: 'actionProfileMember'; actionProfile: string; memberId: number; action?: DecodedAction }
  | { kind: 'actionProfileGroup'; actionProfile: string; groupId: number; members: { memberId: number; weight: number }[]; maxSize: number }
  | { kind: 'other'; raw: Entity };

/** A digest list from the stream with its data decoded. */
export interface DecodedDigestList {
  digest: string;
  digestId: number;
  listId: bigint;
  /** Target time the list was generated, ns. */
  timestamp: bigint;
  /** One value per digest message; structs with known member names become objects. */
  data: P4DataValue[];
  raw: DigestList;
}

function counterData(data: CounterData): DecodedCounterData {
  return { byteCount: data.byteCount, packetCount: data.packetCount };
}

function replicas(list: readonly Replica[]): DecodedReplica[] {
  return list.map((r) => ({
    port: r.portKind?.$case === 'port' ? new Uint8Array(r.portKind.value) : (r.portKind?.value ?? 0),
    instance: r.instance,
  }));
}

/** Decodes P4Data; `fields` names the members of a struct (digests). */
export function decodeP4Data(data: P4Data, fields?: readonly DigestFieldInfo[]): P4DataValue {
  const d = data.data;
  switch (d?.$case) {
    case 'bitstring': return decodeBigInt(d.value);
    case 'varbit': return decodeBigInt(d.value.bitstring);
    case 'bool': return d.value;
    case 'enum':
    case 'error': return d.value;
    case 'enumValue': return decodeBigInt(d.value);
    case 'struct':
    case 'tuple': {
      const { members } = d.value;
      if (fields === undefined || fields.length !== members.length) return members.map((m) => decodeP4Data(m));
      // Named straight away: a digest list holds thousands of these.
      const named: { [name: string]: P4DataValue } = {};
      for (let i = 0; i < members.length; i++) named[fields[i]!.name] = decodeP4Data(members[i]!);
      return named;
    }
    case 'header': return { isValid: d.value.isValid, fields: d.value.bitstrings.map((b) => decodeBigInt(b)) };
    case 'headerUnion': return d.value.validHeader
      ? { [d.value.validHeaderName]: { isValid: d.value.validHeader.isValid, fields: d.value.validHeader.bitstrings.map((b) => decodeBigInt(b)) } }
      : {};
    case 'headerStack': return d.value.entries.map((h) => ({ isValid: h.isValid, fields: h.bitstrings.map((b) => decodeBigInt(b)) }));
    case 'headerUnionStack': return d.value.entries.map((u) => decodeP4Data({ data: { $case: 'headerUnion', value: u } }));
    case undefined: return [];
  }
}

/** Decodes messages into names and values using one P4Info. */
export class EntityDecoder {
  constructor(readonly index: P4InfoIndex) {}

  match(fields: NameTable<MatchFieldInfo>, match: readonly FieldMatch[]): Record<string, DecodedMatch> {
    const out: Record<string, DecodedMatch> = {};
    for (const m of match) {
      const name = fields.get(m.fieldId).name;
      const t = m.fieldMatchType;
      switch (t?.$case) {
        case 'exact': out[name] = { kind: 'exact', value: decodeBigInt(t.value.value) }; break;
        case 'optional': out[name] = { kind: 'optional', value: decodeBigInt(t.value.value) }; break;
        case 'lpm': out[name] = { kind: 'lpm', value: decodeBigInt(t.value.value), prefixLen: t.value.prefixLen }; break;
        case 'ternary': out[name] = { kind: 'ternary', value: decodeBigInt(t.value.value), mask: decodeBigInt(t.value.mask) }; break;
        case 'range': out[name] = { kind: 'range', low: decodeBigInt(t.value.low), high: decodeBigInt(t.value.high) }; break;
        default: break; // architecture-specific matches carry no value we can name
      }
    }
    return out;
  }

  action(action: Action): DecodedAction {
    const info = this.index.action(action.actionId);
    const params: Record<string, bigint> = {};
    for (const p of action.params) params[info.params.get(p.paramId).name] = decodeBigInt(p.value);
    return { name: info.name, id: info.id, params };
  }

  private tableAction(action: TableAction): DecodedTableAction | undefined {
    const t = action.type;
    switch (t?.$case) {
      case 'action': return { kind: 'action', ...this.action(t.value) };
      case 'actionProfileMemberId': return { kind: 'member', memberId: t.value };
      case 'actionProfileGroupId': return { kind: 'group', groupId: t.value };
      case 'actionProfileActionSet': return {
        kind: 'oneShot',
        actions: t.value.actionProfileActions.flatMap((a) => (a.action ? [{ action: this.action(a.action), weight: a.weight }] : [])),
      };
      case undefined: return undefined;
    }
  }

  tableEntry(entry: TableEntry): DecodedTableEntry {
    const table = this.index.table(entry.tableId);
    const out: DecodedTableEntry = {
      table: table.name,
      tableId: table.id,
      match: this.match(table.matchFields, entry.match),
      priority: entry.priority,
      isDefaultAction: entry.isDefaultAction,
      isConst: entry.isConst,
      idleTimeoutNs: entry.idleTimeoutNs,
      controllerMetadata: entry.controllerMetadata,
      metadata: entry.metadata,
      raw: entry,
    };
    const action = entry.action ? this.tableAction(entry.action) : undefined;
    if (action !== undefined) out.action = action;
    if (entry.timeSinceLastHit !== undefined) out.timeSinceLastHitNs = entry.timeSinceLastHit.elapsedNs;
    if (entry.counterData !== undefined) out.counterData = counterData(entry.counterData);
    if (entry.meterConfig !== undefined) out.meterConfig = entry.meterConfig;
    return out;
  }

  /** Metadata of a packet-in / packet-out by field name. */
  packetMetadata(header: 'packet_in' | 'packet_out', metadata: readonly PacketMetadata[]): Record<string, bigint> {
    const fields = this.index.packetMetadata(header).fields;
    const out: Record<string, bigint> = {};
    for (const m of metadata) out[fields.get(m.metadataId).name] = decodeBigInt(m.value);
    return out;
  }

  digestList(list: DigestList): DecodedDigestList {
    const digest = this.index.digests.get(list.digestId);
    return {
      digest: digest.name,
      digestId: digest.id,
      listId: list.listId,
      timestamp: list.timestamp,
      data: list.data.map((d) => decodeP4Data(d, digest.fields)),
      raw: list,
    };
  }

  entity(entity: Entity): DecodedEntity {
    const e = entity.entity;
    switch (e?.$case) {
      case 'tableEntry': return { kind: 'tableEntry', entry: this.tableEntry(e.value) };
      case 'counterEntry': return {
        kind: 'counterEntry',
        counter: this.index.counters.get(e.value.counterId).name,
        ...(e.value.index ? { index: e.value.index.index } : {}),
        ...(e.value.data ? { data: counterData(e.value.data) } : {}),
      };
      case 'directCounterEntry': return {
        kind: 'directCounterEntry',
        ...(e.value.tableEntry ? { entry: this.tableEntry(e.value.tableEntry) } : {}),
        ...(e.value.data ? { data: counterData(e.value.data) } : {}),
      };
      case 'meterEntry': return {
        kind: 'meterEntry',
        meter: this.index.meters.get(e.value.meterId).name,
        ...(e.value.index ? { index: e.value.index.index } : {}),
        ...(e.value.config ? { config: e.value.config } : {}),
      };
      case 'directMeterEntry': return {
        kind: 'directMeterEntry',
        ...(e.value.tableEntry ? { entry: this.tableEntry(e.value.tableEntry) } : {}),
        ...(e.value.config ? { config: e.value.config } : {}),
      };
      case 'registerEntry': return {
        kind: 'registerEntry',
        register: this.index.registers.get(e.value.registerId).name,
        ...(e.value.index ? { index: e.value.index.index } : {}),
        ...(e.value.data ? { value: decodeP4Data(e.value.data) } : {}),
      };
      case 'digestEntry': return {
        kind: 'digestEntry',
        digest: this.index.digests.get(e.value.digestId).name,
        ...(e.value.config ? { config: { ...e.value.config } } : {}),
      };
      case 'packetReplicationEngineEntry': {
        const t = e.value.type;
        if (t?.$case === 'multicastGroupEntry') {
          return { kind: 'multicastGroupEntry', groupId: t.value.multicastGroupId, replicas: replicas(t.value.replicas), metadata: t.value.metadata };
        }
        if (t?.$case === 'cloneSessionEntry') {
          return {
            kind: 'cloneSessionEntry', sessionId: t.value.sessionId, replicas: replicas(t.value.replicas),
            classOfService: t.value.classOfService, packetLengthBytes: t.value.packetLengthBytes,
          };
        }
        return { kind: 'other', raw: entity };
      }
      case 'valueSetEntry': {
        const set = this.index.valueSets.get(e.value.valueSetId);
        return { kind: 'valueSetEntry', valueSet: set.name, members: e.value.members.map((m) => this.match(set.matchFields, m.match)) };
      }
      case 'actionProfileMember': return {
        kind: 'actionProfileMember',
        actionProfile: this.index.actionProfiles.get(e.value.actionProfileId).name,
        memberId: e.value.memberId,
        ...(e.value.action ? { action: this.action(e.value.action) } : {}),
      };
      case 'actionProfileGroup': return {
        kind: 'actionProfileGroup',
        actionProfile: this.index.actionProfiles.get(e.value.actionProfileId).name,
        groupId: e.value.groupId,
        members: e.value.members.map((m) => ({ memberId: m.memberId, weight: m.weight })),
        maxSize: e.value.maxSize,
      };
      default: return { kind: 'other', raw: entity };
    }
  }
}
