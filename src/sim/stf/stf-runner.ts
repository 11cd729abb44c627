// Runs an STF test against a SoftwareSwitch with the semantics of p4c's BMv2 runner:
// commands run in order (packets synchronously); at the end, every port the test mentions
// (in a `packet` or `expect` line) must have sent exactly its expected packets, in order
// and byte for byte (`*` nibbles match anything; without a final `$` a longer packet
// passes); a bare `expect <port>` accepts anything on that port; ports the test never
// mentions are ignored. Control-plane errors and failed checks fail the test at their line.

import { readFileSync } from 'node:fs';
import { canonicalMatches, tableNeedsPriority } from '../runtime/table-entry-check.js';
import { type OutputPacket, SoftwareSwitch, type SwitchOptions } from '../switch.js';
import type { Replica } from '../arch/v1model/replication.js';
import type { StoredEntry } from '../runtime/abi.js';
import type { CounterCell } from '../runtime/counter.js';
import { parseStf, type Comparison, type ExpectedPacket, type StfCommand } from './stf-parser.js';
import { stfActionArgs, stfKeyMatches } from './stf-keys.js';

export interface StfFailure {
  /** STF line of the command that failed, if the failure belongs to one. */
  readonly line?: number;
  readonly port?: number;
  readonly message: string;
}

export interface StfResult {
  readonly passed: boolean;
  readonly failures: readonly StfFailure[];
  /** Commands skipped because the runner does not know them (as p4c's runner skips them). */
  readonly warnings: readonly StfFailure[];
  readonly packetsSent: number;
  readonly packetsReceived: number;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** Returns undefined when `actual` matches, else a description with the first differing position. */
export function comparePacket(expected: ExpectedPacket, actual: Uint8Array): string | undefined {
  const got = hex(actual);
  const want = expected.nibbles;
  if (got.length < want.length) return `packet too short: ${actual.length} bytes, expected ${Math.ceil(want.length / 2)}`;
  for (let i = 0; i < want.length; i++) {
    if (want[i] !== '*' && want[i] !== got[i]) {
      return `differs at byte ${Math.floor(i / 2)} (nibble ${i}): expected ${want[i]}, got ${got[i]}`;
    }
  }
  if (expected.exactLength && got.length > want.length) return `packet too long: ${actual.length} bytes, expected exactly ${want.length / 2}`;
  return undefined;
}

function compare(a: bigint, op: Comparison, b: bigint): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** Priority given to `add` lines without one in tables that need one: earlier entries win (BMv2). */
const IMPLICIT_PRIORITY_BASE = 0x7fff0000;

export class StfRunner {
  private readonly failures: StfFailure[] = [];
  private readonly warnings: StfFailure[] = [];
  private readonly received = new Map<number, Uint8Array[]>();
  private readonly expected = new Map<number, ExpectedPacket[]>();
  private readonly expectAny = new Set<number>();
  private readonly mentioned = new Set<number>();
  private readonly nodes: Replica[][] = [];
  private readonly groups = new Map<number, Replica[]>();
  private implicitPriorities = 0;
  /** Entries named with `add ... = <id>`. */
  private readonly namedEntries = new Map<string, StoredEntry>();
  /** `no_packet`: every port counts as mentioned (nothing unexpected may leave anywhere). */
  private noPacket = false;
  private packetsSent = 0;

  constructor(private readonly sw: SoftwareSwitch) {}

  run(commands: readonly StfCommand[]): StfResult {
    for (const command of commands) {
      try {
        this.execute(command);
      } catch (e) {
        this.failures.push({ line: command.line, message: e instanceof Error ? e.message : String(e) });
      }
    }
    this.checkOutputs();
    let packetsReceived = 0;
    for (const list of this.received.values()) packetsReceived += list.length;
    return { passed: this.failures.length === 0, failures: this.failures, warnings: this.warnings, packetsSent: this.packetsSent, packetsReceived };
  }

  private record(outputs: readonly OutputPacket[]): void {
    for (const out of outputs) {
      let list = this.received.get(out.port);
      if (list === undefined) {
        list = [];
        this.received.set(out.port, list);
      }
      list.push(out.bytes);
    }
  }

