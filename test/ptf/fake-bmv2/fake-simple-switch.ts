// A stand-in for simple_switch_grpc (see fake-p4c.ts for why): the Corelb simulator's P4Runtime
// server and its nanomsg packet port, started from the command line bmv2/start.sh uses. It is
// NOT BMv2: it checks the harness's BMv2 plumbing, not BMv2's behaviour.
import { startP4RuntimeServer } from '../../../src/sim/server/server.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import { attachPacketPort } from '../harness/sim-packet-port.js';

function usage(message: string): never {
  process.stderr.write(`fake simple_switch_grpc: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const options = new Map<string, string>();
const flags = new Set<string>();
const takesValue = new Set(['--device-id', '--packet-in', '--log-level', '--grpc-server-addr', '--cpu-port']);
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--') continue; // target-specific options follow, as for simple_switch_grpc
  if (takesValue.has(arg)) options.set(arg, args[++i] ?? usage(`${arg} needs a value`));
  else if (arg === '--log-console' || arg === '--no-p4') flags.add(arg);
  else usage(`unknown option ${arg}`);
}
if (!flags.has('--no-p4')) usage('start.sh passes --no-p4; a JSON file is not supported here');
const packetIn = options.get('--packet-in') ?? usage('--packet-in ipc://... is required');

const server = await startP4RuntimeServer({
  address: options.get('--grpc-server-addr') ?? '0.0.0.0:9559',
  deviceId: Number(options.get('--device-id') ?? 0),
  cpuPort: Number(options.get('--cpu-port') ?? usage('--cpu-port is required')),
  loader: simPipelineLoader(),
});
const ports = await attachPacketPort(server.device, packetIn);
process.on('SIGTERM', () => {
  void ports.close().then(() => server.stop()).then(() => process.exit(0));
});
