import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Entity, type FieldMatch, type TableEntry, type Update, Update_Type, WriteRequest, WriteRequest_Atomicity,
} from '../../../src/proto/p4/v1/p4runtime.js';
import type { DigestEngine } from '../../../src/sim/server/digest-engine.js';
import { Device } from '../../../src/sim/server/device.js';
import type { EntityContext } from '../../../src/sim/server/entities.js';
import type { Pipeline } from '../../../src/sim/server/pipeline.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import { readTableEntries } from '../../../src/sim/server/table-entries.js';
import { applyUpdates } from '../../../src/sim/server/write-batch.js';
import { decodeWriteRequest, TableEntryUpdate } from '../../../src/sim/server/write-request-decoder.js';
import { PROGRAM_SOURCE } from './harness.js';
import { action, bytes, exact, lpm, Names, optional, range, tableEntity, tableEntry, ternary } from './p4info-names.js';

/** A request as plain data: a TableEntryUpdate's entity is built on demand. */
const plain = (request: WriteRequest) => ({ ...request, updates: request.updates.map((u: Update) => ({ type: u.type, entity: u.entity })) });

/** What a decoder makes of the bytes: the request, or the error it throws. */
function outcome(decode: (b: Uint8Array) => WriteRequest, wire: Uint8Array): { request?: WriteRequest; error?: string } {
  try {
    return { request: decode(wire) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const request = (updates: Update[]): WriteRequest => ({
  deviceId: 1n, roleId: 0n, role: '', electionId: { high: 0n, low: 1n }, updates, atomicity: WriteRequest_Atomicity.CONTINUE_ON_ERROR,
});

// Table entries of the test program's tables (mac: exact 48 bits; route: LPM 32; acl: ternary 32,
// range 8, optional 16; fixed: exact 16, const default), valid and not.
// Mostly short byte strings; now and then one whose length takes a two-byte varint.
const smallBytes = fc.oneof(
  { weight: 20, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 7 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 120, maxLength: 300 }) },
).map((b) => Buffer.from(b));
/** Small ids, and now and then one above 2^31. */
const someId = (max: number) => fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 32 - 1 }) });
const fieldMatch: fc.Arbitrary<FieldMatch> = fc.record({
  fieldId: someId(4),
  fieldMatchType: fc.oneof(
    fc.constant(undefined),
    smallBytes.map((value) => ({ $case: 'exact' as const, value: { value } })),
    fc.record({ value: smallBytes, prefixLen: fc.integer({ min: -2, max: 50 }) }).map((value) => ({ $case: 'lpm' as const, value })),
    fc.record({ value: smallBytes, mask: smallBytes }).map((value) => ({ $case: 'ternary' as const, value })),
    fc.record({ low: smallBytes, high: smallBytes }).map((value) => ({ $case: 'range' as const, value })),
    smallBytes.map((value) => ({ $case: 'optional' as const, value: { value } })),
  ),
});

