// Checks proto/ against the P4Runtime v1 wire contract (test/fixtures/p4runtime-wire.tsv,
// one row per field, enum value and rpc): every row must be in the compiled descriptors
// with the same number, type, label and oneof, and nothing may be there that the
// contract does not list. This is what lets real servers (BMv2, Stratum) interoperate.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface FieldDescriptor {
  name: string; number: number; label: string; type: string; typeName?: string;
  oneofIndex?: number; proto3Optional?: boolean;
}
interface MessageDescriptor {
  name: string; field?: FieldDescriptor[]; nestedType?: MessageDescriptor[];
  enumType?: EnumDescriptor[]; oneofDecl?: { name: string }[]; options?: { mapEntry?: boolean };
}
interface EnumDescriptor { name: string; value: { name: string; number: number }[] }
interface FileDescriptor {
  name: string; package: string; messageType?: MessageDescriptor[]; enumType?: EnumDescriptor[];
  service?: { name: string; method: { name: string; inputType: string; outputType: string;
    clientStreaming?: boolean; serverStreaming?: boolean }[] }[];
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function contractRows(): Set<string> {
  const lines = readFileSync(`${root}/test/fixtures/p4runtime-wire.tsv`, 'utf8').trim().split('\n');
  return new Set(lines.slice(1).map((line) => line.replace(/\t+$/, '')));
}

function descriptorRows(): Set<string> {
  const image = JSON.parse(execFileSync(`${root}/node_modules/.bin/buf`, ['build', '-o', '-#format=json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })) as { file: FileDescriptor[] };
  const rows = new Set<string>();
  const add = (...cols: (string | number)[]) => rows.add(cols.join('\t').replace(/\t+$/, ''));
  const scalar = (t: string) => t.replace('TYPE_', '').toLowerCase();
  const walkEnum = (file: string, scope: string, e: EnumDescriptor) => {
    for (const v of e.value) add(file, 'enum', `${scope}.${e.name}`, v.name, v.number);
  };
  const walkMessage = (file: string, scope: string, m: MessageDescriptor) => {
    const fq = `${scope}.${m.name}`;
    for (const f of m.field ?? []) {
      const kind = m.options?.mapEntry ? 'map' : 'field';
      const type = scalar(f.type);
      const oneof = f.proto3Optional ? 'proto3_optional'
        : f.oneofIndex !== undefined ? m.oneofDecl![f.oneofIndex]!.name : '';
      const label = f.label === 'LABEL_REPEATED' ? 'repeated' : 'singular';
      add(file, kind === 'map' ? 'field' : 'field', fq, f.name, f.number, type,
        f.typeName ? f.typeName.slice(1) : '', label, oneof);
      if (kind === 'map' && f.name === 'key') add(file, 'map', fq);
    }
    for (const n of m.nestedType ?? []) walkMessage(file, fq, n);
    for (const e of m.enumType ?? []) walkEnum(file, fq, e);
  };
  for (const file of image.file) {
    if (file.name.startsWith('google/protobuf/')) continue;
    for (const m of file.messageType ?? []) walkMessage(file.name, file.package, m);
    for (const e of file.enumType ?? []) walkEnum(file.name, file.package, e);
    for (const s of file.service ?? []) {
      for (const r of s.method) {
        add(file.name, 'rpc', `${file.package}.${s.name}`, r.name, '', r.inputType.slice(1), r.outputType.slice(1),
          `${r.clientStreaming ? 'stream' : 'unary'}->${r.serverStreaming ? 'stream' : 'unary'}`);
      }
    }
  }
  return rows;
}

describe('proto/ wire contract', function () {
  this.timeout(60_000);
  const contract = contractRows();
  const compiled = descriptorRows();

  it('contains every field, enum value and rpc of P4Runtime v1 exactly as specified', () => {
    const missing = [...contract].filter((row) => !compiled.has(row));
    assert.deepEqual(missing, []);
  });

  it('adds nothing the contract does not list', () => {
    const extra = [...compiled].filter((row) => !contract.has(row));
    assert.deepEqual(extra, []);
  });
});
