// lb.p4 new flows: services -> service index, round robin over the k slots, pending flows that
// keep their first choice until the redirect entry exists (also across a k-set change), the
// new-flow digest, pending-slot collisions, the redirect table with idle timeout.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { C, digestFields, DROP, T, type Choice } from './lb/lb-switch.js';
import {
  clientFrame, CLIENT_PORT, DNS, newFlow, protocolNumber, S1, S2, S3, SERVERS, serverFrame, TLS, WEB, type Flow,
} from './lb/lb-topology.js';
import { newFlowApartFrom, pendingIndex } from './lb/pending-index.js';
import { assertFrame } from './harness/ptf-switch.js';
import { useLbSwitch } from './lb/use-lb-switch.js';

function redirectMatch(flow: Flow) {
  return {
    src_addr: flow.srcIp, dst_addr: flow.service.vip, protocol: protocolNumber(flow.service.protocol),
    src_port: flow.srcPort, dst_port: flow.service.port,
  };
}

describe('ptf: lb.p4 new flows and pinning', () => {
  const lb = useLbSwitch();

  /** Sends a flow's packet and returns the (server, core) it reached; the frame must be exactly that server's. */
  async function place(flow: Flow, candidates: readonly Choice[]): Promise<Choice> {
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    const { port, frame } = await lb().sw.pollPacket();
    const server = SERVERS.find((s) => s.port === port);
    assert.ok(server !== undefined, `the flow left on port ${port}, not toward a server`);
    const core = frame[14]!; // core_id, first byte of the core shim after Ethernet
    assertFrame(frame, serverFrame(flow, server, core), `frame at server ${server.index}`);
    const choice = { server: server.index, core };
    assert.ok(candidates.some((c) => c.server === choice.server && c.core === choice.core), `(${choice.server}, ${choice.core}) is not in the k-set`);
    return choice;
  }

  it('maps (VIP, protocol, port) to its service: the digest and the service counter name the index', async () => {
    for (const service of [WEB, DNS, TLS]) await lb().pushKSet(service.index, [{ server: S1.index, core: service.index }]);
    for (const service of [WEB, DNS, TLS]) {
      const flow = newFlow(service);
      const [counted] = await lb().counterDeltas([[C.service, service.index]], async () => {
        lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
        await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, service.index));
      });
      assert.equal(counted, 1n);
      const digest = digestFields(await lb().sw.nextDigest('new_flow_digest_t'));
      assert.equal(digest.service, BigInt(service.index));
    }
  });

  it('sends one new-flow digest with the 5-tuple and the choice, which installs as the redirect entry', async () => {
    await lb().pushKSet(WEB.index, [{ server: S2.index, core: 4 }]);
    const flow = newFlow(WEB);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 4));
    const digest = digestFields(await lb().sw.nextDigest('new_flow_digest_t'));
    assert.deepEqual(Object.keys(digest), ['src_addr', 'dst_addr', 'protocol', 'src_port', 'dst_port', 'service', 'server', 'core']);
    assert.deepEqual(digest, {
      src_addr: BigInt(flow.srcIp), dst_addr: BigInt(WEB.vip), protocol: 6n, src_port: BigInt(flow.srcPort), dst_port: 80n,
      service: BigInt(WEB.index), server: BigInt(S2.index), core: 4n,
    });
    // The controller installs it exactly as chosen; later packets hit the entry (its direct counter counts them).
    await lb().sw.p4rt.insert({
      table: T.redirect, match: redirectMatch(flow),
      action: { name: 'LbIngress.service_lookup.pin_flow', params: { server: Number(digest.server), core: Number(digest.core) } },
    });
    for (let i = 0; i < 3; i++) {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
      await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 4));
    }
    const counted = [];
    for await (const cell of lb().sw.p4rt.readDirectCounters(T.redirect, redirectMatch(flow))) counted.push(cell.data.packetCount);
    assert.deepEqual(counted, [3n]);
    assert.deepEqual(await lb().collectDigests(), [], 'no more digests for a known flow');
  });

  it('hands out the k slots round robin across many new flows, and counts each placement per core', async () => {
    const kset: Choice[] = [
      { server: S1.index, core: 10 }, { server: S2.index, core: 11 }, { server: S3.index, core: 12 }, { server: S1.index, core: 13 },
    ];
    await lb().pushKSet(WEB.index, kset);
    const rounds = 3;
    const cells = kset.map((c) => [C.coreChoice, (c.server & 0xff) << 8 | c.core] as const);
    const placed: Choice[] = [];
    const deltas = await lb().counterDeltas(cells, async () => {
      for (let i = 0; i < kset.length * rounds; i++) placed.push(await place(newFlow(WEB), kset));
    });
    // The cursor may stand anywhere after earlier tests: the sequence is the slot order, rotated.
    const start = kset.findIndex((c) => c.server === placed[0]!.server && c.core === placed[0]!.core);
    assert.ok(start >= 0, 'the first flow got a slot of the k-set');
    assert.deepEqual(placed, placed.map((_, i) => kset[(start + i) % kset.length]));
    assert.deepEqual(deltas, kset.map(() => BigInt(rounds)));
    for (let i = 0; i < placed.length; i++) await lb().sw.nextDigest('new_flow_digest_t');
  });

  it('keeps one round-robin cursor per service: interleaved services do not disturb each other', async () => {
    const web = [{ server: S1.index, core: 51 }, { server: S2.index, core: 52 }];
    const dns = [{ server: S3.index, core: 53 }, { server: S1.index, core: 54 }, { server: S2.index, core: 55 }];
    await lb().pushKSet(WEB.index, web);
    await lb().pushKSet(DNS.index, dns);
    const placed: { web: Choice[]; dns: Choice[] } = { web: [], dns: [] };
    for (let i = 0; i < 6; i++) {
      placed.web.push(await place(newFlow(WEB), web));
      placed.dns.push(await place(newFlow(DNS), dns));
    }
    for (const [kset, seq] of [[web, placed.web], [dns, placed.dns]] as const) {
      const start = kset.findIndex((c) => c.core === seq[0]!.core);
      assert.deepEqual(seq, seq.map((_, i) => kset[(start + i) % kset.length]));
    }
  });

  it('keeps a pending flow on its first choice until its redirect entry exists, across a k-set change', async () => {
    await lb().pushKSet(WEB.index, [{ server: S1.index, core: 1 }]);
    const flow = newFlow(WEB);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 1));
    // Before the controller installs anything, later packets stay on (S1, 1) ...
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 1));
    // ... also once the k-set no longer holds it.
    await lb().pushKSet(WEB.index, [{ server: S3.index, core: 6 }]);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 1));
    const other = newFlowApartFrom(WEB, [flow]);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(other));
    await lb().sw.verifyPacket(S3.port, serverFrame(other, S3, 6));
    // One digest per flow: the first packet's.
    const digests = [await lb().sw.nextDigest('new_flow_digest_t'), await lb().sw.nextDigest('new_flow_digest_t')].map(digestFields);
    assert.deepEqual(digests.map((d) => [Number(d.src_port), Number(d.server), Number(d.core)]), [[flow.srcPort, 1, 1], [other.srcPort, 3, 6]]);
    assert.deepEqual(await lb().collectDigests(), []);
    // The redirect entry the controller writes from the digest then keeps it there.
    await lb().sw.p4rt.insert({ table: T.redirect, match: redirectMatch(flow), action: { name: 'LbIngress.service_lookup.pin_flow', params: { server: 1, core: 1 } } });
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 1));
    await lb().sw.verifyNoOtherPackets();
  });

  it('re-sends the new-flow digest of a still-pending flow on its 4th, 8th and 16th pending hit, not after its entry exists', async () => {
    await lb().pushKSet(WEB.index, [{ server: S2.index, core: 8 }]);
    const flow = newFlow(WEB);
    const sentBy: number[] = [];
    for (let packet = 1; packet <= 20; packet++) {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
      await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 8));
      for (const d of await lb().collectDigests()) {
        assert.equal(d.digest, 'new_flow_digest_t');
        assert.deepEqual(digestFields(d.data), {
          src_addr: BigInt(flow.srcIp), dst_addr: BigInt(WEB.vip), protocol: 6n, src_port: BigInt(flow.srcPort), dst_port: 80n,
          service: BigInt(WEB.index), server: BigInt(S2.index), core: 8n,
        }, 'every repeat is the original choice');
        sentBy.push(packet);
      }
    }
    // Packet 1 claims the slot; packets 5, 9 and 17 are pending hits 4, 8 and 16.
    assert.deepEqual(sentBy, [1, 5, 9, 17]);
    await lb().sw.p4rt.insert({ table: T.redirect, match: redirectMatch(flow), action: { name: 'LbIngress.service_lookup.pin_flow', params: { server: S2.index, core: 8 } } });
    for (let i = 0; i < 20; i++) {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
      await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 8));
    }
    assert.deepEqual(await lb().collectDigests(), [], 'a pinned flow sends no digests');
  });

  it('a flow whose pending slot another flow took is placed again, and the collision is counted', async () => {
    // Three slots: a, b, a take three consecutive slots, so a's second placement differs from its first.
    const kset = [{ server: S1.index, core: 1 }, { server: S2.index, core: 2 }, { server: S3.index, core: 3 }];
    await lb().pushKSet(WEB.index, kset);
    const a = newFlow(WEB);
    let b = newFlow(WEB);
    while (pendingIndex(b) !== pendingIndex(a)) b = newFlow(WEB);
    const first = await place(a, kset);
    const [collisionB] = await lb().counterDeltas([[C.pendingCollision, 0]], async () => {
      await place(b, kset);
    });
    assert.equal(collisionB, 1n, 'b evicted a');
    // a lost its pending slot: it is placed again (round robin moved on), claiming the slot back.
    let again: Choice | undefined;
    const [collisionA] = await lb().counterDeltas([[C.pendingCollision, 0]], async () => {
      again = await place(a, kset);
    });
    assert.equal(collisionA, 1n);
    assert.notDeepEqual(again, first, 'the second placement took a later slot');
    const digests = [];
    for (let i = 0; i < 3; i++) digests.push(digestFields(await lb().sw.nextDigest('new_flow_digest_t')));
    assert.deepEqual(digests.map((d) => Number(d.src_port)), [a.srcPort, b.srcPort, a.srcPort], 'each claim digests its choice');
  });

  it('drops new flows while the service has an empty k-set, without claiming a pending slot', async () => {
    await lb().pushKSet(TLS.index, []);
    const flow = newFlow(TLS);
    const [noCore] = await lb().counterDeltas([[C.drop, DROP.noCore]], async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    });
    assert.equal(noCore, 1n);
    assert.deepEqual(await lb().collectDigests(), []);
    await lb().pushKSet(TLS.index, [{ server: S3.index, core: 3 }]);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S3.port, serverFrame(flow, S3, 3));
    assert.equal(digestFields(await lb().sw.nextDigest('new_flow_digest_t')).src_port, BigInt(flow.srcPort));
  });

  it('drops VIP traffic to a port or protocol without a service', async () => {
    const [noService] = await lb().counterDeltas([[C.drop, DROP.vipNoService]], async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow({ ...WEB, port: 81 })));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow({ ...WEB, protocol: 'udp' })));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow({ ...TLS, port: 80 })));
    });
    assert.equal(noService, 3n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('reports an idle redirect entry to the controller (idle timeout), naming its 5-tuple', async () => {
    const flow = newFlow(WEB);
    await lb().sw.p4rt.insert({
      table: T.redirect, match: redirectMatch(flow), idleTimeoutNs: 100_000_000n,
      action: { name: 'LbIngress.service_lookup.pin_flow', params: { server: 2, core: 2 } },
    });
    const entries = [];
    for await (const e of lb().sw.p4rt.readTableEntries(T.redirect)) entries.push(e);
    assert.deepEqual(entries.map((e) => e.idleTimeoutNs), [100_000_000n]);
    // BMv2 sweeps for aged entries about once a second; the simulator every 100 ms.
    const notification = await lb().sw.nextIdleTimeout(() => true, 5000);
    assert.deepEqual(notification.entries.map((e) => e.match.src_port), [{ kind: 'exact', value: BigInt(flow.srcPort) }]);
  });

  it('places arbitrary client flows exactly (property: addresses, ports, payloads)', async () => {
    await lb().pushKSet(DNS.index, [{ server: S2.index, core: 200 }]);
    let port = 1024;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 0xdfffffff }), fc.uint8Array({ maxLength: 64 }), async (srcIp, payload) => {
        port += 1;
        const flow: Flow = { service: DNS, srcIp, srcPort: port };
        lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload }));
        await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 200, { payload }));
      }),
      { numRuns: 40 },
    );
    await lb().sw.verifyNoOtherPackets();
  });
});
