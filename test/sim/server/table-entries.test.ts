import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import type { Entity, TableEntry } from '../../../src/proto/p4/v1/p4runtime.js';
import { insert, modify, rejection, remove, TestClient, updateErrors, usePrimarySession } from './harness.js';
import { action, bytes, exact, lpm, Names, optional, range, tableEntity, tableEntry, ternary } from './p4info-names.js';

const entryOf = (e: Entity): TableEntry => {
  assert.equal(e.entity?.$case, 'tableEntry');
  return e.entity.value as TableEntry;
};

describe('P4Runtime server: table entries', () => {
  const session = usePrimarySession();
  let client: TestClient;
  let p4info: P4Info;
  let n: Names;
  beforeEach(() => ({ client, p4info, names: n } = session));

  const mac = (last: number, fields: Partial<TableEntry> = {}) => tableEntity(tableEntry(n.table('mac'), {
    match: [exact(1, bytes(0, 0, 0, 0, 0, last))], action: action(n.action('forward'), bytes(2)), ...fields,
  }));
  const readTable = async (alias: string, fields: Partial<TableEntry> = {}) =>
    (await client.readAll([tableEntity(tableEntry(n.table(alias), fields))])).map(entryOf);
  const failure = async (entity: Entity, type = insert) => {
    const error = await rejection(client.write([type(entity)]));
    assert.equal(error.code, status.UNKNOWN);
    const [detail] = updateErrors(error);
    return detail!;
  };

  it('inserts an exact entry and reads it back with canonical byte strings', async () => {
    await client.write([insert(tableEntity(tableEntry(n.table('mac'), {
      match: [exact(1, bytes(0, 0, 0, 0, 0, 7))], action: action(n.action('forward'), bytes(0, 3)), controllerMetadata: 9n,
      metadata: Buffer.from('cookie'),
    })))]);
    const [entry] = await readTable('mac');
    assert.deepEqual(entry!.match, [exact(1, bytes(7))]);
    assert.deepEqual(entry!.action, action(n.action('forward'), bytes(3)));
    assert.equal(entry!.controllerMetadata, 9n);
    assert.equal(entry!.metadata.toString(), 'cookie');
  });

  it('gives INSERT of an existing entry ALREADY_EXISTS, MODIFY/DELETE of a missing one NOT_FOUND', async () => {
    await client.write([insert(mac(1))]);
    assert.equal((await failure(mac(1))).canonicalCode, status.ALREADY_EXISTS);
    assert.equal((await failure(mac(2), modify)).canonicalCode, status.NOT_FOUND);
    assert.equal((await failure(mac(2), remove)).canonicalCode, status.NOT_FOUND);
  });

  it('modifies and deletes entries', async () => {
    await client.write([insert(mac(1))]);
    await client.write([modify(mac(1, { action: action(n.action('to_cpu')) }))]);
    assert.deepEqual((await readTable('mac'))[0]!.action, action(n.action('to_cpu')));
    await client.write([remove(mac(1, { action: undefined }))]);
    assert.deepEqual(await readTable('mac'), []);
  });

  it('answers an INSERT into a full table with OUT_OF_RANGE (size 4)', async () => {
    await client.write([1, 2, 3, 4].map((i) => insert(mac(i))));
    assert.equal((await failure(mac(5))).canonicalCode, status.OUT_OF_RANGE);
  });

  it('reports every update of a partly failed batch, in order, and applies the good ones', async () => {
    const error = await rejection(client.write([insert(mac(1)), insert(mac(1)), insert(mac(2)), remove(mac(9))]));
    assert.equal(error.code, status.UNKNOWN);
    assert.deepEqual(updateErrors(error).map((e) => e.canonicalCode),
      [status.OK, status.ALREADY_EXISTS, status.OK, status.NOT_FOUND]);
    assert.equal((await readTable('mac')).length, 2);
  });

  it('rejects malformed matches and actions with INVALID_ARGUMENT and a message saying why', async () => {
    const cases: [Entity, RegExp][] = [
      [tableEntity(tableEntry(12345, { match: [exact(1, bytes(1))], action: action(n.action('drop')) })), /unknown table id/],
      [mac(1, { match: [exact(1, bytes(1, 0, 0, 0, 0, 0, 0))] }), /7 bytes for a 48-bit field/],
      [mac(1, { match: [exact(2, bytes(1))] }), /unknown match field id 2/],
      [mac(1, { match: [] }), /exact key hdr.eth.dst .* missing/],
      [mac(1, { match: [exact(1, bytes(1)), exact(1, bytes(2))] }), /given twice/],
      [mac(1, { match: [lpm(1, bytes(1), 8)] }), /is exact, got a lpm match/],
      [mac(1, { match: [exact(1, Buffer.alloc(0))] }), /empty byte string/],
      [mac(1, { action: action(n.action('acl_forward'), bytes(1)) }), /not one of the table's actions/],
      [mac(1, { action: action(n.action('forward')) }), /parameter port missing/],
      [mac(1, { action: action(n.action('forward'), bytes(2, 0)) }), /does not fit in 9 bits/],
      [mac(1, { action: undefined }), /without an action/],
      [mac(1, { priority: 3 }), /priority must be 0/],
      [tableEntity(tableEntry(n.table('route'), { match: [lpm(1, bytes(10, 0, 0, 1), 8)], action: action(n.action('drop')) })),
        /bits set past the \/8 prefix/],
      [tableEntity(tableEntry(n.table('route'), { match: [lpm(1, bytes(10, 0, 0, 0), 33)], action: action(n.action('drop')) })),
        /prefix length 33/],
      [tableEntity(tableEntry(n.table('route'), { match: [lpm(1, bytes(0), 0)], action: action(n.action('drop')) })),
        /must be omitted/],
      [tableEntity(tableEntry(n.table('route'), { match: [exact(1, bytes(10, 0, 0, 0))], action: action(n.action('drop')), idleTimeoutNs: 5n })),
        /is lpm, got a exact match/],
      [tableEntity(tableEntry(n.table('route'), { match: [lpm(1, bytes(10, 0, 0, 0), 8)], action: action(n.action('drop')), idleTimeoutNs: 5n })),
        /does not support idle timeout/],
      [tableEntity(tableEntry(n.table('acl'), { match: [ternary(1, bytes(10, 0, 0, 1), bytes(255, 0, 0, 0))], action: action(n.action('drop')), priority: 1 })),
        /bits outside mask/],
      [tableEntity(tableEntry(n.table('acl'), { match: [ternary(1, bytes(0), bytes(0))], action: action(n.action('drop')), priority: 1 })),
        /mask 0 is a don't-care/],
      [tableEntity(tableEntry(n.table('acl'), { match: [range(2, bytes(9), bytes(3))], action: action(n.action('drop')), priority: 1 })),
        /low 9 above high 3/],
      [tableEntity(tableEntry(n.table('acl'), { match: [range(2, bytes(0), bytes(255))], action: action(n.action('drop')), priority: 1 })),
        /full range is a don't-care/],
      [tableEntity(tableEntry(n.table('acl'), { match: [optional(3, bytes(8, 0))], action: action(n.action('drop')) })),
        /priority must be in 1\.\./],
      [mac(1, { counterData: { packetCount: 1n, byteCount: 1n }, meterConfig: { cir: 1n, cburst: 1n, pir: 1n, pburst: 1n, eburst: 0n } }),
        /has no direct meter/],
    ];
    for (const [entity, message] of cases) {
      const detail = await failure(entity);
      assert.equal(detail.canonicalCode, status.INVALID_ARGUMENT, `${message}: ${detail.message}`);
      assert.match(detail.message, message);
    }
    assert.deepEqual(await readTable('mac'), []);
  });

  it('answers action profile actions with UNIMPLEMENTED', async () => {
    const detail = await failure(mac(1, { action: { type: { $case: 'actionProfileMemberId', value: 1 } } }));
    assert.equal(detail.canonicalCode, status.UNIMPLEMENTED);
  });

  it('handles LPM, ternary/range/optional with priorities, and reads a single entry by match', async () => {
    const route = n.table('route');
    const acl = n.table('acl');
    await client.write([
      insert(tableEntity(tableEntry(route, { match: [lpm(1, bytes(10, 0, 0, 0), 8)], action: action(n.action('forward'), bytes(1)) }))),
      insert(tableEntity(tableEntry(route, { match: [], action: action(n.action('drop')) }))),
      insert(tableEntity(tableEntry(acl, {
        match: [ternary(1, bytes(10, 0, 0, 0), bytes(255, 0, 0, 0)), range(2, bytes(6), bytes(17)), optional(3, bytes(8, 0))],
        action: action(n.action('acl_forward'), bytes(4)), priority: 10,
      }))),
      insert(tableEntity(tableEntry(acl, { match: [], action: action(n.action('drop')), priority: 1 }))),
    ]);
    const routes = await readTable('route');
    assert.equal(routes.length, 2);
    assert.ok(routes.some((r) => r.match.length === 0), 'a /0 route reads back with its match omitted');
    const one = await readTable('acl', { match: [ternary(1, bytes(10, 0, 0, 0), bytes(255, 0, 0, 0)), range(2, bytes(6), bytes(17)), optional(3, bytes(8, 0))], priority: 10 });
    assert.equal(one.length, 1);
    assert.equal(one[0]!.priority, 10);
    assert.deepEqual(one[0]!.match[2], optional(3, bytes(8, 0)));
    // Same match, other priority: a different entry.
    await client.write([insert(tableEntity(tableEntry(acl, { match: [], action: action(n.action('NoAction')), priority: 2 })))]);
    assert.equal((await readTable('acl')).length, 3);
  });

  it('reads every table with table_id 0', async () => {
    await client.write([insert(mac(1)), insert(tableEntity(tableEntry(n.table('route'), {
      match: [lpm(1, bytes(10, 0, 0, 0), 8)], action: action(n.action('drop')),
    })))]);
    const all = (await client.readAll([tableEntity(tableEntry(0))])).map(entryOf);
    assert.deepEqual(all.map((e) => e.tableId).sort(), [n.table('mac'), n.table('route')].sort());
  });

  it('modifies and reads default entries; refuses INSERT of one and a const default action', async () => {
    await client.write([modify(tableEntity(tableEntry(n.table('route'), { isDefaultAction: true, action: action(n.action('forward'), bytes(5)) })))]);
    const [entry] = await readTable('route', { isDefaultAction: true });
    assert.equal(entry!.isDefaultAction, true);
    assert.deepEqual(entry!.action, action(n.action('forward'), bytes(5)));
    const inserted = await failure(tableEntity(tableEntry(n.table('route'), { isDefaultAction: true, action: action(n.action('drop')) })));
    assert.equal(inserted.canonicalCode, status.INVALID_ARGUMENT);
    const withMatch = await failure(tableEntity(tableEntry(n.table('route'), {
      isDefaultAction: true, match: [lpm(1, bytes(10, 0, 0, 0), 8)], action: action(n.action('drop')),
    })), modify);
    assert.equal(withMatch.canonicalCode, status.INVALID_ARGUMENT);
    const constDefault = await failure(tableEntity(tableEntry(n.table('fixed'), { isDefaultAction: true, action: action(n.action('NoAction')) })), modify);
    assert.equal(constDefault.canonicalCode, status.PERMISSION_DENIED);
  });

  it('refuses writes from a client that is not the primary with PERMISSION_DENIED', async () => {
    const error = await rejection(client.write([insert(mac(1))], { electionId: { high: 0n, low: 3n } }));
    assert.equal(error.code, status.PERMISSION_DENIED);
    assert.deepEqual(await readTable('mac'), []);
  });

  it('answers unsupported atomicity with UNIMPLEMENTED and an unspecified update type with INVALID_ARGUMENT', async () => {
    assert.equal((await rejection(client.write([insert(mac(1))], { atomicity: 1 }))).code, status.UNIMPLEMENTED);
    assert.equal((await failure(mac(1), (e) => ({ type: 0, entity: e }))).canonicalCode, status.INVALID_ARGUMENT);
    assert.equal((await failure({ entity: undefined })).canonicalCode, status.INVALID_ARGUMENT);
  });

  it('streams large reads in chunks', async () => {
    await client.pushPipeline(p4info);
    const route = n.table('route');
    const updates = [];
    for (let i = 0; i < 1024; i++) {
      updates.push(insert(tableEntity(tableEntry(route, { match: [lpm(1, bytes(10, i >> 8, i & 255, 0), 24)], action: action(n.action('drop')) }))));
    }
    await client.write(updates);
    const chunks = await client.read([tableEntity(tableEntry(route))]);
    assert.ok(chunks.length >= 2, `${chunks.length} chunks`);
    assert.equal(chunks.flat().length, 1024);
  });
});
