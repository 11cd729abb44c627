// WriteRequests as grpc-js hands them over, decoded without the generated decoder's garbage
// for the common shape: updates of table entries with a direct action. Such an update
// becomes a TableEntryUpdate, which keeps its byte strings as offsets into the request
// buffer (matches and parameters on two number tapes shared by the request) instead of a
// Buffer copy and a few objects per match; the table-entry translator reads them straight
// from there, and whatever it stores is a copy (bigints, metadata). Every other update
// (other entities, action profiles, unknown fields, duplicated messages, anything
// malformed) is decoded by the generated Update.decode from the same reader position, so
// the request means exactly what the generated WriteRequest.decode makes of it.
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { wireTag } from '../../proto/descriptors.js';
import {
  CounterData, type CounterData as CounterDataMessage, type Entity, type FieldMatch, MeterConfig,
  type MeterConfig as MeterConfigMessage, MeterCounterData, type MeterCounterData as MeterCounterDataMessage,
  type TableAction, type TableEntry, TableEntry_IdleTimeout, type TableEntry_IdleTimeout as IdleTimeoutMessage, Uint128,
  Update, type Update_Type, type WriteRequest,
} from '../../proto/p4/v1/p4runtime.js';
import type { MatchList, MatchSlot, ParamList, ParamSlot } from './table-entry-codec.js';

const REQUEST_DEVICE_ID = wireTag('p4.v1.WriteRequest', 'device_id');
const REQUEST_ROLE_ID = wireTag('p4.v1.WriteRequest', 'role_id');
const REQUEST_ROLE = wireTag('p4.v1.WriteRequest', 'role');
const REQUEST_ELECTION_ID = wireTag('p4.v1.WriteRequest', 'election_id');
const REQUEST_UPDATES = wireTag('p4.v1.WriteRequest', 'updates');
const REQUEST_ATOMICITY = wireTag('p4.v1.WriteRequest', 'atomicity');
const UPDATE_TYPE = wireTag('p4.v1.Update', 'type');
const UPDATE_ENTITY = wireTag('p4.v1.Update', 'entity');
const ENTITY_TABLE_ENTRY = wireTag('p4.v1.Entity', 'table_entry');
const ENTRY_TABLE_ID = wireTag('p4.v1.TableEntry', 'table_id');
const ENTRY_MATCH = wireTag('p4.v1.TableEntry', 'match');
const ENTRY_ACTION = wireTag('p4.v1.TableEntry', 'action');
const ENTRY_PRIORITY = wireTag('p4.v1.TableEntry', 'priority');
const ENTRY_CONTROLLER_METADATA = wireTag('p4.v1.TableEntry', 'controller_metadata');
const ENTRY_METER_CONFIG = wireTag('p4.v1.TableEntry', 'meter_config');
const ENTRY_COUNTER_DATA = wireTag('p4.v1.TableEntry', 'counter_data');
const ENTRY_METER_COUNTER_DATA = wireTag('p4.v1.TableEntry', 'meter_counter_data');
const ENTRY_IS_DEFAULT_ACTION = wireTag('p4.v1.TableEntry', 'is_default_action');
const ENTRY_IDLE_TIMEOUT_NS = wireTag('p4.v1.TableEntry', 'idle_timeout_ns');
const ENTRY_TIME_SINCE_LAST_HIT = wireTag('p4.v1.TableEntry', 'time_since_last_hit');
const ENTRY_METADATA = wireTag('p4.v1.TableEntry', 'metadata');
const ENTRY_IS_CONST = wireTag('p4.v1.TableEntry', 'is_const');
const MATCH_FIELD_ID = wireTag('p4.v1.FieldMatch', 'field_id');
const MATCH_EXACT = wireTag('p4.v1.FieldMatch', 'exact');
const MATCH_TERNARY = wireTag('p4.v1.FieldMatch', 'ternary');
const MATCH_LPM = wireTag('p4.v1.FieldMatch', 'lpm');
const MATCH_RANGE = wireTag('p4.v1.FieldMatch', 'range');
const MATCH_OPTIONAL = wireTag('p4.v1.FieldMatch', 'optional');
const EXACT_VALUE = wireTag('p4.v1.FieldMatch.Exact', 'value');
const TERNARY_VALUE = wireTag('p4.v1.FieldMatch.Ternary', 'value');
const TERNARY_MASK = wireTag('p4.v1.FieldMatch.Ternary', 'mask');
const LPM_VALUE = wireTag('p4.v1.FieldMatch.LPM', 'value');
const LPM_PREFIX_LEN = wireTag('p4.v1.FieldMatch.LPM', 'prefix_len');
const RANGE_LOW = wireTag('p4.v1.FieldMatch.Range', 'low');
const RANGE_HIGH = wireTag('p4.v1.FieldMatch.Range', 'high');
const OPTIONAL_VALUE = wireTag('p4.v1.FieldMatch.Optional', 'value');
const TABLE_ACTION_ACTION = wireTag('p4.v1.TableAction', 'action');
const ACTION_ID = wireTag('p4.v1.Action', 'action_id');
const ACTION_PARAMS = wireTag('p4.v1.Action', 'params');
const PARAM_ID = wireTag('p4.v1.Action.Param', 'param_id');
const PARAM_VALUE = wireTag('p4.v1.Action.Param', 'value');

