// A stand-in for p4c-bm2-ss, so the BMv2 path of the PTF harness (bmv2/compile.sh, start.sh,
// stop.sh and harness/bmv2-target.ts) can be exercised where p4c and BMv2 are not installed.
// It is NOT p4c: it accepts the command line compile.sh uses, runs Corelb's own front end, and
// writes the P4Info as text and, in place of BMv2 JSON, the preprocessed program as the
// simulator's device-config envelope (which the stand-in simple_switch_grpc, `corelb-sim serve`,
// loads when the harness pushes it).
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import { preprocessFile } from '../../../src/sim/frontend/preprocess.js';
import { encodeDeviceConfig } from '../../../src/sim/server/device-config.js';
import { simPipelineLoader } from '../../../src/sim/server/sim-target.js';
import { printTextProto, type JsonObject } from '../../../src/textproto/index.js';

function usage(message: string): never {
  process.stderr.write(`fake p4c-bm2-ss: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const includeDirs: string[] = [];
let p4infoFile: string | undefined;
let jsonFile: string | undefined;
let program: string | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  const value = (): string => args[++i] ?? usage(`${arg} needs a value`);
  if (arg === '--std') {
    if (value() !== 'p4-16') usage('only --std p4-16');
  } else if (arg === '--arch') {
    if (value() !== 'v1model') usage('only --arch v1model');
  } else if (arg === '-I') includeDirs.push(value());
  else if (arg === '--p4runtime-files') p4infoFile = value();
  else if (arg === '-o') jsonFile = value();
  else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
  else if (program === undefined) program = arg;
  else usage(`a second program ${arg}`);
}
if (program === undefined || p4infoFile === undefined || jsonFile === undefined) usage('needs a program, --p4runtime-files and -o');

const source = preprocessFile(program, { includeDirs });
const loaded = await simPipelineLoader()({ fileName: basename(program), source });
writeFileSync(p4infoFile, printTextProto(P4Info.toJSON(loaded.p4info) as JsonObject, 'p4.config.v1.P4Info'));
writeFileSync(jsonFile, encodeDeviceConfig({ fileName: basename(program), source }));
