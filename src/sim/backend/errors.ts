// Errors the back end reports. Every refusal names the source location, the way the
// front end's diagnostics do, so a user can jump from the message to the construct.

import { formatLoc, type SourceLoc } from '../frontend/ast.js';

export type BackendErrorCode =
  /** A construct the back end cannot compile (it is never mis-executed instead). */
  | 'UNSUPPORTED'
  /** The checked program breaks a guarantee the front end promised (a front-end bug). */
  | 'INTERNAL'
  /** A program error only visible to the back end (e.g. division by a constant zero). */
  | 'INVALID';

export class BackendError extends Error {
  constructor(
    readonly code: BackendErrorCode,
    readonly loc: SourceLoc | undefined,
    readonly detail: string,
  ) {
    const where = loc === undefined ? '' : `${formatLoc(loc)}: `;
    const severity = code === 'UNSUPPORTED' ? 'unsupported' : 'error';
    super(`${where}${severity}: ${detail}`);
    this.name = 'BackendError';
  }
}

export function unsupported(loc: SourceLoc | undefined, construct: string): never {
  throw new BackendError('UNSUPPORTED', loc, construct);
}

export function internal(loc: SourceLoc | undefined, what: string): never {
  throw new BackendError('INTERNAL', loc, `internal: ${what}`);
}

export function invalid(loc: SourceLoc | undefined, what: string): never {
  throw new BackendError('INVALID', loc, what);
}
