// Staying up, against the simulated switch over real gRPC: switch restarts, controller
// restarts, primary/backup failover and two switches kept identical.
import assert from 'node:assert/strict';
import type { Controller } from '../../src/controller/controller.js';
import { REGISTERS, TABLES } from '../../src/controller/dataplane-names.js';
import { coreOf, loadReport, tcpPacket } from './support/frames.js';
import { eventually, startController, testConfig } from './support/controller-fixture.js';
import { SimSwitch } from './support/sim-switch.js';

const VIP = '10.0.0.100';

function activeSlots(sim: SimSwitch): number[] {
  const bank = sim.register(REGISTERS.activeBank, 0);
  const count = sim.register(REGISTERS.slotCount, bank * 64);
  return Array.from({ length: count }, (_, i) => sim.register(REGISTERS.ksetSlots, bank * 1024 + i));
}

/** Loads that make (s1, core 1) and (s2, core 0) the two least loaded. */
function reportLoads(sim: SimSwitch): void {
  sim.inject(1, loadReport('10.0.1.1', 0, 200));
  sim.inject(1, loadReport('10.0.1.1', 1, 50));
  sim.inject(2, loadReport('10.0.1.2', 0, 10));
  sim.inject(2, loadReport('10.0.1.2', 1, 100));
}
const EXPECTED_SLOTS = [(1 << 8) | 0, (0 << 8) | 1];

function openFlows(sim: SimSwitch, n: number, firstPort = 40000): void {
  for (let i = 0; i < n; i++) sim.inject(10, tcpPacket('192.168.0.1', firstPort + i, VIP, 80));
}

