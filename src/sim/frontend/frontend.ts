// The front end's public entry: preprocess -> lex/parse -> check. Each pass lives in its
// own file; this one only chains them.

import type { CheckedProgram } from './checked-program.js';
import { checkProgram } from './checker.js';
import { FrontendError } from './diagnostics.js';
import { parseP4 } from './parser.js';
import { preprocessFile, preprocessSource, type PreprocessOptions } from './preprocess.js';

export type FrontendOptions = PreprocessOptions;

/** Compiles the P4_16 program in `file` to the checked IR; throws FrontendError with file:line:col diagnostics. */
export function frontend(file: string, options: FrontendOptions = {}): CheckedProgram {
  return parseAndCheck(preprocessFile(file, options), file);
}

/** As frontend(), for source text; `virtualName` names it in diagnostics. */
export function frontendSource(source: string, virtualName = 'program.p4', options: FrontendOptions = {}): CheckedProgram {
  return parseAndCheck(preprocessSource(source, virtualName, options), virtualName);
}

function parseAndCheck(text: string, file: string): CheckedProgram {
  try {
    return checkProgram(parseP4(text, file));
  } catch (e) {
    // The passes recurse over the program's nesting; absurdly deep nesting exhausts the stack.
    if (e instanceof RangeError) {
      throw new FrontendError('UNSUPPORTED', [{ severity: 'unsupported', loc: { file, line: 1, col: 1 }, message: 'expressions or statements nested this deeply' }]);
    }
    throw e;
  }
}
