// ValueSetEntry (spec section 9.10): the members of a parser value set, replaced as a
// whole by MODIFY; each member is a list of matches over the set's fields, checked as
// table matches are.
import type { Entity, ValueSetEntry } from '../../proto/p4/v1/p4runtime.js';
import { Update_Type } from '../../proto/p4/v1/p4runtime.js';
import type { ValueSetBinding } from './p4info-index.js';
import type { Pipeline } from './pipeline.js';
import { Code, invalid, RpcError } from './rpc-error.js';
import { decodeMatches, encodeMatches } from './table-entry-codec.js';

function valueSet(pipeline: Pipeline, id: number): ValueSetBinding {
  const set = pipeline.index.valueSets.get(id);
  if (set === undefined) throw invalid(`unknown value set id ${id}`);
  return set;
}

export function writeValueSetEntry(pipeline: Pipeline, type: Update_Type, entry: ValueSetEntry): void {
  if (type !== Update_Type.MODIFY) throw invalid('value sets exist with the program: only MODIFY (replacing the members) applies');
  const set = valueSet(pipeline, entry.valueSetId);
  if (entry.members.length > set.size) {
    throw new RpcError(Code.RESOURCE_EXHAUSTED, `value set ${set.name} holds ${set.size} members, got ${entry.members.length}`);
  }
  const members = entry.members.map((member) => decodeMatches(set, member.match));
  set.runtime.members = members;
}

/** value_set_id 0 reads every value set. */
export function* readValueSetEntries(pipeline: Pipeline, request: ValueSetEntry): Generator<Entity> {
  const sets = request.valueSetId === 0 ? [...pipeline.index.valueSets.values()] : [valueSet(pipeline, request.valueSetId)];
  for (const set of sets) {
    const members = set.runtime.members.map((matches) => ({ match: encodeMatches(set, matches) }));
    yield { entity: { $case: 'valueSetEntry', value: { valueSetId: set.id, members } } };
  }
}
