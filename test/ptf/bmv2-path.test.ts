// The harness's BMv2 path (bmv2/compile.sh, start.sh, stop.sh, harness/bmv2-target.ts: free
// gRPC port, ipc:// socket, pipeline push of p4c's P4Info and JSON, quiet-period settling) run
// end to end against stand-ins for p4c-bm2-ss and simple_switch_grpc (test/ptf/fake-bmv2/) that
// put the simulator behind BMv2's command line. This checks our plumbing where BMv2 is not
// installed; BMv2's own behaviour is checked by running the suite with P4_TARGET=bmv2.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { targetKindFromEnv } from './harness/target.js';
import { C, digestFields, LbSwitch, REPORT } from './lb/lb-switch.js';
import { clientFrame, CLIENT_PORT, loadReport, newFlow, S1, S2, serverFrame, WEB } from './lb/lb-topology.js';

const FAKE_BIN = fileURLToPath(new URL('./fake-bmv2/bin', import.meta.url));

describe('ptf: the BMv2 target path, against stand-in BMv2 tools', () => {
  let lb: LbSwitch | undefined;
  const savedPath = process.env.PATH;

  before(async function () {
    // With P4_TARGET=bmv2 the real tools run this path; the stand-ins would share its build directory.
    if (targetKindFromEnv() === 'bmv2') this.skip();
    this.timeout(60_000);
    process.env.PATH = `${FAKE_BIN}${delimiter}${savedPath ?? ''}`;
    lb = await LbSwitch.start('bmv2');
  });
  after(async () => {
    try {
      if (lb !== undefined) {
        const socket = lb.sw.target.packetAddress.slice('ipc://'.length);
        await lb.stop();
        assert.equal(existsSync(socket), false, 'stop.sh removed the packet socket');
      }
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('compiles, starts, pushes the pipeline, balances a flow and reports loads through the scripts', async function () {
    this.timeout(20_000);
    const sw = lb!.sw;
    assert.equal(sw.target.kind, 'bmv2');
    assert.match(sw.target.packetAddress, /^ipc:\/\/.*packets\.ipc$/);
    await lb!.pushKSet(WEB.index, [{ server: S2.index, core: 3 }]);
    const flow = newFlow(WEB);
    sw.sendPacket(CLIENT_PORT, clientFrame(flow));
    await sw.verifyPacket(S2.port, serverFrame(flow, S2, 3));
    assert.equal(digestFields(await sw.nextDigest('new_flow_digest_t')).core, 3n);
    const [accepted] = await lb!.counterDeltas([[C.report, REPORT.acceptedL2]], async () => {
      sw.sendPacket(S1.reportPort, loadReport(S1, { cpuId: 1, cpuLoad: 2, timestamp: 3 }));
      await sw.nextDigest('load_report_digest_t');
    });
    assert.equal(accepted, 1n);
    await sw.verifyNoOtherPackets();
  });

  it('the compiled files are where bmv2/compile.sh puts them', () => {
    const build = fileURLToPath(new URL('../../build/bmv2-ptf', import.meta.url));
    assert.ok(existsSync(join(build, 'lb.p4info.txtpb')) && existsSync(join(build, 'lb.json')));
  });
});
