// P4Info for a checked program, as p4c's P4Runtime serializer writes it for v1model:
// the same objects, fully qualified names, aliases (shortest unique name suffix), ids
// (./ids.ts), bit widths and type info, each list sorted by id.
import type { DeepPartial, P4Info as P4InfoMessage } from '../../proto/p4/config/v1/p4info.js';
import {
  ActionRef_Scope, CounterSpec_Unit, MatchField_MatchType, MeterSpec_Unit, P4Info, Table_IdleTimeoutBehavior,
} from '../../proto/p4/config/v1/p4info.js';
import type {
  ActionDecl, AnnotationNode, CallExpr, HeaderDecl, InstantiationDecl, TableDecl, ValueSetDecl,
} from '../frontend/ast.js';
import type { CheckedProgram } from '../frontend/checked-program.js';
import { bitWidthOf, type P4Type } from '../ir/types.js';
import { allocateIds, idKey, type IdPrefixName, type IdRequest } from './ids.js';
import {
  actionNameIn, collectObjects, externNameIn, resolveArgument, type Placed, type ProgramObjects,
} from './instances.js';
import { annotationStrings, TypeInfoBuilder } from './type-info.js';

export class P4InfoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'P4InfoError';
  }
}

/** A message under construction; `P4Info.fromPartial` fills in the defaults at the end. */
type Draft<T> = DeepPartial<T>;
type Preamble = NonNullable<Draft<P4InfoMessage['tables'][number]['preamble']>>;

const MATCH_TYPES: Record<string, MatchField_MatchType> = {
  exact: MatchField_MatchType.EXACT,
  lpm: MatchField_MatchType.LPM,
  ternary: MatchField_MatchType.TERNARY,
  range: MatchField_MatchType.RANGE,
  optional: MatchField_MatchType.OPTIONAL,
};

// v1model's CounterType and MeterType members, by name.
const COUNTER_UNITS: Record<string, CounterSpec_Unit> = {
  packets: CounterSpec_Unit.PACKETS,
  bytes: CounterSpec_Unit.BYTES,
  packets_and_bytes: CounterSpec_Unit.BOTH,
};
const METER_UNITS: Record<string, MeterSpec_Unit> = { packets: MeterSpec_Unit.PACKETS, bytes: MeterSpec_Unit.BYTES };

export interface GenerateOptions {
  /** `pkg_info.arch`; p4c writes the architecture name. */
  readonly arch?: string;
}

