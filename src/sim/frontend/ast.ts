// The P4_16 abstract syntax tree and, after checking, the typed IR.
//
// One tree serves both roles. The parser builds plain-data nodes (every node has a `kind`
// discriminant and a `loc`). The checker then fills in the optional, mutable "checked"
// fields documented on each node; it never removes nodes. After `frontend()` returns a
// CheckedProgram without errors, these guarantees hold for every node reachable from the
// program's declarations (the back end relies on them and never re-derives anything):
//
// * Every Expression has `type` (a P4Type from ../ir/types.ts). Type names are resolved:
//   typedefs are expanded, `type` declarations are NewType, generics are substituted.
// * An expression whose value is known at compile time has `constValue`. The back end
//   emits that constant and need not look at the node's children. Integer literals
//   without a width (`5`) and constant expressions of type `int` are given the type
//   the context requires (implicit cast of infint: `bit<8> x = 5` types `5` as bit<8>;
//   a value that does not fit is reduced modulo 2^8 with a warning, as p4c does).
// * The only other implicit conversion is a serializable enum used where its underlying
//   bit<W>/int<W> is expected; the run-time representations are the same (see abi.ts), so
//   no node marks it: the expression keeps the enum type.
// * PathExpr has `ref` (what the name denotes); MemberExpr has `access` (what kind of
//   member); CallExpr has `target` (what is called) and `argsInParamOrder`.
// * Declarations that the control plane sees (tables, actions, extern instances, value
//   sets, parser/control instances) have `qualifiedName`, as p4c forms P4Info names;
//   except inside a parser/control instantiated under several paths (`Sub() a; Sub() b;`),
//   whose objects have one name per instance: there it is unset and a later pass forms
//   `names.localName(instancePath, decl)` (`MyIngress.a.t`, honouring `@name`).
// * TypeRef nodes have `resolved`.
//
// `formatLoc(loc)` gives `file:line:col` for diagnostics; locations point into the
// original source files (the preprocessor's line markers are honoured).

import type { Annotation, P4Type, Param } from '../ir/types.js';

// ---------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------

