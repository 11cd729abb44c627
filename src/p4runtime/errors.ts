// Typed errors of the P4Runtime client. Every error carries a machine-readable `code`
// so callers branch on codes, never on message text.
import { type Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { Status } from '../proto/google/rpc/status.js';
import { Error as P4Error } from '../proto/p4/v1/p4runtime.js';

/** Canonical gRPC / google.rpc.Code names, indexed by their numeric value. */
const CANONICAL_CODE_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND',
  'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION',
  'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export type CanonicalCodeName = (typeof CANONICAL_CODE_NAMES)[number];

/** Name of a canonical code (`6` -> `ALREADY_EXISTS`); unknown numbers become `CODE_<n>`. */
export function canonicalCodeName(code: number): CanonicalCodeName | `CODE_${number}` {
  return CANONICAL_CODE_NAMES[code] ?? `CODE_${code}`;
}

/** A gRPC call failed: the code name is `code`, the number `grpcCode`. */
export class P4RuntimeError extends Error {
  override readonly name: string = 'P4RuntimeError';
  readonly code: CanonicalCodeName | `CODE_${number}`;
  readonly grpcCode: number;
  /** The RPC that failed, e.g. `Write`, `StreamChannel`. */
  readonly rpc: string;
  /** host:port of the server. */
  readonly address: string;
  /** The server's own message (gRPC `details`), without our prefix. */
  readonly serverMessage: string;

  constructor(rpc: string, address: string, grpcCode: number, serverMessage: string, message?: string) {
    super(message ?? describeFailure(rpc, address, grpcCode, serverMessage));
    this.code = canonicalCodeName(grpcCode);
    this.grpcCode = grpcCode;
    this.rpc = rpc;
    this.address = address;
    this.serverMessage = serverMessage;
  }
}

function describeFailure(rpc: string, address: string, grpcCode: number, serverMessage: string): string {
  if (grpcCode === GrpcStatus.UNAVAILABLE) {
    return `P4Runtime ${rpc}: server at ${address} is unreachable (UNAVAILABLE: ${serverMessage})`;
  }
  if (grpcCode === GrpcStatus.DEADLINE_EXCEEDED) {
    return `P4Runtime ${rpc} to ${address}: no answer before the deadline (DEADLINE_EXCEEDED)`;
  }
  return `P4Runtime ${rpc} to ${address} failed: ${canonicalCodeName(grpcCode)}: ${serverMessage}`;
}

/** One update of a Write batch that the server rejected (from its `p4.v1.Error`). */
export interface UpdateFailure {
  /** Position of the update in the batch that was sent. */
  index: number;
  /** Canonical code name, e.g. `ALREADY_EXISTS`. */
  code: CanonicalCodeName | `CODE_${number}`;
  canonicalCode: number;
  message: string;
  /** Target-specific error space and code (`space` empty when the target gave none). */
  space: string;
  spaceCode: number;
}

/**
 * A Write failed. `failures` lists every rejected update with its canonical code, decoded
 * from the `p4.v1.Error` details of the `google.rpc.Status` the server attached; when the
 * server attached none (a batch-level failure such as PERMISSION_DENIED), `failures` is
 * empty and `code` tells why.
 */
export class P4RuntimeWriteError extends P4RuntimeError {
  override readonly name: string = 'P4RuntimeWriteError';
  readonly failures: readonly UpdateFailure[];

  constructor(address: string, grpcCode: number, serverMessage: string, failures: UpdateFailure[]) {
    super('Write', address, grpcCode, serverMessage, describeWriteFailure(address, grpcCode, serverMessage, failures));
    this.failures = failures;
  }
}

function describeWriteFailure(address: string, grpcCode: number, serverMessage: string, failures: UpdateFailure[]): string {
  if (failures.length === 0) return describeFailure('Write', address, grpcCode, serverMessage);
  const shown = failures.slice(0, 5).map((f) => `#${f.index} ${f.code}${f.message ? `: ${f.message}` : ''}`);
  const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : '';
  return `P4Runtime Write to ${address}: ${failures.length} update(s) failed: ${shown.join('; ')}${more}`;
}

const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** The google.rpc.Status a server put in the `grpc-status-details-bin` trailer, if any. */
export function statusFromMetadata(metadata: Metadata | undefined): Status | undefined {
  const values = metadata?.get(STATUS_DETAILS_KEY) ?? [];
  const first = values[0];
  if (first === undefined || typeof first === 'string') return undefined;
  try {
    return Status.decode(first);
  } catch {
    // A trailer we cannot decode is reported as if absent: the gRPC code still stands.
    return undefined;
  }
}

/** Per-update failures from a Write's status details (p4.v1.Error per update, in order). */
export function updateFailuresFromStatus(status: Status): UpdateFailure[] {
  const failures: UpdateFailure[] = [];
  status.details.forEach((any, index) => {
    // Any type URLs end in the message's full name, whatever prefix the server used.
    if (!any.typeUrl.endsWith('/p4.v1.Error')) return;
    let error: P4Error;
    try {
      error = P4Error.decode(any.value);
    } catch {
      error = { canonicalCode: GrpcStatus.UNKNOWN, message: 'undecodable p4.v1.Error in the status details', space: '', code: 0 };
    }
    if (error.canonicalCode === GrpcStatus.OK) return;
    failures.push({
      index,
      code: canonicalCodeName(error.canonicalCode),
      canonicalCode: error.canonicalCode,
      message: error.message,
      space: error.space,
      spaceCode: error.code,
    });
  });
  return failures;
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

/** Converts whatever a grpc-js call failed with into a P4RuntimeError (Write: P4RuntimeWriteError). */
export function fromGrpcError(rpc: string, address: string, error: unknown): P4RuntimeError {
  if (error instanceof P4RuntimeError) return error;
  if (!isServiceError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new P4RuntimeError(rpc, address, GrpcStatus.UNKNOWN, text);
  }
  const serverMessage = error.details ?? error.message;
  if (rpc === 'Write') {
    const status = statusFromMetadata(error.metadata);
    return new P4RuntimeWriteError(address, error.code, serverMessage, status ? updateFailuresFromStatus(status) : []);
  }
  return new P4RuntimeError(rpc, address, error.code, serverMessage);
}

/** Kinds of P4Info objects the index knows. */
export type P4InfoKind =
  | 'table' | 'match field' | 'action' | 'action param' | 'action profile' | 'counter'
  | 'direct counter' | 'meter' | 'direct meter' | 'controller packet metadata'
  | 'packet metadata field' | 'value set' | 'register' | 'digest';

/** A name or id is not in the P4Info (or not where it was looked for). */
export class P4InfoLookupError extends Error {
  override readonly name = 'P4InfoLookupError';
  readonly code = 'P4INFO_NOT_FOUND';
  constructor(
    readonly kind: P4InfoKind,
    readonly key: string | number,
    /** Where the lookup happened, e.g. `table MyIngress.redirect`; empty at top level. */
    readonly scope: string,
    readonly suggestions: readonly string[],
  ) {
    const where = scope ? ` in ${scope}` : ' in the P4Info';
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
    const what = typeof key === 'number' ? `id ${key} (0x${key.toString(16)})` : `'${key}'`;
    super(`unknown ${kind} ${what}${where}${hint}`);
  }
}

/** The P4Info itself is unusable (duplicate ids, a table referring to a missing action...). */
export class P4InfoFormatError extends Error {
  override readonly name = 'P4InfoFormatError';
  readonly code = 'P4INFO_INVALID';
}

/** An error of this library that is not a gRPC failure: a message and a code to branch on. */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

/** A value cannot be encoded for its field: too wide, negative, malformed IP/MAC, ... */
export class ValueEncodingError extends CodedError<'VALUE_OUT_OF_RANGE' | 'VALUE_MALFORMED'> {
  override readonly name = 'ValueEncodingError';
}

/** An entity description is wrong as a whole: missing match field, wrong match kind, ... */
export class EntityError extends Error {
  override readonly name = 'EntityError';
  readonly code = 'ENTITY_INVALID';
}

/** The connection is not in a state where the call can be made (closed, no P4Info...). */
export class ConnectionStateError extends CodedError<'CLOSED' | 'NOT_CONNECTED' | 'NO_P4INFO'> {
  override readonly name = 'ConnectionStateError';
}
