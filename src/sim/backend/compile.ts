// The back end's entry point: a checked program to a CompiledProgram (abi.ts).
//
// compileProgram generates one JavaScript function per block passed to `main` and checks
// that it parses; nothing is bound yet. instantiate(arch) creates the tables (through the
// table factory), the extern instances and value sets (through the architecture), binds
// every extern call site, and closes each generated function over those objects.

import type { ControlDecl, ParserDecl } from '../frontend/ast.js';
import type { CheckedProgram } from '../frontend/checked-program.js';
import type { Param } from '../ir/types.js';
import type {
  ArchBinding,
  CompiledBlock,
  CompiledProgram,
  ExternInstance,
  PacketContext,
  ProgramInstance,
  TableRuntime,
  TableSpec,
  Value,
  ValueSetRuntime,
} from '../runtime/abi.js';
import { BlockCodegen } from './codegen.js';
import { BackendError, internal, unsupported } from './errors.js';
import { externSpec, ProgramObjects, type BlockInstance } from './objects.js';
import { SlotTable, type SlotRequest } from './slots.js';

export type TableFactory = (spec: TableSpec) => TableRuntime;

export interface CompileOptions {
  /** Creates the run-time table for each TableSpec (the run-time library's factory). */
  readonly tableFactory: TableFactory;
  /** The switch clock in nanoseconds, given to table lookups for idle timeouts. */
  readonly clock?: () => bigint;
  /** Receives each block's generated JavaScript (for debugging the back end). */
  readonly onSource?: (instanceName: string, source: string) => void;
}

type RunFn = (args: Value[], ctx: PacketContext) => number;

interface GeneratedBlock {
  readonly instance: BlockInstance;
  readonly slots: SlotTable;
  readonly source: string;
  readonly factory: (constants: unknown[]) => RunFn;
}

function blockParams(decl: ParserDecl | ControlDecl): readonly Param[] {
  const t = decl.type;
  if (t === undefined || (t.kind !== 'parser' && t.kind !== 'control')) return internal(decl.loc, 'block without a parser/control type');
  return t.params;
}

export function compileProgram(checked: CheckedProgram, options: CompileOptions): CompiledProgram {
  const main = checked.main ?? unsupported(undefined, 'a program without a main package instantiation');
  const objects = new ProgramObjects(options.clock ?? (() => process.hrtime.bigint()));

  // Extern objects instantiated at top level are shared by every block.
  const topLevel = new Set<object>(checked.program.declarations);
  const rootScope = new Map<object, string>();
  for (const d of checked.externInstances) {
    if (!topLevel.has(d)) continue;
    const name = d.qualifiedName ?? d.name;
    objects.externs.set(name, externSpec(d, name));
    rootScope.set(d, name);
  }

  const blocks: GeneratedBlock[] = main.blocks.map((mb) => {
    const instance: BlockInstance = { path: mb.instanceName, decl: mb.decl, ctorArgs: mb.ctorArgs };
    const slots = new SlotTable();
    const body = new BlockCodegen(checked, slots, objects, rootScope).compileTopLevel(instance, mb.ctorArgs);
    const source = `"use strict";\n${slots.prologue()}\nreturn function run(args, ctx) {\n${body}\n};`;
    options.onSource?.(mb.instanceName, source);
    let factory: (constants: unknown[]) => RunFn;
    try {
      factory = new Function('$K', source) as (constants: unknown[]) => RunFn;
    } catch (e) {
      // A syntax error here is a code-generator bug; keep the source for the report.
      throw new BackendError('INTERNAL', mb.decl.loc, `generated code for ${mb.instanceName} does not parse (${(e as Error).message}):\n${source}`);
    }
    return { instance, slots, source, factory };
  });

  return {
    packageName: main.packageName,
    errors: checked.errors,
    instantiate(arch: ArchBinding): ProgramInstance {
      const tables = new Map<string, TableRuntime>();
      for (const [name, spec] of objects.tables) tables.set(name, options.tableFactory(spec));
      const externs = new Map<string, ExternInstance>();
      for (const [name, spec] of objects.externs) externs.set(name, arch.instantiate(spec));
      const valueSets = new Map<string, ValueSetRuntime>();
      for (const [name, spec] of objects.valueSets) valueSets.set(name, { ...spec, members: [] });
      const resolve = (r: SlotRequest): unknown => {
        switch (r.kind) {
          case 'value':
            return r.value;
          case 'table':
            return tables.get(r.name) ?? internal(undefined, `table ${r.name} missing`);
          case 'externMethod':
            return (externs.get(r.instance) ?? internal(undefined, `extern ${r.instance} missing`)).bindMethod(r.site);
          case 'paramMethod':
            return arch.bindParameterMethod(r.externType, r.site);
          case 'externFunction':
            return arch.bindFunction(r.site);
          case 'valueSet':
            return valueSets.get(r.name) ?? internal(undefined, `value set ${r.name} missing`);
        }
      };
      const compiled: CompiledBlock[] = blocks.map((b) => ({
        kind: b.instance.decl.kind === 'ParserDecl' ? 'parser' : 'control',
        typeName: b.instance.decl.name,
        instanceName: b.instance.path,
        params: blockParams(b.instance.decl),
        run: b.factory(b.slots.requests.map(resolve)),
      }));
      return { blocks: compiled, tables, externs, valueSets };
    },
  };
}
