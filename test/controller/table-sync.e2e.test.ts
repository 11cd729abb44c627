// The idempotent sync of the configuration-derived tables, against the simulated switch.
import assert from 'node:assert/strict';
import { BASE_TABLES, baseTableEntries } from '../../src/controller/base-entries.js';
import { TABLES } from '../../src/controller/dataplane-names.js';
import { syncTables } from '../../src/controller/table-sync.js';
import { SwitchConnection } from '../../src/p4runtime/index.js';
import { lbPipeline, testConfig } from './support/controller-fixture.js';
import { SimSwitch } from './support/sim-switch.js';

describe('base table sync on the simulator', function () {
  this.timeout(15_000);
  let sim: SimSwitch;
  let conn: SwitchConnection;

  beforeEach(async () => {
    sim = await SimSwitch.start();
    conn = new SwitchConnection({ address: sim.address, deviceId: 1, electionId: 1, reconnect: false });
    await conn.connect();
    const bundle = await lbPipeline();
    await conn.setPipeline({ p4info: bundle.p4info, deviceConfig: bundle.deviceConfig });
  });
  afterEach(async () => {
    conn.close();
    await sim.stop();
  });

  it('writes only the differences: nothing the second time, deletions and changes when the configuration changes', async () => {
    const four = testConfig({ switches: [{ address: sim.address }], servers: 4 });
    const first = await syncTables(conn, BASE_TABLES, baseTableEntries(conn.entities, four, four.switches[0]!));
    assert.deepEqual(first, { inserted: 4 + 4 + 1 + 1 + 4 + 4, modified: 0, deleted: 0, unchanged: 0 });
    const again = await syncTables(conn, BASE_TABLES, baseTableEntries(conn.entities, four, four.switches[0]!));
    assert.deepEqual(again, { inserted: 0, modified: 0, deleted: 0, unchanged: 18 });

    // Two servers fewer, and the switch gets another MAC: servers' entries change, the others go.
    const two = testConfig({ switches: [{ address: sim.address }], servers: 2 });
    const changed = await syncTables(conn, BASE_TABLES, baseTableEntries(conn.entities, two, { ...two.switches[0]!, mac: '02:00:00:00:00:aa' }));
    assert.deepEqual(changed, { inserted: 0, modified: 2, deleted: 8, unchanged: 8 });
    assert.equal(sim.tableSize(TABLES.servers), 2);
    assert.equal(sim.tableSize(TABLES.reportSources), 2);
    assert.equal(sim.tableSize(TABLES.snat), 2);
  });
});
