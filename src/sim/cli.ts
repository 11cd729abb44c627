// corelb-sim: the simulator's command line.
//   corelb-sim [prog.p4] --grpc-server-addr 127.0.0.1:9559 --device-id 1 --cpu-port 255 \
//              --packet-in ipc:///tmp/sw.ipc   run as a P4Runtime switch, like simple_switch_grpc
//   corelb-sim stf prog.p4 test.stf [more.stf...]   run STF tests; exit 0 only when all pass
//   corelb-sim p4info prog.p4 [--format text|binary|json] [-o file]   write the P4Info p4c would
// Errors in the program (file:line:col) or the STF file (file:line) exit with 2.

import { Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { P4Info } from '../proto/p4/config/v1/p4info.js';
import { printTextProto, type JsonObject } from '../textproto/index.js';
import { FrontendError } from './frontend/diagnostics.js';
import { frontend } from './frontend/frontend.js';
import { BackendError } from './backend/errors.js';
import { V1ModelError } from './arch/v1model/extern-objects.js';
import { generateP4Info, P4InfoError } from './p4info/generate.js';
import { IdAllocationError } from './p4info/ids.js';
import { StfValueError } from './stf/stf-keys.js';
import { startSimulator } from './server/simulator.js';
import { formatStfResult, runStf } from './stf/stf-runner.js';
import { StfSyntaxError } from './stf/stf-parser.js';

export function buildCli(): Command {
  const program = new Command('corelb-sim').description('Corelb P4 software switch (v1model)');
  program
    .command('serve', { isDefault: true })
    .description('run as a P4Runtime switch (a drop-in for simple_switch_grpc)')
    .argument('[program]', 'P4_16 program to run from the start (otherwise pushed over P4Runtime)')
    .option('--grpc-server-addr <address>', 'P4Runtime server address', '0.0.0.0:9559')
    .option('--device-id <id>', 'P4Runtime device id', parseInteger, 0)
    .option('--cpu-port <port>', 'port whose packets go to / come from the controller', parseInteger)
    .option('--packet-in <ipc://path>', "data ports on BMv2's nanomsg packet interface")
    .option('-I, --include <dir...>', 'extra include directories for the preprocessor')
    .option('--log-level <level>', 'trace, debug, info, warn or error', 'warn')
    .action(async (programPath: string | undefined, opts: {
      grpcServerAddr: string; deviceId: number; cpuPort?: number; packetIn?: string; include?: string[]; logLevel: string;
    }) => {
      const logger = pino({ level: opts.logLevel, base: { component: 'corelb-sim' } });
      try {
        const sim = await startSimulator({
          grpcServerAddr: opts.grpcServerAddr,
          deviceId: opts.deviceId,
          cpuPort: opts.cpuPort,
          packetIn: opts.packetIn,
          programFile: programPath,
          includeDirs: opts.include,
          logger,
        });
        // The one line a harness waits for, whatever the log level.
        console.log(`corelb-sim: P4Runtime on port ${sim.p4runtime.port}${opts.packetIn ? `, packets on ${opts.packetIn}` : ''}`);
        const stop = (): void => {
          void sim.stop().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (e) {
        console.error(e instanceof Error ? e.message : String(e));
        process.exitCode = 2;
      }
    });
  program
    .command('stf')
    .description("run p4c STF tests against a P4 program")
    .argument('<program>', 'P4_16 source file (v1model)')
    .argument('<stf...>', 'STF test file(s)')
    .option('-I, --include <dir...>', 'extra include directories for the preprocessor')
    .option('-D, --define <macro...>', 'preprocessor definitions (NAME or NAME=value)')
    .option('--seed <n>', 'seed for random and the random hash', (v) => Number.parseInt(v, 10))
    .option('-v, --verbose', "print the program's log_msg output and the simulator's notes on stderr")
    .action((programPath: string, stfPaths: string[], opts: { include?: string[]; define?: string[]; seed?: number; verbose?: boolean }) => {
      let failed = 0;
      for (const stfPath of stfPaths) {
        try {
          const result = runStf(programPath, stfPath, {
            frontend: { includeDirs: opts.include, defines: opts.define },
            randomSeed: opts.seed,
            ...(opts.verbose ? { log: (message: string) => console.error(message) } : {}),
          });
          console.log(formatStfResult(stfPath, result));
          if (!result.passed) failed++;
        } catch (e) {
          if (isInputError(e)) {
            console.error(e.message);
            process.exitCode = 2;
            return;
          }
          throw e;
        }
      }
      process.exitCode = failed === 0 ? 0 : 1;
    });
  program
    .command('p4info')
    .description('write the P4Info of a P4 program, as p4c --p4runtime-files does')
    .argument('<program>', 'P4_16 source file (v1model)')
    .option('-f, --format <format>', 'text (protobuf text format), binary or json', 'text')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('-I, --include <dir...>', 'extra include directories for the preprocessor')
    .option('-D, --define <macro...>', 'preprocessor definitions (NAME or NAME=value)')
    .action((programPath: string, opts: { format: string; output?: string; include?: string[]; define?: string[] }) => {
      if (!['text', 'binary', 'json'].includes(opts.format)) {
        console.error(`unknown format "${opts.format}": use text, binary or json`);
        process.exitCode = 2;
        return;
      }
      let info: P4Info;
      try {
        info = generateP4Info(frontend(programPath, { includeDirs: opts.include, defines: opts.define }));
      } catch (e) {
        if (isInputError(e)) {
          console.error(e.message);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
      const output = opts.format === 'binary' ? Buffer.from(P4Info.encode(info).finish())
        : opts.format === 'json' ? `${JSON.stringify(P4Info.toJSON(info), null, 2)}\n`
          : printTextProto(P4Info.toJSON(info) as JsonObject, 'p4.config.v1.P4Info');
      if (opts.output === undefined) process.stdout.write(output);
      else writeFileSync(opts.output, output);
    });
  return program;
}

/**
 * Errors that mean the program or test file cannot be run (exit 2, message only), as
 * opposed to a bug in the simulator (a stack trace).
 */
function isInputError(e: unknown): e is Error {
  return e instanceof FrontendError || e instanceof BackendError || e instanceof V1ModelError
    || e instanceof P4InfoError || e instanceof IdAllocationError || e instanceof StfSyntaxError || e instanceof StfValueError;
}

function parseInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(`"${text}" is not a non-negative integer`);
  return value;
}

/** True when this file is the program being run (directly or through a bin symlink). */
function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMain()) buildCli().parse(process.argv);