/** Match kinds on the match tape. */
const KINDS = [undefined, 'exact', 'ternary', 'lpm', 'range', 'optional'] as const;
const NO_MATCH = 0;
const KIND_BY_TAG = new Map<number, number>([[MATCH_EXACT, 1], [MATCH_TERNARY, 2], [MATCH_LPM, 3], [MATCH_RANGE, 4], [MATCH_OPTIONAL, 5]]);
const TAGS_BY_KIND: readonly (readonly [first: number, second: number])[] = [
  [0, 0], [EXACT_VALUE, 0], [TERNARY_VALUE, TERNARY_MASK], [LPM_VALUE, 0], [RANGE_LOW, RANGE_HIGH], [OPTIONAL_VALUE, 0],
];

/**
 * Per match on the match tape: field id, kind, first byte string (start, length), second
 * byte string (start, length; an LPM match keeps its prefix length in the second start).
 */
const MATCH_SLOTS = 6;
/** Per parameter on the parameter tape: parameter id, value start, value length. */
const PARAM_SLOTS = 3;

/** The wire: a message whose encoding this decoder does not take on itself. */
class NotCommonShape extends Error {
  constructor() {
    super('not a plain table-entry update');
  }
}
const notCommon = new NotCommonShape();

const copy = (buffer: Uint8Array, start: number, length: number): Buffer => Buffer.from(buffer.subarray(start, start + length));

/** A table-entry Update read in place; `entity` builds (and copies) the generated form on demand. */
export class TableEntryUpdate implements Update, MatchList, ParamList {
  type = 0 as Update_Type;
  tableId = 0;
  priority = 0;
  controllerMetadata = 0n;
  isDefaultAction = false;
  idleTimeoutNs = 0n;
  isConst = false;
  meterConfig: MeterConfigMessage | undefined = undefined;
  counterData: CounterDataMessage | undefined = undefined;
  meterCounterData: MeterCounterDataMessage | undefined = undefined;
  timeSinceLastHit: IdleTimeoutMessage | undefined = undefined;
  metadataStart = 0;
  metadataLength = 0;
  /** The TableAction message is there; `hasActionCall`: with a direct action in it. */
  hasAction = false;
  hasActionCall = false;
  actionId = 0;
  matchStart = 0;
  matchCount = 0;
  paramStart = 0;
  paramCount = 0;

  constructor(
    private readonly buffer: Uint8Array,
    private readonly matches: number[],
    private readonly params: number[],
  ) {}

