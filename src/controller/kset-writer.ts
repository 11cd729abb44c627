// Putting a service's k-set into one switch's result registers without a moment where
// new flows could read a half-written set: the slots go into the inactive bank, then one
// operation makes that bank active (docs/dataplane.md). Two ways, chosen per switch:
//
//   packet-out (BMv2, whose P4Runtime server cannot write registers): WRITE_SLOT
//     packet-outs for the inactive bank, wait for every ACK, then ACTIVATE; QUERY_BANK
//     learns the active bank when it is not known. Each packet-out carries a 32-bit
//     sequence number as payload, which the data plane echoes in its packet-in reply,
//     so replies are matched to requests exactly.
//   registers (the simulator): one Write with the slots and the slot count of the
//     inactive bank, then a second Write that flips active_bank.
//
// A push to one service waits for the previous push to the same service on the same
// switch (the bank choice depends on it). Any failure forgets the active bank, so the
// next push asks the switch again instead of trusting a guess.

import { type PacketInMessage, P4RuntimeError, P4RuntimeWriteError, type SwitchConnection } from '../p4runtime/index.js';
import { KSET_SLOTS_BANK_STRIDE, PACKET_IN_REASON, PACKET_OUT_OP, REGISTERS, SLOT_COUNT_BANK_STRIDE } from './dataplane-names.js';
import type { RegisterSlots } from './kset.js';
import { MAX_K } from './limits.js';

export type KSetPushErrorCode = 'KSET_PUSH_REJECTED' | 'KSET_PUSH_TIMEOUT' | 'KSET_PUSH_CLOSED';

export class KSetPushError extends Error {
  constructor(readonly code: KSetPushErrorCode, message: string) {
    super(message);
    this.name = 'KSetPushError';
  }
}

export interface KSetWriter {
  /** Writes the slots into the inactive bank and activates it; resolves once the switch confirmed it. */
  push(slots: RegisterSlots): Promise<void>;
  /** The active bank of a service as last confirmed, if known. */
  activeBank(serviceIndex: number): number | undefined;
  /** Stops listening; pending pushes reject. */
  close(): void;
}

/** Serialises work per service and keeps the banks it learned. */
abstract class BankTrackingWriter implements KSetWriter {
  protected readonly banks = new Map<number, number>();
  private readonly chains = new Map<number, Promise<void>>();

  push(slots: RegisterSlots): Promise<void> {
    if (slots.count > MAX_K || slots.slots.length !== MAX_K) throw new RangeError(`service ${slots.serviceIndex}: register slots must be ${MAX_K} with count <= ${MAX_K}`);
    const previous = this.chains.get(slots.serviceIndex) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      try {
        await this.write(slots);
      } catch (error) {
        this.banks.delete(slots.serviceIndex);
        throw error;
      }
    });
    this.chains.set(slots.serviceIndex, run);
    return run;
  }

  activeBank(serviceIndex: number): number | undefined {
    return this.banks.get(serviceIndex);
  }

  abstract close(): void;
  protected abstract write(slots: RegisterSlots): Promise<void>;
}

