// RECONCILE_AND_COMMIT of a changed program: the forwarding state of the old pipeline is
// carried into the new one wherever the new program declares the same object the same
// way: table entries (with direct counters, meters, idle times, metadata) and default
// actions, register, counter and meter cells, value-set members, multicast groups and
// clone sessions. A table that changed but holds entries cannot be carried: the whole
// reconcile is refused before anything is touched, and the old pipeline keeps running.
import { P4Info } from '../../proto/p4/config/v1/p4info.js';
import type { P4InfoIndex, TableBinding } from './p4info-index.js';
import { firstP4InfoDifference } from './p4info-compare.js';
import type { Pipeline } from './pipeline.js';
import { Code, RpcError } from './rpc-error.js';

/** A table's P4Info together with the actions it refers to, for comparing definitions. */
function tableDefinition(index: P4InfoIndex, table: TableBinding): P4Info {
  const info = index.p4info.tables.find((t) => t.preamble?.id === table.id)!;
  const actionIds = new Set(info.actionRefs.map((r) => r.id));
  return P4Info.fromPartial({ tables: [info], actions: index.p4info.actions.filter((a) => actionIds.has(a.preamble!.id)) });
}

function sameTable(from: Pipeline, to: Pipeline, old: TableBinding): TableBinding | undefined {
  const next = to.index.tableByName.get(old.name);
  if (next === undefined) return undefined;
  return firstP4InfoDifference(tableDefinition(to.index, next), tableDefinition(from.index, old)) === undefined ? next : undefined;
}

/** Throws FAILED_PRECONDITION, changing nothing, when some table's entries cannot be carried over. */
export function checkReconcilable(from: Pipeline, to: Pipeline): void {
  for (const old of from.index.tables.values()) {
    if (old.isConst || old.runtime.entryCount === 0 || sameTable(from, to, old) !== undefined) continue;
    const why = to.index.tableByName.has(old.name) ? 'is declared differently in the new program' : 'is not in the new program';
    throw new RpcError(Code.FAILED_PRECONDITION,
      `cannot reconcile: table ${old.name} holds ${old.runtime.entryCount} entries and ${why}; delete them first or use VERIFY_AND_COMMIT`);
  }
}

/** Copies the old pipeline's state into `to` (after checkReconcilable). */
export function carryOverState(from: Pipeline, to: Pipeline): void {
  for (const old of from.index.tables.values()) {
    const next = sameTable(from, to, old);
    if (next === undefined) continue;
    if (next.constDefaultActionId === 0) next.runtime.setDefaultAction(old.runtime.defaultAction);
    if (old.isConst) continue;
    for (const entry of old.runtime.entries()) {
      const { matches, priority, action, idleTimeoutNs, controllerMetadata } = entry;
      const copy = next.runtime.insert({ matches, priority, action, idleTimeoutNs, controllerMetadata });
      copy.lastHitNs = entry.lastHitNs;
      copy.packets = entry.packets;
      copy.bytes = entry.bytes;
      const rates = old.directMeterId !== 0 ? from.target.directMeterConfig(old.runtime, entry) : undefined;
      if (rates !== undefined) to.target.configureDirectMeter(next.runtime, copy, rates);
      const metadata = from.entryMetadata.get(entry);
      if (metadata !== undefined) to.entryMetadata.set(copy, metadata);
    }
  }
  for (const [name, cells] of from.target.registers) {
    const next = to.target.registers.get(name);
    if (next === undefined || next.size !== cells.size || next.width !== cells.width) continue;
    for (let i = 0; i < cells.size; i++) next.writeBits(i, cells.readBits(i));
  }
  for (const [name, cells] of from.target.counters) {
    const next = to.target.counters.get(name);
    if (next === undefined || next.size !== cells.size) continue;
    for (let i = 0; i < cells.size; i++) next.write(i, cells.read(i));
  }
  for (const [name, cells] of from.target.meters) {
    const next = to.target.meters.get(name);
    if (next === undefined || next.size !== cells.size) continue;
    for (let i = 0; i < cells.size; i++) next.configure(i, cells.configOf(i));
  }
  for (const [name, set] of from.target.valueSets) {
    const next = to.target.valueSets.get(name);
    if (next !== undefined && next.width === set.width && next.size >= set.members.length) next.members = set.members;
  }
  for (const [id, group] of from.multicastGroups) {
    to.target.setMulticastGroup(id, group.replicas);
    to.multicastGroups.set(id, group);
  }
  for (const [id, session] of from.cloneSessions) {
    to.target.setCloneSession(id, session);
    to.cloneSessions.set(id, session);
  }
}
