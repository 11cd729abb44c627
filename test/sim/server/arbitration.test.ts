import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { MasterArbitrationUpdate } from '../../../src/proto/p4/v1/p4runtime.js';
import { Arbitration, type ArbitrationClient } from '../../../src/sim/server/arbitration.js';
import { RpcError } from '../../../src/sim/server/rpc-error.js';

class Recorder implements ArbitrationClient {
  readonly updates: MasterArbitrationUpdate[] = [];
  send(update: MasterArbitrationUpdate): void {
    this.updates.push(update);
  }
  last() {
    const u = this.updates.at(-1)!;
    return { code: u.status?.code, id: u.electionId === undefined ? undefined : (u.electionId.high << 64n) | u.electionId.low };
  }
}

const request = (electionId: bigint | undefined, role = '', deviceId = 1n): MasterArbitrationUpdate => ({
  deviceId,
  role: role === '' ? undefined : { id: 0n, name: role, config: undefined },
  electionId: electionId === undefined ? undefined : { high: electionId >> 64n, low: electionId & ((1n << 64n) - 1n) },
  status: undefined,
});

describe('P4Runtime arbitration', () => {
  it('elects the highest election id, compares all 128 bits, and tells each client where it stands', () => {
    const arb = new Arbitration(1n);
    const [a, b] = [new Recorder(), new Recorder()];
    arb.arbitrate(a, request(1n << 64n));
    assert.deepEqual(a.last(), { code: status.OK, id: 1n << 64n });
    arb.arbitrate(b, request((1n << 64n) - 1n));
    assert.deepEqual(b.last(), { code: status.ALREADY_EXISTS, id: 1n << 64n });
    assert.equal(a.updates.length, 1, 'the primary hears nothing when a backup joins');
    assert.ok(arb.isPrimaryRequest('', { high: 1n, low: 0n }));
    assert.ok(!arb.isPrimaryRequest('', { high: 0n, low: (1n << 64n) - 1n }));
  });

  it('promotes the next highest when the primary leaves, and reports NOT_FOUND when nobody can be primary', () => {
    const arb = new Arbitration(1n);
    const [a, b, c] = [new Recorder(), new Recorder(), new Recorder()];
    arb.arbitrate(a, request(10n));
    arb.arbitrate(b, request(5n));
    arb.arbitrate(c, request(undefined));
    assert.deepEqual(c.last(), { code: status.ALREADY_EXISTS, id: 10n });
    arb.leave(a);
    assert.deepEqual(b.last(), { code: status.OK, id: 5n });
    assert.deepEqual(c.last(), { code: status.ALREADY_EXISTS, id: 5n });
    arb.leave(b);
    assert.deepEqual(c.last(), { code: status.NOT_FOUND, id: 10n });
    assert.equal(arb.primaryOf(''), undefined);
  });

  it('lets a client raise its own election id to take over', () => {
    const arb = new Arbitration(1n);
    const [a, b] = [new Recorder(), new Recorder()];
    arb.arbitrate(a, request(10n));
    arb.arbitrate(b, request(5n));
    arb.arbitrate(b, request(11n));
    assert.deepEqual(b.last(), { code: status.OK, id: 11n });
    assert.deepEqual(a.last(), { code: status.ALREADY_EXISTS, id: 11n });
    assert.ok(arb.isPrimaryClient(b));
  });

  it('refuses a duplicate election id, a wrong device id and a change of role', () => {
    const arb = new Arbitration(1n);
    const [a, b] = [new Recorder(), new Recorder()];
    arb.arbitrate(a, request(10n));
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as RpcError).code;
      }
      return undefined;
    };
    assert.equal(code(() => arb.arbitrate(b, request(10n))), status.ALREADY_EXISTS);
    assert.equal(code(() => arb.arbitrate(b, request(11n, '', 2n))), status.INVALID_ARGUMENT);
    assert.equal(code(() => arb.arbitrate(a, request(10n, 'other'))), status.FAILED_PRECONDITION);
    assert.ok(arb.isPrimaryClient(a));
    assert.ok(!arb.isArbitrated(b));
  });

  it('keeps one primary per role', () => {
    const arb = new Arbitration(1n);
    const [a, b] = [new Recorder(), new Recorder()];
    arb.arbitrate(a, request(10n, 'x'));
    arb.arbitrate(b, request(1n, 'y'));
    assert.ok(arb.isPrimaryClient(a) && arb.isPrimaryClient(b));
    assert.ok(arb.isPrimaryRequest('y', { high: 0n, low: 1n }));
    assert.ok(!arb.isPrimaryRequest('x', { high: 0n, low: 1n }));
  });
});
