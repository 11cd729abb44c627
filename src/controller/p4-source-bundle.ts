// One self-contained P4 source from a program split over `#include "..."` files, for
// targets that receive the program as text (the simulator's p4_device_config): the
// target cannot see our include folder. Quoted includes are inlined, resolved against
// the including file's folder as cpp does; `#include <...>` (core.p4, v1model.p4) stays
// for the target's own copies. Include guards in the files still apply, since the
// target preprocesses the bundle.

import { CodedError } from '../p4runtime/index.js';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export class P4BundleError extends CodedError<'P4_BUNDLE'> {
  override readonly name = 'P4BundleError';
  constructor(message: string) {
    super('P4_BUNDLE', message);
  }
}

const QUOTED_INCLUDE = /^\s*#\s*include\s+"([^"]+)"\s*(?:\/\/.*)?$/;

/** The program at `path` with its quoted includes inlined (recursively). */
export function bundleP4Source(path: string): string {
  const root = resolve(path);
  return expand(root, [], dirname(root));
}

function expand(file: string, stack: readonly string[], rootDir: string): string {
  if (stack.includes(file)) throw new P4BundleError(`#include cycle: ${[...stack, file].map((f) => relative(rootDir, f)).join(' -> ')}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const from = stack.length > 0 ? ` (included from ${relative(rootDir, stack[stack.length - 1]!)})` : '';
    throw new P4BundleError(`cannot read ${file}${from}: ${(error as Error).message}`);
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const match = QUOTED_INCLUDE.exec(line);
    out.push(match === null ? line : expand(resolve(dirname(file), match[1]!), [...stack, file], rootDir));
  }
  return out.join('\n');
}
