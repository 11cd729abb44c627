// PacketReplicationEngineEntry (spec section 9.8): multicast groups and clone sessions.
// The pipeline keeps them as written (for reads); the target gets the port lists.
import type {
  CloneSessionEntry, Entity, MulticastGroupEntry, PacketReplicationEngineEntry, Replica as WireReplica,
} from '../../proto/p4/v1/p4runtime.js';
import { Update_Type } from '../../proto/p4/v1/p4runtime.js';
import type { Pipeline } from './pipeline.js';
import type { Replica } from './pipeline-target.js';
import { Code, invalid, RpcError, unimplemented } from './rpc-error.js';

/** v1model ports are 9 bits; BMv2 caps multicast group ids at 16 bits. */
const MAX_PORT = 511;
const MAX_GROUP_ID = 0xffff;

function decodeReplicas(replicas: readonly WireReplica[], what: string): Replica[] {
  const seen = new Set<string>();
  return replicas.map((replica) => {
    const kind = replica.portKind;
    if (kind === undefined) throw invalid(`${what}: replica without a port`);
    if (kind.$case === 'port') throw unimplemented(`${what}: string ports (Replica.port) are not supported; use egress_port`);
    if (replica.backupReplicas.length > 0) throw unimplemented(`${what}: backup replicas are not supported`);
    const port = kind.value;
    if (port > MAX_PORT) throw invalid(`${what}: port ${port} is outside 0..${MAX_PORT}`);
    const key = `${port}/${replica.instance}`;
    if (seen.has(key)) throw invalid(`${what}: replica (port ${port}, instance ${replica.instance}) given twice`);
    seen.add(key);
    return { port, instance: replica.instance };
  });
}

const encodeReplicas = (replicas: readonly Replica[]): WireReplica[] =>
  replicas.map((r) => ({ portKind: { $case: 'egressPort', value: r.port }, instance: r.instance, backupReplicas: [] }));

function checkPresence(exists: boolean, type: Update_Type, what: string): void {
  if (type === Update_Type.INSERT && exists) throw new RpcError(Code.ALREADY_EXISTS, `${what} already exists`);
  if ((type === Update_Type.MODIFY || type === Update_Type.DELETE) && !exists) throw new RpcError(Code.NOT_FOUND, `${what} does not exist`);
  if (type !== Update_Type.INSERT && type !== Update_Type.MODIFY && type !== Update_Type.DELETE) {
    throw invalid(`update type ${type} is not INSERT, MODIFY or DELETE`);
  }
}

function writeMulticastGroup(pipeline: Pipeline, type: Update_Type, entry: MulticastGroupEntry): void {
  const id = entry.multicastGroupId;
  const what = `multicast group ${id}`;
  if (id === 0 || id > MAX_GROUP_ID) throw invalid(`${what}: group ids are 1..${MAX_GROUP_ID}`);
  checkPresence(pipeline.multicastGroups.has(id), type, what);
  if (type === Update_Type.DELETE) {
    pipeline.target.setMulticastGroup(id, undefined);
    pipeline.multicastGroups.delete(id);
    return;
  }
  const replicas = decodeReplicas(entry.replicas, what);
  pipeline.target.setMulticastGroup(id, replicas);
  pipeline.multicastGroups.set(id, { replicas, metadata: Buffer.from(entry.metadata) });
}

function writeCloneSession(pipeline: Pipeline, type: Update_Type, entry: CloneSessionEntry): void {
  const id = entry.sessionId;
  const what = `clone session ${id}`;
  if (id === 0) throw invalid(`${what}: session ids start at 1`);
  checkPresence(pipeline.cloneSessions.has(id), type, what);
  if (type === Update_Type.DELETE) {
    pipeline.target.setCloneSession(id, undefined);
    pipeline.cloneSessions.delete(id);
    return;
  }
  const session = {
    replicas: decodeReplicas(entry.replicas, what), classOfService: entry.classOfService, packetLengthBytes: entry.packetLengthBytes,
  };
  pipeline.target.setCloneSession(id, session);
  pipeline.cloneSessions.set(id, session);
}

export function writeReplicationEntry(pipeline: Pipeline, type: Update_Type, entry: PacketReplicationEngineEntry): void {
  const kind = entry.type;
  if (kind === undefined) throw invalid('packet replication entry without a multicast group or clone session');
  if (kind.$case === 'multicastGroupEntry') writeMulticastGroup(pipeline, type, kind.value);
  else writeCloneSession(pipeline, type, kind.value);
}

/** Id 0 reads every group / session. */
export function* readReplicationEntries(pipeline: Pipeline, request: PacketReplicationEngineEntry): Generator<Entity> {
  const kind = request.type;
  if (kind === undefined) throw invalid('packet replication read without a multicast group or clone session');
  if (kind.$case === 'multicastGroupEntry') {
    const wanted = kind.value.multicastGroupId;
    for (const [id, group] of pipeline.multicastGroups) {
      if (wanted !== 0 && id !== wanted) continue;
      const value: MulticastGroupEntry = { multicastGroupId: id, replicas: encodeReplicas(group.replicas), metadata: group.metadata };
      yield { entity: { $case: 'packetReplicationEngineEntry', value: { type: { $case: 'multicastGroupEntry', value } } } };
    }
    return;
  }
  const wanted = kind.value.sessionId;
  for (const [id, session] of pipeline.cloneSessions) {
    if (wanted !== 0 && id !== wanted) continue;
    const value: CloneSessionEntry = {
      sessionId: id, replicas: encodeReplicas(session.replicas), classOfService: session.classOfService,
      packetLengthBytes: session.packetLengthBytes,
    };
    yield { entity: { $case: 'packetReplicationEngineEntry', value: { type: { $case: 'cloneSessionEntry', value } } } };
  }
}
