import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { P4Info } from '../../src/proto/p4/config/v1/p4info.js';
import { P4InfoFormatError, P4InfoIndex, P4InfoLookupError, closestNames, p4infoFormatOf, readP4InfoFile } from '../../src/p4runtime/index.js';
import { buildFixtureP4Info, IDS } from './support/fixture-p4info.js';

function lookupError(fn: () => unknown, check: (e: P4InfoLookupError) => void): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof P4InfoLookupError, `expected P4InfoLookupError, got ${String(e)}`);
    assert.equal(e.code, 'P4INFO_NOT_FOUND');
    check(e);
    return true;
  });
}

describe('p4runtime P4Info index', () => {
  const index = new P4InfoIndex(buildFixtureP4Info());

  it('finds objects of every kind by full name, alias and id', () => {
    assert.equal(index.table('MyIngress.redirect').id, IDS.redirect);
    assert.equal(index.table('redirect').name, 'MyIngress.redirect');
    assert.equal(index.table(IDS.acl).name, 'MyIngress.acl');
    assert.equal(index.action('ipv4_forward').id, IDS.ipv4Forward);
    assert.equal(index.actionProfiles.get('ecmp_selector').id, IDS.ecmpSelector);
    assert.equal(index.counters.get('MyIngress.service_counter').unit, 'both');
    assert.equal(index.counters.get('service_counter').size, 64n);
    assert.equal(index.directCounters.get('redirect_counter').tableId, IDS.redirect);
    assert.equal(index.meters.get('rate_meter').unit, 'bytes');
    assert.equal(index.directMeters.get('acl_meter').tableId, IDS.acl);
    assert.equal(index.registers.get('result_slots').bitwidth, 32);
    assert.equal(index.registers.get('result_slots').size, 1024);
    assert.equal(index.valueSets.get('trusted_ports').matchFields.get('port').bitwidth, 16);
    assert.equal(index.digests.get('new_flow_digest_t').id, IDS.newFlowDigest);
    assert.equal(index.packetMetadata('packet_in').id, IDS.packetIn);
  });

  it('indexes the members of each object with their widths and kinds', () => {
    const redirect = index.table('redirect');
    assert.deepEqual(redirect.matchFields.all().map((f) => [f.name, f.bitwidth, f.matchKind]), [
      ['hdr.ipv4.srcAddr', 32, 'exact'], ['hdr.ipv4.dstAddr', 32, 'exact'], ['hdr.ipv4.protocol', 8, 'exact'],
      ['meta.l4.srcPort', 16, 'exact'], ['meta.l4.dstPort', 16, 'exact'],
    ]);
    assert.equal(redirect.matchFields.get(3).name, 'hdr.ipv4.protocol');
    assert.equal(redirect.supportsIdleTimeout, true);
    assert.equal(redirect.directCounterId, IDS.redirectCounter);
    assert.equal(redirect.needsPriority, false);
    assert.equal(index.table('acl').needsPriority, true);
    assert.equal(index.table('acl').directMeterId, IDS.aclMeter);
    assert.equal(index.table('acl').matchFields.get('standard_metadata.ingress_port').matchKind, 'optional');
    assert.equal(index.table('acl').matchFields.get('meta.l4.dstPort').matchKind, 'range');
    assert.equal(index.table('ipv4_lpm').actions.get(IDS.noAction), 'default only');
    const forward = index.action('MyIngress.ipv4_forward');
    assert.deepEqual(forward.params.all().map((p) => [p.id, p.name, p.bitwidth]), [[1, 'dstAddr', 48], [2, 'port', 9]]);
    const packetIn = index.packetMetadata('packet_in');
    assert.deepEqual(packetIn.fields.all().map((f) => [f.name, f.bitwidth, f.isPadding]), [
      ['ingress_port', 9, false], ['reason', 8, false], ['_pad', 7, true],
    ]);
    assert.deepEqual(index.digests.get('new_flow_digest_t').fields?.map((f) => [f.name, f.bitwidth]), [
      ['src_addr', 32], ['dst_addr', 32], ['protocol', 8], ['server', 16], ['core', 8],
    ]);
  });

  it('names the kind, the scope and close matches of an unknown name', () => {
    lookupError(() => index.table('MyIngress.redirct'), (e) => {
      assert.equal(e.kind, 'table');
      assert.deepEqual(e.suggestions[0], 'MyIngress.redirect');
      assert.match(e.message, /unknown table 'MyIngress.redirct' in the P4Info; did you mean 'MyIngress.redirect'/);
    });
    lookupError(() => index.table('redirect').matchFields.get('hdr.ipv4.dst'), (e) => {
      assert.equal(e.kind, 'match field');
      assert.equal(e.scope, 'table MyIngress.redirect');
      assert.ok(e.suggestions.includes('hdr.ipv4.dstAddr'));
    });
    lookupError(() => index.action('ipv4_forward').params.get('prot'), (e) => {
      assert.match(e.message, /unknown action param 'prot' in action MyIngress.ipv4_forward; did you mean 'port'/);
    });
    lookupError(() => index.registers.get(0x16000099), (e) => {
      assert.match(e.message, /unknown register id 369098905 \(0x16000099\)/);
    });
    lookupError(() => index.counters.get('completely_unrelated_name_xyz'), (e) => {
      assert.deepEqual(e.suggestions, []);
    });
  });

  it('checks that an action belongs to the table and its scope', () => {
    const table = index.table('redirect');
    lookupError(() => index.tableAction(table, 'drop', false), (e) => {
      assert.equal(e.scope, 'table MyIngress.redirect');
      assert.deepEqual(e.suggestions, ['MyIngress.set_core', 'NoAction']);
    });
    assert.throws(() => index.tableAction(table, 'set_core', true), /@tableonly/);
    assert.throws(() => index.tableAction(index.table('ipv4_lpm'), 'NoAction', false), /@defaultonly/);
    assert.equal(index.tableAction(table, 'set_core', false).id, IDS.setCore);
  });

  it('rejects a P4Info with duplicate ids or dangling action references', () => {
    const duplicate = buildFixtureP4Info();
    duplicate.tables[1]!.preamble!.id = duplicate.tables[0]!.preamble!.id;
    assert.throws(() => new P4InfoIndex(duplicate), (e: unknown) => e instanceof P4InfoFormatError && /two tables with id/.test(e.message));
    const dangling = buildFixtureP4Info();
    dangling.tables[0]!.actionRefs.push({ id: 0x01999999, scope: 0, annotations: [], annotationLocations: [], structuredAnnotations: [] });
    assert.throws(() => new P4InfoIndex(dangling), /refers to action id 26843545/);
  });

  it('loads binary and JSON encodings of the same P4Info', () => {
    const p4info = buildFixtureP4Info();
    const fromBinary = P4InfoIndex.fromBinary(P4Info.encode(p4info).finish());
    const fromJson = P4InfoIndex.fromJSON(JSON.stringify(P4Info.toJSON(p4info)));
    for (const loaded of [fromBinary, fromJson]) {
      assert.deepEqual(loaded.p4info, p4info);
      assert.equal(loaded.table('acl').matchFields.get(5).bitwidth, 48);
    }
  });

  it('suggests by leaf name and edit distance', () => {
    const items = [{ id: 1, name: 'MyIngress.redirect', alias: 'redirect' }, { id: 2, name: 'MyIngress.acl', alias: 'acl' }];
    assert.deepEqual(closestNames('Other.redirect', items), ['MyIngress.redirect']);
    assert.deepEqual(closestNames('acll', items), ['MyIngress.acl']);
  });
});

