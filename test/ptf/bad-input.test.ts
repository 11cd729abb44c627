// lb.p4 on input it must not balance: IPv4 options, fragments, other protocols to a VIP, TTL 0/1,
// bad IPv4 checksums, frames too short for their headers, unknown EtherTypes, IPv6 that is not
// a report, frames that already carry a core shim. Each is dropped (and counted by reason) or
// forwarded untouched at L2, as docs/dataplane.md says.
import assert from 'node:assert/strict';
import { buildPacket } from '../../src/packet/index.js';
import { C, DROP } from './lb/lb-switch.js';
import {
  clientFrame, CLIENT_IP, CLIENT_MAC, CLIENT_PORT, HOST_IP, HOST_MAC, HOST_PORT, LB_MAC, newFlow, S1, serverFrame, VIP, WEB,
} from './lb/lb-topology.js';
import { useLbSwitch } from './lb/use-lb-switch.js';

const drops = (...reasons: number[]) => reasons.map((r) => [C.drop, r] as const);

describe('ptf: lb.p4 bad input', () => {
  const lb = useLbSwitch();

  beforeEach(async () => {
    await lb().pushKSet(WEB.index, [{ server: S1.index, core: 1 }]);
  });

  it('drops VIP traffic it cannot balance: IPv4 options, fragments (first and later), ICMP', async () => {
    const [unsupported] = await lb().counterDeltas(drops(DROP.vipUnsupported), async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow(WEB), { ipv4: { options: Uint8Array.of(1, 1, 1, 0) } }));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow(WEB), { ipv4: { moreFragments: true } }));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow(WEB), { ipv4: { fragmentOffset: 100 } }));
      lb().sw.sendPacket(CLIENT_PORT, buildPacket({ eth: { dst: LB_MAC, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: VIP, protocol: 1 }, payload: 'ping' }));
      lb().sw.sendPacket(CLIENT_PORT, buildPacket({ eth: { dst: LB_MAC, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: VIP, protocol: 47 }, payload: 'gre' }));
    });
    assert.equal(unsupported, 5n);
    await lb().sw.verifyNoOtherPackets();
    assert.deepEqual(await lb().collectDigests(), []);
  });

  it('drops VIP traffic with TTL 0 or 1; TTL 2 goes through with TTL 1', async () => {
    const [expired] = await lb().counterDeltas(drops(DROP.ttlExpired), async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow(WEB), { ipv4: { ttl: 1 } }));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow(WEB), { ipv4: { ttl: 0 } }));
    });
    assert.equal(expired, 2n);
    await lb().sw.verifyNoOtherPackets();
    const flow = newFlow(WEB);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { ipv4: { ttl: 2 } }));
    await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 1, { ipv4: { ttl: 2 } }));
  });

  it('drops IPv4 with a bad header checksum, to a VIP or not', async () => {
    const [bad] = await lb().counterDeltas(drops(DROP.ipv4Checksum), async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(newFlow(WEB), { ipv4: { checksum: 0x1234 } }));
      lb().sw.sendPacket(CLIENT_PORT, buildPacket({ eth: { dst: HOST_MAC }, ipv4: { src: CLIENT_IP, dst: HOST_IP, checksum: 0xbeef }, udp: {} }));
    });
    assert.equal(bad, 2n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('drops frames too short for their headers: under 14 bytes, truncated IPv4, truncated TCP to a VIP, truncated IPv6', async () => {
    const tcp = clientFrame(newFlow(WEB));
    const v6 = buildPacket({ eth: { dst: HOST_MAC }, ipv6: {}, payload: 'x' });
    const [parserErrors] = await lb().counterDeltas(drops(DROP.parserError), async () => {
      lb().sw.sendPacket(CLIENT_PORT, tcp.subarray(0, 10));
      lb().sw.sendPacket(CLIENT_PORT, tcp.subarray(0, 13));
      lb().sw.sendPacket(CLIENT_PORT, tcp.subarray(0, 14 + 12));
      lb().sw.sendPacket(CLIENT_PORT, tcp.subarray(0, 14 + 20 + 10));
      lb().sw.sendPacket(CLIENT_PORT, v6.subarray(0, 14 + 30));
    });
    assert.equal(parserErrors, 5n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('forwards unknown EtherTypes, IPv6 that is not a report, and IPv4 with options to a non-VIP at L2, untouched', async () => {
    const frames = [
      buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC, etherType: 0x88cc }, payload: 'lldp-ish', padTo: 60 }),
      buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC }, ipv6: { trafficClass: 0 }, udp: { srcPort: 1, dstPort: 2 }, payload: 'v6' }),
      buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: HOST_IP, options: Uint8Array.of(1, 1, 1, 0) }, tcp: {}, payload: 'opt' }),
      // A frame that already carries a core shim is not the switch's business: L2 as well.
      buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC }, coreShim: { coreId: 3 }, ipv4: { src: CLIENT_IP, dst: VIP }, tcp: {} }),
    ];
    for (const frame of frames) {
      lb().sw.sendPacket(CLIENT_PORT, frame);
      await lb().sw.verifyPacket(HOST_PORT, frame);
    }
    const [missed] = await lb().counterDeltas(drops(DROP.l2Miss), async () => {
      lb().sw.sendPacket(CLIENT_PORT, buildPacket({ eth: { dst: 0x02000000ffff, etherType: 0x9000 }, payload: 'loop', padTo: 60 }));
    });
    assert.equal(missed, 1n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('a one-byte frame does not reach any port', async () => {
    // (No zero-byte frame: what BMv2's packet interface does with one is not part of the contract.)
    const [parserErrors] = await lb().counterDeltas(drops(DROP.parserError), async () => {
      lb().sw.sendPacket(CLIENT_PORT, Uint8Array.of(0xff));
    });
    assert.equal(parserErrors, 1n);
    await lb().sw.verifyNoOtherPackets();
  });
});
