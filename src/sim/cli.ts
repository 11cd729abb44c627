#!/usr/bin/env -S node --import tsx
// corelb-sim: the simulator's command line. `corelb-sim stf prog.p4 test.stf [more.stf...]`
// runs STF tests and exits 0 only when all pass; errors in the program (file:line:col) or
// the STF file (file:line) exit with 2.

import { Command } from 'commander';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FrontendError } from './frontend/diagnostics.js';
import { formatStfResult, runStf } from './stf/stf-runner.js';
import { StfSyntaxError } from './stf/stf-parser.js';

export function buildCli(): Command {
  const program = new Command('corelb-sim').description('Corelb P4 software switch (v1model)');
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
          if (e instanceof FrontendError || e instanceof StfSyntaxError) {
            console.error(e.message);
            process.exitCode = 2;
            return;
          }
          throw e;
        }
      }
      process.exitCode = failed === 0 ? 0 : 1;
    });
  return program;
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
