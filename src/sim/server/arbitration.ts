// Client arbitration (spec section 5): per role, the connected client with the highest
// election id is the primary; the others are backups. Whenever a role's primary changes,
// every client of that role hears a MasterArbitrationUpdate (OK for the primary,
// ALREADY_EXISTS for backups while there is a primary, NOT_FOUND when there is none), and
// a client always hears one in answer to its own arbitration message.
import type { MasterArbitrationUpdate, Uint128 } from '../../proto/p4/v1/p4runtime.js';
import { Code, RpcError } from './rpc-error.js';

export interface ArbitrationClient {
  /** Delivers an update on the client's stream. */
  send(update: MasterArbitrationUpdate): void;
}

interface Member<C extends ArbitrationClient> {
  readonly client: C;
  readonly role: string;
  /** undefined: the client sent no election id and can only ever be a backup. */
  electionId: bigint | undefined;
}

export const electionIdOf = (id: Uint128 | undefined): bigint | undefined =>
  id === undefined ? undefined : (id.high << 64n) | id.low;

const toUint128 = (id: bigint): Uint128 => ({ high: id >> 64n, low: id & 0xffff_ffff_ffff_ffffn });

export class Arbitration<C extends ArbitrationClient = ArbitrationClient> {
  private readonly members = new Map<C, Member<C>>();
  private readonly primaries = new Map<string, Member<C> | undefined>();
  /** Per role, the highest election id seen; reported while there is no primary. */
  private readonly highestSeen = new Map<string, bigint>();

  constructor(readonly deviceId: bigint) {}

  /** Handles a client's MasterArbitrationUpdate; throws (the stream ends with that status) when it is refused. */
  arbitrate(client: C, update: MasterArbitrationUpdate): void {
    if (update.deviceId !== this.deviceId) {
      throw new RpcError(Code.INVALID_ARGUMENT, `device id ${update.deviceId} is not this device's (${this.deviceId})`);
    }
    const role = update.role?.name ?? '';
    if (update.role?.config !== undefined) throw new RpcError(Code.UNIMPLEMENTED, 'role configs are not supported');
    const electionId = electionIdOf(update.electionId);
    const existing = this.members.get(client);
    if (existing !== undefined && existing.role !== role) {
      throw new RpcError(Code.FAILED_PRECONDITION, `a stream keeps its role: it arbitrated for "${existing.role}", not "${role}"`);
    }
    if (electionId !== undefined) {
      for (const other of this.members.values()) {
        if (other.client !== client && other.role === role && other.electionId === electionId) {
          throw new RpcError(Code.ALREADY_EXISTS, `election id ${electionId} is already used by another client of role "${role}"`);
        }
      }
      this.highestSeen.set(role, (this.highestSeen.get(role) ?? 0n) > electionId ? this.highestSeen.get(role)! : electionId);
    }
    const member = existing ?? { client, role, electionId };
    member.electionId = electionId;
    this.members.set(client, member);
    if (!this.elect(role)) client.send(this.updateFor(member));
  }

  /** A client's stream closed. */
  leave(client: C): void {
    const member = this.members.get(client);
    if (member === undefined) return;
    this.members.delete(client);
    this.elect(member.role);
  }

  isArbitrated(client: C): boolean {
    return this.members.has(client);
  }

  isPrimaryClient(client: C): boolean {
    const member = this.members.get(client);
    return member !== undefined && this.primaries.get(member.role) === member;
  }

  primaryOf(role: string): C | undefined {
    return this.primaries.get(role)?.client;
  }

  /**
   * Whether a request carrying `electionId` for `role` comes from that role's primary
   * (the check for Write and SetForwardingPipelineConfig).
   */
  isPrimaryRequest(role: string, electionId: Uint128 | undefined): boolean {
    const primary = this.primaries.get(role);
    return primary !== undefined && primary.electionId === electionIdOf(electionId);
  }

  /** Recomputes a role's primary; on a change notifies the role and returns true. */
  private elect(role: string): boolean {
    let best: Member<C> | undefined;
    for (const member of this.members.values()) {
      if (member.role !== role || member.electionId === undefined) continue;
      if (best === undefined || member.electionId > best.electionId!) best = member;
    }
    if (this.primaries.get(role) === best) return false;
    this.primaries.set(role, best);
    for (const member of this.members.values()) if (member.role === role) member.client.send(this.updateFor(member));
    return true;
  }

  private updateFor(member: Member<C>): MasterArbitrationUpdate {
    const primary = this.primaries.get(member.role);
    const code = primary === member ? Code.OK : primary !== undefined ? Code.ALREADY_EXISTS : Code.NOT_FOUND;
    const message = code === Code.OK ? 'primary' : code === Code.ALREADY_EXISTS ? 'backup: another client is primary' : 'backup: no primary';
    const reported = primary?.electionId ?? this.highestSeen.get(member.role);
    return {
      deviceId: this.deviceId,
      role: member.role === '' ? undefined : { id: 0n, name: member.role, config: undefined },
      electionId: reported === undefined ? undefined : toUint128(reported),
      status: { code, message, details: [] },
    };
  }
}
