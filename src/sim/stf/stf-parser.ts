// Parser for p4c's STF ("simple test framework") files: one command per line, `#` starts a
// comment. Commands (as p4c's BMv2 runner accepts them, plus register and counter checks):
//   add <table> [<priority>] <key>:<value> ... <action>(<param>:<value>, ...)
//   setdefault <table> <action>(<param>:<value>, ...)
//   packet <port> <hex bytes>            expect <port> [<hex bytes with * nibbles>[$]]
//   mc_mgrp_create <group>               mc_node_create <rid> <port>...
//   mc_node_associate <group> <node>     mirroring_add <session> <port>
//   mirroring_add_mc <session> <group>
//   register_write <register> <index> <value>
//   register_read <register> <index> [<expected value>]
//   register_reset <register>
//   check_counter <counter>(<index> | $<entry id>) [[packets|bytes] [==|!=|<|<=|>|>=] <value>]
//   remove all                           no_packet
//   wait
// As in p4c's STF grammar, command words are case-insensitive and `add ... = <id>` names an
// entry so that `check_counter <direct counter>($<id>)` can read its cells. Unknown commands
// are kept as `unknown` (p4c's runner skips them); malformed known ones are errors carrying
// the file's line number.

export class StfSyntaxError extends Error {
  readonly code = 'STF_SYNTAX';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'StfSyntaxError';
  }
}

export interface NamedValue {
  readonly name: string;
  /** The value as written (number forms, `*` nibbles, `/len`, `&&&mask`, `lo->hi`). */
  readonly value: string;
}

export interface ActionText {
  readonly name: string;
  readonly args: readonly NamedValue[];
}

/** An expected packet: hex nibbles (upper case) where `*` matches any nibble. */
export interface ExpectedPacket {
  readonly nibbles: string;
  /** `$` at the end: the packet must not be longer. */
  readonly exactLength: boolean;
}

export type CounterField = 'packets' | 'bytes';
export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type StfCommand = { readonly line: number } & (
  | {
      readonly kind: 'add';
      readonly table: string;
      readonly priority: number | undefined;
      readonly keys: readonly NamedValue[];
      readonly action: ActionText;
      /** `= <id>`: a name for the entry (for check_counter). */
      readonly id: string | undefined;
    }
  | { readonly kind: 'setdefault'; readonly table: string; readonly action: ActionText }
  | { readonly kind: 'packet'; readonly port: number; readonly bytes: Uint8Array }
  | { readonly kind: 'expect'; readonly port: number; readonly packet: ExpectedPacket | undefined }
  | { readonly kind: 'mc_mgrp_create'; readonly group: number }
  | { readonly kind: 'mc_node_create'; readonly rid: number; readonly ports: readonly number[] }
  | { readonly kind: 'mc_node_associate'; readonly group: number; readonly node: number }
  | { readonly kind: 'mirroring_add'; readonly session: number; readonly port: number }
  | { readonly kind: 'mirroring_add_mc'; readonly session: number; readonly group: number }
  | { readonly kind: 'register_write'; readonly register: string; readonly index: number; readonly value: bigint }
  | { readonly kind: 'register_read'; readonly register: string; readonly index: number; readonly expected: bigint | undefined }
  | { readonly kind: 'register_reset'; readonly register: string }
  | {
      readonly kind: 'check_counter';
      readonly counter: string;
      /** A cell index of an indexed counter, or the id of an entry (direct counter). */
      readonly cell: { readonly index: number } | { readonly entryId: string };
      /** Absent when the line only names the counter (it must exist). */
      readonly check: { readonly field: CounterField; readonly comparison: Comparison; readonly value: bigint } | undefined;
    }
  | { readonly kind: 'remove_all' }
  | { readonly kind: 'no_packet' }
  | { readonly kind: 'wait' }
  /** A command this runner does not know: p4c's runner ignores those too (with a note). */
  | { readonly kind: 'unknown'; readonly command: string }
);

