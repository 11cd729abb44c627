// Reads the control-plane contract out of docs/dataplane.md: the tables, registers, counters,
// digests and controller headers it documents (names, key fields, actions and parameters,
// widths, sizes, field order), so a test can hold the generated P4Info to the document.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DATAPLANE_DOC = fileURLToPath(new URL('../../../docs/dataplane.md', import.meta.url));

export interface DocField {
  name: string;
  bits: number;
}
export interface DocTable {
  name: string;
  keys: (DocField & { kind: string })[];
  actions: { name: string; params: DocField[] }[];
  defaultAction: string;
  idleTimeout: boolean;
  directCounter?: string;
  directMeter?: string;
}
export interface DocRegister {
  name: string;
  size: number;
  bits: number;
}
export interface DocCounter {
  name: string;
  direct: boolean;
  unit: 'packets' | 'both';
  size?: number;
}
export interface DataplaneDoc {
  tables: DocTable[];
  registers: DocRegister[];
  counters: DocCounter[];
  digests: Map<string, DocField[]>;
  controllerHeaders: Map<string, DocHeaderField[]>;
}

/** A controller-header field; `padding` when its meaning cell says `@padding`. */
export interface DocHeaderField extends DocField {
  id: number;
  padding: boolean;
}

export class DataplaneDocError extends Error {
  readonly code = 'PTF_DATAPLANE_DOC';
  constructor(message: string) {
    super(`docs/dataplane.md: ${message}`);
    this.name = 'DataplaneDocError';
  }
}

/** Rows (cells, trimmed) of the first Markdown table after line `start`, header and rule skipped. */
function tableAfter(lines: readonly string[], start: number): string[][] {
  let i = start;
  while (i < lines.length && !lines[i]!.startsWith('|')) i++;
  const rows: string[][] = [];
  for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(lines[i]!.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

function lineIndex(lines: readonly string[], test: (line: string) => boolean, what: string): number {
  const index = lines.findIndex(test);
  if (index < 0) throw new DataplaneDocError(`no ${what}`);
  return index;
}

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const firstTicked = (cell: string, what: string): string => {
  const name = ticked(cell)[0];
  if (name === undefined) throw new DataplaneDocError(`${what} cell without a \`name\`: ${cell}`);
  return name;
};

function parseTables(rows: string[][]): DocTable[] {
  return rows.map(([name, key, actions, defaultAction, notes]) => ({
    name: firstTicked(name!, 'table'),
    // "`src_ip` exact (32)" or, with "all exact" at the end, "`src_addr` (32)".
    keys: [...key!.matchAll(/`([^`]+)`(?: (\w+))? \((\d+)\)/g)].map((m) => ({ name: m[1]!, kind: m[2] ?? 'exact', bits: Number(m[3]) })),
    actions: [...actions!.matchAll(/`(\w+)\(([^)]*)\)`/g)].map((m) => ({
      name: m[1]!,
      params: m[2]!.split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => {
        const [param, bits] = p.split(':').map((s) => s.trim());
        return { name: param!, bits: Number(bits) };
      }),
    })),
    defaultAction: firstTicked(defaultAction!, 'default action'),
    idleTimeout: /idle timeout supported/.test(notes!),
    directCounter: /direct counter `(\w+)`/.exec(notes!)?.[1],
    directMeter: /direct meter `(\w+)`/.exec(notes!)?.[1],
  }));
}

export function readDataplaneDoc(path = DATAPLANE_DOC): DataplaneDoc {
  const lines = readFileSync(path, 'utf8').split('\n');
  const tables = parseTables(tableAfter(lines, lineIndex(lines, (l) => l === '### Tables', 'Tables section')));
  const registers = tableAfter(lines, lineIndex(lines, (l) => l.startsWith('### Registers'), 'Registers section')).map(([name, size, element]) => ({
    name: firstTicked(name!, 'register'),
    size: Number(size),
    bits: Number(/bit<(\d+)>/.exec(element!)?.[1] ?? NaN),
  }));
  const counters = tableAfter(lines, lineIndex(lines, (l) => l === '### Counters', 'Counters section')).map(([name, kind, size]) => ({
    name: firstTicked(name!, 'counter'),
    direct: kind!.includes('direct'),
    unit: kind!.includes('packets_and_bytes') ? ('both' as const) : ('packets' as const),
    size: /^\d+$/.test(size!) ? Number(size) : undefined,
  }));
  const digests = new Map<string, DocField[]>();
  for (const [i, line] of lines.entries()) {
    const m = /^`(\w+_digest_t)`/.exec(line);
    if (m) digests.set(m[1]!, tableAfter(lines, i).map(([, field, bits]) => ({ name: firstTicked(field!, 'digest field'), bits: Number(bits) })));
  }
  const controllerHeaders = new Map<string, DocHeaderField[]>();
  for (const header of ['packet_out', 'packet_in']) {
    const at = lineIndex(lines, (l) => l.startsWith(`\`${header}\` (`), `${header} header`);
    controllerHeaders.set(header, tableAfter(lines, at).map(([id, field, bits, meaning]) => ({
      id: Number(id), name: firstTicked(field!, 'header field'), bits: Number(bits), padding: meaning!.includes('`@padding`'),
    })));
  }
  if (tables.length === 0 || registers.length === 0 || counters.length === 0 || digests.size === 0) {
    throw new DataplaneDocError('a section lists nothing');
  }
  return { tables, registers, counters, digests, controllerHeaders };
}
