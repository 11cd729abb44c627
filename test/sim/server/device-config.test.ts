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

  it('explains what is wrong with a bad config', () => {
    assert.throws(() => decodeDeviceConfig(Buffer.alloc(0)), /empty/);
    assert.throws(() => decodeDeviceConfig(Buffer.of(0xc3, 0x28)), /not UTF-8/);
    assert.throws(() => decodeDeviceConfig(Buffer.from('{ "source": ')), /does not parse/);
    assert.throws(() => decodeDeviceConfig(Buffer.from('{ "file": "x" }')), /needs a string "source"/);
  });
});
