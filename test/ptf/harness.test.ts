// The PTF harness's own pieces, without a switch: frame layouts, masks, mismatch reports,
// target selection.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildPacket, ipv4, mac, TCP_SYN } from '../../src/packet/index.js';
import { frameLayout, FrameLayoutError, readBits } from './harness/frame-layout.js';
import { describeFrame, diffFrames } from './harness/frame-diff.js';
import { Mask } from './harness/mask.js';
import { assertFrame, PtfAssertionError } from './harness/ptf-switch.js';
import { targetKindFromEnv, TargetError } from './harness/target.js';
import { CLIENT_IP, CLIENT_MAC, CLIENT_PORT, HOST_IP, HOST_MAC, HOST_PORT } from './lb/lb-topology.js';
import { useLbSwitch } from './lb/use-lb-switch.js';

const shimmed = (overrides: { ttl?: number; identification?: number; core?: number; payload?: string } = {}) =>
  buildPacket({
    eth: { dst: mac('02:00:00:00:01:02'), src: mac('02:00:00:00:00:fe') },
    coreShim: { coreId: overrides.core ?? 7 },
    ipv4: { src: ipv4('192.0.2.10'), dst: ipv4('10.1.0.2'), ttl: overrides.ttl ?? 63, identification: overrides.identification ?? 1 },
    tcp: { srcPort: 40000, dstPort: 80, flags: TCP_SYN },
    payload: overrides.payload ?? 'hello',
  });

describe('ptf harness: frame layouts, masks and diffs', () => {
  it('lays out headers after a core shim at their real offsets', () => {
    const frame = shimmed();
    const layout = frameLayout(frame);
    assert.deepEqual(layout.layers, { eth: 0, coreShim: 14, ipv4: 18, tcp: 38 });
    const ttl = layout.fields.find((f) => f.layer === 'ipv4' && f.name === 'ttl')!;
    assert.equal(readBits(frame, ttl.bitOffset, ttl.bits), 63n);
    const core = layout.fields.find((f) => f.layer === 'coreShim' && f.name === 'coreId')!;
    assert.equal(readBits(frame, core.bitOffset, core.bits), 7n);
    assert.equal(layout.payloadOffset, 58);
  });

  it('lays out a frame it cannot parse as Ethernet plus raw bytes, and nothing below 14 bytes', () => {
    const truncated = shimmed().subarray(0, 25);
    assert.deepEqual(frameLayout(truncated).layers, { eth: 0 });
    assert.deepEqual(frameLayout(truncated.subarray(0, 5)).layers, {});
  });

  it('a mask ignores exactly the named fields; everything else still counts', () => {
    const expected = shimmed();
    const mask = new Mask(expected).ignoreIPv4Ttl().ignoreIPv4Identification().ignoreIPv4Checksum();
    assert.ok(mask.matches(shimmed({ ttl: 5, identification: 999 })));
    assert.ok(!mask.matches(shimmed({ core: 8 })));
    assert.ok(!mask.matches(shimmed({ payload: 'hellO' })));
    assert.ok(new Mask(expected).ignorePayload().ignoreTransportChecksum().matches(shimmed({ payload: 'HELLO' })));
    assert.ok(!mask.matches(expected.subarray(0, expected.length - 1)), 'lengths must match');
  });

  it('refuses to ignore a field the frame does not have, naming what it has', () => {
    assert.throws(() => new Mask(shimmed()).ignore('udp', 'checksum'), (e: unknown) => e instanceof FrameLayoutError && /has: eth, coreShim, ipv4, tcp/.test(e.message));
    assert.throws(() => new Mask(shimmed()).ignore('ipv4', 'tos'), /ipv4 has no field tos/);
  });

  it('a mismatch report names each differing field with both values, and marks bytes', () => {
    const report = diffFrames(new Mask(shimmed()), shimmed({ ttl: 62, core: 9 }));
    assert.match(report, /coreShim\.coreId: expected 0x07, got 0x09/);
    assert.match(report, /ipv4\.ttl: expected 0x3f, got 0x3e/);
    assert.match(report, /ipv4\.checksum/);
    assert.doesNotMatch(report, /ipv4\.src:/);
    assert.match(report, /\[09\]/);
    assert.equal(diffFrames(new Mask(shimmed()), shimmed()), '');
    assert.throws(() => assertFrame(shimmed({ ttl: 1 }), shimmed(), 'frame at server 2'), (e: unknown) => e instanceof PtfAssertionError && /frame at server 2 differs/.test(e.message));
  });

  it('a masked-out difference is not reported', () => {
    const report = diffFrames(new Mask(shimmed()).ignoreIPv4Ttl().ignoreIPv4Checksum(), shimmed({ ttl: 1, core: 2 }));
    assert.doesNotMatch(report, /ipv4\.ttl:/);
    assert.match(report, /coreShim\.coreId/);
  });

  it('describes every field of a frame', () => {
    const text = describeFrame(shimmed());
    assert.match(text, /^63 bytes/);
    assert.match(text, /tcp\.dstPort = 0x0050/);
    assert.match(text, /payload \(5 bytes\) = 68656c6c6f/);
  });

  it('a frame matches its own exact mask; any single flipped bit does not (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(), (payload, at) => {
        const frame = shimmed({ payload });
        const mask = new Mask(frame);
        const flipped = Uint8Array.from(frame);
        const bit = at % (frame.length * 8);
        flipped[bit >> 3]! ^= 0x80 >> (bit & 7);
        return mask.matches(Uint8Array.from(frame)) && !mask.matches(flipped) && new Mask(flipped).ignoreBits(bit, 1).matches(frame);
      }),
    );
  });

  it('P4_TARGET selects the target; an unknown one is refused', () => {
    assert.equal(targetKindFromEnv({}), 'simulator');
    assert.equal(targetKindFromEnv({ P4_TARGET: 'sim' }), 'simulator');
    assert.equal(targetKindFromEnv({ P4_TARGET: 'BMv2' }), 'bmv2');
    assert.throws(() => targetKindFromEnv({ P4_TARGET: 'tofino' }), (e: unknown) => e instanceof TargetError && /tofino/.test(e.message));
  });
});

