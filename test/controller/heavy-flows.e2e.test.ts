// Heavy-flow detection against the simulated switch: the redirect table's direct
// counters are polled over P4Runtime, a flow over the byte-rate threshold is marked in the
// data plane (pin_flow_and_mark: DSCP on its packets) or, with heavyFlows.rateLimit,
// rate-limited by its entry's direct meter (pin_flow_metered), and its core's load is penalised.
import assert from 'node:assert/strict';
import type { Controller } from '../../src/controller/controller.js';
import { SwitchConnection } from '../../src/p4runtime/index.js';
import { coreOf, loadReport, tcpPacket } from './support/frames.js';
import { eventually, lbPipeline, startController, testConfig } from './support/controller-fixture.js';
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

describe('heavy flows rate-limited by the direct meter on the simulator', function () {
  this.timeout(20_000);
  let sim: SimSwitch;
  let controller: Controller;
  const rateLimit = { committedBytesPerSecond: 20_000, committedBurstBytes: 3000, peakBytesPerSecond: 40_000, peakBurstBytes: 6000 };

  before(async () => {
    sim = await SimSwitch.start();
    controller = await startController(testConfig({
      switches: [{ address: sim.address }],
      heavyFlows: { pollIntervalMs: 50, bytesPerSecond: 20_000, markDscp: 10, rateLimit, loadPenalty: 100, penaltyMs: 60_000 },
    }));
    await eventually(() => controller.sessions[0]!.isReady, 'ready');
  });
  after(async () => {
    controller.stop();
    await sim.stop();
  });

  it('re-pins a heavy flow with pin_flow_metered and the configured meter: YELLOW packets marked, RED ones dropped by the switch', async () => {
    sim.inject(1, loadReport('10.0.1.1', 0, 10));
    sim.inject(2, loadReport('10.0.1.2', 0, 20));
    await eventually(() => controller.status().services[0]!.pushed?.members.length === 2, 'k-set pushed');
    sim.inject(10, tcpPacket('192.168.0.1', 1000, '10.0.0.100', 80)); // -> s1 core 0
    await eventually(() => controller.flows.size === 1 && sim.tableSize(REDIRECT) === 1, 'flow pinned');
    const heavy = [...controller.flows.values()][0]!;
    const payload = 'x'.repeat(1200);
    await eventually(() => {
      sim.inject(10, tcpPacket('192.168.0.1', 1000, '10.0.0.100', 80, payload));
      return heavy.marked;
    }, 'heavy flow detected', 10_000);

    await eventually(async () => (await switchEntry(sim)).action === 'LbIngress.service_lookup.pin_flow_metered', 'entry re-pinned as pin_flow_metered');
    assert.deepEqual(await switchEntry(sim), {
      action: 'LbIngress.service_lookup.pin_flow_metered', params: { server: 0n, core: 0n, dscp: 10n }, meter: [20_000n, 3000n, 40_000n, 6000n],
    });

    // A burst far over the peak bucket: some packets pass (GREEN unmarked or YELLOW with
    // DSCP 10), the rest the switch drops as RED.
    const toS1 = sim.capture(1);
    const drops = sim.target.counters.get('LbIngress.drop_counter')!;
    const redBefore = drops.read(DROP_FLOW_METER_RED).packets;
    const burst = 20;
    for (let i = 0; i < burst; i++) sim.inject(10, tcpPacket('192.168.0.1', 1000, '10.0.0.100', 80, payload));
    await eventually(() => toS1.frames.length + Number(drops.read(DROP_FLOW_METER_RED).packets - redBefore) === burst, 'every packet of the burst forwarded or dropped');
    toS1.stop();
    const red = Number(drops.read(DROP_FLOW_METER_RED).packets - redBefore);
    assert.ok(red > 0 && red < burst, `${red} of ${burst} dropped as RED`);
    // Full buckets of 3000 and 6000 bytes: about two GREEN frames, then two YELLOW ones.
    const dscps = toS1.frames.map((f) => coreOf(f).parsed.ipv4!.dscp);
    assert.ok(dscps.every((d) => d === 0 || d === 10), `DSCPs ${dscps.join(',')}`);
    assert.ok(dscps.includes(10), `some packets YELLOW (DSCP 10): ${dscps.join(',')}`);
  });

  it('a switch that restarts gets the metered flow back with its meter configuration (carried in the entry)', async () => {
    assert.equal(controller.flows.size, 1);
    await sim.restart();
    await eventually(() => controller.sessions[0]!.isReady && sim.hasPipeline && sim.tableSize(REDIRECT) === 1, 'resynced with the flow', 10_000);
    assert.deepEqual(await switchEntry(sim), {
      action: 'LbIngress.service_lookup.pin_flow_metered', params: { server: 0n, core: 0n, dscp: 10n }, meter: [20_000n, 3000n, 40_000n, 6000n],
    });
  });

  it('a controller restarted with another heavy-flow treatment reads the flow back as heavy and rewrites its entry to match', async () => {
    const heavyFlows = { pollIntervalMs: 0, markDscp: 10 };
    controller.stop();
    controller = await startController(testConfig({ switches: [{ address: sim.address }], heavyFlows }));
    await eventually(() => controller.sessions[0]!.isReady, 'ready without rateLimit');
    await eventually(async () => (await switchEntry(sim)).action === 'LbIngress.service_lookup.pin_flow_and_mark', 'metered entry turned into a marked one');
    assert.deepEqual([...controller.flows.values()].map((f) => f.marked), [true]);

    controller.stop();
    controller = await startController(testConfig({ switches: [{ address: sim.address }], heavyFlows: { ...heavyFlows, rateLimit } }));
    await eventually(() => controller.sessions[0]!.isReady, 'ready with rateLimit again');
    await eventually(async () => (await switchEntry(sim)).action === 'LbIngress.service_lookup.pin_flow_metered', 'marked entry metered again');
    assert.deepEqual((await switchEntry(sim)).meter, [20_000n, 3000n, 40_000n, 6000n]);
  });
});

const REDIRECT = 'LbIngress.service_lookup.redirect';
/** drop_counter index of RED packets of metered flows (docs/dataplane.md). */
const DROP_FLOW_METER_RED = 11;

/**
 * The switch's one redirect entry (action, params) and its direct meter's rates
 * [cir, cburst, pir, pburst], read over P4Runtime by a second (backup) client.
 */
async function switchEntry(sim: SimSwitch): Promise<{ action?: string; params?: Record<string, bigint>; meter?: bigint[] }> {
  const reader = new SwitchConnection({ address: sim.address, deviceId: 1, electionId: 1, reconnect: false, p4info: (await lbPipeline()).p4info });
  await reader.connect();
  try {
    const out: { action?: string; params?: Record<string, bigint>; meter?: bigint[] } = {};
    for await (const entry of reader.readTableEntries(REDIRECT)) {
      if (entry.action?.kind === 'action') Object.assign(out, { action: entry.action.name, params: entry.action.params });
    }
    const [cell] = await reader.readAll([reader.entities.directMeter({ entry: { table: REDIRECT } })]);
    const config = cell?.entity?.$case === 'directMeterEntry' ? cell.entity.value.config : undefined;
    if (config !== undefined) out.meter = [config.cir, config.cburst, config.pir, config.pburst];
    return out;
  } finally {
    reader.close();
  }
}
