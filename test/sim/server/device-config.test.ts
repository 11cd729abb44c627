import assert from 'node:assert/strict';
import { decodeDeviceConfig, encodeDeviceConfig } from '../../../src/sim/server/device-config.js';

describe('p4_device_config encoding', () => {
  it('takes plain UTF-8 text as the P4 source', () => {
    assert.deepEqual(decodeDeviceConfig(Buffer.from('#include <core.p4>\n')), { fileName: 'program.p4', source: '#include <core.p4>\n' });
  });

  it('takes a JSON envelope with file name and source, and writes one', () => {
    const program = { fileName: 'lb.p4', source: 'control c() { apply {} }' };
    assert.deepEqual(decodeDeviceConfig(encodeDeviceConfig(program)), program);
  });

  it('carries included files by relative path', () => {
    const program = { fileName: 'lb.p4', source: '#include "include/a.p4"', includes: { 'include/a.p4': 'const bit<8> A = 1;' } };
    assert.deepEqual(decodeDeviceConfig(encodeDeviceConfig(program)), program);
  });

  it('refuses include paths that could leave the include directory', () => {
    for (const path of ['/etc/passwd', '../x.p4', 'a/../../x.p4', 'a//b.p4', './a.p4']) {
      const config = Buffer.from(JSON.stringify({ source: '', includes: { [path]: '' } }));
      assert.throws(() => decodeDeviceConfig(config), /must be relative, without/, path);
    }
    assert.throws(() => decodeDeviceConfig(Buffer.from(JSON.stringify({ source: '', fileName: '../lb.p4' }))), /relative path/);
    assert.throws(() => decodeDeviceConfig(Buffer.from(JSON.stringify({ source: '', includes: { 'a.p4': 3 } }))), /must be a string/);
  });

  it('explains what is wrong with a bad config', () => {
    assert.throws(() => decodeDeviceConfig(Buffer.alloc(0)), /empty/);
    assert.throws(() => decodeDeviceConfig(Buffer.of(0xc3, 0x28)), /not UTF-8/);
    assert.throws(() => decodeDeviceConfig(Buffer.from('{ "source": ')), /does not parse/);
    assert.throws(() => decodeDeviceConfig(Buffer.from('{ "file": "x" }')), /needs a string "source"/);
  });
});
