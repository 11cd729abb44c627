// Writes a message's proto3 JSON form (ts-proto's `toJSON`) as protobuf text format the
// way protobuf's C++ TextFormat prints it (p4c's `.p4info.txtpb`): fields in field-number
// order, two-space indentation, C-escaped strings.
import { type FieldDescriptor } from '../proto/descriptors.js';
import { TextProtoError } from './errors.js';
import { messageDescriptor, type JsonObject, type JsonValue } from './parse.js';

export function printTextProto(message: JsonObject, typeName: string): string {
  const lines: string[] = [];
  printMessage(message, typeName, '', lines);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function printMessage(message: JsonObject, typeName: string, indent: string, lines: string[]): void {
  const descriptor = messageDescriptor(typeName);
  const byNumber = [...descriptor.fields].sort((a, b) => a.number - b.number);
  const known = new Set(descriptor.fields.flatMap((f) => [f.jsonName, f.name]));
  for (const key of Object.keys(message)) {
    if (!known.has(key)) throw new TextProtoError(`${typeName} has no field "${key}"`);
  }
  for (const f of byNumber) {
    const value = message[f.jsonName] ?? message[f.name];
    if (value === undefined || value === null) continue;
    const entryType = f.type === 'message' ? messageDescriptor(f.typeName!) : undefined;
    if (entryType?.mapEntry) {
      for (const [key, entryValue] of Object.entries(value as JsonObject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        printMessage({ key, value: entryValue }, f.typeName!, `${indent}  `, pushField(lines, indent, f.name));
        lines.push(`${indent}}`);
      }
    } else if (f.repeated) {
      for (const element of value as JsonValue[]) printField(f, element, indent, lines);
    } else printField(f, value, indent, lines);
  }
}

function pushField(lines: string[], indent: string, name: string): string[] {
  lines.push(`${indent}${name} {`);
  return lines;
}

function printField(f: FieldDescriptor, value: JsonValue, indent: string, lines: string[]): void {
  if (f.type === 'message') {
    printMessage(value as JsonObject, f.typeName!, `${indent}  `, pushField(lines, indent, f.name));
    lines.push(`${indent}}`);
    return;
  }
  lines.push(`${indent}${f.name}: ${scalarText(f, value)}`);
}

function scalarText(f: FieldDescriptor, value: JsonValue): string {
  switch (f.type) {
    case 'string':
      return quote(Buffer.from(String(value), 'utf8'));
    case 'bytes':
      return quote(Buffer.from(String(value), 'base64'));
    case 'enum':
    case 'bool':
      return String(value);
    default:
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw new TextProtoError(`field ${f.name} holds ${typeof value}, not a number`);
      }
      return String(value);
  }
}

/** C-style escaping as protobuf's CEscape does it: octal for bytes outside printable ASCII. */
function quote(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b < 0x20 || b >= 0x7f) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}
