// Diagnostics shared by every front-end pass. Messages are formatted the way p4c prints
// them (`file:line:col: error: message`) so editors and CI logs can jump to the source.

import { formatLoc, type SourceLoc } from './ast.js';

export type Severity = 'error' | 'unsupported' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly loc: SourceLoc;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${formatLoc(d.loc)}: ${d.severity}: ${d.message}`;
}

export type FrontendErrorCode =
  /** The C preprocessor failed (missing include, #error, ...). */
  | 'PREPROCESS'
  /** Lexical or syntax error. */
  | 'SYNTAX'
  /** Name resolution or type error. */
  | 'TYPE'
  /** A construct the simulator does not support. */
  | 'UNSUPPORTED';

/** Thrown by a pass that found errors; `diagnostics` holds every error found (at least one). */
export class FrontendError extends Error {
  constructor(
    readonly code: FrontendErrorCode,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'FrontendError';
  }
}

/** Collects diagnostics during a pass; `throwIfErrors` ends the pass when any error was found. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  error(loc: SourceLoc, message: string): void {
    this.diagnostics.push({ severity: 'error', loc, message });
  }

  unsupported(loc: SourceLoc, construct: string): void {
    this.diagnostics.push({ severity: 'unsupported', loc, message: construct });
  }

  warning(loc: SourceLoc, message: string): void {
    this.diagnostics.push({ severity: 'warning', loc, message });
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity !== 'warning');
  }

  get warnings(): Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'warning');
  }

  throwIfErrors(code: FrontendErrorCode): void {
    const errors = this.diagnostics.filter((d) => d.severity !== 'warning');
    if (errors.length === 0) return;
    const finalCode = errors.every((d) => d.severity === 'unsupported') ? 'UNSUPPORTED' : code;
    throw new FrontendError(finalCode, errors);
  }
}