function entryArbitrary(tableIds: number[], actionIds: number[]): fc.Arbitrary<TableEntry> {
  return fc.record({
    tableId: fc.oneof(fc.constantFrom(...tableIds), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    match: fc.array(fieldMatch, { maxLength: 4 }),
    action: fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant({ type: undefined }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((id) => ({ type: { $case: 'actionProfileMemberId' as const, value: id } })) },
      {
        weight: 8,
        arbitrary: fc.record({
          actionId: fc.oneof(fc.constantFrom(...actionIds), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
          params: fc.array(fc.record({ paramId: someId(3), value: smallBytes }), { maxLength: 3 }),
        }).map((value) => ({ type: { $case: 'action' as const, value } })),
      },
    ),
    priority: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 5 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
    controllerMetadata: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    meterConfig: fc.option(fc.record({
      cir: fc.bigInt({ min: -5n, max: 1000n }), cburst: fc.bigInt({ min: -5n, max: 1000n }), pir: fc.bigInt({ min: -5n, max: 1000n }),
      pburst: fc.bigInt({ min: -5n, max: 1000n }), eburst: fc.bigInt({ min: 0n, max: 10n }),
    }), { nil: undefined, freq: 8 }),
    counterData: fc.option(fc.record({ byteCount: fc.bigInt({ min: 0n, max: 1000n }), packetCount: fc.bigInt({ min: 0n, max: 1000n }) }), { nil: undefined, freq: 8 }),
    meterCounterData: fc.constant(undefined),
    isDefaultAction: fc.boolean().map((b) => b && Math.random() < 0.2),
    idleTimeoutNs: fc.oneof(fc.constant(0n), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    timeSinceLastHit: fc.constant(undefined),
    metadata: smallBytes,
    isConst: fc.boolean(),
  });
}

/** `value` as a byte string for a `width`-bit field: shortest, or padded with leading zeros. */
const bitstring = (value: number, width: number, padded: boolean): Buffer => {
  const length = padded ? Math.ceil(width / 8) : Math.max(1, Math.ceil(Math.log2(value + 1) / 8));
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
};
const field = (width: number, max = 2 ** Math.min(width, 31) - 1) =>
  fc.tuple(fc.integer({ min: 0, max }), fc.boolean()).map(([v, padded]) => bitstring(v, width, padded));

/** Entries the program's tables take (small value domains, so duplicates and misses happen). */
function validEntry(names: Names): fc.Arbitrary<TableEntry> {
  const direct = (name: string, ...params: fc.Arbitrary<Buffer>[]) =>
    fc.tuple(...params).map((values) => action(names.action(name), ...values));
  const mac = fc.record({
    match: field(48, 5).map((v) => [exact(1, v)]),
    action: fc.oneof(direct('forward', field(9)), direct('drop'), direct('to_cpu'), direct('set_mcast', field(16))),
    idleTimeoutNs: fc.constantFrom(0n, 5n, 10_000_000_000n),
    counterData: fc.option(fc.record({ byteCount: fc.bigInt({ min: 0n, max: 99n }), packetCount: fc.bigInt({ min: 0n, max: 9n }) }), { nil: undefined }),
    controllerMetadata: fc.bigInt({ min: 0n, max: 3n }),
    metadata: fc.constantFrom(Buffer.alloc(0), bytes(1, 2, 3)),
  }).map((fields) => tableEntry(names.table('mac'), fields));
  const route = fc.record({
    match: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 32 }), fc.boolean()).map(([v, prefixLen, padded]) =>
      [lpm(1, bitstring(((v * 2 ** 30 + 0x0a000000) & (prefixLen === 32 ? -1 : ~(0xffffffff >>> prefixLen))) >>> 0, 32, padded), prefixLen)]),
    action: fc.oneof(direct('forward', field(9)), direct('drop'), direct('NoAction')),
  }).map((fields) => tableEntry(names.table('route'), fields));
  const acl = fc.record({
    ternary: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0xff, 0xff00ff, 0xffffffff)).map(([v, m]) => ternary(1, bitstring(v & m, 32, false), bitstring(m, 32, true))), { nil: undefined }),
    range: fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 6, max: 254 })).map(([low, high]) => range(2, bitstring(low, 8, false), bitstring(high, 8, false))), { nil: undefined }),
    optional: fc.option(field(16, 3).map((v) => optional(3, v)), { nil: undefined }),
    priority: fc.integer({ min: 1, max: 4 }),
    action: fc.oneof(direct('acl_forward', field(9)), direct('drop'), direct('NoAction')),
    meterConfig: fc.option(fc.constant({ cir: 10n, cburst: 5n, pir: 20n, pburst: 5n, eburst: 0n }), { nil: undefined }),
  }).map(({ ternary: t, range: r, optional: o, ...fields }) =>
    tableEntry(names.table('acl'), { ...fields, match: [t, r, o].filter((m) => m !== undefined) }));
  return fc.oneof(mac, route, acl);
}

const updateType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(Update_Type.INSERT, Update_Type.INSERT, Update_Type.MODIFY, Update_Type.DELETE) },
  { weight: 1, arbitrary: fc.integer({ min: -1, max: 6 }) as fc.Arbitrary<Update_Type> },
);

/** Byte-level damage: overwritten, dropped and inserted bytes, or a cut. */
const damage = fc.array(fc.tuple(fc.constantFrom('set', 'drop', 'insert', 'cut'), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });

function damaged(wire: Uint8Array, edits: [string, number, number][]): Uint8Array {
  const bytes = [...wire];
  for (const [kind, at, value] of edits) {
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (kind === 'set') bytes[i] = value;
    else if (kind === 'drop') bytes.splice(i, 1);
    else if (kind === 'insert') bytes.splice(i, 0, value);
    else bytes.length = i;
  }
  return Uint8Array.from(bytes);
}

