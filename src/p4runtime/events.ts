// What a SwitchConnection reports, as typed event payloads.
import type { IdleTimeoutNotification, PacketIn, StreamError } from '../proto/p4/v1/p4runtime.js';
import type { DecodedDigestList, DecodedTableEntry } from './decoding.js';
import type { CanonicalCodeName, P4RuntimeError } from './errors.js';

/** The server's answer to our arbitration request. */
export interface ArbitrationResult {
  /** True when this connection is the primary for its (device, role). */
  isPrimary: boolean;
  /** Our election id. */
  electionId: bigint;
  /** The primary's election id as the server reported it (absent: no primary). */
  primaryElectionId?: bigint;
  /** Canonical code of the arbitration status: OK for primary, ALREADY_EXISTS for a backup, NOT_FOUND when there is no primary. */
  code: CanonicalCodeName | `CODE_${number}`;
  message: string;
  role: string;
}

export interface PacketInMessage {
  payload: Buffer;
  /** Metadata by field name of the P4Info `packet_in` header (`#<id>` for ids it lacks). */
  metadata: Record<string, bigint>;
  raw: PacketIn;
}

export interface IdleTimeoutMessage {
  /** Target time of the notification, ns. */
  timestamp: bigint;
  entries: DecodedTableEntry[];
  raw: IdleTimeoutNotification;
}

export interface StreamErrorMessage {
  code: CanonicalCodeName | `CODE_${number}`;
  canonicalCode: number;
  message: string;
  space: string;
  spaceCode: number;
  /** What the error is about: a packet-out we sent, a digest ack, or something else. */
  about: 'packetOut' | 'digestListAck' | 'other';
  raw: StreamError;
}

export interface ReconnectingInfo {
  /** 1 for the first attempt after a disconnection. */
  attempt: number;
  delayMs: number;
  /** Why the previous connection or attempt failed. */
  error: P4RuntimeError;
}

/** A stream message the P4Info in use cannot explain (unknown ids): reported, not thrown. */
export interface DecodeFailure {
  what: 'packetIn' | 'digest' | 'idleTimeout';
  error: Error;
  raw: unknown;
}

/** Events of SwitchConnection; use `conn.on(name, listener)` or `events.on(conn, name)`. */
export interface SwitchConnectionEvents {
  /** Every arbitration update from the server. */
  arbitration: [ArbitrationResult];
  /** Primacy won (`isPrimary` true) or lost (false, also on disconnection). */
  primary: [ArbitrationResult];
  packetIn: [PacketInMessage];
  digest: [DecodedDigestList];
  idleTimeout: [IdleTimeoutMessage];
  streamError: [StreamErrorMessage];
  decodeError: [DecodeFailure];
  /** The stream broke; reconnection starts unless disabled. */
  disconnected: [P4RuntimeError];
  /** A reconnection attempt is scheduled. */
  reconnecting: [ReconnectingInfo];
  /** Connected and arbitrated again, with the same election id. */
  reconnected: [ArbitrationResult];
}
