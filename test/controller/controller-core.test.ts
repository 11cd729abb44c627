import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/controller/config.js';
import { ControllerCore } from '../../src/controller/controller-core.js';
import { toRegisterSlots } from '../../src/controller/kset.js';
import type { LoadTableEvent } from '../../src/controller/load-events.js';
import { RoundRobinModel } from '../../src/controller/round-robin-model.js';

const MS = 1000;
const example = parseConfig(readFileSync(new URL('../../examples/corelb.yaml', import.meta.url), 'utf8'));

/** Reports every core of every server with load 10 * server + core, at controller time `now`. */
function reportAll(core: ControllerCore, now: number, loadOf = (server: number, coreId: number) => 10 * server + coreId): void {
  for (const server of example.servers) {
    for (let coreId = 0; coreId < server.cores; coreId++) {
      const outcome = core.ingest({ serverIndex: server.index, coreId, load: loadOf(server.index, coreId), reportTimestampUs: now, switchTimeUs: now + 50 }, now);
      assert.equal(outcome, 'accepted');
    }
  }
}

describe('ControllerCore on the example configuration', () => {
  it('turns reports into k-sets per service and register slots the round-robin walks', () => {
    const events: LoadTableEvent[] = [];
    const core = new ControllerCore(example, (e) => events.push(e));
    reportAll(core, 1000 * MS);
    assert.equal(events.length, 4);
    const [web, dns] = core.plans(1000 * MS);
    assert.equal(web!.push, true);
    // web (k = 8) on all four servers: server 0's cores 0..7 are least loaded.
    assert.deepEqual(web!.candidate.members.map((m) => [m.serverIndex, m.coreId]), [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [0, c]));
    // dns (k = 4) only on servers 0 and 1.
    assert.deepEqual(dns!.candidate.members.map((m) => [m.serverIndex, m.coreId]), [[0, 0], [0, 1], [0, 2], [0, 3]]);
    const slots = toRegisterSlots(dns!.candidate);
    assert.equal(slots.serviceIndex, 1);
    assert.deepEqual(new RoundRobinModel(slots).take(5).map((c) => c.coreId), [0, 1, 2, 3, 0]);
    for (const plan of [web!, dns!]) core.markPushed(plan.candidate, 1000 * MS);
    assert.deepEqual(core.plans(1001 * MS).map((p) => p.reason), ['unchanged', 'unchanged']);

    // Server 0's path congests: its next report is stale, both k-sets must move at once.
    assert.equal(core.ingest({ serverIndex: 0, coreId: 0, load: 0, reportTimestampUs: 1100 * MS, switchTimeUs: 1150 * MS }, 1150 * MS), 'stale');
    const [web2, dns2] = core.plans(1150 * MS);
    assert.equal(web2!.reason, 'member-ineligible');
    assert.ok(web2!.candidate.members.every((m) => m.serverIndex !== 0));
    assert.deepEqual(dns2!.candidate.members.map((m) => [m.serverIndex, m.coreId]), [[1, 0], [1, 1], [1, 2], [1, 3]]);
  });

  it('snapshots per-core loads, eligibility and k-sets as JSON-ready data', () => {
    const core = new ControllerCore(example);
    reportAll(core, 1000 * MS);
    const plans = core.plans(1000 * MS);
    core.markPushed(plans[0]!.candidate, 1000 * MS);
    core.tick(1000 * MS);
    const snapshot = core.snapshot();
    assert.equal(snapshot.heapSize, 32);
    assert.deepEqual(snapshot.servers[1]!.loads, [10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual(snapshot.servers[1]!.status, { state: 'included' });
    assert.equal(snapshot.servers[1]!.eligible.length, 8);
    assert.equal(snapshot.services[0]!.pushed?.members.length, 8);
    assert.equal(snapshot.services[1]!.pushed, null);
    assert.equal(snapshot.services[1]!.candidate.members.length, 4);
    JSON.stringify(snapshot);
    // Everyone falls silent.
    core.tick(2500 * MS);
    const silent = core.snapshot();
    assert.equal(silent.heapSize, 0);
    assert.deepEqual(silent.servers[0]!.status, { state: 'excluded', reason: 'silent', holdDownUntilUs: null });
    assert.deepEqual(silent.servers[0]!.loads[0], 0, 'last loads stay visible');
    assert.deepEqual(silent.servers[0]!.eligible, []);
  });
});
