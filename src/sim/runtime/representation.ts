// The run-time representation of a P4 type: what remains once names for types are set aside.

import type { P4Type } from '../ir/types.js';

/** Strips newtypes and serializable enums down to the type that fixes the representation. */
export function representationOf(type: P4Type): P4Type {
  let t = type;
  for (;;) {
    if (t.kind === 'newtype') t = t.underlying;
    else if (t.kind === 'serenum') t = t.underlying;
    else return t;
  }
}
