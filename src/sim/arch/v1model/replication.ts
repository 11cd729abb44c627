// The traffic manager's replication state: multicast groups and mirroring (clone) sessions,
// both lists of (egress port, replication id) nodes as BMv2's pre and P4Runtime's
// PacketReplicationEngineEntry describe them.

export interface Replica {
  readonly port: number;
  /** egress_rid of the copy (P4Runtime's `instance`). */
  readonly rid: number;
}

export interface MirrorSession {
  readonly replicas: readonly Replica[];
  /** Truncate clones to this many bytes (P4Runtime packet_length_bytes), 0 for no limit. */
  readonly truncateLength: number;
  /** BMv2's `mirroring_add_mc`: clones also go to every node of this multicast group, as it is when cloning. */
  readonly multicastGroup?: number;
}

export class ReplicationError extends Error {
  constructor(
    readonly code: 'ALREADY_EXISTS' | 'NOT_FOUND' | 'INVALID_ARGUMENT',
    message: string,
  ) {
    super(message);
    this.name = 'ReplicationError';
  }
}

function checkReplicas(replicas: readonly Replica[]): void {
  for (const r of replicas) {
    if (!Number.isInteger(r.port) || r.port < 0 || r.port >= 511) throw new ReplicationError('INVALID_ARGUMENT', `bad egress port ${r.port}`);
    if (!Number.isInteger(r.rid) || r.rid < 0 || r.rid > 0xffff) throw new ReplicationError('INVALID_ARGUMENT', `bad replication id ${r.rid}`);
  }
}

/** The P4Runtime rules shared by groups and sessions: INSERT needs a new id, MODIFY and DELETE an existing one. */
function checkWrite(existing: ReadonlyMap<number, unknown>, op: 'insert' | 'modify' | 'delete', id: number, what: string): void {
  const exists = existing.has(id);
  if (op === 'insert' && exists) throw new ReplicationError('ALREADY_EXISTS', `${what} ${id} exists`);
  if (op !== 'insert' && !exists) throw new ReplicationError('NOT_FOUND', `no ${what} ${id}`);
}

export class ReplicationEngine {
  private readonly groups = new Map<number, readonly Replica[]>();
  private readonly sessions = new Map<number, MirrorSession>();

  group(id: number): readonly Replica[] | undefined {
    return this.groups.get(id);
  }

  /** Creates (`insert`), replaces (`modify`) or deletes a multicast group. */
  writeGroup(op: 'insert' | 'modify' | 'delete', id: number, replicas: readonly Replica[] = []): void {
    if (!Number.isInteger(id) || id < 1 || id > 0xffff) throw new ReplicationError('INVALID_ARGUMENT', `multicast group id ${id} must be 1..65535`);
    checkWrite(this.groups, op, id, 'multicast group');
    if (op === 'delete') {
      this.groups.delete(id);
      return;
    }
    checkReplicas(replicas);
    this.groups.set(id, [...replicas]);
  }

  groupIds(): number[] {
    return [...this.groups.keys()];
  }

  session(id: number): MirrorSession | undefined {
    return this.sessions.get(id);
  }

  writeSession(op: 'insert' | 'modify' | 'delete', id: number, session?: MirrorSession): void {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new ReplicationError('INVALID_ARGUMENT', `clone session id ${id} out of range`);
    checkWrite(this.sessions, op, id, 'clone session');
    if (op === 'delete') {
      this.sessions.delete(id);
      return;
    }
    if (session === undefined) throw new ReplicationError('INVALID_ARGUMENT', `clone session ${id} needs replicas`);
    checkReplicas(session.replicas);
    this.sessions.set(id, { ...session, replicas: [...session.replicas] });
  }

  /** Where a clone to `session` goes: its replicas, then its multicast group's nodes. */
  sessionReplicas(session: MirrorSession): readonly Replica[] {
    if (session.multicastGroup === undefined) return session.replicas;
    return [...session.replicas, ...(this.groups.get(session.multicastGroup) ?? [])];
  }

  sessionIds(): number[] {
    return [...this.sessions.keys()];
  }

  clear(): void {
    this.groups.clear();
    this.sessions.clear();
  }
}
