// WriteRequests as grpc-js hands them over, decoded without the generated decoder's garbage
// for the common shape: updates of table entries with a direct action. Such an update
// becomes a TableEntryUpdate, which keeps its byte strings as offsets into the request
// buffer (matches and parameters on two int32 tapes shared by the request) instead of a
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
const LPM = 3;

/**
 * Per match on the match tape: field id, kind, first byte string (start, length), second
 * byte string (start, length; an LPM match keeps its prefix length in the second start).
 */
const MATCH_SLOTS = 6;
/** Per parameter on the parameter tape: parameter id, value start, value length. */
const PARAM_SLOTS = 3;

/** Int32 slots of one request, appended to; updates keep their start index. */
class Tape {
  slots: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.slots = new Int32Array(Math.max(capacity, 64));
  }

  /** `count` zeroed slots at the end; returns the first. */
  claim(count: number): number {
    const at = this.length;
    if (at + count > this.slots.length) {
      const grown = new Int32Array(Math.max(this.slots.length * 2, at + count));
      grown.set(this.slots.subarray(0, at));
      this.slots = grown;
    }
    // Slots given back by an update the generated decoder took over hold stale values.
    for (let i = at; i < at + count; i++) this.slots[i] = 0;
    this.length = at + count;
    return at;
  }
}

/** The wire: a message whose encoding this decoder does not take on itself. */
class NotCommonShape extends Error {
  constructor() {
    super('not a plain table-entry update');
  }
}
const notCommon = new NotCommonShape();

/**
 * Reads one update's bytes. Only the plainest encodings are taken (varints of at most five
 * bytes without overflow, bools of one byte, nothing past the update's end); anything else
 * throws notCommon and the generated decoder reads the update instead, so these reads
 * agree with BinaryReader's on everything they accept. 64-bit varints and leaf messages
 * go through the BinaryReader itself.
 */
class Cursor {
  pos = 0;
  end = 0;

  constructor(
    readonly buffer: Uint8Array,
    readonly reader: BinaryReader,
  ) {}

  uint32(): number {
    // One byte (tags, field ids, short lengths) inline; longer varints out of line.
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buffer[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.longUint32();
  }

  private longUint32(): number {
    const buffer = this.buffer;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= this.end) throw notCommon;
      const b = buffer[pos++]!;
      if (shift === 28) {
        if (b > 0x0f) throw notCommon;
        result += b * 0x1000_0000;
        break;
      }
      result |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    this.pos = pos;
    return result;
  }

  int32(): number {
    return this.uint32() | 0;
  }

  bool(): boolean {
    if (this.pos >= this.end) throw notCommon;
    const b = this.buffer[this.pos++]!;
    if (b >= 0x80) throw notCommon;
    return b !== 0;
  }

  /** Skips a length-delimited field, returning where it starts; its end is then `pos`. */
  skipDelimited(limit: number): number {
    const length = this.uint32();
    const start = this.pos;
    if (start + length > limit) throw notCommon;
    this.pos = start + length;
    return start;
  }

  /** The end of the length-delimited field here, which must lie within `limit`. */
  nestedEnd(limit: number): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > limit) throw notCommon;
    return end;
  }

  finish(end: number): void {
    if (this.pos !== end) throw notCommon;
  }

  uint64(): bigint {
    const small = this.smallVarint();
    if (small >= 0) return BigInt(small);
    this.reader.pos = this.pos;
    const value = this.reader.uint64() as bigint;
    return this.resync(value);
  }

  int64(): bigint {
    const small = this.smallVarint();
    if (small >= 0) return BigInt(small);
    this.reader.pos = this.pos;
    const value = this.reader.int64() as bigint;
    return this.resync(value);
  }

  /**
   * A varint of at most seven bytes (below 2^49, exact as a number, the same value signed
   * or not), consumed; -1, consuming nothing, for a longer one.
   */
  private smallVarint(): number {
    const buffer = this.buffer;
    let value = 0;
    let scale = 1;
    for (let pos = this.pos; pos < this.end && pos < this.pos + 7; pos++) {
      const b = buffer[pos]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos + 1;
        return value;
      }
      scale *= 128;
    }
    return -1;
  }

  /** A leaf message through its generated decoder, which must stop exactly at its end. */
  leaf<T>(limit: number, decode: (reader: BinaryReader, length: number) => T): T {
    const end = this.nestedEnd(limit);
    this.reader.pos = this.pos;
    const message = decode(this.reader, end - this.pos);
    this.resync(message);
    this.finish(end);
    return message;
  }

  private resync<T>(value: T): T {
    if (this.reader.pos > this.end) throw notCommon;
    this.pos = this.reader.pos;
    return value;
  }
}