/** Parses an integer in STF's forms: decimal, 0x hex, 0b binary, 0o octal (underscores allowed). */
export function parseStfNumber(text: string): bigint | undefined {
  const t = text.replace(/_/g, '');
  if (/^[0-9]+$/.test(t)) return BigInt(t);
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  if (/^0[bB][01]+$/.test(t)) return BigInt(t);
  if (/^0[oO][0-7]+$/.test(t)) return BigInt(t);
  return undefined;
}

class LineParser {
  constructor(
    private readonly file: string,
    private readonly line: number,
  ) {}

  fail(detail: string): never {
    throw new StfSyntaxError(this.file, this.line, detail);
  }

  int(text: string | undefined, what: string): number {
    if (text === undefined) this.fail(`missing ${what}`);
    const v = parseStfNumber(text);
    if (v === undefined || v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} must be a non-negative integer, got '${text}'`);
    return Number(v);
  }

  big(text: string | undefined, what: string): bigint {
    if (text === undefined) this.fail(`missing ${what}`);
    const v = parseStfNumber(text);
    if (v === undefined) this.fail(`${what} must be a non-negative integer, got '${text}'`);
    return v;
  }

  word(words: readonly string[], index: number, what: string): string {
    const w = words[index];
    if (w === undefined) this.fail(`missing ${what}`);
    return w;
  }

  hexBytes(text: string): Uint8Array {
    const hex = text.replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) this.fail(`packet data must be hex digits, got '${text}'`);
    // p4c's runner converts the digits two at a time, so a lone last digit d is the byte 0d
    // (p4c's gauntlet tests end packets with one: `... 20 0`).
    const bytes = new Uint8Array(Math.ceil(hex.length / 2));
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return bytes;
  }

  expected(text: string): ExpectedPacket | undefined {
    let hex = text.replace(/\s+/g, '');
    if (hex === '') return undefined;
    const exactLength = hex.endsWith('$');
    if (exactLength) hex = hex.slice(0, -1);
    if (!/^[0-9a-fA-F*]*$/.test(hex)) this.fail(`expected packet must be hex digits or '*', got '${text}'`);
    // An odd number of nibbles is allowed: p4c's runner compares nibble by nibble.
    return { nibbles: hex.toUpperCase(), exactLength };
  }

  /** `name(arg:value, ...)` possibly followed by nothing else. */
  action(text: string): ActionText {
    const m = /^([^\s(]+)\s*\((.*)\)\s*$/.exec(text.trim());
    if (m === null) this.fail(`expected an action call name(param:value, ...), got '${text.trim()}'`);
    const body = m[2]!.trim();
    const args = body === '' ? [] : body.split(',').map((part) => this.named(part.trim(), 'action argument'));
    return { name: m[1]!, args };
  }

  named(text: string, what: string): NamedValue {
    const i = text.indexOf(':');
    if (i <= 0 || i === text.length - 1) this.fail(`${what} must be name:value, got '${text}'`);
    return { name: text.slice(0, i).trim(), value: text.slice(i + 1).trim() };
  }
}

const COMPARISONS: readonly Comparison[] = ['==', '!=', '<=', '>=', '<', '>'];

function parseLine(p: LineParser, line: number, text: string): StfCommand | undefined {
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const command = words[0]!.toLowerCase();
  const rest = text.trim().slice(command.length).trim();
  switch (command) {
    case 'add': {
      const open = rest.indexOf('(');
      if (open < 0) p.fail('add needs an action call: add <table> [<priority>] <key>:<value>... <action>(...)');
      // The action is the last word before '(' and everything after it.
      const head = rest.slice(0, open).trimEnd();
      const actionStart = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t')) + 1;
      const idMatch = /\)\s*=\s*(\S+)\s*$/.exec(rest);
      const action = p.action(rest.slice(actionStart).replace(/\)\s*=\s*\S+\s*$/, ')'));
      const front = rest.slice(0, actionStart).split(/\s+/).filter((w) => w !== '');
      const table = p.word(front, 0, 'table name');
      let keyWords = front.slice(1);
      let priority: number | undefined;
      if (keyWords.length > 0 && /^[0-9]+$/.test(keyWords[0]!)) {
        priority = p.int(keyWords[0], 'priority');
        keyWords = keyWords.slice(1);
      }
      return { line, kind: 'add', table, priority, keys: keyWords.map((w) => p.named(w, 'table key')), action, id: idMatch?.[1] };
    }
    case 'setdefault': {
      const table = p.word(words, 1, 'table name');
      return { line, kind: 'setdefault', table, action: p.action(rest.slice(table.length)) };
    }
    case 'packet': {
      const port = p.int(words[1], 'port');
      const bytes = p.hexBytes(rest.slice(words[1]!.length));
      return { line, kind: 'packet', port, bytes };
    }
    case 'expect': {
      const port = p.int(words[1], 'port');
      return { line, kind: 'expect', port, packet: p.expected(rest.slice(words[1]!.length)) };
    }
    case 'mc_mgrp_create':
      return { line, kind: 'mc_mgrp_create', group: p.int(words[1], 'multicast group') };
    case 'mc_node_create': {
      const rid = p.int(words[1], 'replication id');
      const ports = words.slice(2).map((w) => p.int(w, 'port'));
      return { line, kind: 'mc_node_create', rid, ports };
    }
    case 'mc_node_associate':
      return { line, kind: 'mc_node_associate', group: p.int(words[1], 'multicast group'), node: p.int(words[2], 'node handle') };
    case 'mirroring_add':
      return { line, kind: 'mirroring_add', session: p.int(words[1], 'mirroring session'), port: p.int(words[2], 'port') };
    case 'mirroring_add_mc':
      return { line, kind: 'mirroring_add_mc', session: p.int(words[1], 'mirroring session'), group: p.int(words[2], 'multicast group') };
    case 'register_write':
      return {
        line,
        kind: 'register_write',
        register: p.word(words, 1, 'register name'),
        index: p.int(words[2], 'register index'),
        value: p.big(words[3], 'register value'),
      };
    case 'register_read':
      return {
        line,
        kind: 'register_read',
        register: p.word(words, 1, 'register name'),
        index: p.int(words[2], 'register index'),
        expected: words[3] === undefined ? undefined : p.big(words[3], 'expected register value'),
      };
    case 'register_reset':
      return { line, kind: 'register_reset', register: p.word(words, 1, 'register name') };
    case 'check_counter': {
      const m = /^([^\s(]+)\s*\(\s*([^)\s]+)\s*\)\s*(.*)$/.exec(rest);
      if (m === null) p.fail('check_counter needs <counter>(<index>) [packets|bytes] [op] <value>');
      const cell = m[2]!.startsWith('$') ? { entryId: m[2]!.slice(1) } : { index: p.int(m[2], 'counter index') };
      const tail = m[3]!.split(/\s+/).filter((w) => w !== '');
      if (tail.length === 0) return { line, kind: 'check_counter', counter: m[1]!, cell, check: undefined };
      let field: CounterField = 'packets';
      if (tail[0]!.toLowerCase() === 'packets' || tail[0]!.toLowerCase() === 'bytes') field = tail.shift()!.toLowerCase() as CounterField;
      let comparison: Comparison = '==';
      if (COMPARISONS.includes(tail[0] as Comparison)) comparison = tail.shift() as Comparison;
      if (tail.length !== 1) p.fail(`check_counter expects one value after the comparison, got '${m[3]}'`);
      return { line, kind: 'check_counter', counter: m[1]!, cell, check: { field, comparison, value: p.big(tail[0], 'counter value') } };
    }
    case 'remove':
      if (words[1]?.toLowerCase() !== 'all') p.fail("only 'remove all' is supported");
      return { line, kind: 'remove_all' };
    case 'no_packet':
      return { line, kind: 'no_packet' };
    case 'wait':
      return { line, kind: 'wait' };
    default:
      return { line, kind: 'unknown', command };
  }
}

export function parseStf(text: string, file = 'test.stf'): StfCommand[] {
  const commands: StfCommand[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const content = hash >= 0 ? raw.slice(0, hash) : raw;
    const cmd = parseLine(new LineParser(file, i + 1), i + 1, content);
    if (cmd !== undefined) commands.push(cmd);
  });
  return commands;
}
