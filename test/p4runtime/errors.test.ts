import assert from 'node:assert/strict';
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { Status } from '../../src/proto/google/rpc/status.js';
import { Error as P4Error } from '../../src/proto/p4/v1/p4runtime.js';
import {
  Backoff,
  canonicalCodeName,
  fromGrpcError,
  P4RuntimeError,
  P4RuntimeWriteError,
  statusFromMetadata,
  updateFailuresFromStatus,
} from '../../src/p4runtime/index.js';

function serviceError(code: number, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
}

function p4ErrorAny(canonicalCode: number, message: string, typeUrl = 'type.googleapis.com/p4.v1.Error') {
  return { typeUrl, value: Buffer.from(P4Error.encode({ canonicalCode, message, space: 'PI', code: canonicalCode ? 7 : 0 }).finish()) };
}

function detailsMetadata(status: Status): Metadata {
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(Status.encode(status).finish()));
  return metadata;
}

describe('p4runtime error decoding', () => {
  it('names canonical codes', () => {
    assert.equal(canonicalCodeName(0), 'OK');
    assert.equal(canonicalCodeName(6), 'ALREADY_EXISTS');
    assert.equal(canonicalCodeName(16), 'UNAUTHENTICATED');
    assert.equal(canonicalCodeName(42), 'CODE_42');
  });

  it('decodes per-update p4.v1.Error details of a failed Write, skipping OK updates', () => {
    const metadata = detailsMetadata({
      code: GrpcStatus.UNKNOWN,
      message: 'Write failure',
      details: [p4ErrorAny(0, ''), p4ErrorAny(GrpcStatus.INVALID_ARGUMENT, 'Bytestring provided does not fit within 9 bits'), p4ErrorAny(0, ''), p4ErrorAny(GrpcStatus.OUT_OF_RANGE, 'Table is full')],
    });
    const error = fromGrpcError('Write', '127.0.0.1:9559', serviceError(GrpcStatus.UNKNOWN, 'Write failure', metadata));
    assert.ok(error instanceof P4RuntimeWriteError);
    assert.equal(error.code, 'UNKNOWN');
    assert.equal(error.address, '127.0.0.1:9559');
    assert.deepEqual(error.failures, [
      { index: 1, code: 'INVALID_ARGUMENT', canonicalCode: 3, message: 'Bytestring provided does not fit within 9 bits', space: 'PI', spaceCode: 7 },
      { index: 3, code: 'OUT_OF_RANGE', canonicalCode: 11, message: 'Table is full', space: 'PI', spaceCode: 7 },
    ]);
    assert.match(error.message, /^P4Runtime Write to 127.0.0.1:9559: 2 update\(s\) failed: #1 INVALID_ARGUMENT: Bytestring/);
  });

  it('accepts any type URL prefix and ignores details of other types', () => {
    const status: Status = { code: 2, message: '', details: [p4ErrorAny(6, 'dup', 'example.com/x/p4.v1.Error'), p4ErrorAny(6, 'no', 'type.googleapis.com/google.rpc.DebugInfo')] };
    assert.deepEqual(updateFailuresFromStatus(status).map((f) => [f.index, f.code, f.message]), [[0, 'ALREADY_EXISTS', 'dup']]);
  });

  it('reports an undecodable per-update error as UNKNOWN instead of failing', () => {
    const status: Status = { code: 2, message: '', details: [{ typeUrl: 'type.googleapis.com/p4.v1.Error', value: Buffer.from([0xff]) }] };
    assert.deepEqual(updateFailuresFromStatus(status).map((f) => [f.index, f.code, f.message]), [[0, 'UNKNOWN', 'undecodable p4.v1.Error in the status details']]);
  });

  it('shortens long failure lists in the message but keeps them all', () => {
    const details = Array.from({ length: 8 }, (_, i) => p4ErrorAny(6, `dup ${i}`));
    const error = fromGrpcError('Write', 'h:1', serviceError(2, 'x', detailsMetadata({ code: 2, message: 'x', details })));
    assert.ok(error instanceof P4RuntimeWriteError);
    assert.equal(error.failures.length, 8);
    assert.match(error.message, /8 update\(s\) failed: .*#4 ALREADY_EXISTS: dup 4; and 3 more$/);
  });

  it('falls back to the gRPC code when details are missing or undecodable', () => {
    const garbage = new Metadata();
    garbage.set('grpc-status-details-bin', Buffer.from([0xff, 0xff, 0xff]));
    assert.equal(statusFromMetadata(garbage), undefined);
    const error = fromGrpcError('Write', 'h:1', serviceError(GrpcStatus.PERMISSION_DENIED, 'Not primary', garbage));
    assert.ok(error instanceof P4RuntimeWriteError);
    assert.equal(error.code, 'PERMISSION_DENIED');
    assert.deepEqual(error.failures, []);
    assert.equal(error.message, 'P4Runtime Write to h:1 failed: PERMISSION_DENIED: Not primary');
  });

  it('makes typed errors of other RPC failures', () => {
    const unavailable = fromGrpcError('StreamChannel', '10.0.0.1:9559', serviceError(GrpcStatus.UNAVAILABLE, 'No connection established'));
    assert.ok(unavailable instanceof P4RuntimeError && !(unavailable instanceof P4RuntimeWriteError));
    assert.equal(unavailable.code, 'UNAVAILABLE');
    assert.equal(unavailable.message, 'P4Runtime StreamChannel: server at 10.0.0.1:9559 is unreachable (UNAVAILABLE: No connection established)');
    const deadline = fromGrpcError('Read', 'h:1', serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'));
    assert.match(deadline.message, /no answer before the deadline/);
    const plain = fromGrpcError('Read', 'h:1', new Error('boom'));
    assert.equal(plain.code, 'UNKNOWN');
    assert.equal(plain.serverMessage, 'boom');
  });
});

describe('p4runtime reconnect backoff', () => {
  it('grows exponentially to the bound and resets', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0 });
    assert.deepEqual(Array.from({ length: 6 }, () => backoff.next()), [100, 200, 400, 800, 1000, 1000]);
    assert.equal(backoff.attempts, 6);
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });

  it('spreads each delay by the jitter fraction', () => {
    const low = new Backoff({ initialMs: 100, jitter: 0.5 }, () => 0);
    const high = new Backoff({ initialMs: 100, jitter: 0.5 }, () => 1);
    assert.equal(low.next(), 50);
    assert.equal(high.next(), 150);
  });

  it('rejects nonsensical settings', () => {
    assert.throws(() => new Backoff({ initialMs: 0 }), RangeError);
    assert.throws(() => new Backoff({ initialMs: 500, maxMs: 100 }), RangeError);
    assert.throws(() => new Backoff({ jitter: 2 }), RangeError);
  });
});
