// A connection's 5-tuple as the redirect table keys it, and a pinned flow: the
// (server, core) the data plane chose for it. The string form is the key of the
// controller's flow table and of per-flow bookkeeping.

import { CodedError, type DecodedTableEntry, formatIPv4 } from '../p4runtime/index.js';
import { ACTIONS } from './dataplane-names.js';

export interface FlowKey {
  /** IPv4 addresses as unsigned 32-bit integers. */
  srcAddr: number;
  dstAddr: number;
  protocol: number;
  srcPort: number;
  dstPort: number;
}

export interface PinnedFlow {
  key: FlowKey;
  serverIndex: number;
  coreId: number;
  /** The service index, when known (from the new-flow digest; entries read back from a switch lack it). */
  serviceIndex: number | undefined;
}

export class FlowKeyError extends CodedError<'FLOW_KEY_INVALID'> {
  override readonly name = 'FlowKeyError';
  constructor(message: string) {
    super('FLOW_KEY_INVALID', message);
  }
}

/** A compact unique string for a flow key. */
export function flowId(key: FlowKey): string {
  return `${key.srcAddr}:${key.srcPort}>${key.dstAddr}:${key.dstPort}/${key.protocol}`;
}

export function formatFlowKey(key: FlowKey): string {
  const proto = key.protocol === 6 ? 'tcp' : key.protocol === 17 ? 'udp' : `proto ${key.protocol}`;
  return `${proto} ${formatIPv4(BigInt(key.srcAddr))}:${key.srcPort} -> ${formatIPv4(BigInt(key.dstAddr))}:${key.dstPort}`;
}

/** The redirect table's match, by P4Info match-field name. */
export function redirectMatch(key: FlowKey): Record<string, number> {
  return { src_addr: key.srcAddr, dst_addr: key.dstAddr, protocol: key.protocol, src_port: key.srcPort, dst_port: key.dstPort };
}

function checkField(value: bigint | undefined, bits: number, what: string): number {
  if (value === undefined) throw new FlowKeyError(`${what} is missing`);
  if (value < 0n || value >= 1n << BigInt(bits)) throw new FlowKeyError(`${what} = ${value} does not fit in ${bits} bits`);
  return Number(value);
}

/** Builds a key from raw field values (digest members, decoded matches), checking widths. */
export function flowKeyFrom(fields: { srcAddr?: bigint; dstAddr?: bigint; protocol?: bigint; srcPort?: bigint; dstPort?: bigint }): FlowKey {
  return {
    srcAddr: checkField(fields.srcAddr, 32, 'src_addr'),
    dstAddr: checkField(fields.dstAddr, 32, 'dst_addr'),
    protocol: checkField(fields.protocol, 8, 'protocol'),
    srcPort: checkField(fields.srcPort, 16, 'src_port'),
    dstPort: checkField(fields.dstPort, 16, 'dst_port'),
  };
}

function exact(entry: DecodedTableEntry, field: string): bigint | undefined {
  const m = entry.match[field];
  return m?.kind === 'exact' ? m.value : undefined;
}

/** The flow key of a redirect-table entry read back from a switch (or named in an idle-timeout notification). */
export function flowKeyOfEntry(entry: DecodedTableEntry): FlowKey {
  return flowKeyFrom({
    srcAddr: exact(entry, 'src_addr'),
    dstAddr: exact(entry, 'dst_addr'),
    protocol: exact(entry, 'protocol'),
    srcPort: exact(entry, 'src_port'),
    dstPort: exact(entry, 'dst_port'),
  });
}

const PIN_ACTIONS: readonly string[] = [ACTIONS.pinFlow, ACTIONS.pinFlowAndMark, ACTIONS.pinFlowMetered];

/**
 * The pinned flow a redirect entry read back from a switch describes (`marked`: heavy, by
 * pin_flow_and_mark or pin_flow_metered; `metered`: by pin_flow_metered); throws FlowKeyError
 * when it is not one of ours.
 */
export function pinnedFlowOfEntry(entry: DecodedTableEntry): PinnedFlow & { marked: boolean; metered: boolean } {
  const key = flowKeyOfEntry(entry);
  const action = entry.action;
  if (action?.kind !== 'action' || !PIN_ACTIONS.includes(action.name)) {
    throw new FlowKeyError(`redirect entry ${formatFlowKey(key)} has an unexpected action`);
  }
  return {
    key,
    serverIndex: checkField(action.params['server'], 16, 'server'),
    coreId: checkField(action.params['core'], 8, 'core'),
    serviceIndex: undefined,
    marked: action.name !== ACTIONS.pinFlow,
    metered: action.name === ACTIONS.pinFlowMetered,
  };
}
