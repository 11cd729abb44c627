// The controller against the simulated switch over real gRPC: the whole path from load
// reports to k-sets in the registers, new flows on the k least-loaded cores, redirect
// entries, pinning across k-set changes and idle flows disappearing.
import assert from 'node:assert/strict';
import { ipv4 } from '../../src/packet/index.js';
import type { Controller } from '../../src/controller/controller.js';
import { REGISTERS, TABLES } from '../../src/controller/dataplane-names.js';
import { coreOf, loadReport, loadReport6, nowTimestamp48, tcpPacket } from './support/frames.js';
import { eventually, startController, testConfig } from './support/controller-fixture.js';
import { SimSwitch } from './support/sim-switch.js';

const VIP = '10.0.0.100';
const CLIENT_PORT = 10;

function activeSlots(sim: SimSwitch, service = 0): Array<[number, number]> {
  const bank = sim.register(REGISTERS.activeBank, service);
  const count = sim.register(REGISTERS.slotCount, bank * 64 + service);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const v = sim.register(REGISTERS.ksetSlots, bank * 1024 + service * 16 + i);
    out.push([v >>> 8, v & 0xff]);
  }
  return out;
}

for (const kSetWrites of ['packet-out', 'registers'] as const) {
  describe(`controller end to end on the simulator (k-sets by ${kSetWrites})`, function () {
    this.timeout(20_000);
    let sim: SimSwitch;
    let controller: Controller;

    beforeEach(async () => {
      sim = await SimSwitch.start();
      controller = await startController(testConfig({ switches: [{ address: sim.address, kSetWrites }], timing: { flowIdleTimeoutMs: 400 } }));
      await eventually(() => controller.sessions[0]!.isReady, 'switch ready');
    });
    afterEach(async () => {
      controller.stop();
      await sim.stop();
    });

    it('installs services, servers, report allowlists and SNAT entries', () => {
      assert.equal(sim.tableSize(TABLES.services), 1);
      assert.equal(sim.tableSize(TABLES.vips), 1);
      assert.equal(sim.tableSize(TABLES.servers), 2);
      assert.equal(sim.tableSize(TABLES.reportSources), 2);
      assert.equal(sim.tableSize(TABLES.reportSourcesV6), 2);
      assert.equal(sim.tableSize(TABLES.snat), 2);
    });

    it('puts the k least-loaded cores in the registers, spreads new flows over them round-robin and pins them', async () => {
      // server index = position: s1 -> 0 (port 1), s2 -> 1 (port 2)
      sim.inject(1, loadReport('10.0.1.1', 0, 200));
      sim.inject(1, loadReport('10.0.1.1', 1, 50));
      sim.inject(2, loadReport('10.0.1.2', 0, 10));
      sim.inject(2, loadReport('10.0.1.2', 1, 100));
      await eventually(() => JSON.stringify(activeSlots(sim)) === JSON.stringify([[1, 0], [0, 1]]), 'k-set [(s2,0), (s1,1)] active');

      const toS1 = sim.capture(1);
      const toS2 = sim.capture(2);
      for (let i = 0; i < 4; i++) sim.inject(CLIENT_PORT, tcpPacket('192.168.0.1', 40000 + i, VIP, 80));
      assert.deepEqual(toS2.frames.map((f) => coreOf(f).core), [0, 0]);
      assert.deepEqual(toS1.frames.map((f) => coreOf(f).core), [1, 1]);
      assert.deepEqual(toS2.frames.map((f) => coreOf(f).parsed.tcp!.srcPort), [40000, 40002]);
      assert.equal(coreOf(toS1.frames[0]!).parsed.ipv4!.dst, ipv4('10.0.1.1'));

      await eventually(() => sim.tableSize(TABLES.redirect) === 4, 'four redirect entries');
      assert.equal(controller.flows.size, 4);
      const pinned = controller.flowList().map((f) => [f.srcPort, f.serverIndex, f.coreId]).sort();
      assert.deepEqual(pinned, [[40000, 1, 0], [40001, 0, 1], [40002, 1, 0], [40003, 0, 1]]);

      // Loads change: the k-set moves, pinned flows stay where they are.
      sim.inject(1, loadReport('10.0.1.1', 0, 0));
      sim.inject(2, loadReport('10.0.1.2', 0, 250));
      await eventually(() => JSON.stringify(activeSlots(sim)) === JSON.stringify([[0, 0], [0, 1]]), 'k-set [(s1,0), (s1,1)] active');
      toS1.frames.length = 0;
      toS2.frames.length = 0;
      sim.inject(CLIENT_PORT, tcpPacket('192.168.0.1', 40000, VIP, 80, 'more'));
      sim.inject(CLIENT_PORT, tcpPacket('192.168.0.1', 50000, VIP, 80));
      assert.deepEqual(toS2.frames.map((f) => [coreOf(f).parsed.tcp!.srcPort, coreOf(f).core]), [[40000, 0]]);
      assert.equal(toS1.frames.length, 1);
      assert.equal(coreOf(toS1.frames[0]!).parsed.tcp!.srcPort, 50000);

      // Idle flows disappear from the switch and from the controller.
      await eventually(() => sim.tableSize(TABLES.redirect) === 0 && controller.flows.size === 0, 'idle flows removed', 8000);
      toS1.stop();
      toS2.stop();
    });

    it('accepts IPv6-format reports (no timestamp) like L2 ones', async () => {
      sim.inject(1, loadReport6('fd00::1:1', 1, 5));
      await eventually(() => JSON.stringify(activeSlots(sim)) === JSON.stringify([[0, 1]]), 'k-set [(s1,1)] from an IPv6 report');
    });

    it('excludes a server whose report arrives stale', async () => {
      sim.inject(1, loadReport('10.0.1.1', 0, 10));
      sim.inject(2, loadReport('10.0.1.2', 0, 20));
      await eventually(() => activeSlots(sim).length === 2, 'both servers in the k-set');
      // 5 s old on arrival, over the 1 s threshold: s1 is held down.
      sim.inject(1, loadReport('10.0.1.1', 1, 0, nowTimestamp48(-5000)));
      await eventually(() => JSON.stringify(activeSlots(sim)) === JSON.stringify([[1, 0]]), 'only s2 left');
      const s1 = controller.status().servers[0]!.status;
      assert.equal(s1.state === 'excluded' && s1.reason, 'stale-report');
    });

    it('excludes a server that goes silent', async () => {
      controller.stop();
      controller = await startController(testConfig({ switches: [{ address: sim.address, kSetWrites }], timing: { serverSilenceTimeoutMs: 300 } }));
      await eventually(() => controller.sessions[0]!.isReady, 'ready again');
      sim.inject(1, loadReport('10.0.1.1', 0, 10));
      sim.inject(2, loadReport('10.0.1.2', 0, 20));
      await eventually(() => JSON.stringify(activeSlots(sim)) === JSON.stringify([[0, 0], [1, 0]]), 'both servers in the k-set');
      // s2 keeps reporting, s1 falls silent.
      const keepReporting = setInterval(() => sim.inject(2, loadReport('10.0.1.2', 0, 20)), 50);
      try {
        await eventually(() => JSON.stringify(activeSlots(sim)) === JSON.stringify([[1, 0]]), 'only s2 left');
      } finally {
        clearInterval(keepReporting);
      }
      assert.deepEqual(controller.status().servers[0]!.status, { state: 'excluded', reason: 'silent', holdDownUntilUs: null });
    });
  });
}
