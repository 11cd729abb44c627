// p4/lb.p4 on a PtfSwitch, driven the way the controller drives it (docs/dataplane.md): base
// entries for the topology of lb-topology.ts, k-set pushes through packet_out with the bank
// flip, counters read over P4Runtime, and the stream fence (a QUERY_BANK round trip) that
// negative digest checks wait behind.
import { fileURLToPath } from 'node:url';
import type { P4DataValue, PacketInMessage, TableEntrySpec } from '../../../src/p4runtime/index.js';
import { PtfAssertionError, PtfSwitch } from '../harness/ptf-switch.js';
import type { TargetKind } from '../harness/target.js';
import {
  CLIENT_MAC, CLIENT_PORT, CPU_PORT, HOST_MAC, HOST_PORT, LB_MAC, protocolNumber, SERVERS, SERVICES, type Server,
} from './lb-topology.js';

export const LB_PROGRAM = fileURLToPath(new URL('../../../p4/lb.p4', import.meta.url));

/** Names from docs/dataplane.md. */
export const T = {
  reportSources: 'LbIngress.load_reports.report_sources',
  reportSourcesV6: 'LbIngress.load_reports.report_sources_v6',
  vips: 'LbIngress.service_lookup.vips',
  services: 'LbIngress.service_lookup.services',
  redirect: 'LbIngress.service_lookup.redirect',
  servers: 'LbIngress.forwarding.servers',
  snat: 'LbIngress.forwarding.snat',
  l2: 'LbIngress.forwarding.l2',
} as const;

export const C = {
  service: 'LbIngress.service_lookup.service_counter',
  server: 'LbIngress.forwarding.server_counter',
  coreChoice: 'LbIngress.kset_select.core_choice_counter',
  pendingCollision: 'LbIngress.pending_flows.pending_collision_counter',
  report: 'LbIngress.load_reports.report_counter',
  drop: 'LbIngress.drop_counter',
} as const;

export const REPORT = { acceptedL2: 0, acceptedIPv6: 1, rejectedUnknown: 2, rejectedMalformed: 3, forwarded: 4 } as const;
export const DROP = {
  parserError: 1, ipv4Checksum: 2, report: 3, vipUnsupported: 4, vipNoService: 5, ttlExpired: 6, noCore: 7, unknownServer: 8,
  l2Miss: 9, packetOutInvalid: 10, flowMeterRed: 11,
} as const;

export const OP = { forward: 0, writeSlot: 1, activate: 2, queryBank: 3 } as const;
export const REASON = { ack: 1, rejected: 2 } as const;

export interface Choice {
  readonly server: number;
  readonly core: number;
}

export interface KSetReply {
  reason: number;
  service: number;
  activeBank: number;
}

export interface PacketOutFields {
  egress_port?: number;
  op: number;
  service?: number;
  bank?: number;
  slot?: number;
  server?: number;
  core?: number;
  count?: number;
}

/** A counter cell as read: packets (and bytes for packets_and_bytes counters). */
export interface CounterValue {
  packets: bigint;
  bytes: bigint;
}

export class LbSwitch {
  private nonce = 0;

  private constructor(readonly sw: PtfSwitch) {}

  static async start(target?: TargetKind): Promise<LbSwitch> {
    const sw = await PtfSwitch.start({ programFile: LB_PROGRAM, cpuPort: CPU_PORT, target });
    const lb = new LbSwitch(sw);
    try {
      // One digest per list, sent at once: each test sees its digests without batching delays.
      const config = { maxTimeoutNs: 1_000_000n, maxListSize: 1, ackTimeoutNs: 1_000_000_000n };
      await sw.p4rt.insert([
        sw.p4rt.entities.digest({ digest: 'load_report_digest_t', config }),
        sw.p4rt.entities.digest({ digest: 'new_flow_digest_t', config }),
      ]);
      await lb.installBase();
      return lb;
    } catch (error) {
      await sw.stop();
      throw error;
    }
  }

  stop(): Promise<void> {
    return this.sw.stop();
  }

  /** The entries of the test topology, as a controller would install them from its config. */
  baseEntries(): TableEntrySpec[] {
    const entries: TableEntrySpec[] = [];
    for (const vip of new Set(SERVICES.map((s) => s.vip))) {
      entries.push({ table: T.vips, match: { dst_addr: vip }, action: 'LbIngress.service_lookup.mark_vip' });
    }
    for (const s of SERVICES) {
      entries.push({
        table: T.services,
        match: { dst_addr: s.vip, protocol: protocolNumber(s.protocol), dst_port: s.port },
        action: { name: 'LbIngress.service_lookup.set_service', params: { service: s.index } },
      });
    }
    for (const server of SERVERS) {
      entries.push(this.serverEntry(server));
      for (const s of SERVICES) {
        entries.push({
          table: T.snat,
          match: { src_addr: server.dip, protocol: protocolNumber(s.protocol), src_port: s.port },
          action: { name: 'LbIngress.forwarding.rewrite_source', params: { vip: s.vip } },
        });
      }
      entries.push({
        table: T.reportSources,
        match: { ingress_port: server.reportPort, src_ip: server.dip },
        action: { name: 'LbIngress.load_reports.accept_report', params: { server: server.index } },
      });
      entries.push({
        table: T.reportSourcesV6,
        match: { ingress_port: server.reportPort, src_addr: server.reportIPv6 },
        action: { name: 'LbIngress.load_reports.accept_report', params: { server: server.index } },
      });
    }
    entries.push({ table: T.l2, match: { dst_addr: CLIENT_MAC }, action: { name: 'LbIngress.forwarding.l2_forward', params: { port: CLIENT_PORT } } });
    entries.push({ table: T.l2, match: { dst_addr: HOST_MAC }, action: { name: 'LbIngress.forwarding.l2_forward', params: { port: HOST_PORT } } });
    return entries;
  }