export interface SourceLoc {
  readonly file: string;
  /** 1-based line in `file`. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

interface NodeBase {
  readonly loc: SourceLoc;
}

/** An annotation as written, with its location. The checked form is `Annotation` (types.ts). */
export interface AnnotationNode extends NodeBase, Annotation {
  readonly kind: 'Annotation';
}

// ---------------------------------------------------------------------------------------
// Compile-time values (constant folding results)
// ---------------------------------------------------------------------------------------

export type ConstValue =
  /** bit<W>, int<W>, infint, serializable enum members, newtypes over those. Already reduced to the type's range. */
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  /** A member of `error`, a plain enum or `match_kind`: its index in declaration order (the ABI's run-time value). */
  | { readonly kind: 'member'; readonly name: string; readonly index: number }
  /** Tuples and list expressions. */
  | { readonly kind: 'list'; readonly elements: readonly ConstValue[] }
  /** Structs / headers given by a constant `{ f = v, ... }` expression. */
  | { readonly kind: 'struct'; readonly fields: readonly { readonly name: string; readonly value: ConstValue }[] };

// ---------------------------------------------------------------------------------------
// Types as written
// ---------------------------------------------------------------------------------------

export type TypeRef = BaseTypeRef | NamedTypeRef | StackTypeRef | TupleTypeRef | DontCareTypeRef;

interface TypeRefBase extends NodeBase {
  /** Checked: the P4Type this syntax denotes. */
  resolved?: P4Type;
}

export interface BaseTypeRef extends TypeRefBase {
  readonly kind: 'BaseTypeRef';
  readonly name: 'bit' | 'int' | 'varbit' | 'bool' | 'error' | 'string' | 'void' | 'match_kind';
  /** `bit<W>`, `int<W>`, `varbit<W>`; absent for `bit` (= bit<1>) and for `int` alone (= infint). */
  readonly width?: Expression;
}

export interface NamedTypeRef extends TypeRefBase {
  readonly kind: 'NamedTypeRef';
  readonly name: string;
  /** `.name`: look the name up at top level only. */
  readonly global: boolean;
  readonly typeArgs: readonly TypeRef[];
}

export interface StackTypeRef extends TypeRefBase {
  readonly kind: 'StackTypeRef';
  readonly element: TypeRef;
  readonly size: Expression;
}

export interface TupleTypeRef extends TypeRefBase {
  readonly kind: 'TupleTypeRef';
  readonly elements: readonly TypeRef[];
}

/** `_` as a type argument: the checker infers it. */
export interface DontCareTypeRef extends TypeRefBase {
  readonly kind: 'DontCareTypeRef';
}

// ---------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------

export type Expression =
  | IntLiteral
  | BoolLiteral
  | StringLiteral
  | PathExpr
  | MemberExpr
  | IndexExpr
  | SliceExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | TernaryExpr
  | CastExpr
  | ListExpr
  | StructExpr
  | InvalidHeaderExpr
  | DontCareExpr
  | DefaultExpr
  | MaskExpr
  | RangeExpr;

interface ExprBase extends NodeBase {
  /** Checked: the expression's type. */
  type?: P4Type;
  /** Checked: the folded value, when known at compile time. */
  constValue?: ConstValue;
}

export interface IntLiteral extends ExprBase {
  readonly kind: 'IntLiteral';
  /** The value as written (for `8s-1`-style literals the sign is applied here). */
  readonly value: bigint;
  /** `8w5` -> { width: 8, signed: false }; `8s5` -> signed. Absent: an infint literal. */
  readonly width?: number;
  readonly signed?: boolean;
  /** The literal's source text, e.g. `0x0800`. */
  readonly text: string;
}

export interface BoolLiteral extends ExprBase {
  readonly kind: 'BoolLiteral';
  readonly value: boolean;
}

export interface StringLiteral extends ExprBase {
  readonly kind: 'StringLiteral';
  readonly value: string;
}

/** A name: `x`, `.x` (global). Also type names used as values' prefixes (`MyEnum` in `MyEnum.A`) and `error`. */
export interface PathExpr extends ExprBase {
  readonly kind: 'PathExpr';
  readonly name: string;
  readonly global: boolean;
  /** Checked: what the name denotes. */
  ref?: Ref;
}

export interface MemberExpr extends ExprBase {
  readonly kind: 'MemberExpr';
  readonly base: Expression;
  readonly member: string;
  /** Checked: what kind of member access this is. */
  access?: MemberAccess;
}

/** `stack[i]` (header stacks) and `tuple[i]` (constant index). */
export interface IndexExpr extends ExprBase {
  readonly kind: 'IndexExpr';
  readonly base: Expression;
  readonly index: Expression;
}

/** `e[hi:lo]`. Checked: `hi`/`lo` are compile-time constants, given as numbers in `hiBit`/`loBit`. */
export interface SliceExpr extends ExprBase {
  readonly kind: 'SliceExpr';
  readonly base: Expression;
  readonly hi: Expression;
  readonly lo: Expression;
  hiBit?: number;
  loBit?: number;
}

export interface Argument extends NodeBase {
  readonly kind: 'Argument';
  /** `name = value` (named argument). */
  readonly name?: string;
  /** `_` for a don't-care `out` argument is a DontCareExpr. */
  readonly value: Expression;
}

export interface CallExpr extends ExprBase {
  readonly kind: 'CallExpr';
  readonly callee: Expression;
  readonly typeArgs: readonly TypeRef[];
  readonly args: readonly Argument[];
  /** Checked: what this call invokes. */
  target?: CallTarget;
  /**
   * Checked: the argument for each parameter of the callee, in parameter order (named
   * arguments reordered, defaulted parameters filled with their default expression,
   * optional parameters left undefined). For an action called from a table's action list
   * (only the control-plane-free prefix given) the missing trailing slots are undefined.
   */
  argsInParamOrder?: (Expression | undefined)[];
}

export type UnaryOp = '!' | '~' | '-' | '+';

export interface UnaryExpr extends ExprBase {
  readonly kind: 'UnaryExpr';
  readonly op: UnaryOp;
  readonly operand: Expression;
}

export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '|+|' | '|-|'
  | '<<' | '>>'
  | '<' | '<=' | '>' | '>='
  | '==' | '!='
  | '&' | '^' | '|'
  | '++'
  | '&&' | '||';

export interface BinaryExpr extends ExprBase {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expression;
  readonly right: Expression;
}

export interface TernaryExpr extends ExprBase {
  readonly kind: 'TernaryExpr';
  readonly cond: Expression;
  readonly then: Expression;
  readonly else: Expression;
}

export interface CastExpr extends ExprBase {
  readonly kind: 'CastExpr';
  readonly target: TypeRef;
  readonly expr: Expression;
}

/**
 * `{ a, b, c }`: a tuple/list, or a struct/header initialiser by position. Checked `type` is
 * the target type. `rest`: written `{ a, ... }`, the fields after the elements are left
 * uninitialised (they read as 0, as in BMv2).
 */
export interface ListExpr extends ExprBase {
  readonly kind: 'ListExpr';
  readonly elements: readonly Expression[];
  readonly rest?: boolean;
}

/** `{ f = a, g = b }`: a struct/header initialiser by name; `rest` as in ListExpr (`{ f = a, ... }`). Checked `type` is the target type. */
export interface StructExpr extends ExprBase {
  readonly kind: 'StructExpr';
  readonly fields: readonly { readonly name: string; readonly value: Expression; readonly loc: SourceLoc }[];
  readonly rest?: boolean;
}

/** `{#}`: an invalid header (or header union with no valid member) of the type the context expects. */
export interface InvalidHeaderExpr extends ExprBase {
  readonly kind: 'InvalidHeaderExpr';
}

/** `_`: a don't-care argument or keyset element. */
export interface DontCareExpr extends ExprBase {
  readonly kind: 'DontCareExpr';
}

/** `default` in a select case or a switch label (also written `_` in keysets; that is a DontCareExpr). */
export interface DefaultExpr extends ExprBase {
  readonly kind: 'DefaultExpr';
}

/** `value &&& mask` in a keyset. */
export interface MaskExpr extends ExprBase {
  readonly kind: 'MaskExpr';
  readonly value: Expression;
  readonly mask: Expression;
}

/** `low .. high` in a keyset. */
export interface RangeExpr extends ExprBase {
  readonly kind: 'RangeExpr';
  readonly low: Expression;
  readonly high: Expression;
}

// ---------------------------------------------------------------------------------------
// What names, members and calls resolve to (checked fields)
// ---------------------------------------------------------------------------------------

export type Ref =
  /** A local variable of a parser, control, action or function body (or a parser/control-local variable). */
  | { readonly kind: 'local'; readonly decl: VariableDecl }
  /** A parameter of the enclosing parser, control, action or function (incl. constructor parameters). */
  | { readonly kind: 'param'; readonly decl: ParameterNode; readonly owner: ParamOwner }
  | { readonly kind: 'const'; readonly decl: ConstantDecl }
  /** An instantiation: extern object, parser/control instance. */
  | { readonly kind: 'instance'; readonly decl: InstantiationDecl }
  | { readonly kind: 'table'; readonly decl: TableDecl }
  | { readonly kind: 'action'; readonly decl: ActionDecl }
  | { readonly kind: 'function'; readonly decl: FunctionDecl }
  | { readonly kind: 'externFunction'; readonly decl: ExternFunctionDecl }
  | { readonly kind: 'parserState'; readonly decl: ParserState }
  /** `accept` / `reject`. */
  | { readonly kind: 'terminalState'; readonly name: 'accept' | 'reject' }
  | { readonly kind: 'valueSet'; readonly decl: ValueSetDecl }
  /** A type name used as a prefix (`MyEnum` in `MyEnum.A`, `error` in `error.NoError`). */
  | { readonly kind: 'type'; readonly type: P4Type };

export type ParamOwner = ParserDecl | ControlDecl | ActionDecl | FunctionDecl;

export type MemberAccess =
  /** A field of a struct, header or header union (`hdr.ipv4.ttl`). */
  | { readonly kind: 'field' }
  /** `error.X`, `MyEnum.X`, `SerEnum.X`, match_kind member: a constant (see constValue). */
  | { readonly kind: 'enumMember' }
  /** Header stack properties. */
  | { readonly kind: 'stackNext' }
  | { readonly kind: 'stackLast' }
  | { readonly kind: 'stackLastIndex' }
  | { readonly kind: 'stackSize' }
  /** `t.apply().hit`, `.miss`, `.action_run` on a table apply result. */
  | { readonly kind: 'tableHit' }
  | { readonly kind: 'tableMiss' }
  | { readonly kind: 'tableActionRun'; readonly table: TableDecl }
  /** The member names a method; only as the callee of a CallExpr (see CallExpr.target). */
  | { readonly kind: 'method' };

export type CallTarget =
  /** `t.apply()`: returns the apply-result (type is a TableType: members hit/miss/action_run). */
  | { readonly kind: 'tableApply'; readonly table: TableDecl }
  /** `h.isValid()`, `h.setValid()`, `h.setInvalid()` on a header (or `isValid` on a header union). Receiver is callee.base. */
  | { readonly kind: 'headerMethod'; readonly method: 'isValid' | 'setValid' | 'setInvalid' }
  /** `s.push_front(n)`, `s.pop_front(n)` on a header stack; `count` is the folded constant argument. */
  | { readonly kind: 'stackMethod'; readonly method: 'push_front' | 'pop_front'; readonly count: number }
  /**
   * A method of an extern object. The receiver (callee.base) is either an extern instance
   * (ref kind 'instance') or a parameter of extern type (packet_in, packet_out, or an
   * extern passed in). `params` are the method's parameters with type variables bound;
   * `typeArgs` the method's own type arguments (e.g. `extract<T>`), explicit or inferred.
   */
  | {
      readonly kind: 'externMethod';
      readonly externType: P4Type & { readonly kind: 'extern' };
      readonly extern: ExternDecl;
      readonly method: MethodDecl;
      readonly params: readonly Param[];
      readonly typeArgs: readonly P4Type[];
    }
  /** A top-level extern function (`mark_to_drop`, `hash`, `verify`, `digest`, ...). */
  | {
      readonly kind: 'externFunction';
      readonly decl: ExternFunctionDecl;
      readonly params: readonly Param[];
      readonly typeArgs: readonly P4Type[];
    }
  /** A direct action call from a control body or another action. */
  | { readonly kind: 'action'; readonly decl: ActionDecl }
  /**
   * A P4 function. For a generic function `decl` is a copy of its declaration checked with
   * this call's type arguments (one copy per distinct instantiation), so its body has
   * concrete types; the copy is not among the program's declarations.
   */
  | { readonly kind: 'function'; readonly decl: FunctionDecl; readonly params: readonly Param[]; readonly typeArgs: readonly P4Type[] }
  /**
   * `inst.apply(...)` on a parser or control instance (sub-parser / sub-control). `instance`
   * is a constructor parameter of parser/control type when the instance is passed in
   * (`control C2()(my_ctl_t c) { apply { c.apply(); } }`); `block` is then unknown here.
   */
  | { readonly kind: 'subApply'; readonly instance: InstantiationDecl | ParameterNode; readonly block?: ParserDecl | ControlDecl }
  /** `MyIngress()` as a constructor argument (e.g. of `V1Switch(...)`): an anonymous parser/control instance. */
  | { readonly kind: 'constructBlock'; readonly block: ParserDecl | ControlDecl }
  /** `h.minSizeInBits()`, `T.maxSizeInBytes()`, ...: evaluated by the checker, see the call's constValue. */
  | { readonly kind: 'compileTimeConstant' }
  /** `action_profile(32)` as a table property value: an anonymous extern instance. */
  | { readonly kind: 'constructExtern'; readonly extern: ExternDecl; readonly ctor: MethodDecl; readonly typeArgs: readonly P4Type[] };

// ---------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------

export type Statement =
  | AssignStmt
  | CallStmt
  | BlockStmt
  | IfStmt
  | SwitchStmt
  | ExitStmt
  | ReturnStmt
  | EmptyStmt
  | VarDeclStmt
  | ConstDeclStmt
  | ForStmt
  | ForInStmt
  | BreakStmt
  | ContinueStmt;

export interface AssignStmt extends NodeBase {
  readonly kind: 'AssignStmt';
  readonly lhs: Expression;
  /** Checked: infint constants typed as the lhs type. */
  rhs: Expression;
}

/** A method/function/action call used as a statement. */
export interface CallStmt extends NodeBase {
  readonly kind: 'CallStmt';
  readonly call: CallExpr;
}

export interface BlockStmt extends NodeBase {
  readonly kind: 'BlockStmt';
  readonly stmts: readonly Statement[];
  readonly annotations: readonly AnnotationNode[];
}

export interface IfStmt extends NodeBase {
  readonly kind: 'IfStmt';
  readonly cond: Expression;
  readonly then: Statement;
  readonly else?: Statement;
}

export interface SwitchCase extends NodeBase {
  /** Labels of this case; `default` is a DefaultExpr. For action_run switches labels are PathExprs naming actions. */
  readonly labels: readonly Expression[];
  /** Absent: falls through to the next case's body (`a: b: { ... }` is written as two cases). */
  readonly body?: BlockStmt;
}

export interface SwitchStmt extends NodeBase {
  readonly kind: 'SwitchStmt';
  readonly expr: Expression;
  readonly cases: readonly SwitchCase[];
  /**
   * Checked: 'actionRun' when `expr` is `t.apply().action_run` (labels' refs are actions of
   * that table); 'value' for a switch on a bit<W>/int<W>/enum/serializable enum/error value
   * (labels have constValue).
   */
  switchKind?: 'actionRun' | 'value';
}

export interface ExitStmt extends NodeBase {
  readonly kind: 'ExitStmt';
}

export interface ReturnStmt extends NodeBase {
  readonly kind: 'ReturnStmt';
  value?: Expression;
}

export interface EmptyStmt extends NodeBase {
  readonly kind: 'EmptyStmt';
}

// Loops (P4_16 1.2.5).

/** `for (init; cond; update) body`. */
export interface ForStmt extends NodeBase {
  readonly kind: 'ForStmt';
  /** VarDeclStmt, AssignStmt or CallStmt, run once; declared variables are scoped to the loop. */
  readonly init: readonly Statement[];
  /** Absent: loop until break/return/exit. */
  readonly cond?: Expression;
  /** AssignStmt or CallStmt, run after each iteration (also after `continue`). */
  readonly update: readonly Statement[];
  readonly body: Statement;
}

/** `for (T v in lo .. hi) body` (inclusive range) or `for (T v in stack) body` (each element). */
export interface ForInStmt extends NodeBase {
  readonly kind: 'ForInStmt';
  /** The loop variable, scoped to the loop. */
  readonly decl: VariableDecl;
  /** A RangeExpr, or an expression of header-stack type. */
  readonly collection: Expression;
  readonly body: Statement;
}

export interface BreakStmt extends NodeBase {
  readonly kind: 'BreakStmt';
}

export interface ContinueStmt extends NodeBase {
  readonly kind: 'ContinueStmt';
}

export interface VarDeclStmt extends NodeBase {
  readonly kind: 'VarDeclStmt';
  readonly decl: VariableDecl;
}

export interface ConstDeclStmt extends NodeBase {
  readonly kind: 'ConstDeclStmt';
  readonly decl: ConstantDecl;
}

// ---------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------

export type Declaration =
  | ConstantDecl
  | VariableDecl
  | InstantiationDecl
  | HeaderDecl
  | HeaderUnionDecl
  | StructDecl
  | EnumDecl
  | ErrorDecl
  | MatchKindDecl
  | TypedefDecl
  | NewTypeDecl
  | ExternDecl
  | ExternFunctionDecl
  | ParserTypeDecl
  | ControlTypeDecl
  | PackageTypeDecl
  | ParserDecl
  | ControlDecl
  | ActionDecl
  | FunctionDecl
  | TableDecl
  | ValueSetDecl;

interface DeclBase extends NodeBase {
  readonly name: string;
  readonly annotations: readonly AnnotationNode[];
}

export interface ConstantDecl extends DeclBase {
  readonly kind: 'ConstantDecl';
  readonly typeRef: TypeRef;
  /** Checked: value.constValue is set. */
  value: Expression;
  /** Checked: the declared type. */
  type?: P4Type;
}

export interface VariableDecl extends DeclBase {
  readonly kind: 'VariableDecl';
  readonly typeRef: TypeRef;
  /** Checked: infint constants typed as the variable type. */
  init?: Expression;
  type?: P4Type;
}

/** `T<args>(ctor args) name;` at top level, in parser/control locals, or `main`. */
export interface InstantiationDecl extends DeclBase {
  readonly kind: 'InstantiationDecl';
  readonly typeRef: TypeRef;
  readonly args: readonly Argument[];
  /** Checked. */
  type?: P4Type;
  /** Checked: what is instantiated. */
  instanceOf?: InstanceOf;
  /** Checked: constructor arguments in parameter order (constants are folded: see their constValue). */
  argsInParamOrder?: (Expression | undefined)[];
  /** Checked: fully qualified control-plane name (`MyIngress.my_counter`). */
  qualifiedName?: string;
}

export type InstanceOf =
  | { readonly kind: 'extern'; readonly decl: ExternDecl; readonly ctor: MethodDecl; readonly typeArgs: readonly P4Type[]; readonly ctorParams: readonly Param[] }
  | { readonly kind: 'parser'; readonly decl: ParserDecl }
  | { readonly kind: 'control'; readonly decl: ControlDecl }
  | { readonly kind: 'package'; readonly decl: PackageTypeDecl; readonly typeArgs: readonly P4Type[] };

export interface StructFieldNode extends NodeBase {
  readonly kind: 'StructField';
  readonly name: string;
  readonly typeRef: TypeRef;
  readonly annotations: readonly AnnotationNode[];
}

export interface HeaderDecl extends DeclBase {
  readonly kind: 'HeaderDecl';
  readonly fields: readonly StructFieldNode[];
  /** Checked: the HeaderType. */
  type?: P4Type;
}

export interface HeaderUnionDecl extends DeclBase {
  readonly kind: 'HeaderUnionDecl';
  readonly fields: readonly StructFieldNode[];
  type?: P4Type;
}

export interface StructDecl extends DeclBase {
  readonly kind: 'StructDecl';
  readonly fields: readonly StructFieldNode[];
  type?: P4Type;
}

export interface EnumMemberNode extends NodeBase {
  readonly name: string;
  /** Only in serializable enums. */
  readonly value?: Expression;
}

export interface EnumDecl extends DeclBase {
  readonly kind: 'EnumDecl';
  /** `enum bit<8> E { ... }`: the underlying type of a serializable enum. */
  readonly underlying?: TypeRef;
  readonly members: readonly EnumMemberNode[];
  type?: P4Type;
}

export interface ErrorDecl extends DeclBase {
  readonly kind: 'ErrorDecl';
  readonly members: readonly { readonly name: string; readonly loc: SourceLoc }[];
}

export interface MatchKindDecl extends DeclBase {
  readonly kind: 'MatchKindDecl';
  readonly members: readonly { readonly name: string; readonly loc: SourceLoc }[];
}

export interface TypedefDecl extends DeclBase {
  readonly kind: 'TypedefDecl';
  readonly typeRef: TypeRef;
  type?: P4Type;
}

/** `type bit<9> PortId_t;` */
export interface NewTypeDecl extends DeclBase {
  readonly kind: 'NewTypeDecl';
  readonly typeRef: TypeRef;
  type?: P4Type;
}

export interface ParameterNode extends NodeBase {
  readonly kind: 'Parameter';
  readonly name: string;
  readonly direction: 'in' | 'out' | 'inout' | 'none';
  readonly typeRef: TypeRef;
  readonly annotations: readonly AnnotationNode[];
  /** `= expr` default value (extern methods, functions, constructors). */
  readonly defaultValue?: Expression;
  /** `@optional` parameter: may be omitted by the caller. */
  readonly optional: boolean;
  /** Checked. */
  type?: P4Type;
}

export interface MethodDecl extends NodeBase {
  readonly kind: 'MethodDecl';
  readonly name: string;
  readonly annotations: readonly AnnotationNode[];
  /** A constructor has the extern's name and no return type. */
  readonly isConstructor: boolean;
  readonly isAbstract: boolean;
  readonly returnType?: TypeRef;
  readonly typeParams: readonly string[];
  readonly params: readonly ParameterNode[];
}

export interface ExternDecl extends DeclBase {
  readonly kind: 'ExternDecl';
  readonly typeParams: readonly string[];
  readonly methods: readonly MethodDecl[];
}

/** A declaration with type parameters and a parameter list (function prototypes, block and package types). */
interface SignatureDeclBase extends DeclBase {
  readonly typeParams: readonly string[];
  readonly params: readonly ParameterNode[];
}

export interface ExternFunctionDecl extends SignatureDeclBase {
  readonly kind: 'ExternFunctionDecl';
  readonly returnType: TypeRef;
}

/** `parser Parser<H, M>(packet_in b, out H h, ...);` (no body). */
export interface ParserTypeDecl extends SignatureDeclBase {
  readonly kind: 'ParserTypeDecl';
}

export interface ControlTypeDecl extends SignatureDeclBase {
  readonly kind: 'ControlTypeDecl';
}

export interface PackageTypeDecl extends SignatureDeclBase {
  readonly kind: 'PackageTypeDecl';
}

export type ParserLocal = ConstantDecl | VariableDecl | InstantiationDecl | ValueSetDecl;

export interface ParserDecl extends DeclBase {
  readonly kind: 'ParserDecl';
  readonly typeParams: readonly string[];
  readonly params: readonly ParameterNode[];
  readonly ctorParams: readonly ParameterNode[];
  readonly locals: readonly ParserLocal[];
  readonly states: readonly ParserState[];
  /** Checked: the ParserType (name = declaration name). */
  type?: P4Type;
}

export interface ParserState extends NodeBase {
  readonly kind: 'ParserState';
  readonly name: string;
  readonly annotations: readonly AnnotationNode[];
  readonly stmts: readonly Statement[];
  /** Absent only when the source has no transition statement, which the checker reports as an error. */
  readonly transition?: Transition;
}

export type Transition =
  /** `transition next_state;` (a PathExpr naming a state, `accept` or `reject`). */
  | { readonly kind: 'direct'; readonly loc: SourceLoc; readonly next: PathExpr }
  | { readonly kind: 'select'; readonly loc: SourceLoc; readonly select: SelectExpr };

export interface SelectCase extends NodeBase {
  /**
   * The keyset: for one key an expression, MaskExpr, RangeExpr, DontCareExpr, DefaultExpr or a
   * PathExpr naming a value_set; for several keys a ListExpr of those (or a bare default/_).
   * Checked: every constant element has constValue; a MaskExpr/RangeExpr's parts too.
   */
  readonly keyset: Expression;
  readonly next: PathExpr;
}

export interface SelectExpr extends NodeBase {
  readonly kind: 'SelectExpr';
  readonly keys: readonly Expression[];
  readonly cases: readonly SelectCase[];
}

export type ControlLocal = ConstantDecl | VariableDecl | InstantiationDecl | ActionDecl | TableDecl;

export interface ControlDecl extends DeclBase {
  readonly kind: 'ControlDecl';
  readonly typeParams: readonly string[];
  readonly params: readonly ParameterNode[];
  readonly ctorParams: readonly ParameterNode[];
  readonly locals: readonly ControlLocal[];
  readonly body: BlockStmt;
  type?: P4Type;
}

export interface ActionDecl extends DeclBase {
  readonly kind: 'ActionDecl';
  /** Directional parameters are supplied by the caller; directionless ones by the control plane (or the table's action list). */
  readonly params: readonly ParameterNode[];
  readonly body: BlockStmt;
  /** Checked: `ControlName.action` for control-local actions, the plain name at top level, `@name` wins. */
  qualifiedName?: string;
  type?: P4Type;
}

export interface FunctionDecl extends SignatureDeclBase {
  readonly kind: 'FunctionDecl';
  readonly returnType: TypeRef;
  readonly body: BlockStmt;
}

export interface KeyElement extends NodeBase {
  readonly expr: Expression;
  /** `exact`, `lpm`, `ternary`, `range`, `optional`, `selector` ... (checked against declared match_kinds). */
  readonly matchKind: string;
  readonly annotations: readonly AnnotationNode[];
  /** Checked: P4Info's name for the key (the `@name` annotation, else the expression's source text as p4c prints it). */
  name?: string;
}

/** An action reference in a table's `actions` list, `default_action` or an entry: `a`, `a(1, 2)`. */
export interface ActionRef extends NodeBase {
  readonly name: PathExpr;
  /** Arguments as written (`default_action = a(1)`); empty when the list names the action bare. */
  readonly args: readonly Argument[];
  readonly annotations: readonly AnnotationNode[];
  /** Checked. */
  action?: ActionDecl;
  /** Checked: argument per action parameter (constants folded); undefined where not given. */
  argsInParamOrder?: (Expression | undefined)[];
}

export interface TableEntryNode extends NodeBase {
  /** The keyset (one expression per key, a ListExpr for several keys), as in a select case. */
  readonly keyset: Expression;
  readonly action: ActionRef;
  /**
   * `priority = N:` prefix (P4_16 1.2.2+). Checked: folded in `priorityValue`, where a larger
   * value wins (P4Runtime's convention). p4c's `@priority(N)` annotation (BMv2's convention:
   * smaller wins, unannotated entries count 1, 2, ... by position) is converted into it.
   */
  readonly priority?: Expression;
  readonly annotations: readonly AnnotationNode[];
  /** Checked. */
  priorityValue?: number;
}

export interface TableDecl extends DeclBase {
  readonly kind: 'TableDecl';
  readonly keys: readonly KeyElement[];
  readonly actions: readonly ActionRef[];
  readonly defaultAction?: { readonly action: ActionRef; readonly isConst: boolean; readonly loc: SourceLoc };
  readonly entries?: { readonly entries: readonly TableEntryNode[]; readonly isConst: boolean; readonly loc: SourceLoc };
  /** Every other property (`size`, `implementation`, `counters`, `meters`, `support_timeout`, ...), value as written. */
  readonly properties: readonly TableProperty[];
  /** Checked: fully qualified name (`MyIngress.ipv4_lpm`). */
  qualifiedName?: string;
  /** Checked: interpretation of the known properties. */
  info?: TableInfo;
}

export interface TableProperty extends NodeBase {
  readonly name: string;
  readonly isConst: boolean;
  readonly value: Expression;
  readonly annotations: readonly AnnotationNode[];
}

/** Checked table properties, ready for TableSpec. */
export interface TableInfo {
  /** `size` (default 1024 as BMv2). */
  readonly size: number;
  readonly supportTimeout: boolean;
  /** `counters = my_direct_counter` -> that instance. */
  readonly directCounter?: InstantiationDecl;
  /** `meters = my_direct_meter`. */
  readonly directMeter?: InstantiationDecl;
  /** `implementation = ...` (action profiles / selectors): recorded; the back end may ignore it with a warning. */
  readonly implementation?: InstantiationDecl;
}

/** `value_set<T>(size) name;` in a parser. */
export interface ValueSetDecl extends DeclBase {
  readonly kind: 'ValueSetDecl';
  readonly elementType: TypeRef;
  readonly size: Expression;
  type?: P4Type;
  /** Checked. */
  sizeValue?: number;
  qualifiedName?: string;
}

// ---------------------------------------------------------------------------------------
// Program
// ---------------------------------------------------------------------------------------

export interface Program {
  readonly kind: 'Program';
  readonly declarations: readonly Declaration[];
}