describe('WriteRequest decoding in place', () => {
  let names: Names;
  let fast: Pipeline;
  let reference: Pipeline;
  let tableIds: number[];
  let actionIds: number[];

  before(async () => {
    const devices = [0, 1].map(() => new Device({ deviceId: 1n, loader: simPipelineLoader() }));
    for (const device of devices) await device.commitProgram({ fileName: 'p4rt.p4', source: PROGRAM_SOURCE });
    [fast, reference] = devices.map((d) => d.pipeline!) as [Pipeline, Pipeline];
    names = new Names(fast.config.p4info);
    tableIds = ['mac', 'route', 'acl', 'fixed'].map((t) => names.table(t));
    actionIds = ['forward', 'drop', 'to_cpu', 'set_mcast', 'acl_forward', 'NoAction'].map((a) => names.action(a));
  });

  const anyEntry = () => fc.oneof({ weight: 4, arbitrary: validEntry(names) }, { weight: 1, arbitrary: entryArbitrary(tableIds, actionIds) });

  // Table entries only: the digest engine is never reached.
  const context = (pipeline: Pipeline): EntityContext => ({ pipeline, digests: undefined as unknown as DigestEngine });
  const contents = (pipeline: Pipeline) =>
    [...readTableEntries(pipeline, tableEntry(0, { counterData: { byteCount: 0n, packetCount: 0n } }))];
  const results = (pipeline: Pipeline, updates: Update[]) =>
    applyUpdates(context(pipeline), updates).map((r) => (r === undefined ? 'OK' : `${r.code} ${r.message}`));
  const clear = (): void => {
    for (const pipeline of [fast, reference]) for (const table of pipeline.index.tables.values()) table.runtime.clear();
  };

  /** Decodes `wire` both ways; where both succeed, applies each to its own pipeline and compares what happened. */
  function checkSame(wire: Uint8Array): void {
    const mine = outcome(decodeWriteRequest, wire);
    const theirs = outcome((b) => WriteRequest.decode(b), wire);
    assert.deepEqual(mine.error, theirs.error);
    if (mine.request === undefined) return;
    assert.deepStrictEqual(plain(mine.request), theirs.request);
    assert.deepEqual(results(fast, mine.request.updates), results(reference, theirs.request!.updates));
    assert.deepStrictEqual(contents(fast), contents(reference));
  }

  it('reads plain table-entry updates in place, and means what the generated decoder means', () => {
    const mac = (last: number) => tableEntity(tableEntry(names.table('mac'), {
      match: [exact(1, bytes(0, 0, 0, 0, 0, last))], action: action(names.action('forward'), bytes(1)), metadata: bytes(7, 7),
    }));
    const wire = WriteRequest.encode(request([1, 2, 3].map((i) => ({ type: Update_Type.INSERT, entity: mac(i) })))).finish();
    const decoded = decodeWriteRequest(wire);
    assert.ok(decoded.updates.every((u) => u instanceof TableEntryUpdate));
    clear();
    checkSame(wire);
    assert.equal(contents(fast).length, 3);
  });

  it('hands other entities to the generated decoder', () => {
    const counter = { entity: { $case: 'counterEntry' as const, value: { counterId: names.counter('port_counter'), index: { index: 1n }, data: undefined } } };
    const decoded = decodeWriteRequest(WriteRequest.encode(request([{ type: Update_Type.MODIFY, entity: counter }])).finish());
    assert.ok(!(decoded.updates[0] instanceof TableEntryUpdate));
    assert.deepStrictEqual(decoded.updates[0], { type: Update_Type.MODIFY, entity: counter });
  });

  it('leaves a table entry given twice in one update to the generated decoder (the later one wins)', () => {
    const entry = (last: number) => Entity.encode(tableEntity(tableEntry(names.table('mac'), {
      match: [exact(1, bytes(last))], action: action(names.action('drop')),
    }))).finish();
    const update = Buffer.concat([Buffer.of(0x08, Update_Type.INSERT), ...[1, 2].map((last) => {
      const entity = entry(last);
      return Buffer.concat([Buffer.of(0x12, entity.length), entity]);
    })]);
    const wire = Buffer.concat([Buffer.of(0x22, update.length), update]);
    const decoded = decodeWriteRequest(wire);
    assert.ok(!(decoded.updates[0] instanceof TableEntryUpdate));
    clear();
    checkSame(wire);
    assert.deepEqual(contents(fast).map((e) => e.entity?.$case === 'tableEntry' && e.entity.value.match), [[exact(1, bytes(2))]]);
  });

  it('gives random table-entry writes the same outcome, update by update, as the generated decoder', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ type: updateType, entry: anyEntry() }), { minLength: 1, maxLength: 16 }),
      (updates) => {
        clear();
        checkSame(WriteRequest.encode(request(updates.map(({ type, entry }) => ({ type, entity: tableEntity(entry) })))).finish());
      },
    ), { numRuns: 400 });
  });

  it('decodes damaged requests as the generated decoder does, or fails with its error', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ type: updateType, entry: anyEntry() }), { minLength: 1, maxLength: 4 }),
      damage,
      (updates, edits) => {
        clear();
        const wire = WriteRequest.encode(request(updates.map(({ type, entry }) => ({ type, entity: tableEntity(entry) })))).finish();
        checkSame(damaged(wire, edits));
      },
    ), { numRuns: 1500 });
  });

  it('decodes random bytes as the generated decoder does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (wire) => {
      clear();
      checkSame(wire);
    }), { numRuns: 500 });
  });
});
