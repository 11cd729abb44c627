// lb.p4 k-set result registers and their packet_out update path (docs/dataplane.md, "Pushing a
// k-set"): slots go into the inactive bank, ACTIVATE flips it; every op is answered with a
// packet_in; bad ops are rejected without a write; FORWARD sends a frame out unchanged.
import assert from 'node:assert/strict';
import { C, DROP, OP, REASON, type Choice } from './lb/lb-switch.js';
import { clientFrame, CLIENT_MAC, CLIENT_PORT, CPU_PORT, newFlow, S1, S2, S3, SERVERS, serverFrame, TLS, WEB } from './lb/lb-topology.js';
import { buildPacket } from '../../src/packet/index.js';
import { useLbSwitch } from './lb/use-lb-switch.js';
import { assertFrame } from './harness/ptf-switch.js';

describe('ptf: lb.p4 k-set banks and packet_out', () => {
  const lb = useLbSwitch();

  async function placeOn(service = WEB): Promise<Choice> {
    const flow = newFlow(service);
    lb().sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    const { port, frame } = await lb().sw.pollPacket();
    const server = SERVERS.find((s) => s.port === port)!;
    assertFrame(frame, serverFrame(flow, server, frame[14]!), `frame at server ${server.index}`);
    return { server: server.index, core: frame[14]! };
  }

  it('answers QUERY_BANK with a packet_in: CPU port, ACK, the service and its active bank, and the payload sent', async () => {
    const bank = await lb().pushKSet(WEB.index, [{ server: S1.index, core: 1 }]);
    const reply = await lb().packetOut({ op: OP.queryBank, service: WEB.index });
    assert.deepEqual(
      { reason: reply.reason, service: reply.service, activeBank: reply.activeBank, port: reply.message.metadata.ingress_port },
      { reason: REASON.ack, service: WEB.index, activeBank: bank, port: BigInt(CPU_PORT) },
    );
    assert.match(reply.message.payload.toString(), /^nonce-/);
  });

  it('slots written into the inactive bank stay invisible until ACTIVATE flips the bank', async () => {
    const active = await lb().pushKSet(WEB.index, [{ server: S1.index, core: 21 }]);
    const inactive = 1 - active;
    for (const [slot, choice] of [{ server: S2.index, core: 22 }, { server: S2.index, core: 23 }].entries()) {
      const reply = await lb().packetOut({ op: OP.writeSlot, service: WEB.index, bank: inactive, slot, ...choice });
      assert.deepEqual([reply.reason, reply.activeBank], [REASON.ack, active]);
    }
    assert.deepEqual(await placeOn(), { server: S1.index, core: 21 });
    const reply = await lb().packetOut({ op: OP.activate, service: WEB.index, bank: inactive, count: 2 });
    assert.deepEqual([reply.reason, reply.activeBank], [REASON.ack, inactive]);
    const next = [await placeOn(), await placeOn()];
    assert.deepEqual(new Set(next.map((c) => c.core)), new Set([22, 23]));
  });

  it('rejects a write into the active bank, and it changes nothing', async () => {
    const active = await lb().pushKSet(WEB.index, [{ server: S3.index, core: 31 }]);
    const reply = await lb().packetOut({ op: OP.writeSlot, service: WEB.index, bank: active, slot: 0, server: S1.index, core: 99 });
    assert.deepEqual([reply.reason, reply.activeBank], [REASON.rejected, active]);
    assert.deepEqual(await placeOn(), { server: S3.index, core: 31 });
  });

  it('rejects out-of-range ops (slot >= 16, service >= 64, bank > 1, count > 16) and leaves the bank alone', async () => {
    const active = await lb().pushKSet(WEB.index, [{ server: S2.index, core: 41 }]);
    const inactive = 1 - active;
    const bad = [
      { op: OP.writeSlot, service: WEB.index, bank: inactive, slot: 16, server: 1, core: 1 },
      { op: OP.writeSlot, service: 64, bank: 0, slot: 0, server: 1, core: 1 },
      { op: OP.writeSlot, service: WEB.index, bank: 2, slot: 0, server: 1, core: 1 },
      { op: OP.activate, service: WEB.index, bank: inactive, count: 17 },
      { op: OP.activate, service: WEB.index, bank: 2, count: 1 },
      { op: OP.queryBank, service: 200 },
    ];
    for (const fields of bad) {
      const reply = await lb().packetOut(fields);
      assert.equal(reply.reason, REASON.rejected, `op ${JSON.stringify(fields)}`);
      assert.equal(reply.activeBank, 0, 'rejected before the bank is read');
    }
    assert.equal(await lb().activeBank(WEB.index), active);
    assert.deepEqual(await placeOn(), { server: S2.index, core: 41 });
  });

  it('holds MAX_K = 16 slots: 16 new flows take each slot once', async () => {
    const kset = Array.from({ length: 16 }, (_, i) => ({ server: SERVERS[i % 3]!.index, core: 100 + i }));
    await lb().pushKSet(TLS.index, kset);
    const placed = [];
    for (let i = 0; i < 16; i++) placed.push(await placeOn(TLS));
    assert.deepEqual(new Set(placed.map((c) => c.core)).size, 16);
  });

  it('keeps the k-sets of services apart, including the last service index (63)', async () => {
    await lb().pushKSet(63, [{ server: S3.index, core: 63 }]);
    await lb().pushKSet(WEB.index, [{ server: S1.index, core: 3 }]);
    await lb().sw.p4rt.modify({
      table: 'LbIngress.service_lookup.services', match: { dst_addr: TLS.vip, protocol: 6, dst_port: TLS.port },
      action: { name: 'LbIngress.service_lookup.set_service', params: { service: 63 } },
    });
    assert.deepEqual(await placeOn(TLS), { server: S3.index, core: 63 });
    assert.deepEqual(await placeOn(WEB), { server: S1.index, core: 3 });
  });

  it('FORWARD sends the enclosed frame out of egress_port unchanged; unknown ops are dropped and counted', async () => {
    const frame = buildPacket({ eth: { dst: CLIENT_MAC }, ipv4: {}, udp: { srcPort: 9, dstPort: 9 }, payload: 'from the controller' });
    lb().sendPacketOut({ op: OP.forward, egress_port: 7 }, frame);
    await lb().sw.verifyPacket(7, frame);
    const [invalid] = await lb().counterDeltas([[C.drop, DROP.packetOutInvalid]], async () => {
      lb().sendPacketOut({ op: 9 });
      await lb().fence();
    });
    assert.equal(invalid, 1n);
    await lb().sw.verifyNoOtherPackets();
  });

  it('simulator only: the registers read over P4Runtime hold the documented layouts', async function () {
    // BMv2's P4Runtime server answers register reads with UNIMPLEMENTED: there the packet_in
    // replies above are the only view of the banks.
    if (lb().sw.target.kind !== 'simulator') this.skip();
    const bank = await lb().pushKSet(WEB.index, [{ server: S2.index, core: 5 }, { server: 0x1234, core: 0xab }]);
    const read = async (name: string, index: number) => {
      for await (const cell of lb().sw.p4rt.readRegisters(name, index)) return cell.value;
      return undefined;
    };
    assert.equal(await read('LbIngress.kset_state.active_bank', WEB.index), BigInt(bank));
    assert.equal(await read('LbIngress.kset_state.slot_count', bank * 64 + WEB.index), 2n);
    const slot = (i: number) => read('LbIngress.kset_select.kset_slots', bank * 1024 + WEB.index * 16 + i);
    assert.deepEqual([await slot(0), await slot(1)], [BigInt(S2.index << 8 | 5), 0x1234abn]);
  });
});