export function generateP4Info(checked: CheckedProgram, options: GenerateOptions = {}): P4InfoMessage {
  const objects = collectObjects(checked);
  const digests = findDigestTypes(objects);
  const controllerHeaders = findControllerHeaders(checked);
  const externs = objects.externs.filter((e) => externKind(e.decl) !== undefined);
  const actions = referencedActions(objects.tables);

  const requests: IdRequest[] = [
    ...objects.tables.map((t) => request('table', t.name, t.decl.annotations)),
    ...[...actions].map(([name, a]) => request('action', name, a.annotations)),
    ...objects.valueSets.map((v) => request('valueSet', v.name, v.decl.annotations)),
    ...controllerHeaders.map(({ name, decl }) => request('controllerHeader', name, decl.annotations)),
    ...digests.map((d) => request('digest', d.name, [])),
    ...externs.map((e) => request(externKind(e.decl)!, e.name, e.decl.annotations)),
  ];
  const ids = allocateIds(requests);
  const idOf = (kind: IdPrefixName, name: string): number => ids.get(idKey(kind, name))!;
  const aliases = shortestUniqueSuffixes(requests.map((r) => r.name));
  const preamble = (kind: IdPrefixName, name: string, annotations: readonly AnnotationNode[]): Preamble => ({
    id: idOf(kind, name),
    name,
    alias: aliases.get(name)!,
    annotations: annotationStrings(annotations),
  });
  const types = new TypeInfoBuilder();

  // Direct counters and meters, by name, to the table that owns them.
  const directOwner = new Map<string, string>();
  const directNames = (table: Placed<TableDecl>): { kind: IdPrefixName; name: string }[] =>
    [table.decl.info?.directCounter, table.decl.info?.directMeter]
      .filter((d): d is InstantiationDecl => d !== undefined)
      .map((d) => ({ kind: externKind(d)!, name: externNameIn(table.instance, d) }));
  for (const table of objects.tables) for (const { name } of directNames(table)) directOwner.set(name, table.name);

  const info: Draft<P4InfoMessage> = {
    pkgInfo: { arch: options.arch ?? archName(checked) },
    tables: objects.tables.map((placed) => {
      const { decl: table, instance } = placed;
      const tableInfo = table.info;
      const defaultAction = table.defaultAction;
      return {
        preamble: preamble('table', placed.name, table.annotations),
        // Selector keys choose a member of an action selector's group; they are not part of the match.
        matchFields: table.keys.filter((key) => key.matchKind !== 'selector').map((key, index) => {
          const matchType = MATCH_TYPES[key.matchKind];
          return {
            id: fixedId(key.annotations) ?? index + 1,
            name: key.name ?? '',
            annotations: annotationStrings(key.annotations),
            bitwidth: bitWidthOf(key.expr.type!),
            match: matchType === undefined
              ? { $case: 'otherMatchType' as const, value: key.matchKind }
              : { $case: 'matchType' as const, value: matchType },
          };
        }),
        actionRefs: table.actions.map((ref) => ({
          id: idOf('action', actionNameIn(instance, ref.action!)),
          scope: hasAnnotation(ref.annotations, 'defaultonly') ? ActionRef_Scope.DEFAULT_ONLY
            : hasAnnotation(ref.annotations, 'tableonly') ? ActionRef_Scope.TABLE_ONLY : ActionRef_Scope.TABLE_AND_DEFAULT,
          annotations: annotationStrings(ref.annotations),
        })),
        constDefaultActionId: defaultAction?.isConst ? idOf('action', actionNameIn(instance, defaultAction.action.action!)) : 0,
        implementationId: tableInfo?.implementation ? idOf('actionProfile', externNameIn(instance, tableInfo.implementation)) : 0,
        directResourceIds: directNames(placed).map(({ kind, name }) => idOf(kind, name)),
        size: BigInt(tableInfo?.size ?? 1024),
        idleTimeoutBehavior: tableInfo?.supportTimeout ? Table_IdleTimeoutBehavior.NOTIFY_CONTROL : Table_IdleTimeoutBehavior.NO_TIMEOUT,
        isConstTable: table.entries?.isConst ?? false,
      };
    }),
    actions: [...actions].map(([name, action]) => ({
      preamble: preamble('action', name, action.annotations),
      params: action.params.filter((p) => p.direction === 'none').map((p, index) => ({
        id: fixedId(p.annotations) ?? index + 1,
        name: p.name,
        annotations: annotationStrings(p.annotations),
        bitwidth: bitWidthOf(p.type!),
      })),
    })),
    counters: [], directCounters: [], meters: [], directMeters: [], registers: [], actionProfiles: [],
    controllerPacketMetadata: controllerHeaders.map(({ name, decl }) => ({
      preamble: preamble('controllerHeader', name, decl.annotations),
      metadata: decl.fields.map((field, index) => ({
        id: fixedId(field.annotations) ?? index + 1,
        name: field.name,
        annotations: annotationStrings(field.annotations),
        bitwidth: bitWidthOf(field.typeRef.resolved!),
      })),
    })),
    valueSets: objects.valueSets.map((set) => ({
      preamble: preamble('valueSet', set.name, set.decl.annotations),
      match: valueSetMatch(set.decl),
      size: set.decl.sizeValue ?? 0,
    })),
    digests: digests.map((d) => ({ preamble: preamble('digest', d.name, []), typeSpec: types.dataTypeSpec(d.type) })),
  };

  for (const placed of externs) {
    const { decl: instance, name } = placed;
    const kind = externKind(instance)!;
    const common = { preamble: preamble(kind, name, instance.annotations) };
    const of = instance.instanceOf as Extract<InstantiationDecl['instanceOf'], { kind: 'extern' }>;
    const args = ctorArgs(placed);
    const size = (): bigint => {
      const value = args.get('size');
      if (typeof value !== 'bigint') throw new P4InfoError(`the size of ${name} is not a compile-time constant`);
      return value;
    };
    const directTableId = (): number => {
      const table = directOwner.get(name);
      if (table === undefined) throw new P4InfoError(`${name} is a direct resource that no table uses`);
      return idOf('table', table);
    };
    switch (kind) {
      case 'counter':
        info.counters!.push({ ...common, spec: { unit: COUNTER_UNITS[args.get('type') as string] }, size: size() });
        break;
      case 'directCounter':
        info.directCounters!.push({ ...common, spec: { unit: COUNTER_UNITS[args.get('type') as string] }, directTableId: directTableId() });
        break;
      case 'meter':
        info.meters!.push({ ...common, spec: { unit: METER_UNITS[args.get('type') as string] }, size: size() });
        break;
      case 'directMeter':
        info.directMeters!.push({ ...common, spec: { unit: METER_UNITS[args.get('type') as string] }, directTableId: directTableId() });
        break;
      case 'register':
        info.registers!.push({ ...common, typeSpec: types.dataTypeSpec(of.typeArgs[0]!), size: Number(size()) });
        break;
      case 'actionProfile':
        info.actionProfiles!.push({
          ...common,
          tableIds: objects.tables
            .filter((t) => t.decl.info?.implementation !== undefined && externNameIn(t.instance, t.decl.info.implementation) === name)
            .map((t) => idOf('table', t.name)),
          withSelector: of.decl.name === 'action_selector',
          size: size(),
        });
        break;
      default:
        break;
    }
  }

  info.typeInfo = types.typeInfo;
  const message = P4Info.fromPartial(info);
  const byId = <T extends { preamble?: { id: number } | undefined }>(list: T[]): void => {
    list.sort((a, b) => a.preamble!.id - b.preamble!.id);
  };
  for (const list of [message.tables, message.actions, message.actionProfiles, message.counters, message.directCounters,
    message.meters, message.directMeters, message.controllerPacketMetadata, message.valueSets, message.registers, message.digests]) {
    byId(list as { preamble?: { id: number } }[]);
  }
  return message;
}

