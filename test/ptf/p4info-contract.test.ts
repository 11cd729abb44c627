// p4/lb.p4 against its documented contract: the front end accepts it without warnings, and the
// P4Info generated from it has every table, key, action, parameter, register, counter, digest
// and controller-header field docs/dataplane.md documents, with the documented widths, sizes and
// order. With P4_TARGET=bmv2, p4c must compile it without warnings and its P4Info must pass the
// same checks (the controller uses p4c's P4Info there).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { P4InfoIndex, readP4InfoFile } from '../../src/p4runtime/index.js';
import { frontend } from '../../src/sim/frontend/frontend.js';
import { generateP4Info } from '../../src/sim/p4info/generate.js';
import { requireBmv2Tools } from './harness/bmv2-target.js';
import { targetKindFromEnv, TargetUnavailableError } from './harness/target.js';
import { readDataplaneDoc, type DataplaneDoc } from './lb/dataplane-doc.js';
import { LB_PROGRAM } from './lb/lb-switch.js';

/** Checks one P4Info against the document; returns every mismatch (empty: all there). */
function contractMismatches(index: P4InfoIndex, doc: DataplaneDoc): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  for (const t of doc.tables) {
    const table = index.tables.find(t.name);
    if (table === undefined) {
      problems.push(`table ${t.name} missing`);
      continue;
    }
    const keys = table.matchFields.all().map((f) => ({ name: f.name, kind: f.matchKind, bits: f.bitwidth }));
    check(JSON.stringify(keys) === JSON.stringify(t.keys), `table ${t.name}: keys ${JSON.stringify(keys)}, documented ${JSON.stringify(t.keys)}`);
    const control = t.name.slice(0, t.name.lastIndexOf('.'));
    for (const a of t.actions) {
      const action = index.actions.find(`${control}.${a.name}`);
      if (action === undefined || !table.actions.has(action.id)) {
        problems.push(`table ${t.name}: action ${control}.${a.name} missing`);
        continue;
      }
      const params = action.params.all().map((p) => ({ name: p.name, bits: p.bitwidth }));
      check(JSON.stringify(params) === JSON.stringify(a.params), `action ${action.name}: params ${JSON.stringify(params)}, documented ${JSON.stringify(a.params)}`);
    }
    const defaultName = index.actions.find(table.constDefaultActionId)?.name ?? '(none)';
    check(defaultName === t.defaultAction || defaultName === `${control}.${t.defaultAction}`, `table ${t.name}: const default ${defaultName}, documented ${t.defaultAction}`);
    check(table.supportsIdleTimeout === t.idleTimeout, `table ${t.name}: idle timeout ${table.supportsIdleTimeout}, documented ${t.idleTimeout}`);
    if (t.directCounter !== undefined) {
      const counter = table.directCounterId === undefined ? undefined : index.directCounters.find(table.directCounterId);
      check(counter?.name === `${control}.${t.directCounter}`, `table ${t.name}: direct counter ${counter?.name}, documented ${t.directCounter}`);
    }
    const meter = table.directMeterId === undefined ? undefined : index.directMeters.find(table.directMeterId);
    check(meter?.name === (t.directMeter === undefined ? undefined : `${control}.${t.directMeter}`),
      `table ${t.name}: direct meter ${meter?.name}, documented ${t.directMeter}`);
  }
  for (const r of doc.registers) {
    const register = index.registers.find(r.name);
    check(register !== undefined && register.size === r.size && register.bitwidth === r.bits,
      `register ${r.name}: ${register === undefined ? 'missing' : `size ${register.size} bit<${register.bitwidth}>`}, documented size ${r.size} bit<${r.bits}>`);
  }
  for (const c of doc.counters) {
    const counter = c.direct ? index.directCounters.find(c.name) : index.counters.find(c.name);
    const size = counter !== undefined && 'size' in counter ? Number(counter.size) : undefined;
    check(counter !== undefined && counter.unit === c.unit && size === c.size,
      `counter ${c.name}: ${counter === undefined ? 'missing' : `${counter.unit}, size ${size}`}, documented ${c.unit}, size ${c.size}`);
  }
  for (const [name, fields] of doc.digests) {
    const digest = index.digests.find(name);
    const actual = digest?.fields?.map((f) => ({ name: f.name, bits: f.bitwidth }));
    check(JSON.stringify(actual) === JSON.stringify(fields), `digest ${name}: ${JSON.stringify(actual)}, documented ${JSON.stringify(fields)}`);
  }
  for (const [name, fields] of doc.controllerHeaders) {
    const header = index.controllerPacketMetadata.find(name);
    const actual = header?.fields.all().map((f) => ({ id: f.id, name: f.name, bits: f.bitwidth, padding: f.isPadding }));
    check(JSON.stringify(actual) === JSON.stringify(fields), `${name}: ${JSON.stringify(actual)}, documented ${JSON.stringify(fields)}`);
  }
  return problems;
}