interface PendingReply {
  resolve(reply: { reason: number; activeBank: number }): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class PacketOutKSetWriter extends BankTrackingWriter {
  private nextSeq = 1;
  private readonly pending = new Map<number, PendingReply>();
  private readonly onPacketIn = (packet: PacketInMessage): void => this.receive(packet);

  constructor(
    private readonly conn: SwitchConnection,
    private readonly replyTimeoutMs = 2000,
  ) {
    super();
    conn.on('packetIn', this.onPacketIn);
  }

  protected async write(slots: RegisterSlots): Promise<void> {
    const service = slots.serviceIndex;
    let bank = this.banks.get(service);
    if (bank === undefined) {
      bank = (await this.request({ op: PACKET_OUT_OP.queryBank, service }, `QUERY_BANK(service ${service})`)).activeBank;
    }
    const target = 1 - bank;
    const writes: Promise<unknown>[] = [];
    for (let slot = 0; slot < slots.count; slot++) {
      const { serverIndex, coreId } = slots.slots[slot]!;
      writes.push(this.request({ op: PACKET_OUT_OP.writeSlot, service, bank: target, slot, server: serverIndex, core: coreId }, `WRITE_SLOT(service ${service}, bank ${target}, slot ${slot})`));
    }
    await Promise.all(writes);
    const reply = await this.request({ op: PACKET_OUT_OP.activate, service, bank: target, count: slots.count }, `ACTIVATE(service ${service}, bank ${target})`);
    if (reply.activeBank !== target) throw new KSetPushError('KSET_PUSH_REJECTED', `ACTIVATE(service ${service}, bank ${target}) left bank ${reply.activeBank} active`);
    this.banks.set(service, target);
  }

  private request(fields: { op: number; service: number; bank?: number; slot?: number; server?: number; core?: number; count?: number }, what: string): Promise<{ reason: number; activeBank: number }> {
    const seq = this.nextSeq;
    this.nextSeq = this.nextSeq >= 0xffffffff ? 1 : this.nextSeq + 1;
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(seq);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new KSetPushError('KSET_PUSH_TIMEOUT', `${what}: no reply from ${this.conn.address} within ${this.replyTimeoutMs} ms`));
      }, this.replyTimeoutMs);
      this.pending.set(seq, {
        resolve: (reply) => {
          if (reply.reason === PACKET_IN_REASON.ksetAck) resolve(reply);
          else reject(new KSetPushError('KSET_PUSH_REJECTED', `${what}: rejected by ${this.conn.address} (active bank ${reply.activeBank})`));
        },
        reject,
        timer,
      });
      try {
        // egress_port only matters to FORWARD; `_pad` is @padding, which the client fills in.
        this.conn.sendPacket(payload, {
          egress_port: 0, op: fields.op, service: fields.service, bank: fields.bank ?? 0, slot: fields.slot ?? 0,
          server: fields.server ?? 0, core: fields.core ?? 0, count: fields.count ?? 0,
        });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(seq);
        reject(error as Error);
      }
    });
  }

  private receive(packet: PacketInMessage): void {
    const reason = Number(packet.metadata['reason'] ?? 0n);
    if (reason !== PACKET_IN_REASON.ksetAck && reason !== PACKET_IN_REASON.ksetRejected) return;
    if (packet.payload.length < 4) return;
    const seq = packet.payload.readUInt32BE(0);
    const pending = this.pending.get(seq);
    if (pending === undefined) return; // a reply after its timeout, or to another controller
    this.pending.delete(seq);
    clearTimeout(pending.timer);
    pending.resolve({ reason, activeBank: Number(packet.metadata['active_bank'] ?? 0n) });
  }

  close(): void {
    this.conn.off('packetIn', this.onPacketIn);
    for (const [seq, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new KSetPushError('KSET_PUSH_CLOSED', `k-set writer for ${this.conn.address} closed (request ${seq} unanswered)`));
    }
    this.pending.clear();
  }
}

export class RegisterKSetWriter extends BankTrackingWriter {
  constructor(private readonly conn: SwitchConnection) {
    super();
  }

  protected async write(slots: RegisterSlots): Promise<void> {
    const service = slots.serviceIndex;
    let bank = this.banks.get(service);
    if (bank === undefined) {
      bank = 0;
      for await (const cell of this.conn.readRegisters(REGISTERS.activeBank, service)) bank = Number(cell.value ?? 0n);
    }
    const target = 1 - bank;
    const e = this.conn.entities;
    const cells = [];
    for (let slot = 0; slot < slots.count; slot++) {
      const { serverIndex, coreId } = slots.slots[slot]!;
      cells.push(e.register({ register: REGISTERS.ksetSlots, index: target * KSET_SLOTS_BANK_STRIDE + service * MAX_K + slot, value: (serverIndex << 8) | coreId }));
    }
    cells.push(e.register({ register: REGISTERS.slotCount, index: target * SLOT_COUNT_BANK_STRIDE + service, value: slots.count }));
    await this.conn.modify(cells);
    await this.conn.modify(e.register({ register: REGISTERS.activeBank, index: service, value: target }));
    this.banks.set(service, target);
  }

  close(): void {}
}

function isUnimplemented(error: unknown): boolean {
  if (error instanceof P4RuntimeWriteError && error.failures.length > 0) return error.failures.some((f) => f.code === 'UNIMPLEMENTED');
  return error instanceof P4RuntimeError && error.code === 'UNIMPLEMENTED';
}

/**
 * Register writes where the target supports them; the first UNIMPLEMENTED answer (BMv2)
 * switches this switch to packet-outs for good, and the push is retried that way.
 */
export class RegistersOrPacketOutWriter implements KSetWriter {
  private writer: KSetWriter;
  private fellBack = false;

  constructor(
    private readonly conn: SwitchConnection,
    private readonly replyTimeoutMs: number | undefined,
    private readonly onFallback: (reason: string) => void,
  ) {
    this.writer = new RegisterKSetWriter(conn);
  }

  async push(slots: RegisterSlots): Promise<void> {
    try {
      await this.writer.push(slots);
    } catch (error) {
      if (this.fellBack || !isUnimplemented(error)) throw error;
      this.fellBack = true;
      this.writer.close();
      this.writer = new PacketOutKSetWriter(this.conn, this.replyTimeoutMs);
      this.onFallback((error as Error).message);
      await this.writer.push(slots);
    }
  }

  activeBank(serviceIndex: number): number | undefined {
    return this.writer.activeBank(serviceIndex);
  }

  close(): void {
    this.writer.close();
  }
}