describe('ptf harness: checks against a live switch fail when they should', () => {
  const lb = useLbSwitch();
  const toHost = () => buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: HOST_IP }, udp: { srcPort: 7, dstPort: 7 }, payload: 'ping' });
  const isPtf = (pattern: RegExp) => (e: unknown) => e instanceof PtfAssertionError && pattern.test(e.message);

  it('verifyPacket reports the differing field of a wrong frame, and a timeout names the port', async () => {
    lb().sw.sendPacket(CLIENT_PORT, toHost());
    const wrong = buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: HOST_IP, ttl: 9 }, udp: { srcPort: 7, dstPort: 7 }, payload: 'ping' });
    await assert.rejects(lb().sw.verifyPacket(HOST_PORT, wrong), isPtf(/ipv4\.ttl: expected 0x09, got 0x40/));
    await assert.rejects(lb().sw.verifyPacket(HOST_PORT, toHost(), 100), isPtf(/no packet on port 3 within 100 ms/));
  });

  it('verifyPacketAnyPort refuses a frame from a port not listed', async () => {
    lb().sw.sendPacket(CLIENT_PORT, toHost());
    await assert.rejects(lb().sw.verifyPacketAnyPort(toHost(), [1, 2]), isPtf(/out of port 3, expected one of 1, 2/));
  });

  it('verifyNoPacket and verifyNoOtherPackets fail on a frame that came out', async () => {
    lb().sw.sendPacket(CLIENT_PORT, toHost());
    await lb().sw.verifyNoPacket(HOST_PORT, buildPacket({ eth: { dst: HOST_MAC }, payload: 'other' }));
    await assert.rejects(lb().sw.verifyNoPacket(HOST_PORT), isPtf(/unexpected packet on port 3/));
    lb().sw.sendPacket(CLIENT_PORT, toHost());
    await assert.rejects(lb().sw.verifyNoOtherPackets(), isPtf(/1 unexpected packet\(s\):\nport 3/));
  });
});