describe('ptf: lb.p4 contract (front end, P4Info, docs/dataplane.md)', () => {
  const doc = readDataplaneDoc();

  it('the document lists what the controller needs (sanity of the reader)', () => {
    assert.equal(doc.tables.length, 8);
    assert.equal(doc.registers.length, 6);
    assert.equal(doc.counters.length, 7);
    assert.deepEqual([...doc.digests.keys()], ['load_report_digest_t', 'new_flow_digest_t']);
    assert.deepEqual([...doc.controllerHeaders.values()].map((f) => f.length), [9, 5]);
  });

  it('the front end accepts p4/lb.p4 without errors or warnings', () => {
    assert.deepEqual(frontend(LB_PROGRAM).warnings, []);
  });

  it('the P4Info generated from p4/lb.p4 has every documented name, with the documented shapes', () => {
    const index = new P4InfoIndex(generateP4Info(frontend(LB_PROGRAM), { arch: 'v1model' }));
    assert.deepEqual(contractMismatches(index, doc), []);
  });

  it('a drifted document is caught (the check can fail)', () => {
    const index = new P4InfoIndex(generateP4Info(frontend(LB_PROGRAM), { arch: 'v1model' }));
    const drifted: DataplaneDoc = { ...doc, registers: [{ name: 'LbIngress.kset_select.rr_cursor', size: 64, bits: 16 }] };
    assert.equal(contractMismatches(index, drifted).length, 1);
    const unmetered: DataplaneDoc = { ...doc, tables: doc.tables.map((t) => ({ ...t, directMeter: undefined })) };
    assert.equal(contractMismatches(index, unmetered).length, 1, 'an undocumented direct meter');
    const unpadded: DataplaneDoc = {
      ...doc,
      controllerHeaders: new Map([...doc.controllerHeaders].map(([name, fields]) => [name, fields.map((f) => ({ ...f, padding: false }))])),
    };
    assert.equal(contractMismatches(index, unpadded).length, 2, 'padding fields not documented as @padding');
  });

  it('P4_TARGET=bmv2: p4c-bm2-ss compiles p4/lb.p4 without warnings and its P4Info has every documented name', async function () {
    if (targetKindFromEnv() !== 'bmv2') this.skip();
    this.timeout(120_000);
    try {
      await requireBmv2Tools();
    } catch (error) {
      if (error instanceof TargetUnavailableError) this.skip();
      throw error;
    }
    const out = mkdtempSync(join(tmpdir(), 'corelb-p4c-'));
    try {
      const { stderr } = await promisify(execFile)('p4c-bm2-ss', [
        '--std', 'p4-16', '--arch', 'v1model', '-I', dirname(LB_PROGRAM),
        '--p4runtime-files', join(out, 'lb.p4info.txtpb'), '-o', join(out, 'lb.json'), LB_PROGRAM,
      ]);
      assert.equal(stderr.trim(), '', 'p4c output (warnings)');
      assert.deepEqual(contractMismatches(await readP4InfoFile(join(out, 'lb.p4info.txtpb')), doc), []);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
