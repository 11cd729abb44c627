// A protobuf text-format reader for P4Info, the format p4c writes (`--p4runtime-files
// x.p4info.txtpb`). It parses the generic text syntax into the protobuf-JSON shape and lets
// the generated `P4Info.fromJSON` build the message. Text format does not say which fields
// are repeated, maps or bytes, so the few facts of p4info.proto/p4types.proto that matter
// are listed below (every repeated field name in those two files is repeated wherever it
// appears, so a set of names is enough).
import { P4Info } from '../proto/p4/config/v1/p4info.js';
import { P4InfoFormatError } from './errors.js';

const REPEATED_FIELDS = new Set([
  'action_profiles', 'action_refs', 'actions', 'annotation_locations', 'annotations', 'arguments',
  'controller_packet_metadata', 'counters', 'digests', 'direct_counters', 'direct_meters',
  'direct_resource_ids', 'enums', 'expressions', 'externs', 'header_unions', 'headers', 'instances',
  'kv_pairs', 'match', 'match_fields', 'members', 'metadata', 'meters', 'new_types', 'params',
  'registers', 'serializable_enums', 'structs', 'structured_annotations', 'table_ids', 'tables',
  'value_sets',
]);

/** map<string, T> fields of P4TypeInfo: text format writes them as repeated {key, value}. */
const MAP_FIELDS = new Set(['structs', 'headers', 'header_unions', 'enums', 'serializable_enums', 'new_types']);

/** The only bytes-typed field name in P4Info (action arguments, serializable enum values). */
const BYTES_FIELD = 'value';

type Scalar = { kind: 'string'; bytes: Buffer } | { kind: 'word'; text: string };
// The JSON shape handed to fromJSON; it is recursive and loosely typed by nature.
type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

class TextReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split('\n').length;
    const col = this.pos - before.lastIndexOf('\n');
    throw new P4InfoFormatError(`P4Info text format, line ${line}, column ${col}: ${message}`);
  }

  skipSpace(): void {
    for (;;) {
      const m = /^(\s+|#[^\n]*)/.exec(this.text.slice(this.pos, this.pos + 4096));
      if (m === null) return;
      this.pos += m[0].length;
    }
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  atEnd(): boolean {
    return this.peek() === '';
  }

  take(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos += 1;
    return true;
  }

  expect(char: string): void {
    if (!this.take(char)) this.fail(`expected '${char}', found '${this.peek() || 'end of input'}'`);
  }

  identifier(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (m === null) {
      if (this.peek() === '[') this.fail('extension and Any fields ([...]) are not supported in P4Info text');
      this.fail(`expected a field name, found '${this.peek() || 'end of input'}'`);
    }
    this.pos += m[0].length;
    return m[0];
  }

  scalar(): Scalar {
    const c = this.peek();
    if (c === '"' || c === "'") {
      const parts: Buffer[] = [];
      while (this.peek() === '"' || this.peek() === "'") parts.push(this.quoted());
      return { kind: 'string', bytes: Buffer.concat(parts) };
    }
    const m = /^[-+]?[A-Za-z0-9_.+-]+/.exec(this.text.slice(this.pos, this.pos + 256));
    if (m === null) this.fail(`expected a value, found '${c || 'end of input'}'`);
    this.pos += m[0].length;
    return { kind: 'word', text: m[0] };
  }

  private quoted(): Buffer {
    const quote = this.text[this.pos]!;
    this.pos += 1;
    const bytes: number[] = [];
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      this.pos += 1;
      if (c === quote) return Buffer.from(bytes);
      if (c !== '\\') {
        bytes.push(...Buffer.from(c, 'utf8'));
        continue;
      }
      const e = this.text[this.pos];
      this.pos += 1;
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
      if (e !== undefined && simple[e] !== undefined) {
        bytes.push(simple[e]);
      } else if (e === 'x' || e === 'X') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(this.text.slice(this.pos, this.pos + 2));
        if (m === null) this.fail('\\x without hex digits');
        bytes.push(parseInt(m[0], 16));
        this.pos += m[0].length;
      } else if (e !== undefined && /[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(this.text.slice(this.pos - 1, this.pos + 2))!;
        bytes.push(parseInt(m[0], 8) & 0xff);
        this.pos += m[0].length - 1;
      } else {
        this.fail(`unknown escape '\\${e ?? ''}'`);
      }
    }
  }
}

function scalarToJson(field: string, value: Scalar): JsonValue {
  if (value.kind === 'string') return field === BYTES_FIELD ? value.bytes.toString('base64') : value.bytes.toString('utf8');
  if (value.text === 'true' || value.text === 'True' || value.text === 't') return true;
  if (value.text === 'false' || value.text === 'False' || value.text === 'f') return false;
  // Numbers stay strings: fromJSON converts them, and 64-bit values keep their precision.
  return value.text;
}

function readMessage(reader: TextReader, close: string): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (;;) {
    if (close === '' ? reader.atEnd() : reader.take(close)) return out;
    if (reader.atEnd()) reader.fail(`missing '${close}'`);
    const field = reader.identifier();
    const colon = reader.take(':');
    const values: JsonValue[] = [];
    const readOne = (): void => {
      const open = reader.peek();
      if (open === '{' || open === '<') {
        reader.take(open);
        values.push(readMessage(reader, open === '{' ? '}' : '>'));
      } else {
        if (!colon) reader.fail(`expected ':' after field '${field}'`);
        values.push(scalarToJson(field, reader.scalar()));
      }
    };
    if (colon && reader.take('[')) {
      if (!reader.take(']')) {
        do readOne(); while (reader.take(','));
        reader.expect(']');
      }
    } else {
      readOne();
    }
    reader.take(',') || reader.take(';');
    addField(reader, out, field, values);
  }
}

function addField(reader: TextReader, out: { [key: string]: JsonValue }, field: string, values: JsonValue[]): void {
  if (MAP_FIELDS.has(field)) {
    const map = (out[field] ??= {}) as { [key: string]: JsonValue };
    for (const entry of values) {
      if (typeof entry !== 'object' || Array.isArray(entry) || typeof entry.key !== 'string') {
        reader.fail(`map field '${field}' needs entries of the form { key: "..." value { ... } }`);
      }
      map[entry.key] = entry.value ?? {};
    }
    return;
  }
  if (REPEATED_FIELDS.has(field)) {
    const list = (out[field] ??= []) as JsonValue[];
    list.push(...values);
    return;
  }
  if (field in out || values.length !== 1) reader.fail(`field '${field}' is not repeated but given more than once`);
  out[field] = values[0]!;
}

/** Parses a P4Info in protobuf text format. Throws P4InfoFormatError with line and column. */
export function parseP4InfoText(text: string): P4Info {
  const reader = new TextReader(text);
  return P4Info.fromJSON(readMessage(reader, ''));
}