  get entity(): Entity {
    return { entity: { $case: 'tableEntry', value: this.tableEntry() } };
  }

  loadMatch(index: number, into: MatchSlot): void {
    const tape = this.matches;
    const at = this.matchStart + index * MATCH_SLOTS;
    const kind = KINDS[tape[at + 1]!];
    into.fieldId = tape[at]!;
    into.kind = kind;
    into.setFirst(this.buffer, tape[at + 2]!, tape[at + 3]!);
    if (kind === 'lpm') {
      into.prefixLen = tape[at + 4]!;
      into.setSecond(this.buffer, 0, 0);
    } else {
      into.prefixLen = 0;
      into.setSecond(this.buffer, tape[at + 4]!, tape[at + 5]!);
    }
  }

  loadParam(index: number, into: ParamSlot): void {
    const at = this.paramStart + index * PARAM_SLOTS;
    into.paramId = this.params[at]!;
    into.bytes = this.buffer;
    into.start = this.params[at + 1]!;
    into.length = this.params[at + 2]!;
  }

  /** The metadata bytes, a view of the request (copy what is kept). */
  get metadata(): Uint8Array {
    return this.buffer.subarray(this.metadataStart, this.metadataStart + this.metadataLength);
  }

  /** The entry as the generated decoder gives it, byte strings copied out of the request. */
  tableEntry(): TableEntry {
    const match: FieldMatch[] = [];
    const tape = this.matches;
    for (let i = 0; i < this.matchCount; i++) {
      const at = this.matchStart + i * MATCH_SLOTS;
      const first = copy(this.buffer, tape[at + 2]!, tape[at + 3]!);
      const second = (): Buffer => copy(this.buffer, tape[at + 4]!, tape[at + 5]!);
      const kind = KINDS[tape[at + 1]!];
      const fieldMatchType: FieldMatch['fieldMatchType'] =
        kind === 'exact' ? { $case: kind, value: { value: first } }
        : kind === 'ternary' ? { $case: kind, value: { value: first, mask: second() } }
        : kind === 'lpm' ? { $case: kind, value: { value: first, prefixLen: tape[at + 4]! } }
        : kind === 'range' ? { $case: kind, value: { low: first, high: second() } }
        : kind === 'optional' ? { $case: kind, value: { value: first } }
        : undefined;
      match.push({ fieldId: tape[at]!, fieldMatchType });
    }
    const params = [];
    for (let i = 0; i < this.paramCount; i++) {
      const at = this.paramStart + i * PARAM_SLOTS;
      params.push({ paramId: this.params[at]!, value: copy(this.buffer, this.params[at + 1]!, this.params[at + 2]!) });
    }
    const action: TableAction | undefined = !this.hasAction ? undefined
      : { type: this.hasActionCall ? { $case: 'action', value: { actionId: this.actionId, params } } : undefined };
    return {
      tableId: this.tableId, match, action, priority: this.priority, controllerMetadata: this.controllerMetadata,
      meterConfig: this.meterConfig, counterData: this.counterData, meterCounterData: this.meterCounterData,
      isDefaultAction: this.isDefaultAction, idleTimeoutNs: this.idleTimeoutNs, timeSinceLastHit: this.timeSinceLastHit,
      metadata: copy(this.buffer, this.metadataStart, this.metadataLength), isConst: this.isConst,
    };
  }
}

/** The end of the length-delimited field at the reader, which must lie within `limit`. */
function nestedEnd(reader: BinaryReader, limit: number): number {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > limit) throw notCommon;
  return end;
}

/** Skips a bytes field, returning its start; its length is then reader.pos - start. */
function bytesStart(reader: BinaryReader, limit: number): number {
  const end = nestedEnd(reader, limit);
  const start = reader.pos;
  reader.pos = end;
  return start;
}

function finish(reader: BinaryReader, end: number): void {
  if (reader.pos !== end) throw notCommon;
}

