import assert from 'node:assert/strict';
import { InstanceType, ManualClock, V1ModelPipeline, type Digest } from '../../../src/sim/arch/v1model/pipeline.js';
import { handProgram } from './hand-program.js';

const pkt = (...bytes: number[]) => Uint8Array.from(bytes);
const show = (outs: { port: number; bytes: Uint8Array }[]) => outs.map((o) => ({ port: o.port, bytes: [...o.bytes] }));

describe('sim v1model: pipeline driver', () => {
  let sw: V1ModelPipeline;
  beforeEach(() => {
    sw = new V1ModelPipeline(handProgram(), { clock: new ManualClock(5_000n).now, randomSeed: 1 });
  });

  it('unicasts to egress_spec and carries the payload through', () => {
    assert.deepEqual(show(sw.process(0, pkt(1, 6, 0, 0xaa, 0xbb))), [{ port: 6, bytes: [1, 6, 0, 0xaa, 0xbb] }]);
  });

  it('a parser error does not drop: ingress runs with parser_error set (here: invalid header -> port 9)', () => {
    assert.deepEqual(show(sw.process(0, pkt(1))), [{ port: 9, bytes: [1] }]);
  });

  it('drops on mark_to_drop (egress_spec 511)', () => {
    assert.deepEqual(sw.process(0, pkt(5, 0, 0)), []);
  });

  it('multicast: one copy per group node with egress_rid and instance type REPLICATION', () => {
    sw.replication.writeGroup('insert', 3, [
      { port: 1, rid: 1 },
      { port: 2, rid: 2 },
    ]);
    const tag = (rid: number) => InstanceType.REPLICATION * 16 + rid;
    assert.deepEqual(show(sw.process(0, pkt(2, 3, 0))), [
      { port: 1, bytes: [2, 3, tag(1)] },
      { port: 2, bytes: [2, 3, tag(2)] },
    ]);
    assert.deepEqual(sw.process(0, pkt(2, 4, 0)), []); // no such group: nothing
  });

  it('clone I2E sends the original packet to the mirroring session port', () => {
    sw.replication.writeSession('insert', 5, { replicas: [{ port: 7, rid: 0 }], truncateLength: 0 });
    assert.deepEqual(show(sw.process(0, pkt(3, 5, 0))), [
      { port: 7, bytes: [3, 5, InstanceType.INGRESS_CLONE * 16] },
      { port: 1, bytes: [3, 5, 0] },
    ]);
  });

  it('clone E2E copies the packet as egress left it', () => {
    sw.replication.writeSession('insert', 4, { replicas: [{ port: 8, rid: 0 }], truncateLength: 1 });
    assert.deepEqual(show(sw.process(0, pkt(8, 4, 0, 0xee))), [
      { port: 1, bytes: [8, 4, 0, 0xee] },
      { port: 8, bytes: [8] },
    ]);
  });

  it('resubmit re-runs ingress on the original packet preserving only the @field_list fields', () => {
    // count (7, preserved) + other (9, not preserved -> 0) = port 7; a unicast packet is
    // NORMAL again in egress (BMv2), so the tag is 0.
    assert.deepEqual(show(sw.process(0, pkt(4, 0, 0))), [{ port: 7, bytes: [4, 0, InstanceType.NORMAL * 16] }]);
  });

  it('recirculate feeds the deparsed packet back to ingress', () => {
    assert.deepEqual(show(sw.process(0, pkt(7, 0, 0))), [{ port: 4, bytes: [7, 0, InstanceType.NORMAL * 16] }]);
  });

  it('truncate keeps the first bytes', () => {
    assert.deepEqual(show(sw.process(0, pkt(9, 0, 0, 1, 2, 3))), [{ port: 1, bytes: [9, 0] }]);
  });

  it('delivers digests with the serialized struct', () => {
    const got: Digest[] = [];
    sw.onDigest((d) => got.push(d));
    sw.process(0, pkt(6, 0x42, 0));
    assert.equal(got.length, 1);
    assert.equal(got[0]!.typeName, 'digest_t');
    assert.deepEqual([...got[0]!.bytes], [6, 0x42]);
    assert.equal(got[0]!.timestampNs, 5_000n);
  });

  it('counters count packets and bytes, registers hold writes', () => {
    sw.process(0, pkt(10, 3, 0, 0, 0));
    sw.process(0, pkt(10, 3, 0));
    assert.deepEqual(sw.binding.counters.get('ingress.c')!.cells.read(3), { packets: 2n, bytes: 8n });
    assert.equal(sw.binding.registers.get('ingress.reg')!.cells.readBits(3), 3n);
  });

  it('rejects ports outside 0..510', () => {
    assert.throws(() => sw.process(511, pkt(1, 1, 1)), /out of range/);
  });
});

describe('sim v1model: pipeline limits', () => {
  it('cuts off a packet that recirculates for ever after maxPasses, and says so', () => {
    const logs: string[] = [];
    // op 4 resubmits once per first pass; with maxPasses 1 the resubmitted pass never runs.
    const sw = new V1ModelPipeline(handProgram(), { maxPasses: 1, log: (m) => logs.push(m) });
    assert.deepEqual(sw.process(0, Uint8Array.from([4, 0, 0])), []);
    assert.match(logs[0]!, /dropped after 1 resubmit\/recirculate\/clone passes/);
  });

  it('a digest listener may inject packets re-entrantly', () => {
    const sw = new V1ModelPipeline(handProgram());
    const inner: number[] = [];
    sw.onDigest(() => {
      inner.push(...sw.process(0, Uint8Array.from([1, 5, 0])).map((o) => o.port));
    });
    assert.deepEqual(sw.process(0, Uint8Array.from([6, 1, 0])).map((o) => o.port), [2]);
    assert.deepEqual(inner, [5]);
  });
});