  serverEntry(server: Server): TableEntrySpec {
    return {
      table: T.servers,
      match: { server: server.index },
      action: { name: 'LbIngress.forwarding.to_server', params: { dip: server.dip, server_mac: server.mac, switch_mac: LB_MAC, port: server.port } },
    };
  }

  async installBase(): Promise<void> {
    await this.sw.p4rt.insert(this.baseEntries());
  }

  /**
   * Between tests: every table entry is deleted and the base entries written again, and
   * leftover packets and stream messages are dropped. Register state (k-sets, cursors,
   * pending flows) stays, as BMv2 cannot write registers over P4Runtime: tests push the k-sets
   * they need and use flows no other test used.
   */
  async reset(): Promise<void> {
    await this.sw.reset();
    const deletes = [];
    for await (const entry of this.sw.p4rt.readTableEntries()) {
      if (!entry.isDefaultAction) deletes.push({ type: 'DELETE' as const, entity: { entity: { $case: 'tableEntry' as const, value: entry.raw } } });
    }
    if (deletes.length > 0) await this.sw.p4rt.write(deletes);
    await this.installBase();
  }

  // --- packet_out / packet_in ----------------------------------------------------------------

  /**
   * Sends a controller packet_out with `fields` and a unique payload, and returns the switch's
   * packet_in answer to it (k-set ops answer every packet_out; FORWARD does not: use sendPacketOut).
   */
  async packetOut(fields: PacketOutFields): Promise<KSetReply & { message: PacketInMessage }> {
    const payload = this.sendPacketOut(fields);
    const message = await this.sw.nextPacketIn((m) => Buffer.compare(m.payload, payload) === 0);
    return {
      reason: Number(message.metadata.reason),
      service: Number(message.metadata.service),
      activeBank: Number(message.metadata.active_bank),
      message,
    };
  }

  /** Sends a packet_out; returns the payload (a nonce unless given). `_pad` is @padding: never set here. */
  sendPacketOut(fields: PacketOutFields, payload?: Uint8Array): Buffer {
    this.nonce += 1;
    const body = Buffer.from(payload ?? Buffer.from(`nonce-${this.nonce}`));
    this.sw.p4rt.sendPacket(body, {
      egress_port: fields.egress_port ?? 0, op: fields.op, service: fields.service ?? 0, bank: fields.bank ?? 0,
      slot: fields.slot ?? 0, server: fields.server ?? 0, core: fields.core ?? 0, count: fields.count ?? 0,
    });
    return body;
  }

  async activeBank(service: number): Promise<number> {
    const reply = await this.packetOut({ op: OP.queryBank, service });
    if (reply.reason !== REASON.ack) throw new PtfAssertionError(`QUERY_BANK(${service}) was rejected`);
    return reply.activeBank;
  }

  /**
   * Pushes a k-set the controller's way: slots into the inactive bank, then ACTIVATE. Every
   * step must be acknowledged. Returns the new active bank.
   */
  async pushKSet(service: number, slots: readonly Choice[]): Promise<number> {
    const inactive = 1 - (await this.activeBank(service));
    for (const [slot, choice] of slots.entries()) {
      const reply = await this.packetOut({ op: OP.writeSlot, service, bank: inactive, slot, server: choice.server, core: choice.core });
      if (reply.reason !== REASON.ack) throw new PtfAssertionError(`WRITE_SLOT(${service}, bank ${inactive}, slot ${slot}) was rejected`);
    }
    const reply = await this.packetOut({ op: OP.activate, service, bank: inactive, count: slots.length });
    if (reply.reason !== REASON.ack || reply.activeBank !== inactive) {
      throw new PtfAssertionError(`ACTIVATE(${service}, bank ${inactive}) answered reason ${reply.reason}, bank ${reply.activeBank}`);
    }
    return inactive;
  }

  /** An in-order round trip on the stream: digests of packets sent before it have been sent. */
  readonly fence = async (): Promise<void> => {
    await this.activeBank(0);
  };

  // --- counters and digests --------------------------------------------------------------------

  async counter(name: string, index: number): Promise<CounterValue> {
    for await (const cell of this.sw.p4rt.readCounters(name, index)) {
      return { packets: cell.data.packetCount, bytes: cell.data.byteCount };
    }
    throw new PtfAssertionError(`counter ${name}[${index}] could not be read`);
  }

  /**
   * Runs `action` and returns how much each counter cell in `cells` grew meanwhile
   * (packets), in the order given.
   */
  async counterDeltas(cells: readonly (readonly [string, number])[], action: () => Promise<void>): Promise<bigint[]> {
    const before = await Promise.all(cells.map(([name, index]) => this.counter(name, index)));
    await action();
    await this.sw.settle();
    const after = await Promise.all(cells.map(([name, index]) => this.counter(name, index)));
    return after.map((a, i) => a.packets - before[i]!.packets);
  }

  /** All digests the switch has sent up to now (after the fence). */
  collectDigests(): Promise<{ digest: string; data: P4DataValue }[]> {
    return this.sw.collectDigests(this.fence);
  }
}

/** A digest struct as a record of bigints (the P4Runtime client decodes named members). */
export function digestFields(data: P4DataValue): Record<string, bigint> {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || 'isValid' in data) {
    throw new PtfAssertionError(`digest data is not a named struct: ${String(data)}`);
  }
  const out: Record<string, bigint> = {};
  for (const [name, value] of Object.entries(data)) {
    if (typeof value !== 'bigint') throw new PtfAssertionError(`digest member ${name} is not a bit<W> value`);
    out[name] = value;
  }
  return out;
}
