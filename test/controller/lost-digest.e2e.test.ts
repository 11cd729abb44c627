// A new flow whose only digest was lost: lb.p4 re-sends new_flow_digest_t from the flow's
// later packets while it is still pending (its 4th, 8th, ... pending hit), and the controller
// pins it exactly where the data plane put it. The loss is made deterministic by a client
// that takes over the switch and removes the digest's configuration (an unconfigured digest
// is not reported, as on BMv2) while the flow's first packet passes.
import assert from 'node:assert/strict';
import type { Controller } from '../../src/controller/controller.js';
import { DIGESTS, TABLES } from '../../src/controller/dataplane-names.js';
import { SwitchConnection } from '../../src/p4runtime/index.js';
import { coreOf, loadReport, tcpPacket } from './support/frames.js';
import { eventually, lbPipeline, startController, testConfig } from './support/controller-fixture.js';
import { SimSwitch } from './support/sim-switch.js';

describe('a lost new-flow digest on the simulator', function () {
  this.timeout(20_000);
  let sim: SimSwitch;
  let controller: Controller;

  before(async () => {
    sim = await SimSwitch.start();
  });
  after(async () => {
    controller.stop();
    await sim.stop();
  });

  it('is recovered from the flow\'s later packets, which keep their first core meanwhile', async () => {
    const config = testConfig({ switches: [{ address: sim.address }] });
    controller = await startController(config);
    await eventually(() => controller.sessions[0]!.isReady, 'ready');
    sim.inject(1, loadReport('10.0.1.1', 1, 10));
    sim.inject(2, loadReport('10.0.1.2', 1, 20));
    await eventually(() => controller.status().services[0]!.pushed?.members.length === 2, 'k-set pushed');
    controller.stop();

    const intruder = new SwitchConnection({ address: sim.address, deviceId: 1, electionId: 99, reconnect: false, p4info: (await lbPipeline()).p4info });
    await intruder.connect();
    const toS1 = sim.capture(1);
    const toS2 = sim.capture(2);
    const packet = (): void => sim.inject(10, tcpPacket('192.168.7.7', 4321, '10.0.0.100', 80));
    const forwarded = (): number => toS1.frames.length + toS2.frames.length;
    try {
      await intruder.delete(intruder.entities.digest({ digest: DIGESTS.newFlow }));
      packet(); // claims the pending slot; its digest is not reported
      await eventually(() => forwarded() === 1, 'first packet forwarded');
    } finally {
      intruder.close();
    }
    const [firstFrame] = [...toS1.frames, ...toS2.frames];
    const chosen = { serverIndex: toS1.frames.length === 1 ? 0 : 1, coreId: coreOf(firstFrame!).core };

    controller = await startController(config);
    await eventually(() => controller.sessions[0]!.isReady, 'ready again');
    assert.equal(controller.flows.size, 0, 'the controller does not know the flow');
    for (let i = 2; i <= 4; i++) packet(); // pending hits 1-3: no digest yet
    await eventually(() => forwarded() === 4, 'packets 2-4 forwarded');
    packet(); // pending hit 4: the digest again
    await eventually(() => controller.flows.size === 1 && sim.tableSize(TABLES.redirect) === 1, 'flow learned and pinned');
    const [flow] = controller.flows.values();
    assert.deepEqual({ serverIndex: flow!.serverIndex, coreId: flow!.coreId }, chosen, 'pinned where the data plane put it');
    await eventually(() => forwarded() === 5, 'packet 5 forwarded');
    const frames = [...toS1.frames, ...toS2.frames];
    assert.ok(frames.every((f) => coreOf(f).core === chosen.coreId), 'every packet on the first core');
    assert.equal(chosen.serverIndex === 0 ? toS2.frames.length : toS1.frames.length, 0, 'every packet to the first server');
    toS1.stop();
    toS2.stop();
  });
});
