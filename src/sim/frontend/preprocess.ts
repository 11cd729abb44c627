// Preprocessing: the system C preprocessor, run the way p4c runs it
// (`cpp -undef -nostdinc -x assembler-with-cpp -I<p4include> ...`), keeping line markers so
// that later passes report locations in the original files.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { FrontendError } from './diagnostics.js';

/** The simulator's own core.p4 and v1model.p4. */
export const P4_INCLUDE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../p4include');

export interface PreprocessOptions {
  /** Extra include directories, searched after the program's directory and before P4_INCLUDE_DIR. */
  readonly includeDirs?: readonly string[];
  /** `NAME` or `NAME=value` macro definitions (`-D`). */
  readonly defines?: readonly string[];
  /** The preprocessor to run (default `cpp`). */
  readonly cpp?: string;
}

/**
 * Macros p4c-bm2-ss defines, so programs that test for the compiler or the BMv2 target
 * take the same branches on the simulator.
 */
const PREDEFINED = ['__p4c__=1', '__p4c_major__=1', '__p4c_minor__=2', '__TARGET_BMV2__=1', '__P4_SIM__=1'];

const CPP_DIAGNOSTIC = /^(.*?):(\d+):(\d+): (?:fatal )?(error|warning): (.*)$/;

/** Preprocesses the P4 file at `file`; returns text with line markers naming files as the caller did. */
export function preprocessFile(file: string, options: PreprocessOptions = {}): string {
  if (!existsSync(file)) {
    throw new FrontendError('PREPROCESS', [{ severity: 'error', loc: { file, line: 1, col: 1 }, message: `cannot open ${file}: no such file` }]);
  }
  return runCpp(file, dirname(resolve(file)), options, (s) => s);
}

/**
 * Preprocesses P4 source given as a string, as if it were the file `virtualName` (used in
 * diagnostics). `#include "x"` is searched in options.includeDirs and P4_INCLUDE_DIR.
 */
export function preprocessSource(source: string, virtualName: string, options: PreprocessOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'p4sim-'));
  const path = join(dir, basename(virtualName));
  try {
    writeFileSync(path, source);
    return runCpp(path, undefined, options, (s) => s.split(path).join(virtualName));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCpp(
  path: string,
  programDir: string | undefined,
  options: PreprocessOptions,
  mapPath: (s: string) => string,
): string {
  const args = ['-undef', '-nostdinc', '-x', 'assembler-with-cpp'];
  for (const d of PREDEFINED) args.push(`-D${d}`);
  for (const d of options.defines ?? []) args.push(`-D${d}`);
  if (programDir !== undefined) args.push(`-I${programDir}`);
  for (const d of options.includeDirs ?? []) args.push(`-I${d}`);
  args.push(`-I${P4_INCLUDE_DIR}`, path);
  const result = spawnSync(options.cpp ?? 'cpp', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const where = { file: mapPath(path), line: 1, col: 1 };
  if (result.error) {
    throw new FrontendError('PREPROCESS', [
      { severity: 'error', loc: where, message: `cannot run the C preprocessor '${options.cpp ?? 'cpp'}': ${result.error.message}` },
    ]);
  }
  if (result.status !== 0) {
    const diagnostics: Diagnostic[] = [];
    for (const line of mapPath(result.stderr).split('\n')) {
      const m = CPP_DIAGNOSTIC.exec(line);
      if (m && m[4] === 'error') {
        diagnostics.push({
          severity: 'error',
          loc: { file: m[1]!, line: Number(m[2]), col: Number(m[3]) },
          message: m[5]!,
        });
      }
    }
    if (diagnostics.length === 0) {
      diagnostics.push({ severity: 'error', loc: where, message: `preprocessor failed: ${mapPath(result.stderr).trim()}` });
    }
    throw new FrontendError('PREPROCESS', diagnostics);
  }
  return mapPath(result.stdout);
}
