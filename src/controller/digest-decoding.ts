// The two digests of p4/lb.p4 (docs/dataplane.md), from decoded P4Data to typed values.
// A member missing, of the wrong kind or too wide makes the whole digest malformed
// (DigestDecodeError): the caller counts and logs it and carries on.

import { CodedError, type P4DataValue } from '../p4runtime/index.js';
import { type FlowKey, flowKeyFrom } from './flow-key.js';

export class DigestDecodeError extends CodedError<'DIGEST_MALFORMED'> {
  override readonly name = 'DigestDecodeError';
  constructor(message: string) {
    super('DIGEST_MALFORMED', message);
  }
}

/** load_report_digest_t.report_format: the report's wire format (DESIGN.md 2.1 / 2.2). */
export const REPORT_FORMAT = { l2: 0, ipv6: 1 } as const;
export type ReportFormat = keyof typeof REPORT_FORMAT;

/** load_report_digest_t as the switch sent it; times are raw 48-bit values. */
export interface LoadDigest {
  serverIndex: number;
  coreId: number;
  load: number;
  /** The sender's timestamp; for IPv6 reports (no timestamp on the wire) the switch time. */
  reportTimestamp: number;
  /** The switch's ingress timestamp (BMv2: µs since the switch started). */
  switchTimestamp: number;
  format: ReportFormat;
}

export interface NewFlowDigest {
  key: FlowKey;
  serviceIndex: number;
  serverIndex: number;
  coreId: number;
}

const LOAD_FIELDS = ['server', 'cpu_id', 'cpu_load', 'report_timestamp', 'switch_timestamp', 'report_format'] as const;
const LOAD_LIMITS = [16, 8, 8, 48, 48, 1].map((w) => 1n << BigInt(w));
const NEW_FLOW_FIELDS = ['src_addr', 'dst_addr', 'protocol', 'src_port', 'dst_port', 'service', 'server', 'core'] as const;
const NEW_FLOW_LIMITS = [32, 32, 8, 16, 16, 8, 16, 8].map((w) => 1n << BigInt(w));

// Members land here, not in fresh arrays: a digest list holds thousands of digests and the
// callers copy the numbers out before the next call.
const scratchMembers: P4DataValue[] = [];
const scratchNumbers: number[] = [];

/**
 * The struct members in declaration order (by name when type_info named them, else
 * positionally) as numbers in `scratchNumbers`, valid until the next call.
 */
function members(value: P4DataValue, names: readonly string[], limits: readonly bigint[], what: string): number[] {
  let raw: readonly P4DataValue[];
  if (Array.isArray(value)) {
    raw = value;
  } else if (typeof value === 'object' && value !== null && !('isValid' in value && 'fields' in value)) {
    const record = value as { [name: string]: P4DataValue };
    scratchMembers.length = names.length;
    for (let i = 0; i < names.length; i++) {
      const member = record[names[i]!];
      if (member === undefined) throw new DigestDecodeError(`${what}: member ${names[i]} is missing`);
      scratchMembers[i] = member;
    }
    raw = scratchMembers;
  } else {
    throw new DigestDecodeError(`${what}: expected a struct, got ${typeof value}`);
  }
  if (raw.length !== names.length) throw new DigestDecodeError(`${what}: expected ${names.length} members, got ${raw.length}`);
  scratchNumbers.length = names.length;
  for (let i = 0; i < names.length; i++) {
    const member = raw[i];
    if (typeof member !== 'bigint') throw new DigestDecodeError(`${what}: member ${names[i]} is not a bit string`);
    const limit = limits[i]!;
    if (member < 0n || member >= limit) throw new DigestDecodeError(`${what}: member ${names[i]} = ${member} exceeds ${limit.toString(2).length - 1} bits`);
    scratchNumbers[i] = Number(member);
  }
  return scratchNumbers;
}

export function decodeLoadDigest(value: P4DataValue): LoadDigest {
  const v = members(value, LOAD_FIELDS, LOAD_LIMITS, 'load_report_digest_t');
  return {
    serverIndex: v[0]!, coreId: v[1]!, load: v[2]!, reportTimestamp: v[3]!, switchTimestamp: v[4]!,
    format: v[5] === REPORT_FORMAT.ipv6 ? 'ipv6' : 'l2',
  };
}

export function decodeNewFlowDigest(value: P4DataValue): NewFlowDigest {
  const v = members(value, NEW_FLOW_FIELDS, NEW_FLOW_LIMITS, 'new_flow_digest_t');
  const key = flowKeyFrom({ srcAddr: BigInt(v[0]!), dstAddr: BigInt(v[1]!), protocol: BigInt(v[2]!), srcPort: BigInt(v[3]!), dstPort: BigInt(v[4]!) });
  return { key, serviceIndex: v[5]!, serverIndex: v[6]!, coreId: v[7]! };
}
