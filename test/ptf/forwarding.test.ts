// lb.p4 forwarding: new flows to a server (VIP->DIP, MAC, port, core shim, checksums), pinned
// flows, the return path (DIP->VIP) and non-VIP traffic at L2.
import assert from 'node:assert/strict';
import { buildPacket, parseFrame, verifyChecksums } from '../../src/packet/index.js';
import { C, DROP, T } from './lb/lb-switch.js';
import {
  clientFrame, CLIENT_IP, CLIENT_MAC, CLIENT_PORT, DNS, HOST_IP, HOST_MAC, HOST_PORT, newFlow, replyFrame, S1, S2, S3, serverFrame, VIP, WEB,
  type Flow,
} from './lb/lb-topology.js';
import { useLbSwitch } from './lb/use-lb-switch.js';

/** The transport and IPv4 checksums of a frame the switch sent, checked by src/packet. */
function assertChecksumsValid(frame: Uint8Array): void {
  const status = verifyChecksums(frame, parseFrame(frame));
  assert.deepEqual(status, { ipv4: true, transport: true }, 'checksums of the frame the switch sent');
}

const redirectEntry = (flow: Flow, server: number, core: number, idleTimeoutNs?: bigint) => ({
  table: T.redirect,
  match: {
    src_addr: flow.srcIp, dst_addr: flow.service.vip, protocol: flow.service.protocol === 'tcp' ? 6 : 17,
    src_port: flow.srcPort, dst_port: flow.service.port,
  },
  action: { name: 'LbIngress.service_lookup.pin_flow', params: { server, core } },
  ...(idleTimeoutNs === undefined ? {} : { idleTimeoutNs }),
});

