import assert from 'node:assert/strict';
import { MatchField_MatchType, P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import { firstP4InfoDifference } from '../../../src/sim/server/p4info-compare.js';

const base = P4Info.fromPartial({
  tables: [
    { preamble: { id: 2, name: 'I.t2' }, matchFields: [{ id: 1, name: 'k', bitwidth: 8, match: { $case: 'matchType', value: MatchField_MatchType.EXACT } }], actionRefs: [{ id: 10 }], size: 16n },
    { preamble: { id: 1, name: 'I.t1' }, actionRefs: [{ id: 10 }] },
  ],
  actions: [{ preamble: { id: 10, name: 'I.a' }, params: [{ id: 1, name: 'p', bitwidth: 9 }] }],
  registers: [{ preamble: { id: 30, name: 'I.r' }, size: 4, typeSpec: { typeSpec: { $case: 'bitstring', value: { typeSpec: { $case: 'bit', value: { bitwidth: 32 } } } } } }],
});

const changed = (edit: (p: P4Info) => void): P4Info => {
  const copy = P4Info.fromPartial(structuredClone(base) as never);
  edit(copy);
  return copy;
};

describe('P4Info comparison', () => {
  it('finds none between equal P4Infos, whatever the order of lists, aliases or annotations', () => {
    assert.equal(firstP4InfoDifference(changed((p) => {
      p.tables.reverse();
      p.tables[0]!.preamble!.alias = 'whatever';
      p.actions[0]!.preamble!.annotations = ['@x'];
    }), base), undefined);
  });

  it('names the first difference', () => {
    const cases: [(p: P4Info) => void, RegExp][] = [
      [(p) => p.tables.pop(), /table I.t1 \(id 1\) is missing from the pushed P4Info/],
      [(p) => p.tables.push({ ...p.tables[1]!, preamble: { ...p.tables[1]!.preamble!, id: 3, name: 'I.t3' } }), /has table I.t3 \(id 3\), which the program does not/],
      [(p) => (p.tables[0]!.matchFields[0]!.match = { $case: 'matchType', value: MatchField_MatchType.LPM }), /table I.t2: field k has a different match type/],
      [(p) => (p.tables[0]!.matchFields[0]!.bitwidth = 9), /field k is 9 bits, the program has 8/],
      [(p) => (p.tables[0]!.size = 32n), /table I.t2: size differs/],
      [(p) => (p.tables[0]!.actionRefs = []), /action refs differ/],
      [(p) => (p.actions[0]!.params[0]!.name = 'q'), /action I.a: field 1 is q/],
      [(p) => (p.registers[0]!.size = 8), /register I.r: size differs/],
    ];
    for (const [edit, message] of cases) assert.match(firstP4InfoDifference(changed(edit), base) ?? 'no difference', message);
  });
});
