// A Write's updates applied in order, each on its own (CONTINUE_ON_ERROR): one failing
// update neither stops nor undoes the others. As PI does, a batch with any failure ends
// with status UNKNOWN and a google.rpc.Status in the `grpc-status-details-bin` trailer
// holding one p4.v1.Error per update, in update order (OK for those that were applied).
import { Metadata } from '@grpc/grpc-js';
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

/** A failed batch as the error grpc-js sends: UNKNOWN with every update's p4.v1.Error in the trailer. */
export class BatchError extends RpcError {
  readonly metadata: Metadata;

  constructor(readonly results: readonly (RpcError | undefined)[]) {
    const failures = results.filter((r) => r !== undefined);
    const first = failures[0];
    const summary = `${failures.length} of ${results.length} updates failed` + (first ? `; first: ${first.message}` : '');
    super(Code.UNKNOWN, summary);
    const details = results.map((result) => ({
      typeUrl: ERROR_TYPE_URL,
      value: Buffer.from(P4Error.encode({
        canonicalCode: result?.code ?? Code.OK,
        message: result?.message ?? '',
        space: result === undefined ? '' : ERROR_SPACE,
        code: result?.code ?? 0,
        details: undefined,
      }).finish()),
    }));
    this.metadata = new Metadata();
    this.metadata.set(STATUS_DETAILS_KEY, Buffer.from(Status.encode({ code: Code.UNKNOWN, message: summary, details }).finish()));
  }
}
