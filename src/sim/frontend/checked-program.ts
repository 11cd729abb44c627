// The front end's output: the checked AST (see ast.ts for the guarantees on every node)
// plus the program-level facts the back end, the architectures and the P4Info generator
// need, gathered once so nobody walks the tree to find them again.

import type {
  ActionDecl,
  ControlDecl,
  Expression,
  InstantiationDecl,
  PackageTypeDecl,
  ParserDecl,
  Program,
  TableDecl,
  ValueSetDecl,
} from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import type { P4Type } from '../ir/types.js';

/** One parser or control passed to the `main` package (`V1Switch(MyParser(), ...) main;`). */
export interface MainBlock {
  /** The package parameter it binds (`p`, `vr`, `ig`, `eg`, `ck`, `dep` for V1Switch). */
  readonly paramName: string;
  readonly decl: ParserDecl | ControlDecl;
  /** The instantiation expression's location/arguments, e.g. `MyIngress()` (constructor args folded). */
  readonly ctorArgs: readonly Expression[];
  /** Control-plane name prefix: the parser/control type name (`MyIngress`), as p4c names top-level blocks. */
  readonly instanceName: string;
}

export interface MainInstance {
  readonly decl: InstantiationDecl;
  readonly package: PackageTypeDecl;
  /** Package type name (`V1Switch`). */
  readonly packageName: string;
  /** One per package parameter, in parameter order. */
  readonly blocks: readonly MainBlock[];
}

export interface CheckedProgram {
  readonly program: Program;
  /** The `error` type's members in declaration order (index = run-time value). */
  readonly errors: readonly string[];
  readonly matchKinds: readonly string[];
  /** Named types by declaration name (typedefs expanded). */
  readonly types: ReadonlyMap<string, P4Type>;
  /** The `main` instantiation; absent when the source declares none (e.g. a library file). */
  readonly main?: MainInstance;
  /** Control-plane visible objects, each with `qualifiedName` set, in declaration order. */
  readonly tables: readonly TableDecl[];
  /** Every action declaration (top-level and control-local). */
  readonly actions: readonly ActionDecl[];
  /** Extern object instantiations (top-level and parser/control-local). */
  readonly externInstances: readonly InstantiationDecl[];
  readonly valueSets: readonly ValueSetDecl[];
  /** Warnings (errors abort the front end with a FrontendError). */
  readonly warnings: readonly Diagnostic[];
}
