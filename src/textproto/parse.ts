// Reads protobuf text format into the message's proto3 JSON form, which the generated
// ts-proto code turns into a typed message (`P4Info.fromJSON(parseTextProto(text, ...))`).
// Driven by the generated field tables in src/proto/descriptors.ts.
import { enumDescriptors, messageDescriptors, type FieldDescriptor, type MessageDescriptor } from '../proto/descriptors.js';
import { TextProtoError } from './errors.js';
import { scan, type Token } from './scanner.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32']);
const INT64_TYPES = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

export function messageDescriptor(typeName: string): MessageDescriptor {
  const descriptor = messageDescriptors[typeName];
  if (descriptor === undefined) throw new TextProtoError(`unknown message type ${typeName}`);
  return descriptor;
}

/** Parses `text` as a message of the fully qualified type `typeName` (e.g. `p4.config.v1.P4Info`). */
export function parseTextProto(text: string, typeName: string): JsonObject {
  const tokens = scan(text);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const fail = (message: string, token: Token = peek()): never => {
    throw new TextProtoError(message, token.line, token.column);
  };
  const isPunct = (text: string): boolean => {
    const t = peek();
    return t.kind === 'punct' && t.text === text;
  };

  function parseMessage(typeName: string, closer: string | undefined): JsonObject {
    const descriptor = messageDescriptor(typeName);
    const result: JsonObject = {};
    const seenOneofs = new Map<string, string>();
    for (;;) {
      if (closer === undefined ? peek().kind === 'eof' : isPunct(closer)) {
        pos += 1;
        return result;
      }
      const nameToken = next();
      if (nameToken.kind !== 'ident') {
        if (nameToken.kind === 'punct' && nameToken.text === '[') fail('extensions and Any expansions are not supported', nameToken);
        fail(closer === undefined ? 'expected a field name' : `expected a field name or '${closer}'`, nameToken);
      }
      const fieldName = (nameToken as Extract<Token, { kind: 'ident' }>).text;
      const field = descriptor.fields.find((f) => f.name === fieldName);
      if (field === undefined) fail(`${typeName} has no field "${fieldName}"`, nameToken);
      const f = field!;
      if (f.oneof !== undefined) {
        const other = seenOneofs.get(f.oneof);
        if (other !== undefined && other !== f.name) fail(`fields "${other}" and "${f.name}" are in the same oneof ${f.oneof}`, nameToken);
        seenOneofs.set(f.oneof, f.name);
      }
      const isMessage = f.type === 'message';
      if (isPunct(':')) pos += 1;
      else if (!isMessage) fail(`expected ':' after ${f.name}`);
      const values: JsonValue[] = [];
      if (isPunct('[')) {
        if (!f.repeated) fail(`field "${f.name}" is not repeated`);
        pos += 1;
        while (!isPunct(']')) {
          values.push(parseValue(f));
          if (isPunct(',')) pos += 1;
          else if (!isPunct(']')) fail("expected ',' or ']'");
        }
        pos += 1;
      } else values.push(parseValue(f));
      if (isPunct(',') || isPunct(';')) pos += 1;
      store(result, f, values, nameToken);
    }
  }

  function store(result: JsonObject, f: FieldDescriptor, values: JsonValue[], at: Token): void {
    const entryType = f.typeName === undefined ? undefined : messageDescriptors[f.typeName];
    if (entryType?.mapEntry) {
      const map = (result[f.jsonName] ?? {}) as JsonObject;
      for (const entry of values as JsonObject[]) map[String(entry['key'] ?? '')] = entry['value'] ?? null;
      result[f.jsonName] = map;
    } else if (f.repeated) {
      result[f.jsonName] = [...((result[f.jsonName] as JsonValue[] | undefined) ?? []), ...values];
    } else {
      if (f.jsonName in result) fail(`non-repeated field "${f.name}" is set twice`, at);
      result[f.jsonName] = values[0]!;
    }
  }

  function parseValue(f: FieldDescriptor): JsonValue {
    if (f.type === 'message') {
      if (isPunct('{')) {
        pos += 1;
        return parseMessage(f.typeName!, '}');
      }
      if (isPunct('<')) {
        pos += 1;
        return parseMessage(f.typeName!, '>');
      }
      return fail(`expected '{' to open ${f.name}`);
    }
    let negative = false;
    if (isPunct('-')) {
      negative = true;
      pos += 1;
    }
    const token = next();
    if (f.type === 'string' || f.type === 'bytes') {
      if (token.kind !== 'string') return fail(`expected a string for ${f.name}`, token);
      const bytes = (token as Extract<Token, { kind: 'string' }>).bytes;
      return f.type === 'bytes' ? Buffer.from(bytes).toString('base64') : Buffer.from(bytes).toString('utf8');
    }
    if (f.type === 'bool') {
      const text = token.kind === 'ident' || token.kind === 'number' ? token.text : '';
      if (text === 'true' || text === 't' || text === 'True' || text === '1') return true;
      if (text === 'false' || text === 'f' || text === 'False' || text === '0') return false;
      return fail(`expected true or false for ${f.name}`, token);
    }
    if (f.type === 'enum') {
      const values = enumDescriptors[f.typeName!] ?? [];
      if (token.kind === 'ident') {
        if (!values.some(([name]) => name === token.text)) fail(`${f.typeName} has no value ${token.text}`, token);
        return token.text;
      }
      if (token.kind === 'number') {
        const n = Number(token.text) * (negative ? -1 : 1);
        const named = values.find(([, number]) => number === n);
        return named === undefined ? n : named[0];
      }
      return fail(`expected an enum value for ${f.name}`, token);
    }
    if (token.kind !== 'number' && !(token.kind === 'ident' && /^(inf|infinity|nan)$/i.test(token.text))) {
      return fail(`expected a number for ${f.name}`, token);
    }
    const text = (token as Extract<Token, { kind: 'number' | 'ident' }>).text;
    if (INT32_TYPES.has(f.type) || INT64_TYPES.has(f.type)) {
      let value: bigint;
      try {
        value = BigInt(/^0[0-7]+$/.test(text) ? `0o${text.slice(1)}` : text);
      } catch {
        return fail(`"${text}" is not an integer`, token);
      }
      if (negative) value = -value;
      const unsigned = f.type.startsWith('u') || f.type.startsWith('fixed');
      const bits = INT32_TYPES.has(f.type) ? 32n : 64n;
      const [min, max] = unsigned ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
      if (value < min || value > max) fail(`${value} is out of range for ${f.type} field ${f.name}`, token);
      return bits === 32n ? Number(value) : value.toString();
    }
    const number = Number(text.replace(/[fF]$/, ''));
    if (Number.isNaN(number) && !/nan/i.test(text)) fail(`"${text}" is not a number`, token);
    return negative ? -number : number;
  }

  return parseMessage(typeName, undefined);
}