function request(kind: IdPrefixName, name: string, annotations: readonly AnnotationNode[]): IdRequest {
  const id = fixedId(annotations);
  return id === undefined ? { kind, name } : { kind, name, fixedId: id };
}

function fixedId(annotations: readonly AnnotationNode[]): number | undefined {
  const id = annotations.find((a) => a.name === 'id');
  if (id === undefined) return undefined;
  const value = id.args[0];
  if (typeof value !== 'bigint') throw new P4InfoError(`@id(${id.body}) needs an integer`);
  return Number(value);
}

function hasAnnotation(annotations: readonly AnnotationNode[], name: string): boolean {
  return annotations.some((a) => a.name === name);
}

function externKind(instance: InstantiationDecl): IdPrefixName | undefined {
  if (instance.instanceOf?.kind !== 'extern') return undefined;
  switch (instance.instanceOf.decl.name) {
    case 'counter': return 'counter';
    case 'direct_counter': return 'directCounter';
    case 'meter': return 'meter';
    case 'direct_meter': return 'directMeter';
    case 'register': return 'register';
    case 'action_profile':
    case 'action_selector': return 'actionProfile';
    default: return undefined;
  }
}

/** Constructor arguments by parameter name: integers as bigint, enum members by name. */
function ctorArgs({ decl, instance }: Placed<InstantiationDecl>): Map<string, bigint | string> {
  const of = decl.instanceOf as Extract<InstantiationDecl['instanceOf'], { kind: 'extern' }>;
  const result = new Map<string, bigint | string>();
  of.ctorParams.forEach((param, index) => {
    const value = resolveArgument(instance, decl.argsInParamOrder?.[index])?.constValue;
    if (value?.kind === 'int') result.set(param.name, value.value);
    else if (value?.kind === 'member') result.set(param.name, value.name);
  });
  return result;
}