  private execute(c: StfCommand): void {
    const sw = this.sw;
    switch (c.kind) {
      case 'add': {
        const table = sw.table(c.table);
        const spec = table.spec;
        const needsPriority = tableNeedsPriority(spec);
        const priority = !needsPriority ? 0 : c.priority !== undefined ? c.priority + 1 : IMPLICIT_PRIORITY_BASE - this.implicitPriorities++;
        const stored = table.insert({
          matches: canonicalMatches(spec, stfKeyMatches(spec, c.keys)),
          priority,
          action: stfActionArgs(spec, c.action.name, c.action.args),
          idleTimeoutNs: 0n,
          controllerMetadata: 0n,
        });
        if (c.id !== undefined) this.namedEntries.set(c.id, stored);
        return;
      }
      case 'setdefault': {
        const table = sw.table(c.table);
        table.setDefaultAction(stfActionArgs(table.spec, c.action.name, c.action.args));
        return;
      }
      case 'packet':
        this.mentioned.add(c.port);
        this.packetsSent++;
        this.record(sw.inject(c.port, c.bytes));
        return;
      case 'expect':
        this.mentioned.add(c.port);
        if (c.packet === undefined) this.expectAny.add(c.port);
        else {
          let list = this.expected.get(c.port);
          if (list === undefined) {
            list = [];
            this.expected.set(c.port, list);
          }
          list.push(c.packet);
        }
        return;
      case 'mc_mgrp_create':
        sw.replication.writeGroup('insert', c.group, []);
        this.groups.set(c.group, []);
        return;
      case 'mc_node_create':
        // Node handles count from 0, as BMv2's pre hands them out.
        this.nodes.push(c.ports.map((port) => ({ port, rid: c.rid })));
        return;
      case 'mc_node_associate': {
        const node = this.nodes[c.node];
        if (node === undefined) throw new Error(`no multicast node with handle ${c.node}`);
        const replicas = this.groups.get(c.group) ?? [];
        replicas.push(...node);
        this.groups.set(c.group, replicas);
        sw.replication.writeGroup(sw.replication.group(c.group) === undefined ? 'insert' : 'modify', c.group, replicas);
        return;
      }
      case 'mirroring_add':
      case 'mirroring_add_mc': {
        const session = c.kind === 'mirroring_add' ? { replicas: [{ port: c.port, rid: 0 }], truncateLength: 0 } : { replicas: [], truncateLength: 0, multicastGroup: c.group };
        const op = sw.replication.session(c.session) === undefined ? 'insert' : 'modify';
        sw.replication.writeSession(op, c.session, session);
        return;
      }
      case 'register_write':
        sw.register(c.register).writeBits(c.index, c.value);
        return;
      case 'register_read': {
        const value = sw.register(c.register).readBits(c.index);
        if (c.expected !== undefined && value !== c.expected) {
          this.failures.push({ line: c.line, message: `register ${c.register}[${c.index}] is ${value}, expected ${c.expected}` });
        }
        return;
      }
      case 'register_reset':
        sw.register(c.register).reset();
        return;
      case 'check_counter': {
        const cell = this.counterCell(c.counter, c.cell);
        if (c.check === undefined) return;
        const value = c.check.field === 'packets' ? cell.packets : cell.bytes;
        if (!compare(value, c.check.comparison, c.check.value)) {
          const where = 'index' in c.cell ? String(c.cell.index) : `$${c.cell.entryId}`;
          this.failures.push({ line: c.line, message: `counter ${c.counter}(${where}) ${c.check.field} is ${value}, expected ${c.check.comparison} ${c.check.value}` });
        }
        return;
      }
      case 'remove_all':
        for (const table of sw.tables.values()) if (!table.spec.entriesConst) table.clear();
        return;
      case 'no_packet':
        this.noPacket = true;
        return;
      case 'wait':
        // Packets run to completion when sent: nothing is in flight.
        return;
      case 'unknown':
        this.warnings.push({ line: c.line, message: `ignored unknown command '${c.command}'` });
        return;
    }
  }

  /** An indexed counter's cell, or the direct-counter cells of a named entry. */
  private counterCell(name: string, cell: { readonly index: number } | { readonly entryId: string }): CounterCell {
    if ('index' in cell) return this.sw.counter(name).read(cell.index);
    const entry = this.namedEntries.get(cell.entryId);
    if (entry === undefined) throw new Error(`no entry named ${cell.entryId} (name one with 'add ... = ${cell.entryId}')`);
    this.sw.directCounter(name);
    return { packets: entry.packets, bytes: entry.bytes };
  }

  private checkOutputs(): void {
    const ports = new Set(this.mentioned);
    if (this.noPacket) for (const port of this.received.keys()) ports.add(port);
    for (const port of [...ports].sort((a, b) => a - b)) {
      if (this.expectAny.has(port)) continue;
      const want = this.expected.get(port) ?? [];
      const got = this.received.get(port) ?? [];
      for (let i = 0; i < Math.min(want.length, got.length); i++) {
        const diff = comparePacket(want[i]!, got[i]!);
        if (diff !== undefined) {
          this.failures.push({
            port,
            message: `port ${port} packet ${i}: ${diff}\n  expected ${want[i]!.nibbles}${want[i]!.exactLength ? '$' : ''}\n  received ${hex(got[i]!)}`,
          });
          break;
        }
      }
      if (want.length !== got.length) {
        const extra = got.slice(want.length).map(hex);
        this.failures.push({
          port,
          message: `port ${port}: expected ${want.length} packet(s), received ${got.length}${extra.length > 0 ? `; unexpected: ${extra.join(', ')}` : ''}`,
        });
      }
    }
  }
}

/** Runs the STF test `stfPath` against the P4 program `programPath`. Load errors throw. */
export function runStf(programPath: string, stfPath: string, options: SwitchOptions = {}): StfResult {
  const commands = parseStf(readFileSync(stfPath, 'utf8'), stfPath);
  const sw = SoftwareSwitch.fromFile(programPath, options);
  return new StfRunner(sw).run(commands);
}

function formatNote(f: StfFailure): string {
  return `  ${f.line !== undefined ? `line ${f.line}: ` : ''}${f.message}`;
}

export function formatStfResult(name: string, result: StfResult): string {
  const warnings = result.warnings.map((w) => formatNote({ ...w, message: `warning: ${w.message}` }));
  if (result.passed) return [`PASS ${name} (${result.packetsSent} sent, ${result.packetsReceived} received)`, ...warnings].join('\n');
  return [`FAIL ${name}`, ...result.failures.map(formatNote), ...warnings].join('\n');
}
