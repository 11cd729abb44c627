// The two pipeline forms the controller pushes: P4 source for the simulator (P4Info
// generated in-process, includes inlined) and a compiled program (P4Info text + BMv2
// JSON), including the bundled BMv2 example configuration.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfig } from '../../src/controller/config.js';
import { loadPipeline } from '../../src/controller/pipeline-files.js';
import { P4Info } from '../../src/p4runtime/index.js';
import { printTextProto, type JsonObject } from '../../src/textproto/index.js';
import { lbPipeline, REPO } from './support/controller-fixture.js';

describe('pipeline files', () => {
  it('for P4 source: a P4Info with lb.p4\'s names, and the program with its includes inlined in the device config', async () => {
    const bundle = await lbPipeline();
    assert.equal(bundle.p4info.tables.get('LbIngress.service_lookup.redirect').supportsIdleTimeout, true);
    const envelope = JSON.parse(Buffer.from(bundle.deviceConfig).toString('utf8')) as { fileName: string; source: string };
    assert.equal(envelope.fileName, 'lb.p4');
    assert.doesNotMatch(envelope.source, /#include "/);
    assert.match(envelope.source, /#include <v1model.p4>/);
    assert.equal((await loadPipeline({ kind: 'source', p4SourcePath: resolve(REPO, 'p4/lb.p4') })).cookie, bundle.cookie);
  });

  it('for a compiled program: the P4Info file and the device config bytes; the BMv2 example names them', async () => {
    const config = parseConfig(readFileSync(resolve(REPO, 'examples/corelb-bmv2.yaml'), 'utf8'), { baseDir: resolve(REPO, 'examples') });
    assert.deepEqual(config.pipeline, { kind: 'compiled', p4infoPath: resolve(REPO, 'build/bmv2/lb.p4info.txtpb'), deviceConfigPath: resolve(REPO, 'build/bmv2/lb.json') });
    assert.equal(config.switches[0]!.kSetWrites, 'packet-out');

    const dir = mkdtempSync(join(tmpdir(), 'corelb-pipeline-'));
    try {
      const p4infoPath = join(dir, 'lb.p4info.txtpb');
      writeFileSync(p4infoPath, printTextProto(P4Info.toJSON((await lbPipeline()).p4info.p4info) as JsonObject, 'p4.config.v1.P4Info'));
      writeFileSync(join(dir, 'lb.json'), '{"program": "lb.p4"}');
      const bundle = await loadPipeline({ kind: 'compiled', p4infoPath, deviceConfigPath: join(dir, 'lb.json') });
      assert.equal(bundle.p4info.digests.get('new_flow_digest_t').fields?.length, 8);
      assert.equal(Buffer.from(bundle.deviceConfig).toString(), '{"program": "lb.p4"}');
      writeFileSync(join(dir, 'lb.json'), '{"program": "other"}');
      assert.notEqual((await loadPipeline({ kind: 'compiled', p4infoPath, deviceConfigPath: join(dir, 'lb.json') })).cookie, bundle.cookie);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
