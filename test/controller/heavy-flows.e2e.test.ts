// Heavy-flow detection against the simulated switch: the redirect table's direct
// counters are polled over P4Runtime, a flow over the byte-rate threshold is marked in the
// data plane (pin_flow_and_mark: DSCP on its packets) and its core's load is penalised.
import assert from 'node:assert/strict';
import type { Controller } from '../../src/controller/controller.js';
import { coreOf, loadReport, tcpPacket } from './support/frames.js';
import { eventually, startController, testConfig } from './support/controller-fixture.js';
import { SimSwitch } from './support/sim-switch.js';

describe('heavy flows on the simulator', function () {
  this.timeout(20_000);
  let sim: SimSwitch;
  let controller: Controller;

  before(async () => {
    sim = await SimSwitch.start();
    controller = await startController(testConfig({
      switches: [{ address: sim.address }],
      heavyFlows: { pollIntervalMs: 50, bytesPerSecond: 20_000, markDscp: 10, loadPenalty: 100, penaltyMs: 60_000 },
    }));
    await eventually(() => controller.sessions[0]!.isReady, 'ready');
  });
  after(async () => {
    controller.stop();
    await sim.stop();
  });

  it('marks a flow that alone exceeds the threshold and penalises its core, leaving light flows alone', async () => {
    sim.inject(1, loadReport('10.0.1.1', 0, 10));
    sim.inject(2, loadReport('10.0.1.2', 0, 20));
    await eventually(() => controller.status().services[0]!.pushed?.members.length === 2, 'k-set pushed');
    sim.inject(10, tcpPacket('192.168.0.1', 1000, '10.0.0.100', 80)); // -> s1 core 0
    sim.inject(10, tcpPacket('192.168.0.2', 2000, '10.0.0.100', 80)); // -> s2 core 0, stays light
    await eventually(() => controller.flows.size === 2 && sim.tableSize('LbIngress.service_lookup.redirect') === 2, 'two flows pinned');

    const toS1 = sim.capture(1);
    const payload = 'x'.repeat(1200);
    const heavy = controller.flows.get([...controller.flows.values()].find((f) => f.key.srcPort === 1000)!.id)!;
    // ~1.2 kB every 5 ms is ~240 kB/s, far over 20 kB/s.
    await eventually(() => {
      sim.inject(10, tcpPacket('192.168.0.1', 1000, '10.0.0.100', 80, payload));
      return heavy.marked;
    }, 'heavy flow marked', 10_000);
    await eventually(() => {
      sim.inject(10, tcpPacket('192.168.0.1', 1000, '10.0.0.100', 80, payload));
      const last = toS1.frames[toS1.frames.length - 1];
      return last !== undefined && coreOf(last).parsed.ipv4!.dscp === 10;
    }, 'packets of the heavy flow carry DSCP 10');
    toS1.stop();
    assert.equal([...controller.flows.values()].find((f) => f.key.srcPort === 2000)!.marked, false);
    assert.deepEqual(controller.status().penalties.map((p) => [p.serverIndex, p.coreId, p.penalty]), [[0, 0, 100]]);

    // The core's next report counts 100 busier: s2's core now ranks first (the same two
    // members in another order are not pushed: round-robin covers both alike).
    sim.inject(1, loadReport('10.0.1.1', 0, 10));
    await eventually(() => controller.status().servers[0]!.loads[0] === 110, 'penalised load ingested');
    assert.deepEqual(controller.status().services[0]!.candidate.members.map((m) => [m.serverIndex, m.load]), [[1, 20], [0, 110]]);
  });
});
