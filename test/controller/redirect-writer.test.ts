// RedirectWriter's batching and per-entry outcomes, against an in-test TEST DOUBLE of the
// two SwitchConnection members it uses (`entities`, `write`): the double records each
// Write and answers with per-update failures the test chooses.
import assert from 'node:assert/strict';
import { P4RuntimeWriteError, EntityBuilder, type SwitchConnection, type Update, type UpdateFailure } from '../../src/p4runtime/index.js';
import { type RedirectFailure, RedirectWriter } from '../../src/controller/redirect-writer.js';
import { lbPipeline } from './support/controller-fixture.js';

class FakeConnection {
  readonly writes: Update[][] = [];
  answer: (updates: Update[]) => Array<Omit<UpdateFailure, 'index'> & { index: number }> = () => [];
  constructor(readonly entities: EntityBuilder) {}
  async write(updates: Update[]): Promise<void> {
    this.writes.push(updates);
    const failures = this.answer(updates);
    if (failures.length > 0) throw new P4RuntimeWriteError('fake', 2, 'failed', failures);
  }
}

const flow = (srcPort: number) => ({ key: { srcAddr: 1, dstAddr: 2, protocol: 6, srcPort, dstPort: 80 }, serverIndex: 1, coreId: 3, serviceIndex: 0 });
const failure = (index: number, code: UpdateFailure['code']): UpdateFailure => ({ index, code, canonicalCode: 0, message: code, space: '', spaceCode: 0 });

describe('RedirectWriter', () => {
  let fake: FakeConnection;
  let failed: RedirectFailure[];
  let writer: RedirectWriter;
  const written: Array<[string, number]> = [];

  beforeEach(async () => {
    fake = new FakeConnection(new EntityBuilder((await lbPipeline()).p4info));
    failed = [];
    written.length = 0;
    // The double stands in for the connection: RedirectWriter only calls `entities` and `write`.
    writer = new RedirectWriter(fake as unknown as SwitchConnection, {
      idleTimeoutNs: 5_000_000_000n, batchSize: 2, onFailed: (f) => failed.push(f), onWritten: (op, n) => written.push([op, n]),
    });
  });

  it('batches queued updates, keeps only the last per flow, and splits at the batch size', async () => {
    writer.enqueue({ op: 'INSERT', flow: flow(1) });
    writer.enqueue({ op: 'INSERT', flow: flow(2) });
    writer.enqueue({ op: 'DELETE', flow: flow(1) });
    writer.enqueue({ op: 'INSERT', flow: flow(3) });
    await writer.drained();
    // DELETE 1 replaced INSERT 1 in its place in the queue; then INSERT 2; INSERT 3 in a second Write.
    assert.deepEqual(fake.writes.map((w) => w.map((u) => u.type)), [[3, 1], [1]]);
    const entry = fake.writes[0]![1]!.entity!.entity!;
    assert.equal(entry.$case === 'tableEntry' && entry.value.idleTimeoutNs, 5_000_000_000n);
  });

  it('counts ALREADY_EXISTS on INSERT and NOT_FOUND on DELETE as success, retries other failures, then reports them', async () => {
    fake.answer = (updates) => updates.map((u, i) => failure(i, u.type === 1 ? 'ALREADY_EXISTS' : 'NOT_FOUND'));
    writer.enqueue({ op: 'INSERT', flow: flow(1) });
    writer.enqueue({ op: 'DELETE', flow: flow(2) });
    await writer.drained();
    assert.equal(failed.length, 0);
    assert.deepEqual(written.sort(), [['DELETE', 1], ['INSERT', 1]]);

    fake.writes.length = 0;
    fake.answer = (updates) => updates.map((_u, i) => failure(i, 'RESOURCE_EXHAUSTED'));
    writer.enqueue({ op: 'INSERT', flow: flow(5) });
    await writer.drained();
    assert.equal(fake.writes.length, 3);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.code, 'RESOURCE_EXHAUSTED');
    assert.equal(failed[0]!.attempts, 3);
  });

  it('writes heavy flows as pin_flow_and_mark, or with a meter as pin_flow_metered carrying the meter config in the entry', async () => {
    writer.enqueue({ op: 'MODIFY', flow: flow(1), heavy: { markDscp: 10 } });
    writer.enqueue({ op: 'MODIFY', flow: flow(2), heavy: { markDscp: 12, meter: { cir: 1000, cburst: 1500, pir: 2000, pburst: 3000 } } });
    await writer.drained();
    const entries = fake.writes.flat().map((u) => (u.entity!.entity!.$case === 'tableEntry' ? u.entity!.entity!.value : undefined));
    const actionOf = (i: number) => {
      const a = entries[i]!.action!.type;
      return a?.$case === 'action' ? [fake.entities.index.actions.get(a.value.actionId).name, a.value.params.map((p) => [...p.value])] : undefined;
    };
    assert.deepEqual(actionOf(0), ['LbIngress.service_lookup.pin_flow_and_mark', [[1], [3], [10]]]);
    assert.equal(entries[0]!.meterConfig, undefined);
    assert.deepEqual(actionOf(1), ['LbIngress.service_lookup.pin_flow_metered', [[1], [3], [12]]]);
    assert.deepEqual(entries[1]!.meterConfig, { cir: 1000n, cburst: 1500n, pir: 2000n, pburst: 3000n, eburst: 0n });
  });

  it('reports an update the P4Info cannot encode at once', async () => {
    writer.enqueue({ op: 'INSERT', flow: { ...flow(1), serverIndex: 70000 } });
    await writer.drained();
    assert.equal(fake.writes.length, 0);
    assert.equal(failed[0]!.code, 'VALUE_OUT_OF_RANGE');
  });
});
