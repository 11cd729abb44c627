// @field_list(i) annotations on user-metadata fields name what resubmit, recirculate and
// clone preserve: a new pass starts with zeroed metadata, then gets those fields copied in.

import type { P4Type } from '../../ir/types.js';
import type { Value } from '../../runtime/abi.js';
import { representationOf } from '../../runtime/value-codec.js';
import { copyValue } from '../../runtime/value-copy.js';

type Copier = (from: Record<string, Value>, to: Record<string, Value>) => void;

function annotatedIndexes(annotations: readonly { name: string; args: readonly (string | bigint | boolean)[] }[]): number[] {
  return annotations.filter((a) => a.name === 'field_list').flatMap((a) => a.args.map((x) => Number(x)));
}

/** Builds, for field-list index `index`, a copier from old to fresh metadata of struct type `type`. */
export function fieldListCopier(type: P4Type, index: number): Copier {
  const t = representationOf(type);
  if (t.kind !== 'struct') return () => undefined;
  const steps: Copier[] = [];
  for (const field of t.fields) {
    if (annotatedIndexes(field.annotations).includes(index)) {
      steps.push((from, to) => {
        to[field.name] = copyValue(from[field.name]!);
      });
    } else if (representationOf(field.type).kind === 'struct') {
      const inner = fieldListCopier(field.type, index);
      steps.push((from, to) => inner(from[field.name] as Record<string, Value>, to[field.name] as Record<string, Value>));
    }
  }
  return (from, to) => {
    for (const step of steps) step(from, to);
  };
}
