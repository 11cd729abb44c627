// Lexical scopes for name resolution. P4 has one namespace for types and values, except
// that functions (extern and P4) may be overloaded by their number of parameters.

import type { P4Type } from '../ir/types.js';
import type {
  ControlDecl,
  ControlTypeDecl,
  ExternDecl,
  ExternFunctionDecl,
  FunctionDecl,
  PackageTypeDecl,
  ParserDecl,
  ParserTypeDecl,
  Ref,
} from './ast.js';

export type Entity =
  /** A named type: header, struct, enum, typedef (expanded), newtype. */
  | { readonly kind: 'type'; readonly type: P4Type }
  /** A type parameter of the enclosing generic declaration. */
  | { readonly kind: 'typeVar'; readonly name: string }
  /** An extern object type (generic until instantiated). */
  | { readonly kind: 'extern'; readonly decl: ExternDecl }
  /** A parser/control/package type declaration (no body). */
  | { readonly kind: 'blockType'; readonly decl: ParserTypeDecl | ControlTypeDecl | PackageTypeDecl }
  /** A parser or control with a body: a type one can instantiate. */
  | { readonly kind: 'block'; readonly decl: ParserDecl | ControlDecl; readonly type: P4Type }
  /** Overloaded functions. */
  | { readonly kind: 'functions'; readonly decls: readonly (ExternFunctionDecl | FunctionDecl)[] }
  /** Anything else with a value: variables, parameters, constants, instances, tables, actions, states. */
  | { readonly kind: 'value'; readonly ref: Ref; readonly type: P4Type };

export class Scope {
  private readonly names = new Map<string, Entity>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Entity | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  lookupLocal(name: string): Entity | undefined {
    return this.names.get(name);
  }

  /** The outermost scope (for `.name` lookups). */
  get root(): Scope {
    return this.parent ? this.parent.root : this;
  }

  /** Declares `name`; returns false when the name is already declared in this scope (and it is not an overload). */
  declare(name: string, entity: Entity): boolean {
    const existing = this.names.get(name);
    if (existing) {
      if (existing.kind === 'functions' && entity.kind === 'functions') {
        this.names.set(name, { kind: 'functions', decls: [...existing.decls, ...entity.decls] });
        return true;
      }
      return false;
    }
    this.names.set(name, entity);
    return true;
  }
}
