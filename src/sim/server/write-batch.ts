// A Write's updates applied in order, each on its own (CONTINUE_ON_ERROR): one failing
// update neither stops nor undoes the others. As PI does, a batch with any failure ends
// with status UNKNOWN and a google.rpc.Status in the `grpc-status-details-bin` trailer
// holding one p4.v1.Error per update, in update order (OK for those that were applied).
import { Metadata } from '@grpc/grpc-js';
import type { Any } from '../../proto/google/protobuf/any.js';
import { Status } from '../../proto/google/rpc/status.js';
import { Error as P4Error, type Update } from '../../proto/p4/v1/p4runtime.js';
import { applyUpdate, type EntityContext } from './entities.js';
import { Code, RpcError, toRpcError } from './rpc-error.js';

/** p4.v1.Error.space for our errors; `code` repeats the canonical code. */
export const ERROR_SPACE = 'corelb-sim';
const ERROR_TYPE_URL = 'type.googleapis.com/p4.v1.Error';
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** The outcome of each update, undefined for success. */
export function applyUpdates(context: EntityContext, updates: readonly Update[]): (RpcError | undefined)[] {
  return updates.map((update) => {
    try {
      applyUpdate(context, update);
      return undefined;
    } catch (error) {
      return toRpcError(error);
    }
  });
}

/**
 * Trailers travel in one HTTP/2 header block, which peers cap (Node's default for the
 * whole block is 64 KiB, and grpc-js clients hang on a larger one); the details are sent
 * base64-encoded, so the encoded google.rpc.Status must stay well under 48 KiB.
 */
const DETAILS_BUDGET_BYTES = 44 * 1024;
const MAX_SUMMARY_CHARS = 300;

/** The full error, or (`full` false) just its canonical code, the cheapest form on the wire. */
function errorDetail(result: RpcError | undefined, full: boolean): Any {
  const withDetail = full && result !== undefined;
  return {
    typeUrl: ERROR_TYPE_URL,
    value: Buffer.from(P4Error.encode({
      canonicalCode: result?.code ?? Code.OK,
      message: withDetail ? result.message : '',
      space: withDetail ? ERROR_SPACE : '',
      code: withDetail ? result.code : 0,
      details: undefined,
    }).finish()),
  };
}

/**
 * One p4.v1.Error per update. When all of them with their messages would overflow the
 * trailer, messages (and space/code) are kept for the earliest failures only; when even bare codes do not
 * fit (thousands of failures), there are no details and the summary says so.
 */
function perUpdateDetails(results: readonly (RpcError | undefined)[]): Any[] | undefined {
  const details = results.map((r) => errorDetail(r, false));
  let size = details.reduce((sum, d) => sum + d.typeUrl.length + d.value.length + 6, 0);
  if (size > DETAILS_BUDGET_BYTES) return undefined;
  for (let i = 0; i < results.length; i++) {
    const result = results[i];
    if (result === undefined) continue;
    const full = errorDetail(result, true);
    const growth = full.value.length - details[i]!.value.length + 2;
    if (size + growth > DETAILS_BUDGET_BYTES) break;
    details[i] = full;
    size += growth;
  }
  return details;
}

/** A failed batch as the error grpc-js sends: UNKNOWN with every update's p4.v1.Error in the trailer. */
export class BatchError extends RpcError {
  readonly metadata: Metadata;

  constructor(readonly results: readonly (RpcError | undefined)[]) {
    const failures = results.filter((r) => r !== undefined);
    const details = perUpdateDetails(results);
    const first = failures[0]?.message.slice(0, MAX_SUMMARY_CHARS);
    const summary = `${failures.length} of ${results.length} updates failed` + (first ? `; first: ${first}` : '')
      + (details === undefined ? '; per-update errors omitted: too many to fit in the status trailer, send smaller batches' : '');
    super(Code.UNKNOWN, summary);
    this.metadata = new Metadata();
    const statusMessage = Status.encode({ code: Code.UNKNOWN, message: summary, details: details ?? [] }).finish();
    this.metadata.set(STATUS_DETAILS_KEY, Buffer.from(statusMessage));
  }
}
