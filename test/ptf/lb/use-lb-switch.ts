// Mocha wiring for a describe block: one lb.p4 switch for the whole block (started in before,
// stopped in after), reset by rewriting entries before each test. When the selected target
// cannot run here (BMv2 tools missing) the block is skipped with the reason printed once.
import { TargetUnavailableError } from '../harness/target.js';
import { LbSwitch } from './lb-switch.js';

let reportedUnavailable = false;

export function useLbSwitch(): () => LbSwitch {
  let lb: LbSwitch | undefined;
  before(async function () {
    this.timeout(120_000); // BMv2: compiling with p4c and starting simple_switch_grpc
    try {
      lb = await LbSwitch.start();
    } catch (error) {
      if (!(error instanceof TargetUnavailableError)) throw error;
      if (!reportedUnavailable) console.log(`      (skipped: ${error.message})`);
      reportedUnavailable = true;
      this.skip();
    }
  });
  beforeEach(async () => {
    await lb?.reset();
  });
  after(async () => {
    await lb?.stop();
    lb = undefined;
  });
  return () => {
    if (lb === undefined) throw new Error('the lb.p4 switch is not running');
    return lb;
  };
}