describe('controller resilience on the simulator', function () {
  this.timeout(20_000);
  const sims: SimSwitch[] = [];
  const controllers: Controller[] = [];
  const start = async (...args: Parameters<typeof startController>): Promise<Controller> => {
    const c = await startController(...args);
    controllers.push(c);
    return c;
  };
  const sim = async (options: Parameters<typeof SimSwitch.start>[0] = {}): Promise<SimSwitch> => {
    const s = await SimSwitch.start(options);
    sims.push(s);
    return s;
  };
  afterEach(async () => {
    for (const c of controllers.splice(0)) c.stop();
    for (const s of sims.splice(0)) await s.stop();
  });

  it('re-pushes the pipeline, entries, k-set and every flow after a switch restart', async () => {
    const sw = await sim();
    const controller = await start(testConfig({ switches: [{ address: sw.address }] }));
    await eventually(() => controller.sessions[0]!.isReady, 'ready');
    reportLoads(sw);
    await eventually(() => JSON.stringify(activeSlots(sw)) === JSON.stringify(EXPECTED_SLOTS), 'k-set active');
    openFlows(sw, 5);
    await eventually(() => sw.tableSize(TABLES.redirect) === 5, 'five flows');

    await sw.restart();
    assert.equal(sw.hasPipeline, false);
    await eventually(() => sw.hasPipeline && controller.sessions[0]!.isReady, 'resynced after the restart');
    await eventually(() => sw.tableSize(TABLES.redirect) === 5, 'flows rewritten');
    assert.equal(sw.tableSize(TABLES.servers), 2);
    assert.deepEqual(activeSlots(sw), EXPECTED_SLOTS);
    assert.equal(controller.flows.size, 5);
  });

  it('reads the redirect table back on controller start instead of wiping it', async () => {
    const sw = await sim();
    const config = testConfig({ switches: [{ address: sw.address }] });
    const first = await start(config);
    await eventually(() => first.sessions[0]!.isReady, 'ready');
    reportLoads(sw);
    await eventually(() => activeSlots(sw).length === 2, 'k-set active');
    openFlows(sw, 3);
    await eventually(() => sw.tableSize(TABLES.redirect) === 3, 'three flows');
    const before = first.flowList().map((f) => [f.srcPort, f.serverIndex, f.coreId]).sort();
    first.stop();

    const second = await start(config);
    await eventually(() => second.sessions[0]!.isReady, 'ready again');
    assert.equal(sw.tableSize(TABLES.redirect), 3);
    assert.deepEqual(second.flowList().map((f) => [f.srcPort, f.serverIndex, f.coreId]).sort(), before);
    // The k-set the first controller pushed is still active: nothing was wiped.
    assert.deepEqual(activeSlots(sw), EXPECTED_SLOTS);
  });

  it('while warming up, does not narrow the k-set to the first cores it hears from', async () => {
    const sw = await sim();
    const controller = await start(testConfig({ switches: [{ address: sw.address }] }), { warmUpMs: 60_000 });
    await eventually(() => controller.sessions[0]!.isReady, 'ready');
    sw.inject(1, loadReport('10.0.1.1', 0, 10));
    await eventually(() => controller.status().servers[0]!.loads[0] === 10, 'first report ingested');
    assert.equal(controller.status().services[0]!.pushed, null);
    sw.inject(2, loadReport('10.0.1.2', 0, 20));
    await eventually(() => controller.status().services[0]!.pushed?.members.length === 2, 'k members: pushed at once');
  });

  it('hands over to the backup controller when the primary dies, losing no pinned flow', async () => {
    const sw = await sim();
    const primary = await start(testConfig({ switches: [{ address: sw.address, electionId: 10 }] }));
    await eventually(() => primary.sessions[0]!.isReady, 'primary ready');
    const backup = await start(testConfig({ switches: [{ address: sw.address, electionId: 5 }] }));
    await eventually(() => backup.sessions[0]!.state === 'backup', 'backup waiting');
    reportLoads(sw);
    await eventually(() => activeSlots(sw).length === 2, 'k-set active');
    openFlows(sw, 4);
    await eventually(() => sw.tableSize(TABLES.redirect) === 4 && primary.flows.size === 4, 'four flows');
    assert.equal(backup.flows.size, 0);

    primary.stop();
    await eventually(() => backup.sessions[0]!.isReady, 'backup took over');
    assert.equal(backup.flows.size, 4);
    assert.equal(sw.tableSize(TABLES.redirect), 4);
    // The new primary runs the loop: new loads, new k-set, new flows pinned.
    sw.inject(1, loadReport('10.0.1.1', 0, 1));
    sw.inject(2, loadReport('10.0.1.2', 0, 2));
    sw.inject(1, loadReport('10.0.1.1', 1, 3));
    sw.inject(2, loadReport('10.0.1.2', 1, 4));
    await eventually(() => JSON.stringify(activeSlots(sw)) === JSON.stringify([0, 1 << 8]), 'backup pushed a k-set');
    openFlows(sw, 2, 41000);
    await eventually(() => sw.tableSize(TABLES.redirect) === 6 && backup.flows.size === 6, 'new flows through the backup');
  });

  it('recovers when the active bank changed behind its back (rejected packet-outs, then QUERY_BANK)', async () => {
    const sw = await sim();
    const controller = await start(testConfig({ switches: [{ address: sw.address }] }));
    await eventually(() => controller.sessions[0]!.isReady, 'ready');
    reportLoads(sw);
    await eventually(() => JSON.stringify(activeSlots(sw)) === JSON.stringify(EXPECTED_SLOTS), 'k-set active');
    // Someone else flips the bank: the controller's idea of the inactive bank is now the active one.
    const activeBank = sw.target.registers.get(REGISTERS.activeBank)!;
    activeBank.writeBits(0, 1n - activeBank.readBits(0));
    sw.inject(1, loadReport('10.0.1.1', 0, 0));
    await eventually(() => JSON.stringify(activeSlots(sw)) === JSON.stringify([0, 1 << 8]), 'new k-set active after the retry');
    const metrics = await controller.metrics.registry.getSingleMetricAsString('corelb_kset_pushes_total');
    assert.match(metrics, /result="failed"\} [1-9]/);
  });

  it('keeps two switches identical: same k-sets, every flow replicated, removed when idle on both', async () => {
    const a = await sim({ idleRepeatNs: 100_000_000n });
    const b = await sim({ idleRepeatNs: 100_000_000n });
    const controller = await start(testConfig({ switches: [{ address: a.address }, { address: b.address }], timing: { flowIdleTimeoutMs: 300 } }), { idleConfirmWindowMs: 1000 });
    await eventually(() => controller.sessions.every((s) => s.isReady), 'both ready');
    reportLoads(a);
    await eventually(() => JSON.stringify(activeSlots(a)) === JSON.stringify(EXPECTED_SLOTS) && JSON.stringify(activeSlots(b)) === JSON.stringify(EXPECTED_SLOTS), 'same k-set on both');
    openFlows(a, 3);
    openFlows(b, 2, 42000);
    await eventually(() => a.tableSize(TABLES.redirect) === 5 && b.tableSize(TABLES.redirect) === 5, 'all five flows on both switches');
    // ECMP moves a flow pinned on a to b: b sends it to the same server and core.
    const pinned = controller.flowList().find((f) => f.srcPort === 40000)!;
    const out = b.capture(1 + pinned.serverIndex);
    b.inject(10, tcpPacket('192.168.0.1', 40000, VIP, 80, 'moved'));
    out.stop();
    assert.equal(out.frames.length, 1);
    assert.equal(coreOf(out.frames[0]!).core, pinned.coreId);
    await eventually(() => a.tableSize(TABLES.redirect) === 0 && b.tableSize(TABLES.redirect) === 0 && controller.flows.size === 0, 'idle flows removed from both', 8000);
  });
});