function archName(checked: CheckedProgram): string {
  return checked.main?.packageName === 'V1Switch' ? 'v1model' : (checked.main?.packageName ?? '');
}

/** Every action some table can run, by control-plane name, each once. */
function referencedActions(tables: readonly Placed<TableDecl>[]): Map<string, ActionDecl> {
  const actions = new Map<string, ActionDecl>();
  for (const { decl, instance } of tables) {
    for (const ref of decl.actions) if (ref.action) actions.set(actionNameIn(instance, ref.action), ref.action);
  }
  return actions;
}

function findControllerHeaders(checked: CheckedProgram): { name: string; decl: HeaderDecl }[] {
  return checked.program.declarations
    .filter((d): d is HeaderDecl => d.kind === 'HeaderDecl')
    .flatMap((decl) => {
      const annotation = decl.annotations.find((a) => a.name === 'controller_header');
      const name = annotation?.args[0];
      return typeof name === 'string' ? [{ name, decl }] : [];
    });
}

/** The type of every `digest<T>(receiver, data)` call; P4Info names a digest after T. */
function findDigestTypes(objects: ProgramObjects): { name: string; type: P4Type }[] {
  const found = new Map<string, P4Type>();
  const visited = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || visited.has(node)) return;
    visited.add(node);
    const call = node as CallExpr;
    if (call.kind === 'CallExpr' && call.target?.kind === 'externFunction' && call.target.decl.name === 'digest') {
      const type = call.target.typeArgs[0] ?? call.argsInParamOrder?.[1]?.type;
      if (type === undefined || !('name' in type)) throw new P4InfoError('digest() needs a named struct or header type');
      found.set(type.name, type);
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const block of objects.blocks) visit(block.decl);
  return [...found].map(([name, type]) => ({ name, type }));
}

function valueSetMatch(set: ValueSetDecl): Draft<P4InfoMessage['valueSets'][number]['match'][number]>[] {
  const type = set.type;
  const fields = type?.kind === 'struct' ? type.fields.map((f) => ({ name: f.name, type: f.type, annotations: f.annotations }))
    : [{ name: '', type: type!, annotations: [] }];
  return fields.map((field, index) => {
    const matchKind = field.annotations.find((a) => a.name === 'match')?.args[0];
    const matchType = typeof matchKind === 'string' ? MATCH_TYPES[matchKind] : MatchField_MatchType.EXACT;
    return {
      id: index + 1,
      name: field.name,
      bitwidth: bitWidthOf(field.type),
      match: matchType === undefined
        ? { $case: 'otherMatchType' as const, value: String(matchKind) }
        : { $case: 'matchType' as const, value: matchType },
    };
  });
}

/** The shortest dot-separated suffix of each name that no other name ends with. */
export function shortestUniqueSuffixes(names: readonly string[]): Map<string, string> {
  const unique = [...new Set(names)];
  const suffixCount = new Map<string, number>();
  const suffixesOf = (name: string): string[] => {
    const parts = name.split('.');
    return parts.map((_, i) => parts.slice(parts.length - 1 - i).join('.'));
  };
  for (const name of unique) for (const suffix of suffixesOf(name)) suffixCount.set(suffix, (suffixCount.get(suffix) ?? 0) + 1);
  return new Map(unique.map((name) => [name, suffixesOf(name).find((s) => suffixCount.get(s) === 1) ?? name]));
}
