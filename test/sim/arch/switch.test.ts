import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../../src/sim/arch/v1model/pipeline.js';
import { AmbiguousNameError, resolveName, SoftwareSwitch, UnknownNameError, type Digest, type OutputPacket } from '../../../src/sim/switch.js';

const program = (name: string) => fileURLToPath(new URL(`../conformance/programs/${name}`, import.meta.url));
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('sim switch facade', () => {
  it('resolves names exactly, by dotted suffix, then by plain suffix; reports unknown and ambiguous names', () => {
    const names = ['MyIngress.t', 'MyEgress.t', 'MyIngress.acl'];
    assert.equal(resolveName('table', 'MyEgress.t', names), 'MyEgress.t');
    assert.equal(resolveName('table', 'acl', names), 'MyIngress.acl');
    assert.equal(resolveName('table', 'cl', names), 'MyIngress.acl');
    assert.throws(() => resolveName('table', 't', names), AmbiguousNameError);
    assert.throws(() => resolveName('table', 'x', names), UnknownNameError);
  });

  it('loads P4, forwards, notifies packet listeners and counts direct counters per entry', () => {
    const clock = new ManualClock(1_000n);
    const sw = SoftwareSwitch.fromFile(program('meters.p4'), { clock: clock.now });
    const t = sw.table('t');
    clock.advance(100n);
    const entry = t.insert({ matches: [{ kind: 'exact', value: 7n }], priority: 0, action: { action: 'MyIngress.fwd', args: [4n] }, idleTimeoutNs: 0n, controllerMetadata: 0n });
    // Idle time counts from insertion until the first hit.
    assert.equal(entry.lastHitNs, 1_100n);
    clock.advance(-100n);
    const seen: OutputPacket[] = [];
    const off = sw.onPacket((p) => seen.push(p));
    clock.advance(500n);
    const out = sw.inject(0, hex('00000000 00000000 0007 01 ff'));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.port, 4);
    assert.deepEqual(seen, out);
    assert.equal(entry.packets, 1n);
    assert.equal(entry.bytes, 12n);
    assert.equal(entry.lastHitNs, 1_500n);
    assert.equal(sw.directCounter('dc').table, t);
    off();
    sw.inject(0, hex('00000000 00000000 0007 01 ff'));
    assert.equal(seen.length, 1);
    assert.equal(entry.packets, 2n);
  });

  it('a configured direct meter marks per entry (bytes): GREEN, YELLOW, RED', () => {
    const clock = new ManualClock();
    const sw = SoftwareSwitch.fromFile(program('meters.p4'), { clock: clock.now });
    const entry = sw.table('t').insert({ matches: [{ kind: 'exact', value: 7n }], priority: 0, action: { action: 'MyIngress.fwd', args: [4n] }, idleTimeoutNs: 0n, controllerMetadata: 0n });
    sw.configureDirectMeter(entry, { cir: 0, cbs: 12, pir: 0, pbs: 24 });
    assert.deepEqual(sw.directMeterConfig(entry), { cir: 0, cbs: 12, pir: 0, pbs: 24 });
    const colors = [0, 1, 2].map(() => sw.inject(0, hex('00000000 00000000 0007 01 ff'))[0]!.bytes[11]);
    assert.deepEqual(colors, [0, 1, 2]);
    // An indexed meter configured through the facade: packets, 1 token in each bucket.
    sw.configureMeter('m', 1, { cir: 0, cbs: 1, pir: 0, pbs: 1 });
    const b1 = [0, 1].map(() => sw.inject(0, hex('00000000 00000000 0000 01 00'))[0]!.bytes[10]);
    assert.deepEqual(b1, [0x10, 0x12]);
  });

  it('delivers digests from a real program with the struct serialized', () => {
    const sw = SoftwareSwitch.fromFile(program('random_log_assert.p4'), { randomSeed: 3 });
    const digests: Digest[] = [];
    sw.onDigest((d) => digests.push(d));
    sw.inject(5, hex('0a0b0c0d 00000002 0003 00 00'));
    assert.equal(digests.length, 1);
    assert.equal(digests[0]!.typeName, 'learn_t');
    // f1 (32 bits) then the 9-bit port 5, padded to whole bytes.
    assert.deepEqual([...digests[0]!.bytes], [0x0a, 0x0b, 0x0c, 0x0d, 0x02, 0x80]);
  });

  it('gives control-plane access to registers and counters by short name', () => {
    const sw = SoftwareSwitch.fromFile(program('register_rw.p4'));
    sw.register('totals').writeBits(1, 40n);
    const out = sw.inject(0, hex('00000000 00000002 0000 01 00'));
    assert.deepEqual([...out[0]!.bytes.subarray(0, 4)], [0, 0, 0, 42]);
    assert.throws(() => sw.counter('nope'), UnknownNameError);
  });

  it('reports front-end errors with file:line:col', () => {
    assert.throws(() => SoftwareSwitch.fromSource('control X( { }', 'bad.p4'), /bad\.p4:1:\d+/);
  });
});

describe('sim switch facade: clock', () => {
  it('timestamps are microseconds since the switch started, on the given clock', () => {
    const clock = new ManualClock(7_000_000n);
    const sw = SoftwareSwitch.fromFile(program('timestamps.p4'), { clock: clock.now });
    clock.advance(2_500_000n);
    const out = sw.inject(0, hex('00000000 00000000 0000 00 00'))[0]!.bytes;
    const view = new DataView(out.buffer, out.byteOffset);
    assert.equal(view.getUint32(0), 2_500);
    assert.equal(view.getUint32(4), 2_500);
    assert.equal(out[10], 1);
  });
});
