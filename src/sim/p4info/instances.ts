// The control-plane objects of a program as P4Info lists them: one per block *instance*,
// not per declaration. A control instantiated under two paths (`Sub() a; Sub() b;`) has
// two copies of each of its tables, actions and externs (`I.a.t`, `I.b.t`), named by
// instance path as p4c names them.
import type {
  ActionDecl, ControlDecl, Expression, InstantiationDecl, ParserDecl, TableDecl, ValueSetDecl,
} from '../frontend/ast.js';
import type { CheckedProgram } from '../frontend/checked-program.js';
import { localName } from '../frontend/names.js';

type Block = ParserDecl | ControlDecl;

export interface BlockInstance {
  readonly path: string;
  readonly decl: Block;
  /** Constructor arguments of this instance, for objects sized by a constructor parameter. */
  readonly ctorArgs: readonly (Expression | undefined)[];
}

export interface Placed<T> {
  readonly decl: T;
  readonly name: string;
  /** The block instance declaring it; undefined for top-level declarations. */
  readonly instance: BlockInstance | undefined;
}

export interface ProgramObjects {
  readonly tables: Placed<TableDecl>[];
  readonly externs: Placed<InstantiationDecl>[];
  readonly valueSets: Placed<ValueSetDecl>[];
  readonly blocks: BlockInstance[];
}

function nameIn(instance: BlockInstance, decl: { readonly name: string; readonly qualifiedName?: string; readonly annotations: InstantiationDecl['annotations'] }): string {
  return decl.qualifiedName ?? localName(instance.path, decl);
}

export function collectObjects(checked: CheckedProgram): ProgramObjects {
  const objects: ProgramObjects = { tables: [], externs: [], valueSets: [], blocks: [] };
  for (const d of checked.program.declarations) {
    if (d.kind === 'InstantiationDecl' && d.instanceOf?.kind === 'extern') {
      objects.externs.push({ decl: d, name: d.qualifiedName ?? d.name, instance: undefined });
    }
  }
  const visit = (instance: BlockInstance): void => {
    objects.blocks.push(instance);
    for (const local of instance.decl.locals) {
      if (local.kind === 'TableDecl') objects.tables.push({ decl: local, name: nameIn(instance, local), instance });
      else if (local.kind === 'ValueSetDecl') objects.valueSets.push({ decl: local, name: nameIn(instance, local), instance });
      else if (local.kind === 'InstantiationDecl') {
        const of = local.instanceOf;
        if (of?.kind === 'extern') objects.externs.push({ decl: local, name: nameIn(instance, local), instance });
        else if (of?.kind === 'parser' || of?.kind === 'control') {
          visit({ path: nameIn(instance, local), decl: of.decl, ctorArgs: local.argsInParamOrder ?? [] });
        }
      }
    }
  };
  for (const block of checked.main?.blocks ?? []) visit({ path: block.instanceName, decl: block.decl, ctorArgs: block.ctorArgs });
  return objects;
}

/** The name of an action as seen from a table of `instance`: per instance when the action is the block's own. */
export function actionNameIn(instance: BlockInstance | undefined, action: ActionDecl): string {
  if (instance !== undefined && (instance.decl.locals as readonly object[]).includes(action)) return nameIn(instance, action);
  return action.qualifiedName ?? action.name;
}

/** The name of a direct counter or meter a table of `instance` uses (declared in the same block or at top level). */
export function externNameIn(instance: BlockInstance | undefined, extern: InstantiationDecl): string {
  if (instance !== undefined && (instance.decl.locals as readonly object[]).includes(extern)) return nameIn(instance, extern);
  return extern.qualifiedName ?? extern.name;
}

/** A constructor argument's expression, looking through the enclosing block's own constructor parameters. */
export function resolveArgument(instance: BlockInstance | undefined, e: Expression | undefined): Expression | undefined {
  if (instance === undefined || e?.kind !== 'PathExpr' || e.ref?.kind !== 'param') return e;
  const index = (instance.decl.ctorParams as readonly object[]).indexOf(e.ref.decl);
  if (index < 0) return e;
  return instance.ctorArgs[index] ?? instance.decl.ctorParams[index]!.defaultValue;
}
