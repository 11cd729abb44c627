// Does a pushed P4Info describe the program it came with? Compared with the P4Info we
// generate from the source: the same objects with the same ids and names, the same keys,
// parameters and metadata fields (ids, names, widths, match kinds), the same sizes.
// Annotations, docs and aliases do not matter. The first difference is reported.
import type { P4Info, Preamble } from '../../proto/p4/config/v1/p4info.js';

interface Named {
  preamble?: Preamble | undefined;
}

type Field = { id: number; name: string; bitwidth: number; match?: unknown };

function compareFields(what: string, pushed: readonly Field[], ours: readonly Field[]): string | undefined {
  if (pushed.length !== ours.length) return `${what}: ${pushed.length} fields pushed, the program has ${ours.length}`;
  for (let i = 0; i < ours.length; i++) {
    const [p, o] = [pushed[i]!, ours[i]!];
    if (p.id !== o.id || p.name !== o.name) return `${what}: field ${i + 1} is ${p.name} (id ${p.id}), the program has ${o.name} (id ${o.id})`;
    if (p.bitwidth !== o.bitwidth) return `${what}: field ${o.name} is ${p.bitwidth} bits, the program has ${o.bitwidth}`;
    if (JSON.stringify(p.match) !== JSON.stringify(o.match)) return `${what}: field ${o.name} has a different match type`;
  }
  return undefined;
}

function compareList<T extends Named>(
  kind: string, pushed: readonly T[], ours: readonly T[], detail: (p: T, o: T, what: string) => string | undefined,
): string | undefined {
  const byId = new Map(pushed.map((p) => [p.preamble?.id ?? 0, p]));
  for (const o of ours) {
    const { id, name } = o.preamble!;
    const p = byId.get(id);
    if (p === undefined) return `${kind} ${name} (id ${id}) is missing from the pushed P4Info`;
    if (p.preamble!.name !== name) return `${kind} id ${id} is named ${p.preamble!.name} in the pushed P4Info, ${name} in the program`;
    const difference = detail(p, o, `${kind} ${name}`);
    if (difference !== undefined) return difference;
    byId.delete(id);
  }
  const [extra] = byId.values();
  return extra === undefined
    ? undefined
    : `the pushed P4Info has ${kind} ${extra.preamble?.name} (id ${extra.preamble?.id}), which the program does not`;
}

const same = (what: string, label: string, p: unknown, o: unknown): string | undefined =>
  JSON.stringify(p, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(o, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
    ? undefined
    : `${what}: ${label} differs`;

/** The first way `pushed` differs from `ours`, or undefined when they agree. */
export function firstP4InfoDifference(pushed: P4Info, ours: P4Info): string | undefined {
  const none = (): undefined => undefined;
  return (
    compareList('table', pushed.tables, ours.tables, (p, o, what) =>
      compareFields(what, p.matchFields.map(({ id, name, bitwidth, match }) => ({ id, name, bitwidth, match })),
        o.matchFields.map(({ id, name, bitwidth, match }) => ({ id, name, bitwidth, match })))
      ?? same(what, 'action refs', p.actionRefs.map((r) => [r.id, r.scope]), o.actionRefs.map((r) => [r.id, r.scope]))
      ?? same(what, 'size', p.size, o.size)
      ?? same(what, 'const default action', p.constDefaultActionId, o.constDefaultActionId)
      ?? same(what, 'direct resources', p.directResourceIds, o.directResourceIds)
      ?? same(what, 'idle timeout behavior', p.idleTimeoutBehavior, o.idleTimeoutBehavior))
    ?? compareList('action', pushed.actions, ours.actions, (p, o, what) => compareFields(what, p.params, o.params))
    ?? compareList('action profile', pushed.actionProfiles, ours.actionProfiles, none)
    ?? compareList('counter', pushed.counters, ours.counters, (p, o, what) =>
      same(what, 'size', p.size, o.size) ?? same(what, 'unit', p.spec?.unit, o.spec?.unit))
    ?? compareList('direct counter', pushed.directCounters, ours.directCounters, (p, o, what) =>
      same(what, 'table', p.directTableId, o.directTableId))
    ?? compareList('meter', pushed.meters, ours.meters, (p, o, what) =>
      same(what, 'size', p.size, o.size) ?? same(what, 'unit', p.spec?.unit, o.spec?.unit))
    ?? compareList('direct meter', pushed.directMeters, ours.directMeters, (p, o, what) =>
      same(what, 'table', p.directTableId, o.directTableId))
    ?? compareList('controller packet metadata', pushed.controllerPacketMetadata, ours.controllerPacketMetadata,
      (p, o, what) => compareFields(what, p.metadata, o.metadata))
    ?? compareList('value set', pushed.valueSets, ours.valueSets, (p, o, what) =>
      same(what, 'size', p.size, o.size) ?? compareFields(what, p.match, o.match))
    ?? compareList('register', pushed.registers, ours.registers, (p, o, what) =>
      same(what, 'size', p.size, o.size) ?? same(what, 'cell type', p.typeSpec, o.typeSpec))
    ?? compareList('digest', pushed.digests, ours.digests, (p, o, what) => same(what, 'type', p.typeSpec, o.typeSpec))
  );
}