const NO_BYTES = new Uint8Array(0);

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
    private readonly matches: Tape,
    private readonly params: Tape,
  ) {}

  get entity(): Entity {
    return { entity: { $case: 'tableEntry', value: this.tableEntry() } };
  }

  loadMatch(index: number, into: MatchSlot): void {
    const tape = this.matches.slots;
    const at = this.matchStart + index * MATCH_SLOTS;
    const kind = KINDS[tape[at + 1]!];
    into.fieldId = tape[at]! >>> 0;
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
    const tape = this.params.slots;
    const at = this.paramStart + index * PARAM_SLOTS;
    into.paramId = tape[at]! >>> 0;
    into.bytes = this.buffer;
    into.start = tape[at + 1]!;
    into.length = tape[at + 2]!;
  }

  /** The metadata bytes, a view of the request (copy what is kept). */
  get metadata(): Uint8Array {
    if (this.metadataLength === 0) return NO_BYTES;
    return this.buffer.subarray(this.metadataStart, this.metadataStart + this.metadataLength);
  }

  /** The entry as the generated decoder gives it, byte strings copied out of the request. */
  tableEntry(): TableEntry {
    const match: FieldMatch[] = [];
    const tape = this.matches.slots;
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
      match.push({ fieldId: tape[at]! >>> 0, fieldMatchType });
    }
    const params = [];
    const paramTape = this.params.slots;
    for (let i = 0; i < this.paramCount; i++) {
      const at = this.paramStart + i * PARAM_SLOTS;
      params.push({ paramId: paramTape[at]! >>> 0, value: copy(this.buffer, paramTape[at + 1]!, paramTape[at + 2]!) });
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

function readMatch(cursor: Cursor, end: number, matches: Tape): void {
  const at = matches.claim(MATCH_SLOTS);
  const tape = matches.slots;
  tape[at + 1] = NO_MATCH;
  while (cursor.pos < end) {
    const tag = cursor.uint32();
    if (tag === MATCH_FIELD_ID) {
      tape[at] = cursor.uint32();
      continue;
    }
    // first and second: the tags of the kind's byte strings (0: none).
    let kind: number, first: number, second: number;
    switch (tag) {
      case MATCH_EXACT:
        kind = 1;
        first = EXACT_VALUE;
        second = 0;
        break;
      case MATCH_TERNARY:
        kind = 2;
        first = TERNARY_VALUE;
        second = TERNARY_MASK;
        break;
      case MATCH_LPM:
        kind = LPM;
        first = LPM_VALUE;
        second = 0;
        break;
      case MATCH_RANGE:
        kind = 4;
        first = RANGE_LOW;
        second = RANGE_HIGH;
        break;
      case MATCH_OPTIONAL:
        kind = 5;
        first = OPTIONAL_VALUE;
        second = 0;
        break;
      default:
        throw notCommon;
    }
    // A later member of the oneof replaces an earlier one, fields and all.
    tape[at + 1] = kind;
    tape[at + 2] = 0;
    tape[at + 3] = 0;
    tape[at + 4] = 0;
    tape[at + 5] = 0;
    const kindEnd = cursor.nestedEnd(end);
    while (cursor.pos < kindEnd) {
      const inner = cursor.uint32();
      if (inner === first) {
        const start = cursor.skipDelimited(kindEnd);
        tape[at + 2] = start;
        tape[at + 3] = cursor.pos - start;
      } else if (inner === second && second !== 0) {
        const start = cursor.skipDelimited(kindEnd);
        tape[at + 4] = start;
        tape[at + 5] = cursor.pos - start;
      } else if (inner === LPM_PREFIX_LEN && kind === LPM) {
        tape[at + 4] = cursor.int32();
      } else {
        throw notCommon;
      }
    }
    cursor.finish(kindEnd);
  }
  cursor.finish(end);
}

function readParam(cursor: Cursor, end: number, params: Tape): void {
  const at = params.claim(PARAM_SLOTS);
  const tape = params.slots;
  while (cursor.pos < end) {
    const tag = cursor.uint32();
    if (tag === PARAM_ID) {
      tape[at] = cursor.uint32();
    } else if (tag === PARAM_VALUE) {
      const start = cursor.skipDelimited(end);
      tape[at + 1] = start;
      tape[at + 2] = cursor.pos - start;
    } else {
      throw notCommon;
    }
  }
  cursor.finish(end);
}

function readTableAction(cursor: Cursor, end: number, update: TableEntryUpdate, params: Tape): void {
  update.hasAction = true;
  while (cursor.pos < end) {
    if (cursor.uint32() !== TABLE_ACTION_ACTION || update.hasActionCall) throw notCommon;
    update.hasActionCall = true;
    const actionEnd = cursor.nestedEnd(end);
    update.paramStart = params.length;
    while (cursor.pos < actionEnd) {
      const tag = cursor.uint32();
      if (tag === ACTION_ID) {
        update.actionId = cursor.uint32();
      } else if (tag === ACTION_PARAMS) {
        readParam(cursor, cursor.nestedEnd(actionEnd), params);
        update.paramCount++;
      } else {
        throw notCommon;
      }
    }
    cursor.finish(actionEnd);
  }
  cursor.finish(end);
}

function readTableEntry(cursor: Cursor, end: number, update: TableEntryUpdate, matches: Tape, params: Tape): void {
  update.matchStart = matches.length;
  while (cursor.pos < end) {
    const tag = cursor.uint32();
    switch (tag) {
      case ENTRY_TABLE_ID:
        update.tableId = cursor.uint32();
        break;
      case ENTRY_MATCH:
        readMatch(cursor, cursor.nestedEnd(end), matches);
        update.matchCount++;
        break;
      case ENTRY_ACTION:
        if (update.hasAction) throw notCommon;
        readTableAction(cursor, cursor.nestedEnd(end), update, params);
        break;
      case ENTRY_PRIORITY:
        update.priority = cursor.int32();
        break;
      case ENTRY_CONTROLLER_METADATA:
        update.controllerMetadata = cursor.uint64();
        break;
      case ENTRY_METER_CONFIG:
        update.meterConfig = cursor.leaf(end, MeterConfig.decode);
        break;
      case ENTRY_COUNTER_DATA:
        update.counterData = cursor.leaf(end, CounterData.decode);
        break;
      case ENTRY_METER_COUNTER_DATA:
        update.meterCounterData = cursor.leaf(end, MeterCounterData.decode);
        break;
      case ENTRY_IS_DEFAULT_ACTION:
        update.isDefaultAction = cursor.bool();
        break;
      case ENTRY_IDLE_TIMEOUT_NS:
        update.idleTimeoutNs = cursor.int64();
        break;
      case ENTRY_TIME_SINCE_LAST_HIT:
        update.timeSinceLastHit = cursor.leaf(end, TableEntry_IdleTimeout.decode);
        break;
      case ENTRY_METADATA:
        update.metadataStart = cursor.skipDelimited(end);
        update.metadataLength = cursor.pos - update.metadataStart;
        break;
      case ENTRY_IS_CONST:
        update.isConst = cursor.bool();
        break;
      default:
        throw notCommon;
    }
  }
  cursor.finish(end);
}

/** The update in [start, end) if it holds one table entry; else notCommon is thrown. */
function readTableEntryUpdate(cursor: Cursor, start: number, end: number, matches: Tape, params: Tape): TableEntryUpdate {
  if (end > cursor.buffer.length) throw notCommon;
  cursor.pos = start;
  cursor.end = end;
  const update = new TableEntryUpdate(cursor.buffer, matches, params);
  let entitySeen = false;
  while (cursor.pos < end) {
    const tag = cursor.uint32();
    if (tag === UPDATE_TYPE) {
      update.type = cursor.int32() as Update_Type;
    } else if (tag === UPDATE_ENTITY && !entitySeen) {
      entitySeen = true;
      const entityEnd = cursor.nestedEnd(end);
      if (cursor.pos === entityEnd || cursor.uint32() !== ENTITY_TABLE_ENTRY) throw notCommon;
      readTableEntry(cursor, cursor.nestedEnd(entityEnd), update, matches, params);
      cursor.finish(entityEnd);
    } else {
      throw notCommon;
    }
  }
  cursor.finish(end);
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
  const cursor = new Cursor(buffer, reader);
  // Sized for batches of exact matches with a couple of parameters per entry; they grow if need be.
  const matches = new Tape(Math.min(buffer.length >> 1, 1 << 16));
  const params = new Tape(Math.min(buffer.length >> 3, 1 << 14));
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
          request.updates.push(readTableEntryUpdate(cursor, start, start + length, matches, params));
          reader.pos = cursor.pos;
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