/** A leaf message through its generated decoder, which must stop exactly at its end. */
function leaf<T>(reader: BinaryReader, limit: number, decode: (reader: BinaryReader, length: number) => T): T {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > limit) throw notCommon;
  const message = decode(reader, length);
  finish(reader, end);
  return message;
}

function readMatch(reader: BinaryReader, end: number, tape: number[]): void {
  const at = tape.length;
  tape.push(0, NO_MATCH, 0, 0, 0, 0);
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === MATCH_FIELD_ID) {
      tape[at] = reader.uint32();
      continue;
    }
    const kind = KIND_BY_TAG.get(tag);
    if (kind === undefined) throw notCommon;
    // A later member of the oneof replaces an earlier one, fields and all.
    tape[at + 1] = kind;
    tape[at + 2] = 0;
    tape[at + 3] = 0;
    tape[at + 4] = 0;
    tape[at + 5] = 0;
    const [firstTag, secondTag] = TAGS_BY_KIND[kind]!;
    const kindEnd = nestedEnd(reader, end);
    while (reader.pos < kindEnd) {
      const inner = reader.uint32();
      if (inner === firstTag) {
        tape[at + 2] = bytesStart(reader, kindEnd);
        tape[at + 3] = reader.pos - tape[at + 2]!;
      } else if (inner === secondTag && secondTag !== 0) {
        tape[at + 4] = bytesStart(reader, kindEnd);
        tape[at + 5] = reader.pos - tape[at + 4]!;
      } else if (inner === LPM_PREFIX_LEN && kind === 3) {
        tape[at + 4] = reader.int32();
      } else {
        throw notCommon;
      }
    }
    finish(reader, kindEnd);
  }
  finish(reader, end);
}

function readParam(reader: BinaryReader, end: number, tape: number[]): void {
  const at = tape.length;
  tape.push(0, 0, 0);
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === PARAM_ID) {
      tape[at] = reader.uint32();
    } else if (tag === PARAM_VALUE) {
      tape[at + 1] = bytesStart(reader, end);
      tape[at + 2] = reader.pos - tape[at + 1]!;
    } else {
      throw notCommon;
    }
  }
  finish(reader, end);
}

function readTableAction(reader: BinaryReader, end: number, update: TableEntryUpdate, tape: number[]): void {
  update.hasAction = true;
  while (reader.pos < end) {
    if (reader.uint32() !== TABLE_ACTION_ACTION || update.hasActionCall) throw notCommon;
    update.hasActionCall = true;
    const actionEnd = nestedEnd(reader, end);
    update.paramStart = tape.length;
    while (reader.pos < actionEnd) {
      const tag = reader.uint32();
      if (tag === ACTION_ID) {
        update.actionId = reader.uint32();
      } else if (tag === ACTION_PARAMS) {
        readParam(reader, nestedEnd(reader, actionEnd), tape);
        update.paramCount++;
      } else {
        throw notCommon;
      }
    }
    finish(reader, actionEnd);
  }
  finish(reader, end);
}

function readTableEntry(reader: BinaryReader, end: number, update: TableEntryUpdate, matches: number[], params: number[]): void {
  update.matchStart = matches.length;
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag) {
      case ENTRY_TABLE_ID:
        update.tableId = reader.uint32();
        break;
      case ENTRY_MATCH:
        readMatch(reader, nestedEnd(reader, end), matches);
        update.matchCount++;
        break;
      case ENTRY_ACTION:
        if (update.hasAction) throw notCommon;
        readTableAction(reader, nestedEnd(reader, end), update, params);
        break;
      case ENTRY_PRIORITY:
        update.priority = reader.int32();
        break;
      case ENTRY_CONTROLLER_METADATA:
        update.controllerMetadata = reader.uint64() as bigint;
        break;
      case ENTRY_METER_CONFIG:
        update.meterConfig = leaf(reader, end, MeterConfig.decode);
        break;
      case ENTRY_COUNTER_DATA:
        update.counterData = leaf(reader, end, CounterData.decode);
        break;
      case ENTRY_METER_COUNTER_DATA:
        update.meterCounterData = leaf(reader, end, MeterCounterData.decode);
        break;
      case ENTRY_IS_DEFAULT_ACTION:
        update.isDefaultAction = reader.bool();
        break;
      case ENTRY_IDLE_TIMEOUT_NS:
        update.idleTimeoutNs = reader.int64() as bigint;
        break;
      case ENTRY_TIME_SINCE_LAST_HIT:
        update.timeSinceLastHit = leaf(reader, end, TableEntry_IdleTimeout.decode);
        break;
      case ENTRY_METADATA:
        update.metadataStart = bytesStart(reader, end);
        update.metadataLength = reader.pos - update.metadataStart;
        break;
      case ENTRY_IS_CONST:
        update.isConst = reader.bool();
        break;
      default:
        throw notCommon;
    }
  }
  finish(reader, end);
}