describe('ptf: lb.p4 forwarding', () => {
  const lb = useLbSwitch();

  it('sends a new TCP flow to the k-set server: DIP, server MAC, port, core shim, fresh checksums', async () => {
    await lb().pushKSet(WEB.index, [{ server: S2.index, core: 7 }]);
    const flow = newFlow(WEB);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    const out = await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 7));
    assertChecksumsValid(out);
    await lb().sw.verifyNoOtherPackets();
  });

  it('rewrites UDP flows too, with a correct UDP checksum; a zero UDP checksum stays zero', async () => {
    await lb().pushKSet(DNS.index, [{ server: S1.index, core: 2 }]);
    const flow = newFlow(DNS);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload: 'query' }));
    assertChecksumsValid(await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 2, { payload: 'query' })));
    const noChecksum = newFlow(DNS);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(noChecksum, { udpChecksum: 0 }));
    await lb().sw.verifyPacket(S1.port, serverFrame(noChecksum, S1, 2, { udpChecksum: 0 }));
    await lb().sw.verifyNoOtherPackets();
  });

  it('keeps checksums right for empty, odd-length and high-byte payloads', async () => {
    await lb().pushKSet(WEB.index, [{ server: S3.index, core: 0xff }]);
    for (const payload of ['', 'x', 'odd-length payload!', '\u00ff\u00fe']) {
      const flow = newFlow(WEB);
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload }));
      assertChecksumsValid(await lb().sw.verifyPacket(S3.port, serverFrame(flow, S3, 0xff, { payload })));
    }
    await lb().sw.verifyNoOtherPackets();
  });

  it('carries TCP options through untouched (MSS, SACK-permitted, window scale)', async () => {
    await lb().pushKSet(WEB.index, [{ server: S2.index, core: 5 }]);
    const flow = newFlow(WEB);
    const tcpOptions = Uint8Array.of(2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7, 0, 0);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { tcpOptions }));
    assertChecksumsValid(await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 5, { tcpOptions })));
  });

  it('forwards a pinned flow by its redirect entry, whatever the k-set says', async () => {
    await lb().pushKSet(WEB.index, [{ server: S1.index, core: 1 }]);
    const flow = newFlow(WEB);
    await lb().sw.p4rt.insert(redirectEntry(flow, S3.index, 9));
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await lb().sw.verifyPacket(S3.port, serverFrame(flow, S3, 9));
    await lb().sw.verifyNoOtherPackets();
    const digests = await lb().collectDigests();
    assert.deepEqual(digests.filter((d) => d.digest === 'new_flow_digest_t'), [], 'a pinned flow is not new');
  });

  it('a flow pinned with pin_flow_and_mark (heavy flow) reaches its server with the DSCP set, checksums right', async () => {
    const flow = newFlow(WEB);
    await lb().sw.p4rt.insert({
      ...redirectEntry(flow, S1.index, 4),
      action: { name: 'LbIngress.service_lookup.pin_flow_and_mark', params: { server: S1.index, core: 4, dscp: 46 } },
    });
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    assertChecksumsValid(await lb().sw.verifyPacket(S1.port, serverFrame(flow, S1, 4, { ipv4: { dscp: 46 } })));
    await lb().sw.verifyNoOtherPackets();
  });

  /**
   * Three 90-byte frames of a flow whose entry meters with buckets of 100 (committed) and 200
   * (peak) bytes that barely refill (1 byte/s): the first fits both (GREEN, as is), the second
   * only the peak bucket (YELLOW, DSCP 10), the third neither (RED, dropped and counted).
   */
  async function assertGreenYellowRed(flow: Flow, entry: ReturnType<typeof redirectEntry>): Promise<void> {
    const payload = 'x'.repeat(36);
    const cells = await lb().sw.p4rt.readAll([lb().sw.p4rt.entities.directMeter({ entry: { table: T.redirect, match: entry.match } })]);
    const configs = cells.map((e) => (e.entity?.$case === 'directMeterEntry' ? e.entity.value.config : undefined));
    assert.deepEqual(configs.map((c) => c && [c.cir, c.cburst, c.pir, c.pburst]), [[1n, 100n, 1n, 200n]]);
    const [red, toServer] = await lb().counterDeltas([[C.drop, DROP.flowMeterRed], [C.server, S2.index]], async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload }));
      assertChecksumsValid(await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 6, { payload })));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload }));
      assertChecksumsValid(await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 6, { payload, ipv4: { dscp: 10 } })));
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload }));
    });
    assert.deepEqual([red, toServer], [1n, 2n]);
    await lb().sw.verifyNoOtherPackets();
    const counted = [];
    for await (const cell of lb().sw.p4rt.readDirectCounters(T.redirect, entry.match)) counted.push(cell.data.packetCount);
    assert.deepEqual(counted, [3n], 'the direct counter sees the offered packets, RED ones included');
  }

  const meteredEntry = (flow: Flow) => ({
    ...redirectEntry(flow, S2.index, 6),
    action: { name: 'LbIngress.service_lookup.pin_flow_metered', params: { server: S2.index, core: 6, dscp: 10 } },
  });
  const rates = { cir: 1, cburst: 100, pir: 1, pburst: 200 };

  it('a flow pinned with pin_flow_metered and a DirectMeterEntry: GREEN as is, YELLOW marked, RED dropped and counted', async () => {
    const flow = newFlow(WEB);
    const entry = meteredEntry(flow);
    await lb().sw.p4rt.insert(entry);
    await lb().sw.p4rt.modify(lb().sw.p4rt.entities.directMeter({ entry, config: rates }));
    await assertGreenYellowRed(flow, entry);
  });

  it('the same with the meter configuration in the table entry itself (TableEntry.meter_config, as the controller writes it)', async () => {
    const flow = newFlow(WEB);
    const entry = meteredEntry(flow);
    await lb().sw.p4rt.insert({ ...entry, meterConfig: rates });
    await assertGreenYellowRed(flow, entry);
  });

  it('an entry of another action keeps no policing from a meter configuration it still has', async () => {
    const flow = newFlow(WEB);
    const payload = 'x'.repeat(36);
    await lb().sw.p4rt.insert({ ...meteredEntry(flow), meterConfig: rates });
    // The controller turned the flow back into a plain pinned one; the meter cell keeps its rates.
    // BMv2 runs the direct meter on every hit whatever the action (the simulator only where the
    // action reads it): lb.p4 must ignore the colour here, or the third frame would be RED.
    await lb().sw.p4rt.modify(redirectEntry(flow, S2.index, 6));
    for (let i = 0; i < 4; i++) {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload }));
      await lb().sw.verifyPacket(S2.port, serverFrame(flow, S2, 6, { payload }));
    }
    await lb().sw.verifyNoOtherPackets();
  });

  it('pin_flow_metered without a meter configuration forwards everything unmarked (GREEN)', async () => {
    const flow = newFlow(WEB);
    await lb().sw.p4rt.insert({
      ...redirectEntry(flow, S3.index, 2),
      action: { name: 'LbIngress.service_lookup.pin_flow_metered', params: { server: S3.index, core: 2, dscp: 10 } },
    });
    for (let i = 0; i < 5; i++) {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow, { payload: 'y'.repeat(1000) }));
      await lb().sw.verifyPacket(S3.port, serverFrame(flow, S3, 2, { payload: 'y'.repeat(1000) }));
    }
    await lb().sw.verifyNoOtherPackets();
  });

  it('drops a flow pinned to a server index the servers table lacks (and counts it)', async () => {
    const flow = newFlow(WEB);
    await lb().sw.p4rt.insert(redirectEntry(flow, 77, 1));
    const [dropped] = await lb().counterDeltas([[C.drop, DROP.unknownServer]], async () => {
      lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    });
    assert.equal(dropped, 1n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('return path: a server reply from (DIP, service port) leaves with the VIP as source, checksums fixed', async () => {
    for (const service of [WEB, DNS]) {
      const flow = newFlow(service);
      lb().sw.sendPacket(S2.port, replyFrame(flow, S2));
      assertChecksumsValid(await lb().sw.verifyPacket(CLIENT_PORT, replyFrame(flow, S2, VIP)));
    }
    await lb().sw.verifyNoOtherPackets();
  });

  it('non-VIP traffic is forwarded by the L2 table untouched, and dropped on an L2 miss', async () => {
    const toHost = buildPacket({ eth: { dst: HOST_MAC, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: HOST_IP }, tcp: { srcPort: 5555, dstPort: 22 }, payload: 'ssh' });
    lb().sw.sendPacket(CLIENT_PORT, toHost);
    await lb().sw.verifyPacket(HOST_PORT, toHost);
    const arp = buildPacket({ eth: { dst: CLIENT_MAC, src: HOST_MAC, etherType: 0x0806 }, payload: new Uint8Array(28), padTo: 60 });
    lb().sw.sendPacket(HOST_PORT, arp);
    await lb().sw.verifyPacket(CLIENT_PORT, arp);
    const unknown = buildPacket({ eth: { dst: 0x02000000abcd, src: CLIENT_MAC }, ipv4: { src: CLIENT_IP, dst: HOST_IP }, udp: { srcPort: 1, dstPort: 2 } });
    const [missed] = await lb().counterDeltas([[C.drop, DROP.l2Miss]], async () => {
      lb().sw.sendPacket(CLIENT_PORT, unknown);
    });
    assert.equal(missed, 1n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('a reply from a DIP on a port that is not a service port is not rewritten', async () => {
    const flow = newFlow({ ...WEB, port: 8080 });
    const reply = replyFrame(flow, S1);
    lb().sw.sendPacket(S1.port, reply);
    await lb().sw.verifyPacket(CLIENT_PORT, reply);
    await lb().sw.verifyNoOtherPackets();
  });

  it('counts packets and bytes (as received) per service and per server, and placements per core', async () => {
    await lb().pushKSet(WEB.index, [{ server: S2.index, core: 8 }]);
    const flows = [newFlow(WEB), newFlow(WEB)];
    const frames = flows.map((f, i) => clientFrame(f, { payload: 'x'.repeat(10 * i) }));
    const cells = [[C.service, WEB.index], [C.server, S2.index], [C.coreChoice, S2.index << 8 | 8]] as const;
    const before = await Promise.all(cells.map(([name, index]) => lb().counter(name, index)));
    for (const [i, frame] of frames.entries()) {
      lb().sw.sendPacket(CLIENT_PORT, frame);
      await lb().sw.verifyPacket(S2.port, serverFrame(flows[i]!, S2, 8, { payload: 'x'.repeat(10 * i) }));
    }
    const after = await Promise.all(cells.map(([name, index]) => lb().counter(name, index)));
    const bytes = BigInt(frames[0]!.length + frames[1]!.length);
    assert.deepEqual(after.map((a, i) => a.packets - before[i]!.packets), [2n, 2n, 2n]);
    // BMv2 counts the packet as it entered ingress (before the core shim); the simulator too.
    assert.deepEqual(after.slice(0, 2).map((a, i) => a.bytes - before[i]!.bytes), [bytes, bytes]);
  });
});