describe('p4runtime P4Info files', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p4info-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads binary, JSON and text files by extension', async () => {
    const p4info = buildFixtureP4Info();
    await writeFile(join(dir, 'x.p4info.bin'), P4Info.encode(p4info).finish());
    await writeFile(join(dir, 'x.p4info.json'), JSON.stringify(P4Info.toJSON(p4info)));
    await writeFile(join(dir, 'x.p4info.txtpb'), 'tables { preamble { id: 33554433 name: "T" alias: "T" } }\n');
    assert.equal(p4infoFormatOf('a/b.P4INFO.JSON'), 'json');
    assert.equal((await readP4InfoFile(join(dir, 'x.p4info.bin'))).table('redirect').id, IDS.redirect);
    assert.equal((await readP4InfoFile(join(dir, 'x.p4info.json'))).table('acl').id, IDS.acl);
    assert.equal((await readP4InfoFile(join(dir, 'x.p4info.txtpb'))).table('T').id, 33554433);
  });

  it('names the file and the format when it does not parse', async () => {
    await writeFile(join(dir, 'bad.txt'), 'tables {');
    await assert.rejects(readP4InfoFile(join(dir, 'bad.txt')), (e: unknown) =>
      e instanceof P4InfoFormatError && e.message.startsWith(`${join(dir, 'bad.txt')} is not a usable text P4Info: `));
    await assert.rejects(readP4InfoFile(join(dir, 'missing.txt')), /ENOENT/);
  });
});