/** An Update holding one table entry, or notCommon thrown. */
function readTableEntryUpdate(
  reader: BinaryReader, buffer: Uint8Array, end: number, matches: number[], params: number[],
): TableEntryUpdate {
  if (end > reader.len) throw notCommon;
  const update = new TableEntryUpdate(buffer, matches, params);
  let entitySeen = false;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === UPDATE_TYPE) {
      update.type = reader.int32() as Update_Type;
    } else if (tag === UPDATE_ENTITY && !entitySeen) {
      entitySeen = true;
      const entityEnd = nestedEnd(reader, end);
      if (reader.pos === entityEnd || reader.uint32() !== ENTITY_TABLE_ENTRY) throw notCommon;
      readTableEntry(reader, nestedEnd(reader, entityEnd), update, matches, params);
      finish(reader, entityEnd);
    } else {
      throw notCommon;
    }
  }
  finish(reader, end);
  if (!entitySeen) throw notCommon;
  return update;
}

/** The generated decoders count nesting on the reader (limit 100); theirs starts at 1 under a WriteRequest. */
function setDecodeDepth(reader: BinaryReader, depth: number): void {
  (reader as unknown as { __tsProtoDecodeDepth: number }).__tsProtoDecodeDepth = depth;
}

/** grpc-js's requestDeserialize for Write: field for field what WriteRequest.decode gives. */
export function decodeWriteRequest(buffer: Uint8Array): WriteRequest {
  const reader = new BinaryReader(buffer);
  setDecodeDepth(reader, 1);
  const request: WriteRequest = { deviceId: 0n, roleId: 0n, role: '', electionId: undefined, updates: [], atomicity: 0 };
  const matches: number[] = [];
  const params: number[] = [];
  const end = reader.len;
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag) {
      case REQUEST_DEVICE_ID:
        request.deviceId = reader.uint64() as bigint;
        continue;
      case REQUEST_ROLE_ID:
        request.roleId = reader.uint64() as bigint;
        continue;
      case REQUEST_ROLE:
        request.role = reader.string();
        continue;
      case REQUEST_ELECTION_ID:
        request.electionId = Uint128.decode(reader, reader.uint32());
        continue;
      case REQUEST_UPDATES: {
        const length = reader.uint32();
        const start = reader.pos;
        const matchesUsed = matches.length;
        const paramsUsed = params.length;
        try {
          request.updates.push(readTableEntryUpdate(reader, buffer, start + length, matches, params));
        } catch {
          // Anything else, malformed included (the reader throws past the buffer's end),
          // exactly as the generated decoder reads it.
          matches.length = matchesUsed;
          params.length = paramsUsed;
          reader.pos = start;
          setDecodeDepth(reader, 1);
          request.updates.push(Update.decode(reader, length));
        }
        continue;
      }
      case REQUEST_ATOMICITY:
        request.atomicity = reader.int32();
        continue;
    }
    if ((tag & 7) === 4 || tag === 0) break;
    reader.skip(tag & 7);
  }
  return request;
}
